import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bridgeMethodName, ipcChannels, ipcContract, maxSignBytes } from '../../../../shared/ipc/contract';

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

describe('signing key channels', () => {
  const keyId = 'ABCD-EFGH-JKLM-NPQR-STUV';

  it('return public keys and signatures only: no response can carry a private key', () => {
    for (const channel of ['key:create', 'key:sign', 'key:list', 'key:revoke'] as const) {
      const shape = JSON.stringify(z.toJSONSchema(ipcContract[channel].response, { unrepresentable: 'any' }));
      expect(shape).not.toMatch(/private|secret|wrapped/i);
    }
    const created = ipcContract['key:create'].response.safeParse({ keyId, publicKey: 'ab'.repeat(32), privateKey: 'cd'.repeat(32) });
    expect(created.success && Object.keys(created.data)).toEqual(['keyId', 'publicKey']);
  });

  it.each([
    ['a legacy 12-character ID', { keyId: 'ABCD-EFGH-JKLM', message: new Uint8Array(1) }],
    ['lower case', { keyId: keyId.toLowerCase(), message: new Uint8Array(1) }],
    ['a path', { keyId: '../../signing-keys.json', message: new Uint8Array(1) }],
    ['letters outside the alphabet', { keyId: 'ABCD-EFGH-JKLM-NPQR-STU0', message: new Uint8Array(1) }],
    ['a message as text', { keyId, message: 'hello' }],
    ['a message as a plain array', { keyId, message: [1, 2, 3] }],
    ['an oversized message', { keyId, message: { byteLength: maxSignBytes + 1 } }],
  ])('refuse a sign request with %s', (_name, request) => {
    expect(ipcContract['key:sign'].request.safeParse(request).success).toBe(false);
  });

  it('accept a sign request for a 20-character key ID', () => {
    expect(ipcContract['key:sign'].request.safeParse({ keyId, message: new Uint8Array(10) }).success).toBe(true);
  });
});

describe('bridgeMethodName', () => {
  it('returns namespace + capitalised verb', () => {
    expect(bridgeMethodName('file:save')).toBe('fileSave');
    expect(bridgeMethodName('app:getInfo')).toBe('appGetInfo');
  });
});
