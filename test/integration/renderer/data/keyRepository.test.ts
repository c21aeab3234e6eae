import { afterEach, describe, expect, it, vi } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { DaichoDb } from '../../../../renderer/data/db';
import { listAudit, verifyAudit } from '../../../../renderer/data/auditRepository';
import { createSigningKey, distrustKey, getActiveSigningKey, listTrustedKeys, signerFor, trustKey } from '../../../../renderer/data/keyRepository';
import { desktopKeyStore, keyStorageMessages, SigningKeyUnavailable, webCryptoKeyStore } from '../../../../renderer/platform/signingKeyStore';
import type { DesktopBridge } from '../../../../shared/ipc/contract';
import { keyFingerprint, secretKeySigner } from '../../../../shared/ledgerFile/signature';
import { freshDb } from './testDb';

const opened: DaichoDb[] = [];
afterEach(() => opened.splice(0).forEach((d) => d.close()));
async function db() {
  const d = await freshDb();
  opened.push(d);
  return d;
}
const manager = (now = '2026-11-29T01:00:00.000Z') => ({ actor: '山田 花子', role: 'securityManager' as const, now });
const owner = { organisation: '西宮市', section: '市民課' };

/** The main process as the renderer sees it: keys held behind the bridge, never handed out. */
function fakeDesktop(options: { refuse?: string } = {}) {
  const secrets = new Map<string, Uint8Array>();
  const bridge = {
    keyCreate: vi.fn(async () => {
      if (options.refuse) return { ok: false as const, error: options.refuse };
      const secret = ed25519.utils.randomSecretKey();
      const publicKey = bytesToHex(ed25519.getPublicKey(secret));
      secrets.set(keyFingerprint(publicKey), secret);
      return { ok: true as const, value: { keyId: keyFingerprint(publicKey), publicKey } };
    }),
    keySign: vi.fn(async ({ keyId, message }: { keyId: string; message: Uint8Array }) => {
      const secret = secrets.get(keyId);
      if (!secret) return { ok: false as const, error: '秘密鍵がありません' };
      return { ok: true as const, value: { signature: ed25519.sign(message, secret) } };
    }),
    keyRevoke: vi.fn(async ({ keyId }: { keyId: string }) => ({ ok: true as const, value: { revoked: secrets.delete(keyId) } })),
    keyList: vi.fn(async () => ({ ok: true as const, value: { keys: [...secrets].map(([keyId, secret]) => ({ keyId, publicKey: bytesToHex(ed25519.getPublicKey(secret)), createdAt: '' })) } })),
  };
  return { bridge: bridge as unknown as Pick<DesktopBridge, 'keyCreate' | 'keySign' | 'keyRevoke' | 'keyList'> & typeof bridge, secrets };
}

describe('desktop signing keys', () => {
  it('keep no private key in the database; signatures come from the main process and verify', async () => {
    const d = await db();
    const { bridge } = fakeDesktop();
    const store = desktopKeyStore(bridge, true);
    const created = await createSigningKey(d, owner, manager(), store);
    if (!created.ok) throw new Error(created.reason);
    const stored = await d.signingKeys.get(created.value.keyId);
    expect(stored).toMatchObject({ storage: 'desktop', state: 'active' });
    expect(stored).not.toHaveProperty('privateKey');
    const message = new TextEncoder().encode('署名する内容');
    const signature = await signerFor(stored!, store).sign(message);
    expect(ed25519.verify(signature, message, Buffer.from(created.value.publicKey, 'hex'))).toBe(true);
    expect(bridge.keySign).toHaveBeenCalledWith({ keyId: created.value.keyId, message });
  });

  it('erase the retired key in the main process when the key is rotated', async () => {
    const d = await db();
    const { bridge, secrets } = fakeDesktop();
    const store = desktopKeyStore(bridge, true);
    const first = await createSigningKey(d, owner, manager(), store);
    const second = await createSigningKey(d, owner, manager('2026-11-29T02:00:00.000Z'), store);
    if (!first.ok || !second.ok) throw new Error();
    expect([...secrets.keys()]).toEqual([second.value.keyId]);
    expect(await store.holds((await d.signingKeys.get(second.value.keyId))!)).toBe(true);
    expect(await store.holds((await d.signingKeys.get(first.value.keyId))!)).toBe(false);
    expect(bridge.keyRevoke).toHaveBeenCalledWith({ keyId: first.value.keyId });
    await expect(signerFor((await d.signingKeys.get(first.value.keyId))!, store).sign(new Uint8Array(1))).rejects.toThrow(SigningKeyUnavailable);
  });

  it('write nothing and say why when the main process refuses to make a key (no DPAPI)', async () => {
    const d = await db();
    const store = desktopKeyStore(fakeDesktop({ refuse: 'DPAPI を使えません' }).bridge, true);
    await expect(createSigningKey(d, owner, manager(), store)).rejects.toThrow('DPAPI を使えません');
    expect(await d.signingKeys.count()).toBe(0);
    expect(await listAudit(d)).toEqual([]);
  });

  it('keep signing with a WebCrypto key made before the change, until it is replaced', async () => {
    const d = await db();
    const legacy = await createSigningKey(d, owner, manager(), webCryptoKeyStore());
    if (!legacy.ok) throw new Error();
    const { bridge } = fakeDesktop();
    const message = new Uint8Array([1, 2, 3]);
    const signature = await signerFor(legacy.value, desktopKeyStore(bridge, true)).sign(message);
    expect(ed25519.verify(signature, message, Buffer.from(legacy.value.publicKey, 'hex'))).toBe(true);
    expect(bridge.keySign).not.toHaveBeenCalled();
    expect(await desktopKeyStore(bridge, true).holds(legacy.value)).toBe(true);
    // Rotating to a desktop key drops the old WebCrypto private key from the database.
    await createSigningKey(d, owner, manager('2026-11-29T02:00:00.000Z'), desktopKeyStore(bridge, true));
    expect(await d.signingKeys.get(legacy.value.keyId)).not.toHaveProperty('privateKey');
    expect((await getActiveSigningKey(d))?.storage).toBe('desktop');
  });

  it('describe where the key is, truthfully per platform', () => {
    expect(desktopKeyStore(fakeDesktop().bridge, true).description).toContain('Windows の資格情報保護（DPAPI）で暗号化して、この端末のこのユーザーにだけ保存されます');
    expect(webCryptoKeyStore().description).toContain('端末のブラウザーのデータを複製すると取り出せるおそれがあります');
    for (const text of Object.values(keyStorageMessages)) expect(text).not.toMatch(/取り出せない形|取り出せません。/);
  });
});

