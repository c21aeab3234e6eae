/**
 * The JSON files the app and the CLI read besides workbooks and backups (public key files, sealed
 * signing keys, the CLI's state file), as a text editor or an attacker may leave them.
 */
import { describe, expect, it } from 'vitest';
import { parsePublicKeyFile, publicKeyFileText, readSigningKeyFile } from '../../../../shared/ledgerFile/keyFiles';
import { keyFingerprint, secretKeySigner } from '../../../../shared/ledgerFile/signature';
import { parseTrustState } from '../../../../shared/ledgerFile/trustState';

const { publicKey } = secretKeySigner(Uint8Array.from({ length: 32 }, (_, i) => 200 - i));
const keyId = keyFingerprint(publicKey);
const genuine = publicKeyFileText({ publicKey, organisation: '西宮市', section: '情報政策課', createdAt: '2026-11-22T00:00:00.000Z' });
const other = secretKeySigner(new Uint8Array(32).fill(4)).publicKey;
const state = (body: string) => `{"version":1,"keys":${body},"terminals":{}}`;
const entry = '{"lastSequence":3,"acceptedAt":null,"revokedAt":null}';

describe('parsePublicKeyFile on edited files', () => {
  it.each([
    // Windows Notepad (before 2019) and many editors save UTF-8 with a byte-order mark.
    ['saved with a byte-order mark', `\uFEFF${genuine}`],
    ['saved with Windows line ends', genuine.replace(/\n/g, '\r\n')],
  ])('reads a key file %s', (_name, text) => {
    expect(parsePublicKeyFile(text)).toMatchObject({ ok: true, key: { keyId, publicKey } });
  });

  it.each<[string, string, string]>([
    ['a __proto__ key (own key after JSON.parse)', genuine.replace('{', '{"__proto__":{"organisation":"総務省"},'), 'ok'],
    ['a constructor key', genuine.replace('{', '{"constructor":{"prototype":{"x":1}},'), 'ok'],
    ['nesting 4,000 levels deep', genuine.replace('{', `{"n":${'['.repeat(4000)}${']'.repeat(4000)},`), 'ok'],
    ['a number beyond 2^1024', genuine.replace('{', `{"n":1${'0'.repeat(400)},`), 'ok'],
    // JSON.parse keeps the last value: the app uses, and shows the fingerprint of, that one only.
    ['a second publicKey (of another key) under the recorded ID', genuine.replace(/\n}\n$/, `,\n  "publicKey": "${other}"\n}\n`), 'fingerprint-mismatch'],
    ['bytes that are not UTF-8 (decoded as U+FFFD)', genuine.replace('西宮市', '\uFFFD\uFFFD'), 'ok'],
  ])('judges a key file with %s by its key and fingerprint only', (_name, text, outcome) => {
    const parsed = parsePublicKeyFile(text);
    if (outcome === 'ok') {
      expect(parsed).toMatchObject({ ok: true, key: { keyId, publicKey } });
      expect(Object.getPrototypeOf(parsed.ok && parsed.key)).toBe(Object.prototype);
      expect(({} as Record<string, unknown>).x).toBeUndefined();
    } else expect(parsed).toEqual({ ok: false, reason: outcome });
  });
});

describe('readSigningKeyFile and parseTrustState', () => {
  it('refuses, rather than throws on, a signing key file of deep nesting or a byte-order mark only', () => {
    expect(readSigningKeyFile(`{"a":${'['.repeat(4000)}${']'.repeat(4000)}}`)).toEqual({ ok: false, reason: 'not-key-file' });
    expect(readSigningKeyFile('\uFEFF')).toEqual({ ok: false, reason: 'not-key-file' });
  });

  it.each<[string, string, boolean]>([
    ['a state saved with a byte-order mark', `\uFEFF${state(`{"${keyId}":${entry}}`)}`, true],
    ['a __proto__ entry among the keys (dropped: no key ID has that form)', state(`{"__proto__":${entry},"${keyId}":${entry}}`), true],
    ['a key recorded twice (the lower sequence last)', state(`{"${keyId}":{"lastSequence":9,"revokedAt":null},"${keyId}":${entry}}`), true],
    ['a sequence beyond 2^53', state(`{"${keyId}":{"lastSequence":1e300,"revokedAt":null}}`), false],
  ])('reads or refuses %s without changing any prototype', (_name, text, ok) => {
    const parsed = parseTrustState(text);
    expect(parsed.ok).toBe(ok);
    if (parsed.ok) expect(Object.keys(parsed.state.keys)).toEqual([keyId]);
    expect(({} as Record<string, unknown>).lastSequence).toBeUndefined();
  });
});
