import { describe, expect, it, vi } from 'vitest';
import { ipcContract } from '../../../shared/ipc/contract';

const exposed: Record<string, Record<string, (request: unknown) => Promise<unknown>>> = {};
const invoke = vi.fn(async (channel: string, request: unknown) => ({ channel, request }));

// The real preload runs against a small fake of the electron module.
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: Record<string, (r: unknown) => Promise<unknown>>) => (exposed[key] = api) },
  ipcRenderer: { invoke, send: vi.fn(), on: vi.fn() },
}));

describe('preload', () => {
  it('exposes exactly one method per contract channel as window.desktop, and nothing else', async () => {
    await import('../../../electron/preload');
    expect(Object.keys(exposed)).toEqual(['desktop']);
    expect(Object.keys(exposed.desktop!).sort()).toEqual(['appGetInfo', 'fileSave', 'keyCreate', 'keyList', 'keyRevoke', 'keySign', 'printSavePdf']);
    expect(Object.keys(exposed.desktop!)).toHaveLength(Object.keys(ipcContract).length);
    expect(Object.isFrozen(exposed.desktop)).toBe(true);
  });

  it('sends each method on its own channel only', async () => {
    await import('../../../electron/preload');
    await exposed.desktop!.fileSave!({ suggestedName: 'a.xlsx' });
    expect(invoke).toHaveBeenLastCalledWith('file:save', { suggestedName: 'a.xlsx' });
    await exposed.desktop!.appGetInfo!(undefined);
    expect(invoke).toHaveBeenLastCalledWith('app:getInfo', undefined);
    const message = new Uint8Array([1, 2, 3]);
    await exposed.desktop!.keySign!({ keyId: 'K', message });
    expect(invoke).toHaveBeenLastCalledWith('key:sign', { keyId: 'K', message });
    await exposed.desktop!.keyRevoke!({ keyId: 'K' });
    expect(invoke).toHaveBeenLastCalledWith('key:revoke', { keyId: 'K' });
  });
});