describe('trustKey', () => {
  const other = secretKeySigner(Uint8Array.from({ length: 32 }, (_, i) => 40 + i));
  const fingerprint = keyFingerprint(other.publicKey);
  const claimed = { organisation: '西宮市', section: '情報政策課' };
  const confirmation = (typedFingerprint: string, names = claimed) => ({ keyId: fingerprint, publicKey: other.publicKey, ...names, typedFingerprint, claimed });

  it('trusts a key once its fingerprint is typed in full, keeping the names the manager confirmed', async () => {
    const d = await db();
    const result = await trustKey(d, confirmation(fingerprint.toLowerCase().replace(/-/g, ' '), { organisation: '西宮市', section: '情報政策課（事務局）' }), manager());
    expect(result).toMatchObject({ ok: true, value: { keyId: fingerprint, section: '情報政策課（事務局）' } });
    expect((await listAudit(d)).at(-1)).toMatchObject({ action: 'key.trust', detail: { confirmedBy: 'typed-fingerprint', section: '情報政策課（事務局）', claimedSection: '情報政策課' } });
    expect(await verifyAudit(d)).toMatchObject({ ok: true });
  });

  it.each([
    ['nothing typed', ''],
    ['only the first 12 characters', fingerprint.slice(0, 14)],
    ['another key\'s fingerprint', keyFingerprint(secretKeySigner(new Uint8Array(32).fill(1)).publicKey)],
  ])('refuses %s and writes nothing', async (_name, typed) => {
    const d = await db();
    expect(await trustKey(d, confirmation(typed), manager())).toEqual({ ok: false, reason: 'fingerprint-mismatch' });
    expect(await listTrustedKeys(d)).toEqual([]);
  });

  it('keeps a key revoked under its 12-character ID revoked under the 20-character one', async () => {
    const d = await db();
    await d.trustedKeys.put({ keyId: fingerprint.slice(0, 14), publicKey: other.publicKey, ...claimed, addedAt: '', addedBy: '', revokedAt: '2026-10-01T00:00:00.000Z', revokedBy: '山田 花子', lastSequence: 4 });
    expect(await trustKey(d, confirmation(fingerprint), manager())).toEqual({ ok: false, reason: 'key-revoked' });
  });

  it('carries the last sequence of a key trusted under its 12-character ID, so replays stay refused', async () => {
    const d = await db();
    await d.trustedKeys.put({ keyId: fingerprint.slice(0, 14), publicKey: other.publicKey, ...claimed, addedAt: '', addedBy: '', revokedAt: null, revokedBy: null, lastSequence: 7 });
    expect(await trustKey(d, confirmation(fingerprint), manager())).toMatchObject({ ok: true, value: { keyId: fingerprint, lastSequence: 7 } });
  });

  it('distrusts a key under every ID it is recorded under', async () => {
    const d = await db();
    await d.trustedKeys.put({ keyId: fingerprint.slice(0, 14), publicKey: other.publicKey, ...claimed, addedAt: '', addedBy: '', revokedAt: null, revokedBy: null, lastSequence: 2 });
    await trustKey(d, confirmation(fingerprint), manager());
    await d.trustedKeys.put({ keyId: 'OTHR-KEYS-ONLY', publicKey: secretKeySigner(new Uint8Array(32).fill(8)).publicKey, ...claimed, addedAt: '', addedBy: '', revokedAt: null, revokedBy: null, lastSequence: 0 });
    expect(await distrustKey(d, fingerprint, manager('2026-11-29T05:00:00.000Z'))).toMatchObject({ ok: true });
    const byId = Object.fromEntries((await listTrustedKeys(d)).map((k) => [k.keyId, k.revokedAt]));
    expect(byId).toEqual({ [fingerprint]: '2026-11-29T05:00:00.000Z', [fingerprint.slice(0, 14)]: '2026-11-29T05:00:00.000Z', 'OTHR-KEYS-ONLY': null });
  });
});
