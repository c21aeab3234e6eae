import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { createSigningKeyStore, diskKeyFile, KEY_FILE_NAME, keyOfOtherWindowsUserMessage, signingKeyMessages, type KeyFile, type KeyWrapper } from '../../../../electron/ipc/signingKeys';
import { createHandler, IpcRefusal } from '../../../../electron/ipc/handle';
import { keyFingerprint } from '../../../../shared/ledgerFile/signature';

/** A stand-in for safeStorage: XOR with a per-"user" pad, tagged so another user's data fails to open. */
function fakeWrapper(user = 'staff-a', options: { available?: boolean; backend?: string; reEncrypt?: boolean } = {}) {
  const pad = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + user.length * 7) & 255));
  const wrapper: KeyWrapper & { calls: string[] } = {
    calls: [],
    isAsyncEncryptionAvailable: async () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptStringAsync: async (text) => {
      wrapper.calls.push('encrypt');
      const body = Buffer.from(text, 'utf8');
      const pads = pad(body.length);
      return Buffer.concat([Buffer.from(`${user}:`), Buffer.from(body.map((b, i) => b ^ pads[i]!))]);
    },
    decryptStringAsync: async (data) => {
      wrapper.calls.push('decrypt');
      const prefix = Buffer.from(`${user}:`);
      if (!data.subarray(0, prefix.length).equals(prefix)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      const body = data.subarray(prefix.length);
      const pads = pad(body.length);
      return { shouldReEncrypt: options.reEncrypt ?? false, result: Buffer.from(body.map((b, i) => b ^ pads[i]!)).toString('utf8') };
    },
  };
  return wrapper;
}

function memoryFile(initial: string | null = null): KeyFile & { text: string | null; writes: number } {
  const file = {
    text: initial,
    writes: 0,
    read: async () => file.text,
    write: async (text: string) => {
      file.text = text;
      file.writes++;
    },
  };
  return file;
}

const secrets: Uint8Array[] = [];
const store = (wrapper = fakeWrapper(), file = memoryFile(), platform = 'win32', windowsUser?: string) =>
  createSigningKeyStore({
    wrapper,
    file,
    platform,
    windowsUser,
    randomSecretKey: () => {
      const key = new Uint8Array(randomBytes(32));
      secrets.push(Uint8Array.from(key));
      return key;
    },
    now: () => '2026-11-29T09:00:00.000Z',
  });
const message = new TextEncoder().encode('{"meta":{"section":"市民課"}}');

