import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { openSigningKey, parsePublicKeyFile, publicKeyFileText, readSigningKeyFile, sealSigningKey } from '../../../../shared/ledgerFile/keyFiles';
import { keyFingerprint, secretKeySigner } from '../../../../shared/ledgerFile/signature';

const secretKey = Uint8Array.from({ length: 32 }, (_, i) => 200 - i);
const { publicKey } = secretKeySigner(secretKey);
const details = { organisation: '西宮市', section: '情報政策課', createdAt: '2026-11-22T00:00:00.000Z' };
const random = (n: number) => new Uint8Array(randomBytes(n));
const fastKdf = { N: 2 ** 14, r: 8, p: 1 };

describe('parsePublicKeyFile', () => {
  it('returns the key and its fingerprint from a file written by publicKeyFileText', () => {
    expect(parsePublicKeyFile(publicKeyFileText({ publicKey, ...details }))).toMatchObject({ ok: true, key: { keyId: keyFingerprint(publicKey), publicKey, section: '情報政策課' } });
  });

  it('accepts a file written before 2026-11 with the 12-character ID, and returns the full fingerprint', () => {
    const legacy = publicKeyFileText({ publicKey, ...details }).replace(keyFingerprint(publicKey), keyFingerprint(publicKey).slice(0, 14));
    expect(legacy).toContain(`"keyId": "${keyFingerprint(publicKey).slice(0, 14)}"`);
    expect(parsePublicKeyFile(legacy)).toMatchObject({ ok: true, key: { keyId: keyFingerprint(publicKey) } });
  });

  it.each([
    ['not JSON', 'hello', 'not-key-file'],
    ['a legacy ID of another key', publicKeyFileText({ publicKey, ...details }).replace(keyFingerprint(publicKey), keyFingerprint(secretKeySigner(new Uint8Array(32).fill(4)).publicKey).slice(0, 14)), 'fingerprint-mismatch'],
    ['a JSON object of another kind', '{"format":"x"}', 'not-key-file'],
    ['a key whose recorded ID was changed', publicKeyFileText({ publicKey, ...details }).replace(keyFingerprint(publicKey), 'AAAA-BBBB-CCCC'), 'fingerprint-mismatch'],
    ['a huge file', 'x'.repeat(20_000), 'not-key-file'],
  ])('refuses %s', (_name, text, reason) => {
    expect(parsePublicKeyFile(text)).toEqual({ ok: false, reason });
  });
});

describe('sealSigningKey / openSigningKey', () => {
  it('returns the same secret key with the right passphrase, and never stores it in the clear', async () => {
    const text = await sealSigningKey(secretKey, '事務局の長いパスフレーズ', details, random, fastKdf);
    expect(text).not.toContain(Buffer.from(secretKey).toString('hex'));
    expect(readSigningKeyFile(text)).toMatchObject({ ok: true, file: { publicKey } });
    const opened = await openSigningKey(text, '事務局の長いパスフレーズ');
    expect(opened.ok && Buffer.from(opened.secretKey).equals(Buffer.from(secretKey))).toBe(true);
  });

  it('returns wrong-password for another passphrase', async () => {
    const text = await sealSigningKey(secretKey, '事務局の長いパスフレーズ', details, random, fastKdf);
    expect(await openSigningKey(text, '違うパスフレーズ')).toEqual({ ok: false, reason: 'wrong-password' });
  });

  it('returns wrong-password when the public key next to the sealed key is swapped (associated data)', async () => {
    const text = await sealSigningKey(secretKey, 'pass-phrase-long', details, random, fastKdf);
    const other = secretKeySigner(Uint8Array.from({ length: 32 }, () => 5)).publicKey;
    const swapped = text.replace(publicKey, other).replace(keyFingerprint(publicKey), keyFingerprint(other));
    expect(await openSigningKey(swapped, 'pass-phrase-long')).toEqual({ ok: false, reason: 'wrong-password' });
  });
});
