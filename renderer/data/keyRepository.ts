/**
 * Signing keys and trusted keys (【07】第21–22条). Where this terminal's private key lives is the
 * `SigningKeyStore`'s business (desktop: the main process, under DPAPI; browser preview: a
 * non-extractable WebCrypto key in IndexedDB); it is never in a backup. Creating a key
 * while one is active rotates (the old one is retired, still trusted for files it signed); revoking
 * stops trusting files signed with it. Every key event is audited in the same transaction.
 */
import type { TrustedKey } from '../../shared/ledgerFile/importLedger';
import { checkTypedFingerprint } from '../../shared/ledgerFile/keyFiles';
import { isKeyIdOf, keyFingerprint, type LedgerSigner } from '../../shared/ledgerFile/signature';
import { webCryptoKeyStore, type SigningKeyStore } from '../platform/signingKeyStore';
import { appendAudit } from './auditRepository';
import type { DaichoDb, SigningKeyRecord } from './db';
import { authorize, signedContext, type WriteContext } from './session';
import { runWrite, WriteAbort, type WriteResult } from './writeResult';

type Context = WriteContext;

/** Newest first. */
export async function listSigningKeys(db: DaichoDb): Promise<SigningKeyRecord[]> {
  return (await db.signingKeys.toArray()).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export async function getActiveSigningKey(db: DaichoDb): Promise<SigningKeyRecord | null> {
  return (await db.signingKeys.where('state').equals('active').first()) ?? null;
}

export function listTrustedKeys(db: DaichoDb): Promise<TrustedKey[]> {
  return db.trustedKeys.toArray();
}

/**
 * Creates this terminal's signing key in `store` (the platform's); an active key is retired in the
 * same transaction (rotation) and its private key erased, since it signs nothing more. The new public
 * key is trusted at once, so the section can import its own exports. Throws `SigningKeyUnavailable`
 * when the store cannot make a key (e.g. no DPAPI), with the message to show.
 */
export async function createSigningKey(db: DaichoDb, owner: { organisation: string; section: string }, at: Context, store: SigningKeyStore = webCryptoKeyStore()): Promise<WriteResult<SigningKeyRecord>> {
  // Refused before a key is generated; checked again inside the transaction that stores it.
  const allowed = await runWrite(() => db.transaction('r', db.accounts, () => authorize(db, 'key.create')));
  if (!allowed.ok) return allowed;
  // Generated before the transaction: IndexedDB transactions cannot wait on WebCrypto or IPC.
  const generated = await store.generate();
  const publicKey = generated.publicKey;
  const record: SigningKeyRecord = {
    keyId: keyFingerprint(publicKey),
    publicKey,
    ...(generated.privateKey ? { privateKey: generated.privateKey } : {}),
    storage: store.storage,
    state: 'active',
    createdAt: at.now,
    createdBy: allowed.value.name,
    retiredAt: null,
    revokedAt: null,
    nextSequence: 1,
  };
  let retired: SigningKeyRecord | undefined;
  const result = await runWrite(() =>
    db.transaction('rw', db.accounts, db.signingKeys, db.trustedKeys, db.audit, async () => {
      const context = await signedContext(db, 'key.create', at);
      record.createdBy = context.actor;
      const previous = await getActiveSigningKey(db);
      retired = previous ?? undefined;
      // `privateKey: undefined` deletes the field: a retired WebCrypto key is gone from the database.
      if (previous) await db.signingKeys.update(previous.keyId, { state: 'retired', retiredAt: context.now, privateKey: undefined });
      await db.signingKeys.add(record);
      await db.trustedKeys.put({ keyId: record.keyId, publicKey, ...owner, addedAt: context.now, addedBy: context.actor, revokedAt: null, revokedBy: null, lastSequence: 0 });
      await appendAudit(db, [
        { at: context.now, actor: context.actor, action: previous ? 'key.rotate' : 'key.create', target: record.keyId, outcome: 'success', detail: { keyId: record.keyId, retired: previous?.keyId ?? null } },
      ]);
      return record;
    }),
  );
  // Outside the transaction (it cannot wait on IPC). Best effort: a key left behind in the store is
  // one nothing refers to, and it never signs again.
  const unused = result.ok ? retired : record;
  if (unused) await store.discard(unused).catch((error: unknown) => console.error('[keys] could not erase an unused private key', error));
  return result;
}

/** Revokes one of this terminal's keys: it signs nothing more, and files signed with it are refused. */
export function revokeSigningKey(db: DaichoDb, keyId: string, reason: string, at: Context): Promise<WriteResult<SigningKeyRecord>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.signingKeys, db.trustedKeys, db.audit, async () => {
      const context = await signedContext(db, 'key.revoke', at);
      const key = await db.signingKeys.get(keyId);
      if (!key) throw new WriteAbort('not-found');
      const revoked: SigningKeyRecord = { ...key, state: 'revoked', revokedAt: context.now };
      await db.signingKeys.put(revoked);
      await db.trustedKeys.update(keyId, { revokedAt: context.now, revokedBy: context.actor });
      await appendAudit(db, [{ at: context.now, actor: context.actor, action: 'key.revoke', target: keyId, outcome: 'success', detail: { keyId, reason } }]);
      return revoked;
    }),
  );
}