describe('createSigningKeyStore', () => {
  it('creates a key whose ID is its fingerprint, signs with it, and never writes the private key in the clear', async () => {
    const file = memoryFile();
    const keys = store(fakeWrapper(), file);
    const created = await keys.create();
    expect(created.keyId).toBe(keyFingerprint(created.publicKey));
    expect(Object.keys(created).sort()).toEqual(['keyId', 'publicKey']);
    const secretHex = bytesToHex(secrets.at(-1)!);
    expect(file.text).not.toContain(secretHex);
    expect(file.text).not.toContain(Buffer.from(secrets.at(-1)!).toString('base64'));
    const { signature } = await keys.sign({ keyId: created.keyId, message });
    expect(ed25519.verify(signature, message, Buffer.from(created.publicKey, 'hex'))).toBe(true);
    expect(await keys.list()).toEqual({ keys: [{ ...created, createdAt: '2026-11-29T09:00:00.000Z' }] });
  });

  it('refuses to create a key when the operating system cannot protect it, writing nothing', async () => {
    const file = memoryFile();
    await expect(store(fakeWrapper('a', { available: false }), file).create()).rejects.toThrow(signingKeyMessages.unavailable);
    await expect(store(fakeWrapper('a', { backend: 'basic_text' }), file, 'linux').create()).rejects.toThrow(IpcRefusal);
    expect(file.writes).toBe(0);
  });

  it('ignores the Linux backend name on Windows (DPAPI decides there)', async () => {
    await expect(store(fakeWrapper('a', { backend: 'basic_text' }), memoryFile(), 'win32').create()).resolves.toMatchObject({ keyId: expect.any(String) });
  });

  it('cannot sign with a key file copied to another Windows user', async () => {
    const file = memoryFile();
    const created = await store(fakeWrapper('staff-a'), file).create();
    const copied = store(fakeWrapper('someone-else'), memoryFile(file.text));
    await expect(copied.sign({ keyId: created.keyId, message })).rejects.toThrow(signingKeyMessages.unreadable);
  });

  describe('one ledger folder shared by every Windows account on the terminal', () => {
    it('records who created each key; that account signs, another is told whose key it is and what to do', async () => {
      const file = memoryFile();
      const yamada = store(fakeWrapper('yamada'), file, 'win32', 'yamada');
      const created = await yamada.create();
      expect(JSON.parse(file.text!).keys[0].windowsUser).toBe('yamada');
      // Same account, other case (Windows names ignore case): signs.
      await expect(store(fakeWrapper('yamada'), file, 'win32', 'YAMADA').sign({ keyId: created.keyId, message })).resolves.toMatchObject({ signature: expect.any(Uint8Array) });
      const satoWrapper = fakeWrapper('sato');
      const sato = store(satoWrapper, file, 'win32', 'sato');
      await expect(sato.sign({ keyId: created.keyId, message })).rejects.toThrow(keyOfOtherWindowsUserMessage('yamada'));
      expect(satoWrapper.calls).not.toContain('decrypt');
      expect(keyOfOtherWindowsUserMessage('yamada')).toContain('鍵の交代');
    });

    it('lets the second account make its own key in the same file (rotation) without disturbing the first', async () => {
      const file = memoryFile();
      const first = await store(fakeWrapper('yamada'), file, 'win32', 'yamada').create();
      const second = await store(fakeWrapper('sato'), file, 'win32', 'sato').create();
      expect(JSON.parse(file.text!).keys.map((k: { windowsUser: string }) => k.windowsUser)).toEqual(['yamada', 'sato']);
      await expect(store(fakeWrapper('sato'), file, 'win32', 'sato').sign({ keyId: second.keyId, message })).resolves.toBeDefined();
      await expect(store(fakeWrapper('yamada'), file, 'win32', 'yamada').sign({ keyId: first.keyId, message })).resolves.toBeDefined();
      // Each account is shown only the keys it can use (the exchange screen then warns before signing).
      expect((await store(fakeWrapper('sato'), file, 'win32', 'SATO').list()).keys.map((k) => k.keyId)).toEqual([second.keyId]);
      expect((await store(fakeWrapper('yamada'), file, 'win32', 'yamada').list()).keys.map((k) => k.keyId)).toEqual([first.keyId]);
      expect((await store(fakeWrapper('tanaka'), file, 'win32', 'tanaka').list()).keys).toEqual([]);
    });

    it('still reads a key file written before the account was recorded (DPAPI decides, as before)', async () => {
      const file = memoryFile();
      const created = await store(fakeWrapper('yamada'), file).create();
      expect(JSON.parse(file.text!).keys[0].windowsUser).toBeUndefined();
      await expect(store(fakeWrapper('yamada'), file, 'win32', 'yamada').sign({ keyId: created.keyId, message })).resolves.toBeDefined();
      await expect(store(fakeWrapper('sato'), file, 'win32', 'sato').sign({ keyId: created.keyId, message })).rejects.toThrow(signingKeyMessages.unreadable);
    });
  });

  it('refuses a file whose entries were swapped (the wrapped key must match the public key beside it)', async () => {
    const file = memoryFile();
    const keys = store(fakeWrapper(), file);
    const first = await keys.create();
    const second = await keys.create();
    const stored = JSON.parse(file.text!);
    [stored.keys[0].wrapped, stored.keys[1].wrapped] = [stored.keys[1].wrapped, stored.keys[0].wrapped];
    file.text = JSON.stringify(stored);
    await expect(keys.sign({ keyId: first.keyId, message })).rejects.toThrow(signingKeyMessages.unreadable);
    await expect(keys.sign({ keyId: second.keyId, message })).rejects.toThrow(signingKeyMessages.unreadable);
  });

  it('erases a revoked key: it signs nothing more and its wrapped secret is gone from the file', async () => {
    const file = memoryFile();
    const keys = store(fakeWrapper(), file);
    const old = await keys.create();
    const current = await keys.create();
    const wrappedOld = JSON.parse(file.text!).keys[0].wrapped;
    expect(await keys.revoke({ keyId: old.keyId })).toEqual({ revoked: true });
    expect(file.text).not.toContain(wrappedOld);
    await expect(keys.sign({ keyId: old.keyId, message })).rejects.toThrow(signingKeyMessages.notFound);
    await expect(keys.sign({ keyId: current.keyId, message })).resolves.toHaveProperty('signature');
    expect(await keys.revoke({ keyId: old.keyId })).toEqual({ revoked: false });
  });

  it.each([
    ['not JSON', 'garbage'],
    ['another format', '{"format":"x","keys":[]}'],
    ['a key entry without its wrapped secret', '{"format":"daicho-desktop-signing-keys/1","keys":[{"keyId":"A","publicKey":"00","createdAt":""}]}'],
    ['a prototype-polluting file', '{"__proto__":{"x":1},"format":"daicho-desktop-signing-keys/1"}'],
  ])('refuses %s and never overwrites it', async (_name, text) => {
    const file = memoryFile(text);
    const keys = store(fakeWrapper(), file);
    await expect(keys.create()).rejects.toThrow(signingKeyMessages.damaged);
    await expect(keys.list()).rejects.toThrow(signingKeyMessages.damaged);
    expect(file.text).toBe(text);
    expect(file.writes).toBe(0);
  });

  it('re-wraps the key when the operating system asks for it (its protection key was rotated)', async () => {
    const wrapper = fakeWrapper('a', { reEncrypt: true });
    const file = memoryFile();
    const keys = store(wrapper, file);
    const created = await keys.create();
    const writes = file.writes;
    await keys.sign({ keyId: created.keyId, message });
    expect(file.writes).toBe(writes + 1);
    expect(wrapper.calls).toEqual(['encrypt', 'decrypt', 'encrypt']);
  });

  it('runs concurrent creations one after the other, losing none', async () => {
    const file = memoryFile();
    const keys = store(fakeWrapper(), file);
    const made = await Promise.all([keys.create(), keys.create(), keys.create()]);
    expect((await keys.list()).keys.map((k) => k.keyId).sort()).toEqual(made.map((k) => k.keyId).sort());
  });

  it('crosses the bridge as a Japanese refusal, and refuses requests outside the contract', async () => {
    const keys = store(fakeWrapper('a', { available: false }));
    const appFrame = { senderFrame: { url: 'app://bundle/index.html', parent: null } };
    expect(await createHandler('key:create', () => keys.create())(appFrame, undefined)).toEqual({ ok: false, error: signingKeyMessages.unavailable });
    const sign = vi.fn();
    const handler = createHandler('key:sign', sign);
    for (const bad of [{ keyId: 'ABCD-EFGH-JKLM', message: new Uint8Array(1) }, { keyId: '../x', message: new Uint8Array(1) }, { keyId: keyFingerprint('00'.repeat(32)), message: 'text' }]) {
      expect(await handler(appFrame, bad)).toEqual({ ok: false, error: '要求の内容が正しくありません。' });
    }
    expect(sign).not.toHaveBeenCalled();
  });
});

describe('diskKeyFile', () => {
  it('reads nothing before the first write, then replaces the file whole, readable by this user only', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'daicho-keys-'));
    const file = diskKeyFile(folder);
    expect(await file.read()).toBeNull();
    await file.write('{"a":1}');
    await file.write('{"a":2}');
    expect(await file.read()).toBe('{"a":2}');
    expect(readdirSync(folder)).toEqual([KEY_FILE_NAME]);
    if (process.platform !== 'win32') expect(statSync(path.join(folder, KEY_FILE_NAME)).mode & 0o077).toBe(0);
    expect(readFileSync(path.join(folder, KEY_FILE_NAME), 'utf8')).toBe('{"a":2}');
  });
});
