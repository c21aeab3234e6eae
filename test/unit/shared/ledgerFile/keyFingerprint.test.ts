import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { isKeyIdOf, keyFingerprint, secretKeySigner, signLedger, verifyLedger } from '../../../../shared/ledgerFile/signature';
import { checkTypedFingerprint, normalizeFingerprintInput } from '../../../../shared/ledgerFile/keyFiles';

/** The fingerprint as the app computed it before 2026-11 (kept verbatim), to prove old IDs still match. */
function legacyFingerprint(publicKeyHex: string): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const bytes = sha256(hexToBytes(publicKeyHex));
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < 12) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length >= 12) break;
  }
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8, 12)}`;
}

/** 100 bits read straight off the digest, as a reference for the 5-bit grouping. */
function referenceFingerprint(publicKeyHex: string): string {
  const bits = [...sha256(hexToBytes(publicKeyHex))].map((b) => b.toString(2).padStart(8, '0')).join('').slice(0, 100);
  const chars = bits.match(/.{5}/g)!.map((group) => '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'[parseInt(group, 2)]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

const publicKeyArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => bytesToHex(bytes));
const { publicKey } = secretKeySigner(Uint8Array.from({ length: 32 }, (_, i) => i + 1));

describe('keyFingerprint', () => {
  it('is the first 100 bits of the SHA-256, 5 bits a character, in five groups of four', () => {
    fc.assert(fc.property(publicKeyArb, (key) => {
      expect(keyFingerprint(key)).toBe(referenceFingerprint(key));
      expect(keyFingerprint(key)).toMatch(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){4}$/);
    }));
  });

  it('begins with the 12-character ID older ledgers carry', () => {
    fc.assert(fc.property(publicKeyArb, (key) => keyFingerprint(key).startsWith(legacyFingerprint(key))));
  });
});

describe('isKeyIdOf', () => {
  it('accepts the fingerprint and the legacy 12-character form of the same key only', () => {
    expect(isKeyIdOf(publicKey, keyFingerprint(publicKey))).toBe(true);
    expect(isKeyIdOf(publicKey, legacyFingerprint(publicKey))).toBe(true);
  });

  it.each([
    ['another key', () => keyFingerprint(secretKeySigner(new Uint8Array(32).fill(9)).publicKey)],
    ['the first 16 characters', () => keyFingerprint(publicKey).slice(0, 19)],
    ['lower case', () => keyFingerprint(publicKey).toLowerCase()],
    ['without hyphens', () => keyFingerprint(publicKey).replace(/-/g, '')],
    ['empty', () => ''],
  ])('refuses %s', (_name, keyId) => {
    expect(isKeyIdOf(publicKey, keyId())).toBe(false);
  });
});

describe('ledgers signed with a 12-character key ID', () => {
  it('still verify; a wrong legacy ID is a key mismatch', async () => {
    const signer = secretKeySigner(Uint8Array.from({ length: 32 }, (_, i) => 90 - i));
    const header = ['管理番号', '名称'];
    const rows = [['A-1', '住民基本台帳']];
    const base = { organisation: '西宮市', section: '市民課', sequence: 1, exportedAt: '2026-10-01T00:00:00.000Z', profileId: 'nishinomiya', appVersion: '0.0.9' };
    // Re-sign with the old ID in the metadata, as a ledger exported before the change would be.
    const legacyId = legacyFingerprint(signer.publicKey);
    const legacySigner = { publicKey: signer.publicKey, sign: signer.sign };
    const modern = await signLedger(header, rows, base, legacySigner);
    const { canonicalJson } = await import('../../../../shared/domain/canonicalJson');
    const meta = { ...modern.meta, keyId: legacyId };
    const signature = bytesToHex(await signer.sign(new TextEncoder().encode(canonicalJson({ meta, header, rowsHash: modern.rowsHash, rowChecks: modern.rowChecks }))));
    const legacy = { ...modern, meta, signature };
    expect(await verifyLedger(header, rows, legacy)).toEqual({ ok: true, meta });

    const otherLegacyId = legacyFingerprint(secretKeySigner(new Uint8Array(32).fill(3)).publicKey);
    expect(await verifyLedger(header, rows, { ...legacy, meta: { ...meta, keyId: otherLegacyId } })).toEqual({ ok: false, reason: 'key-mismatch' });
  });
});

/** Swaps the first two neighbouring characters that differ (a typical slip when typing). */
function swapFirstDifferentPair(text: string): string {
  const i = [...text].findIndex((c, index) => index + 1 < text.length && c !== text[index + 1]);
  return text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2);
}

describe('checkTypedFingerprint', () => {
  const fingerprint = keyFingerprint(publicKey);
  const plain = fingerprint.replace(/-/g, '');
  const fullWidth = (text: string) => text.replace(/[0-9A-Z-]/g, (c) => (c === '-' ? '－' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));

  it.each([
    ['as shown', fingerprint],
    ['without hyphens', plain],
    ['in lower case', fingerprint.toLowerCase()],
    ['with spaces between groups', fingerprint.replace(/-/g, ' ')],
    ['with surrounding spaces and a full-width space', `  ${fingerprint.replace(/-/g, '　')} `],
    ['in full-width characters (Japanese input)', fullWidth(fingerprint)],
    ['with long-vowel marks for hyphens (Japanese input)', fingerprint.replace(/-/g, 'ー')],
    ['one character at a time with spaces', plain.split('').join(' ')],
  ])('matches the fingerprint typed %s', (_name, typed) => {
    expect(checkTypedFingerprint(publicKey, typed)).toBe('match');
  });

  it.each([
    ['nothing', '', 'empty'],
    ['only hyphens and spaces', ' - - ', 'empty'],
    ['the legacy 12 characters', fingerprint.slice(0, 14), 'incomplete'],
    ['19 characters', plain.slice(0, 19), 'incomplete'],
    ['one character changed', plain.slice(0, 19) + (plain[19] === 'Z' ? 'Y' : 'Z'), 'mismatch'],
    ['two neighbouring characters swapped', swapFirstDifferentPair(plain), 'mismatch'],
    ['21 characters', plain + 'A', 'mismatch'],
    ['another key', keyFingerprint(secretKeySigner(new Uint8Array(32).fill(7)).publicKey), 'mismatch'],
    ['O for 0 and I for 1 (not in the alphabet)', 'O'.repeat(10) + 'I'.repeat(10), 'mismatch'],
  ])('does not accept %s', (_name, typed, expected) => {
    expect(checkTypedFingerprint(publicKey, typed)).toBe(expected);
  });

  it('normalises only width, case and separators', () => {
    expect(normalizeFingerprintInput('ａｂ－ｃ２ ３')).toBe('ABC23');
  });
});