/** What the manager confirmed by phone before trusting a key. */
export interface KeyConfirmation {
  keyId: string;
  publicKey: string;
  /** The organisation and section as the manager confirmed or typed them (not merely the file's). */
  organisation: string;
  section: string;
  /** The fingerprint as the manager typed it while the key's owner read it out (all 20 characters). */
  typedFingerprint: string;
  /** The names the file itself claimed, kept in the audit entry beside the confirmed ones. */
  claimed?: { organisation: string; section: string };
}

/**
 * Adds another section's public key once the manager typed the fingerprint its owner read out over
 * the phone (【07】第21–22条) and confirmed the names. Keys are compared by the public key itself: a
 * key revoked under any ID stays revoked, and a key trusted under its 12-character ID gets a record
 * under the ID its newer files carry, with the same last sequence (replays stay refused).
 */
export function trustKey(db: DaichoDb, key: KeyConfirmation, at: Context): Promise<WriteResult<TrustedKey>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.trustedKeys, db.audit, async () => {
      const context = await signedContext(db, 'key.trust', at);
      if (!isKeyIdOf(key.publicKey, key.keyId)) throw new Error('trustKey: key ID is not the fingerprint of the key');
      if (checkTypedFingerprint(key.publicKey, key.typedFingerprint) !== 'match') throw new WriteAbort('fingerprint-mismatch');
      const organisation = key.organisation.trim();
      const section = key.section.trim();
      if (!organisation || !section) throw new Error('trustKey: the confirmed organisation and section are required');
      const sameKey = (await db.trustedKeys.toArray()).filter((k) => k.publicKey === key.publicKey);
      // A revoked key stays revoked: trusting it again would reopen what revocation closed.
      if (sameKey.some((k) => k.revokedAt)) throw new WriteAbort('key-revoked');
      const existing = sameKey.find((k) => k.keyId === key.keyId);
      if (existing) return existing;
      const lastSequence = Math.max(0, ...sameKey.map((k) => k.lastSequence));
      const trusted: TrustedKey = { keyId: key.keyId, publicKey: key.publicKey, organisation, section, addedAt: context.now, addedBy: context.actor, revokedAt: null, revokedBy: null, lastSequence };
      await db.trustedKeys.put(trusted);
      await appendAudit(db, [{
        at: context.now, actor: context.actor, action: 'key.trust', target: key.keyId, outcome: 'success',
        detail: { keyId: key.keyId, fingerprint: keyFingerprint(key.publicKey), confirmedBy: 'typed-fingerprint', organisation, section, claimedOrganisation: key.claimed?.organisation ?? null, claimedSection: key.claimed?.section ?? null },
      }]);
      return trusted;
    }),
  );
}

/** Stops trusting a key (e.g. the other section reported it lost). Recorded; cannot be undone. */
export function distrustKey(db: DaichoDb, keyId: string, at: Context): Promise<WriteResult<TrustedKey>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.trustedKeys, db.audit, async () => {
      const context = await signedContext(db, 'key.distrust', at);
      const key = await db.trustedKeys.get(keyId);
      if (!key) throw new WriteAbort('not-found');
      const revoked = { ...key, revokedAt: context.now, revokedBy: context.actor };
      // The same public key may also be recorded under its 12-character ID: distrust it under every ID.
      const sameKey = (await db.trustedKeys.toArray()).filter((k) => k.publicKey === key.publicKey && k.keyId !== keyId && !k.revokedAt);
      await db.trustedKeys.bulkPut([revoked, ...sameKey.map((k) => ({ ...k, revokedAt: context.now, revokedBy: context.actor }))]);
      await appendAudit(db, [{ at: context.now, actor: context.actor, action: 'key.distrust', target: keyId, outcome: 'success', detail: { keyId, alsoUnder: sameKey.map((k) => k.keyId) } }]);
      return revoked;
    }),
  );
}

/** Takes the next sequence number of the active key (numbers are never reused, even if saving is cancelled). */
export function reserveSequence(db: DaichoDb): Promise<WriteResult<{ key: SigningKeyRecord; sequence: number }>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.signingKeys, async () => {
      // Taking a number is the first step of an export: the same permission.
      await authorize(db, 'ledger.export');
      const key = await getActiveSigningKey(db);
      if (!key) throw new WriteAbort('no-signing-key');
      await db.signingKeys.update(key.keyId, { nextSequence: key.nextSequence + 1 });
      return { key, sequence: key.nextSequence };
    }),
  );
}

/** Signs with the key through the store that keeps it (desktop: an IPC call that returns the signature). */
export function signerFor(key: SigningKeyRecord, store: SigningKeyStore = webCryptoKeyStore()): LedgerSigner {
  return { publicKey: key.publicKey, sign: (message) => store.sign(key, message) };
}
