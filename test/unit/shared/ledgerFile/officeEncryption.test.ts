import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { decryptWorkbook, encryptWorkbook, isCompoundFile } from '../../../../shared/ledgerFile/officeEncryption';

// An independent implementation of the same standard, used only to check ours against it.
const officeCrypto = createRequire(import.meta.url)('officecrypto-tool') as {
  encrypt(data: Buffer, options: { password: string }): Buffer;
  decrypt(data: Buffer, options: { password: string }): Promise<Buffer>;
};

const random = (n: number) => new Uint8Array(randomBytes(n));
const book = XLSX.utils.book_new();
XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['管理番号', '名称'], ...Array.from({ length: 400 }, (_, i) => [`SM-${i}`, `住民基本台帳 ${i}`])]), '情報資産台帳');
const plain = new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
const password = '持出し用パスワード2026';
/**
 * The real cost (100,000 SHA-512 spins) takes seconds in JavaScript on a busy 2-core machine; the
 * format and both implementations read the count from the file, so these tests use a cheap one. The
 * file another implementation writes keeps the real count and is the one slow test below.
 */
const CHEAP_SPINS = 1000;

describe('encryptWorkbook', () => {
  it('returns a compound file that an independent implementation decrypts to the same bytes', async () => {
    const encrypted = encryptWorkbook(plain, password, random, CHEAP_SPINS);
    expect(isCompoundFile(encrypted)).toBe(true);
    expect(isCompoundFile(plain)).toBe(false);
    const decrypted = await officeCrypto.decrypt(Buffer.from(encrypted), { password });
    expect(new Uint8Array(decrypted)).toEqual(plain);
  });
});

describe('decryptWorkbook', () => {
  const encrypted = encryptWorkbook(plain, password, random, CHEAP_SPINS);

  it('returns the workbook encrypted by another implementation (as Excel writes it, 100,000 spins)', { timeout: 60_000 }, () => {
    const theirs = new Uint8Array(officeCrypto.encrypt(Buffer.from(plain), { password }));
    expect(decryptWorkbook(theirs, password)).toEqual({ ok: true, bytes: plain });
  });

  it('returns our own workbook unchanged after a round trip', () => {
    expect(decryptWorkbook(encrypted, password)).toEqual({ ok: true, bytes: plain });
  });

  it.each([['持出し用パスワード2027'], ['持出し用ぱすわーど2026'], ['']])('returns wrong-password for %j', (wrong) => {
    expect(decryptWorkbook(encrypted, wrong)).toEqual({ ok: false, reason: 'wrong-password' });
  });

  it('returns damaged when a byte of the encrypted package is changed (HMAC)', () => {
    const container = XLSX.CFB.read(encrypted, { type: 'array' });
    const entry = XLSX.CFB.find(container, 'EncryptedPackage')!;
    const content = Uint8Array.from(entry.content as ArrayLike<number>);
    content[100] = content[100]! ^ 1;
    entry.content = content as unknown as typeof entry.content;
    const tampered = new Uint8Array(XLSX.CFB.write(container, { type: 'array' }) as ArrayLike<number>);
    expect(decryptWorkbook(tampered, password)).toEqual({ ok: false, reason: 'damaged' });
  });

  it.each([
    ['a truncated file', encrypted.subarray(0, 700), ['damaged', 'unsupported']],
    ['an old .xls-like compound file without encryption streams', (() => { const c = XLSX.CFB.utils.cfb_new(); XLSX.CFB.utils.cfb_add(c, 'Workbook', new Uint8Array(10)); return new Uint8Array(XLSX.CFB.write(c, { type: 'array' }) as ArrayLike<number>); })(), ['unsupported']],
  ])('refuses %s', (_name, file, reasons) => {
    const result = decryptWorkbook(file, password);
    expect(result.ok).toBe(false);
    expect(reasons).toContain(!result.ok && result.reason);
  });

  it('refuses a file asking for an absurd spin count before hashing (CPU exhaustion)', () => {
    const slow = encryptWorkbook(plain, password, random, 1);
    const container = XLSX.CFB.read(slow, { type: 'array' });
    const entry = XLSX.CFB.find(container, 'EncryptionInfo')!;
    const text = new TextDecoder().decode(Uint8Array.from(entry.content as ArrayLike<number>).subarray(8)).replace('spinCount="1"', 'spinCount="10000000"');
    entry.content = Uint8Array.from([4, 0, 4, 0, 0x40, 0, 0, 0, ...new TextEncoder().encode(text)]) as unknown as typeof entry.content;
    const hostile = new Uint8Array(XLSX.CFB.write(container, { type: 'array' }) as ArrayLike<number>);
    const started = performance.now();
    expect(decryptWorkbook(hostile, password)).toEqual({ ok: false, reason: 'unsupported' });
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
