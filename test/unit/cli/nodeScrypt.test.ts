import { describe, expect, it } from 'vitest';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { nodeScrypt } from '../../../cli/nodeScrypt';
import { nobleScrypt, openSigningKey, sealSigningKey } from '../../../shared/ledgerFile/keyFiles';

/**
 * A signing key file sealed by @noble's scrypt at the real work factors (N = 2^17, r = 8), written on
 * 2026-11-29 by this build's `sealSigningKey`: a key sealed before the CLI switched to Node's scrypt.
 */
const SEALED_BY_NOBLE = JSON.stringify({
  format: 'daicho-signing-key/1',
  keyId: 'SBG6-MAD2-D496-YZNS-KUSC',
  publicKey: '274ed6b26805d2fe8d060529ee9a2f28763b6976d9c5fd1dee38ff36b3b76939',
  organisation: '西宮市',
  section: '情報政策課',
  createdAt: '2026-11-29T00:00:00.000Z',
  kdf: { name: 'scrypt', N: 131072, r: 8, p: 1, salt: '0b30557a9fc4e90e33587da2c7ec1136' },
  nonce: '5b80a5caef14395e83a8cdf2',
  sealed: '6557346852b4b6039efe45e73b07aafb23c3c00e67d7beeb0b4152dc370beeb421ea40f18b6c77298bd26684b81b1129',
});
const PASSPHRASE = 'テスト用の長いパスフレーズ';
const SECRET = Uint8Array.from({ length: 32 }, (_, i) => 200 - i);

describe('nodeScrypt', () => {
  // RFC 7914 section 12, the test vectors of scrypt itself.
  it.each([
    ['password', 'NaCl', { N: 1024, r: 8, p: 16, dkLen: 64 }, 'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640'],
    ['pleaseletmein', 'SodiumChloride', { N: 16384, r: 8, p: 1, dkLen: 64 }, '7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887'],
  ])('returns the RFC 7914 key for %s / %s', async (password, salt, params, expected) => {
    expect(bytesToHex(await nodeScrypt(utf8ToBytes(password), utf8ToBytes(salt), params))).toBe(expected);
  });

  it.each([
    ['an empty passphrase', '', { N: 2 ** 14, r: 1, p: 1, dkLen: 32 }],
    ['a Japanese passphrase at the key files\' cost', PASSPHRASE, { N: 2 ** 17, r: 8, p: 1, dkLen: 32 }],
    ['several lanes', 'p', { N: 2 ** 14, r: 2, p: 4, dkLen: 32 }],
  ])('returns what @noble\'s scrypt returns for %s', async (_name, password, params) => {
    const salt = Uint8Array.from({ length: 16 }, (_, i) => i * 7);
    expect(bytesToHex(await nodeScrypt(utf8ToBytes(password), salt, params))).toBe(bytesToHex(await nobleScrypt(utf8ToBytes(password), salt, params)));
  }, 30_000);

  it('opens a key file sealed by @noble\'s scrypt before the switch, and refuses a wrong passphrase', async () => {
    expect(await openSigningKey(SEALED_BY_NOBLE, PASSPHRASE, nodeScrypt)).toMatchObject({ ok: true, secretKey: SECRET, organisation: '西宮市' });
    expect(await openSigningKey(SEALED_BY_NOBLE, `${PASSPHRASE}!`, nodeScrypt)).toEqual({ ok: false, reason: 'wrong-password' });
  }, 30_000);

  it('seals a key that @noble\'s scrypt opens (a key made by the CLI opens anywhere)', async () => {
    let n = 0;
    const random = (length: number) => Uint8Array.from({ length }, () => (n++ * 37 + 11) & 255);
    const text = await sealSigningKey(SECRET, PASSPHRASE, { organisation: '西宮市', section: '情報政策課', createdAt: '2026-11-29T00:00:00.000Z' }, random, { N: 2 ** 14, r: 1, p: 1 }, nodeScrypt);
    expect(await openSigningKey(text, PASSPHRASE, nobleScrypt)).toMatchObject({ ok: true, secretKey: SECRET });
  });
});
