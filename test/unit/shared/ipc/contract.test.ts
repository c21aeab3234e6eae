import { describe, expect, it } from 'vitest';
import { bridgeMethodName, ipcChannels, ipcContract } from '../../../../shared/ipc/contract';

describe('ipcContract', () => {
  it('has a schema pair for exactly the channels the preload exposes', () => {
    expect(Object.keys(ipcContract).sort()).toEqual([...ipcChannels].sort());
  });

  it('names every channel namespace:verb', () => {
    for (const channel of ipcChannels) expect(channel).toMatch(/^[a-z]+:[a-z][A-Za-z]+$/);
  });

  it('refuses an oversized save before it reaches the disk', () => {
    const tooBig = { suggestedName: 'a.xlsx', bytes: { byteLength: 300 * 1024 * 1024 } };
    expect(ipcContract['file:save'].request.safeParse(tooBig).success).toBe(false);
  });
});

describe('bridgeMethodName', () => {
  it('returns namespace + capitalised verb', () => {
    expect(bridgeMethodName('file:save')).toBe('fileSave');
    expect(bridgeMethodName('app:getInfo')).toBe('appGetInfo');
  });
});
