import { describe, expect, it } from 'vitest';
import { gcm } from '@noble/ciphers/aes.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { checkBackupSignature, kdfIsSafe, readBackup, readBackupHeader, writeBackup, type BackupSigner } from '../../../../shared/backup/backupFile';
import { keyFingerprint, secretKeySigner } from '../../../../shared/ledgerFile/signature';

// Low scrypt cost keeps the tests fast; the app uses defaultKdf (N = 2^17).
const kdf = { N: 2 ** 10, r: 8, p: 1 };
let counter = 0;
const random = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 31 + ++counter) & 0xff);
const content = { organisation: '西宮市', section: '市民課', tables: { assets: [{ id: 'a1', name: '住民基本台帳' }], history: [], audit: [], settings: [] } };

function signerOf(seed: number): BackupSigner {
  const signer = secretKeySigner(new Uint8Array(32).fill(seed));
  return { ...signer, keyId: keyFingerprint(signer.publicKey) };
}
const section = signerOf(1);
const stranger = signerOf(2);
const accepted = [section.publicKey];
const PASSWORD = '正しいパスワード123';
const write = (password = PASSWORD, signer = section, data: unknown = content) => writeBackup(data, password, { appVersion: '0.1.0', schemaVersion: 2, createdAt: '2026-04-01T00:00:00.000Z', random, kdf, signer });

/** Rewrites the header JSON (keeping the declared length consistent), as an attacker with a hex editor would. */
function editHeader(file: Uint8Array, edit: (header: Record<string, unknown>) => void): Uint8Array {
  const view = new DataView(file.buffer, file.byteOffset);
  const length = view.getUint32(14);
  const header = JSON.parse(new TextDecoder().decode(file.subarray(18, 18 + length))) as Record<string, unknown>;
  edit(header);
  const bytes = utf8ToBytes(JSON.stringify(header));
  const out = concatBytes(file.subarray(0, 14), new Uint8Array(4), bytes, file.subarray(18 + length));
  new DataView(out.buffer).setUint32(14, bytes.length);
  return out;
}

