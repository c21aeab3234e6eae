import { describe, expect, it } from 'vitest';
import { readBackup, readBackupHeader, writeBackup } from '../../../../shared/backup/backupFile';

// Low scrypt cost keeps the tests fast; the app uses defaultKdf (N = 2^17).
const kdf = { N: 2 ** 10, r: 8, p: 1 };
let counter = 0;
const random = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 31 + ++counter) & 0xff);
const content = { organisation: '西宮市', section: '市民課', tables: { assets: [{ id: 'a1', name: '住民基本台帳' }], history: [], audit: [], settings: [] } };
const write = (password = '正しいパスワード123') => writeBackup(content, password, { appVersion: '0.1.0', schemaVersion: 2, createdAt: '2026-04-01T00:00:00.000Z', random, kdf });

describe('writeBackup / readBackup', () => {
  it('returns the content for the right password', async () => {
    const file = await write();
    const result = await readBackup(file, '正しいパスワード123', 2);
    expect(result).toMatchObject({ ok: true, content, header: { schemaVersion: 2, createdAt: '2026-04-01T00:00:00.000Z', cipher: 'aes-256-gcm', kdf: { name: 'scrypt', N: 1024 } } });
  });

  it('does not contain the content in clear', async () => {
    const file = await write();
    expect(Buffer.from(file).toString('utf8')).not.toContain('住民基本台帳');
  });

  it('returns wrong-password for another password', async () => {
    expect(await readBackup(await write(), 'ちがうパスワード', 2)).toEqual({ ok: false, reason: 'wrong-password' });
  });

  it('treats NFC and NFD forms of the same password alike', async () => {
    const file = await write('ガイドライン');
    expect((await readBackup(file, 'ガイドライン'.normalize('NFD'), 2)).ok).toBe(true);
  });

  it.each([
    ['a flipped byte in the content', (f: Uint8Array) => (f[f.length - 20]! ^= 1)],
    ['a flipped byte in the tag', (f: Uint8Array) => (f[f.length - 1]! ^= 1)],
  ])('returns damaged for %s', async (_name, tamper) => {
    const file = await write();
    tamper(file);
    expect(await readBackup(file, '正しいパスワード123', 2)).toEqual({ ok: false, reason: 'damaged' });
  });

  it('returns damaged when the header is edited (e.g. the date), since it is authenticated', async () => {
    const file = await write();
    const text = Buffer.from(file).toString('latin1').replace('2026-04-01T00', '2025-04-01T00');
    expect(await readBackup(Uint8Array.from(Buffer.from(text, 'latin1')), '正しいパスワード123', 2)).toEqual({ ok: false, reason: 'damaged' });
  });

  it.each([0.3, 0.6, 0.95])('returns damaged for a file truncated to %s of its length', async (fraction) => {
    const file = await write();
    const result = await readBackup(file.subarray(0, Math.floor(file.length * fraction)), '正しいパスワード123', 2);
    expect(result.ok).toBe(false);
    expect(['damaged', 'not-backup']).toContain(!result.ok && result.reason);
  });

  it('returns newer-version for a backup from a newer schema', async () => {
    const file = await writeBackup(content, 'pw-123456789', { appVersion: '9.0.0', schemaVersion: 9, createdAt: 'x', random, kdf });
    expect(await readBackup(file, 'pw-123456789', 2)).toEqual({ ok: false, reason: 'newer-version' });
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

  it('returns damaged for a header asking for a huge scrypt cost (memory exhaustion)', async () => {
    const file = await write();
    const text = Buffer.from(file).toString('latin1').replace('"N":1024', '"N":1073741824');
    const edited = Uint8Array.from(Buffer.from(text, 'latin1'));
    // Keep the declared header length consistent with the edit.
    new DataView(edited.buffer).setUint32(14, new DataView(file.buffer).getUint32(14) + 6);
    expect(readBackupHeader(edited, 2)).toEqual({ ok: false, reason: 'damaged' });
  });

  it('returns damaged for an absurd header length', async () => {
    const file = await write();
    new DataView(file.buffer).setUint32(14, 0xffffffff);
    expect(readBackupHeader(file, 2)).toEqual({ ok: false, reason: 'damaged' });
  });
});