describe('writeBackup / readBackup', () => {
  it('returns the content for the right password and a section key', async () => {
    const result = await readBackup(await write(), PASSWORD, 2, accepted);
    expect(result).toMatchObject({ ok: true, content, header: { format: 'daicho-backup/2', schemaVersion: 2, cipher: 'aes-256-gcm', kdf: { name: 'scrypt', N: 1024 }, signer: { keyId: section.keyId, publicKey: section.publicKey } } });
  });

  it('does not contain the content in clear', async () => {
    expect(Buffer.from(await write()).toString('utf8')).not.toContain('住民基本台帳');
  });

  it('returns wrong-password for another password', async () => {
    expect(await readBackup(await write(), 'ちがうパスワード', 2, accepted)).toEqual({ ok: false, reason: 'wrong-password' });
  });

  it('treats NFC and NFD forms of the same password alike', async () => {
    const file = await write('ガイドライン');
    expect((await readBackup(file, 'ガイドライン'.normalize('NFD'), 2, accepted)).ok).toBe(true);
  });

  it('returns unknown-signer for a backup signed by a key that is not the section’s (a foreign backup)', async () => {
    expect(await readBackup(await write(PASSWORD, stranger), PASSWORD, 2, accepted)).toEqual({ ok: false, reason: 'unknown-signer' });
  });

  it('returns unknown-signer for an edited backup re-encrypted and re-signed with the editor’s own key', async () => {
    const original = await readBackup(await write(), PASSWORD, 2, accepted);
    if (!original.ok) throw new Error(original.reason);
    const edited = structuredClone(original.content) as typeof content;
    edited.tables.assets.push({ id: 'x', name: '追加された管理者' });
    expect(await readBackup(await write(PASSWORD, stranger, edited), PASSWORD, 2, accepted)).toEqual({ ok: false, reason: 'unknown-signer' });
  });

  it.each([
    ['a flipped byte in the content', (f: Uint8Array) => (f[f.length - 90]! ^= 1)],
    ['a flipped byte in the GCM tag', (f: Uint8Array) => (f[f.length - 70]! ^= 1)],
    ['a flipped byte in the signature', (f: Uint8Array) => (f[f.length - 1]! ^= 1)],
  ])('returns bad-signature for %s, before any key derivation', async (_name, tamper) => {
    const file = await write();
    tamper(file);
    expect(checkBackupSignature(file, 2, accepted)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(await readBackup(file, PASSWORD, 2, accepted)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it.each([
    ['the date', (h: Record<string, unknown>) => (h.createdAt = '2025-04-01T00:00:00.000Z')],
    ['the signer, swapped for an accepted key', (h: Record<string, unknown>) => (h.signer = { keyId: 'X', publicKey: signerOf(3).publicKey })],
  ])('returns bad-signature when the header is edited (%s)', async (_name, edit) => {
    const file = editHeader(await write(), edit);
    expect(await readBackup(file, PASSWORD, 2, [...accepted, signerOf(3).publicKey])).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it.each([0.3, 0.6, 0.95])('refuses a file truncated to %s of its length', async (fraction) => {
    const file = await write();
    const result = await readBackup(file.subarray(0, Math.floor(file.length * fraction)), PASSWORD, 2, accepted);
    expect(result.ok).toBe(false);
    expect(['damaged', 'not-backup', 'bad-signature']).toContain(!result.ok && result.reason);
  });

  it('returns newer-version for a backup from a newer schema', async () => {
    const file = await writeBackup(content, 'pw-123456789', { appVersion: '9.0.0', schemaVersion: 9, createdAt: 'x', random, kdf, signer: section });
    expect(await readBackup(file, 'pw-123456789', 2, accepted)).toEqual({ ok: false, reason: 'newer-version' });
  });

  it('refuses to write with KDF parameters outside the bounds', async () => {
    await expect(writeBackup(content, PASSWORD, { appVersion: '0', schemaVersion: 2, createdAt: 'x', random, kdf: { N: 2 ** 20, r: 8, p: 1 }, signer: section })).rejects.toThrow();
  });
});

describe('readBackupHeader', () => {
  it.each([
    ['an Excel file', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18])],
    ['an empty file', new Uint8Array(0)],
    ['text', Uint8Array.from(Buffer.from('hello world, this is not a backup'))],
  ])('returns not-backup for %s', (_name, file) => {
    expect(readBackupHeader(file, 2)).toEqual({ ok: false, reason: 'not-backup' });
  });

  it('returns unsigned for a format-1 backup (written before backups were signed), without asking for the password', () => {
    const header = utf8ToBytes(JSON.stringify({ format: 'daicho-backup/1', appVersion: '0.1.0', schemaVersion: 5, createdAt: 'x', kdf: { name: 'scrypt', ...kdf, salt: '00'.repeat(16) }, cipher: 'aes-256-gcm', nonce: '00'.repeat(12), keyCheck: '00'.repeat(32) }));
    const length = new Uint8Array(4);
    new DataView(length.buffer).setUint32(0, header.length);
    const body = gcm(new Uint8Array(32), new Uint8Array(12), header).encrypt(utf8ToBytes('{}'));
    const file = concatBytes(utf8ToBytes('DAICHO-BACKUP\n'), length, header, body);
    expect(readBackupHeader(file, 5)).toEqual({ ok: false, reason: 'unsigned' });
  });

  it.each([
    ['N = 2^19', { N: 2 ** 19 }],
    ['N = 2^30 (gigabytes per attempt)', { N: 2 ** 30 }],
    ['r = 16', { r: 16 }],
    ['r = 1', { r: 1 }],
    ['p = 3', { p: 3 }],
    ['p = 0', { p: 0 }],
    ['N not a power of two', { N: 3000 }],
    ['N as a string', { N: '1024' }],
  ])('returns unsafe-kdf for a header asking for %s, before any work', async (_name, change) => {
    const file = editHeader(await write(), (h) => Object.assign(h.kdf as object, change));
    expect(readBackupHeader(file, 2)).toEqual({ ok: false, reason: 'unsafe-kdf' });
    // Refused before the signature and before scrypt: the correct password does not get further.
    expect(await readBackup(file, PASSWORD, 2, accepted)).toEqual({ ok: false, reason: 'unsafe-kdf' });
  });

  it('returns damaged for an absurd header length', async () => {
    const file = await write();
    new DataView(file.buffer).setUint32(14, 0xffffffff);
    expect(readBackupHeader(file, 2)).toEqual({ ok: false, reason: 'damaged' });
  });
});

describe('kdfIsSafe', () => {
  it.each([
    [{ N: 2 ** 17, r: 8, p: 1 }, true],
    [{ N: 2 ** 18, r: 8, p: 2 }, true],
    [{ N: 2 ** 10, r: 8, p: 1 }, true],
    [{ N: 2 ** 9, r: 8, p: 1 }, false],
    [{ N: 2 ** 18, r: 8, p: 3 }, false],
    [{ N: 2 ** 18 + 1, r: 8, p: 1 }, false],
    [{ N: Infinity, r: 8, p: 1 }, false],
    [{ N: 2 ** 17, r: 8.5, p: 1 }, false],
  ])('returns %s -> %s', (params, expected) => {
    expect(kdfIsSafe(params)).toBe(expected);
  });
});
