import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDBKeyRange } from 'fake-indexeddb';
import { writeBackup, type BackupSigner } from '../../../../shared/backup/backupFile';
import { compareRestore, type BackupContent } from '../../../../shared/backup/backupContent';
import { keyFingerprint, secretKeySigner } from '../../../../shared/ledgerFile/signature';
import { addAsset, updateAsset } from '../../../../renderer/data/assetRepository';
import { auditAnchorForNextExport, checkAgainstLastExport, isAuditSettingKey, listAudit, listAuditSegments, recordExportAnchor, verifyAudit } from '../../../../renderer/data/auditRepository';
import { checkAuditHead } from '../../../../shared/domain/auditLog';
import { backupAuditIntact, backupSigningKeys, getBackupSchedule, openBackup, recordBackup, restoreDatabase, restoreTest, setBackupInterval, snapshotDatabase } from '../../../../renderer/data/backupRepository';
import { getSecurityPolicy } from '../../../../renderer/data/accountRepository';
import { SCHEMA_VERSION, type DaichoDb } from '../../../../renderer/data/db';
import { saveSettings } from '../../../../renderer/data/settingsRepository';
import { assetInput, makeAsset } from '../../../fixtures/assets';
import { assetHandling } from '../../../../shared/domain/deriveClass';
import { nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import type { AssetClassification } from '../../../../shared/domain/classification';
import { freshDb, freshFactory, operator } from './testDb';

const kdf = { N: 2 ** 10, r: 8, p: 1 };
const random = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + 3) & 0xff);
const settings = { organisation: '西宮市', section: '市民課', managementPrefix: 'SM-', dateStyle: 'seireki' as const, profileId: 'nishinomiya' };
const opened: DaichoDb[] = [];
afterEach(() => opened.splice(0).forEach((db) => db.close()));

const PASSWORD = 'バックアップ用の長いパスワード';
const owner = { organisation: '西宮市', section: '市民課' };

function signerOf(seed: number): BackupSigner {
  const signer = secretKeySigner(new Uint8Array(32).fill(seed));
  return { ...signer, keyId: keyFingerprint(signer.publicKey) };
}
/** The section's key (in the app: this terminal's signing key through signerFor). */
const sectionKey = signerOf(11);

/** Trusts a public key for an organisation and section, as the key screen does after a phone check. */
async function trust(db: DaichoDb, signer: BackupSigner, who = owner, revokedAt: string | null = null) {
  await db.trustedKeys.put({ keyId: signer.keyId, publicKey: signer.publicKey, ...who, addedAt: 'x', addedBy: 'x', revokedAt, revokedBy: revokedAt ? 'x' : null, lastSequence: 0 });
}

/** An account record as stored (the hash is a placeholder: these tests never log in). */
function account(userId: string, role: 'securityManager' | 'staff' | 'auditor', disabled = false) {
  return { userId, displayName: userId, role, password: { algorithm: 'scrypt' as const, N: 1024, r: 8, p: 1, salt: '00', hash: '00' }, mustChangePassword: false, failedAttempts: 0, lockedUntil: null, disabled, createdAt: 'x', rightsReviewedAt: 'x' };
}

async function target(): Promise<DaichoDb> {
  const db = await freshDb(freshFactory());
  opened.push(db);
  await trust(db, sectionKey);
  return db;
}

async function populated(): Promise<DaichoDb> {
  const db = await freshDb();
  opened.push(db);
  await saveSettings(db, settings, { now: '2026-04-01T00:00:00.000Z' });
  await addAsset(db, assetInput(), 'a1', operator());
  await addAsset(db, assetInput({ managementNumber: 'SM-00002', name: 'USBメモリ' }), 'a2', operator());
  await updateAsset(db, 'a1', assetInput({ location: '別館' }), operator());
  return db;
}

const fileOf = (content: unknown, signer = sectionKey) => writeBackup(content, PASSWORD, { appVersion: '0.1.0', schemaVersion: SCHEMA_VERSION, createdAt: '2026-04-02T00:00:00.000Z', random, kdf, signer });

/** A backup of `db` as the restoring terminal opens it (signature, password, schemas). */
async function backupOf(db: DaichoDb, restoringInto?: DaichoDb) {
  const content = await snapshotDatabase(db, '西宮市', '市民課');
  const file = await fileOf(content);
  const checker = restoringInto ?? (await target());
  const read = await openBackup(checker, file, PASSWORD, owner, SCHEMA_VERSION);
  if (!read.ok) throw new Error(read.reason);
  return { content, file, parsed: read.content };
}

describe('backup and restore', () => {
  it('restores into an empty profile with identical data, setting the backup’s audit entries aside as a verifiable segment', async () => {
    const source = await populated();
    const { content, parsed } = await backupOf(source);
    const into = await freshDb(freshFactory());
    opened.push(into);
    const target = into;
    expect(await restoreDatabase(target, parsed, SCHEMA_VERSION, { ...operator(), backupCreatedAt: '2026-04-02T00:00:00.000Z' })).toEqual({ ok: true, value: undefined });

    const restored = await snapshotDatabase(target, '西宮市', '市民課');
    const { audit: restoredAudit, settings: restoredSettings, ...restoredRest } = restored.tables;
    const { audit: sourceAudit, settings: sourceSettings, ...sourceRest } = content.tables;
    // The only changes: the security policy is written out in full (clamped) where it was defaulted, and
    // the terminal now knows of a backup (the restored one).
    expect(restoredSettings.filter((r) => r.key !== 'securityPolicy' && r.key !== 'backup' && !isAuditSettingKey(r.key as string))).toEqual(sourceSettings);
    expect(restoredSettings.find((r) => r.key === 'backup')?.value).toMatchObject({ lastBackupAt: '2026-04-02T00:00:00.000Z' });
    expect(restoredRest).toEqual(sourceRest);
    // The target's own chain (empty here) continues; the backup's entries are set aside, not adopted.
    const head = sourceAudit.at(-1)!;
    expect(restoredAudit).toHaveLength(1);
    expect(restoredAudit[0]).toMatchObject({ action: 'backup.restore', outcome: 'success', detail: { sharedSeq: 0, setAside: { count: sourceAudit.length, head: { seq: head.seq, hash: head.hash }, intact: true } } });
    expect(await verifyAudit(target)).toMatchObject({ ok: true, count: 1 });
    const segments = await listAuditSegments(target);
    expect(segments).toHaveLength(1);
    expect(segments[0]).toMatchObject({ verification: { ok: true, count: sourceAudit.length }, named: true, segment: { anchor: { seq: 0 }, backupCreatedAt: '2026-04-02T00:00:00.000Z' } });
    expect(segments[0]!.segment.entries).toEqual(sourceAudit);
  });

  it('leaves the database exactly as it was when the restore fails midway', async () => {
    const source = await populated();
    const { parsed } = await backupOf(source);
    const target = await freshDb(freshFactory());
    opened.push(target);
    await saveSettings(target, { ...settings, section: '税務課' }, { now: 'now' });
    await addAsset(target, assetInput({ name: '課税台帳' }), 'z1', operator());
    const before = await snapshotDatabase(target, '', '');
    const spy = vi.spyOn(target.audit, 'bulkAdd').mockRejectedValueOnce(Object.assign(new Error('full'), { name: 'QuotaExceededError' }));
    expect(await restoreDatabase(target, parsed, SCHEMA_VERSION, { ...operator(), backupCreatedAt: 'x' })).toEqual({ ok: false, reason: 'quota' });
    spy.mockRestore();
    expect(await snapshotDatabase(target, '', '')).toEqual(before);
  });

  it('migrates a backup taken with schema v1 (assets without contents)', async () => {
    const source = await populated();
    const { parsed } = await backupOf(source);
    const v1 = structuredClone(parsed);
    v1.tables.assets.forEach((asset) => {
      delete asset.contents;
      delete asset.derived;
    });
    const target = await freshDb(freshFactory());
    opened.push(target);
    await restoreDatabase(target, v1, 1, { ...operator(), backupCreatedAt: 'x' });
    const assets = await target.assets.toArray();
    expect(assets).toHaveLength(2);
    expect(assets.every((a) => Array.isArray(a.contents) && a.derived === null)).toBe(true);
    expect((await listAudit(target)).at(-1)).toMatchObject({ action: 'backup.restore', detail: { fromSchemaVersion: 1 } });
  });
});

describe('restore of a backup taken before schema v8', () => {
  const approvedC: AssetClassification = {
    profileId: 'nishinomiya', profileVersion: '1', levels: { importance: 'C' }, recommended: { importance: 'C' }, answers: {}, reasons: [], justification: '',
    referredToManager: false, state: 'approved', proposedBy: '佐藤', proposedAt: '2026-04-01', approvedBy: '山田', approvedAt: '2026-04-02',
  };
  /** A backup whose USB memory holds one approved-C file, with the derived class as builds before v8 stored it. */
  async function preV8Backup() {
    const { parsed } = await backupOf(await populated());
    const old = structuredClone(parsed);
    const content = makeAsset(0, { managementNumber: 'SM-00010', personalInfoKind: 'none', classification: approvedC });
    const usb = makeAsset(6, { managementNumber: 'SM-00011', kind: 'recordingMedium', personalInfoKind: 'none', classification: approvedC, contents: [content.id], derived: { levels: { importance: 'C' }, sources: { importance: [content.managementNumber] } } });
    old.tables.assets.push(content as unknown as Record<string, unknown>, usb as unknown as Record<string, unknown>);
    return { old, usb };
  }

  it.each([7, 6, 1])('derives again a container a schema v%i backup stored before handling was derived, so it no longer reads as undecided', async (version) => {
    const { old, usb } = await preV8Backup();
    expect(assetHandling(nishinomiyaProfile, usb).undecided).toEqual([{ kind: 'notDerived' }]);
    const into = await freshDb(freshFactory());
    opened.push(into);
    expect(await restoreDatabase(into, old, version, { ...operator(), backupCreatedAt: 'x' })).toMatchObject({ ok: true });
    const restored = (await into.assets.get(usb.id))!;
    expect(restored.derived).toMatchObject({ levels: { importance: 'C' }, undecided: [] });
    expect(assetHandling(nishinomiyaProfile, restored)).toEqual({ levels: { importance: 'C' }, undecided: [] });
  });

  it('leaves a schema v8 backup’s records as they are (the recompute belongs to the older schemas)', async () => {
    const { old, usb } = await preV8Backup();
    const into = await freshDb(freshFactory());
    opened.push(into);
    expect(await restoreDatabase(into, old, 8, { ...operator(), backupCreatedAt: 'x' })).toMatchObject({ ok: true });
    expect((await into.assets.get(usb.id))!.derived).toEqual(usb.derived);
  });
});

describe('restoreTest', () => {
  it('restores into a scratch copy, reports a match, records it, and leaves the live ledger alone', async () => {
    const db = await populated();
    const { parsed } = await backupOf(db);
    await addAsset(db, assetInput({ managementNumber: 'SM-00003', name: 'バックアップ後の資産' }), 'a3', operator());
    const liveBefore = await db.assets.count();
    const factory = freshFactory();
    const result = await restoreTest(db, parsed, SCHEMA_VERSION, { ...operator(), backupCreatedAt: '2026-04-02' }, { name: 'scratch', indexedDB: factory, IDBKeyRange });
    expect(result).toMatchObject({ ok: true, value: { matches: true, auditChainIntact: true } });
    expect(await db.assets.count()).toBe(liveBefore);
    expect((await listAudit(db)).at(-1)).toMatchObject({ action: 'backup.restoreTest', outcome: 'success', detail: { matches: true } });
    expect((await factory.databases()).map((d) => d.name)).not.toContain('scratch');
  });

  it('reports a broken audit chain inside the backup', async () => {
    const db = await populated();
    const { parsed } = await backupOf(db);
    parsed.tables.audit[1]!.actor = '改ざん';
    const result = await restoreTest(db, parsed, SCHEMA_VERSION, { ...operator(), backupCreatedAt: 'x' }, { name: 'scratch2', indexedDB: freshFactory(), IDBKeyRange });
    expect(result).toMatchObject({ ok: true, value: { matches: true, auditChainIntact: false } });
    expect((await listAudit(db)).at(-1)).toMatchObject({ action: 'backup.restoreTest', outcome: 'failure' });
  });
});

describe('backup schedule', () => {
  it('returns the interval and the last backup time, both recorded', async () => {
    const db = await populated();
    expect(await getBackupSchedule(db)).toEqual({ intervalDays: 30, lastBackupAt: null });
    await setBackupInterval(db, 7, operator());
    const { content } = await backupOf(db);
    await recordBackup(db, content, '市民課_2026-04-02.daicho-backup', operator('2026-04-02T00:00:00.000Z'));
    expect(await getBackupSchedule(db)).toEqual({ intervalDays: 7, lastBackupAt: '2026-04-02T00:00:00.000Z' });
    expect((await listAudit(db)).slice(-3).map((e) => e.action)).toEqual(['backup.interval', 'backup.create', 'takeOut.authorised']);
    expect(await db.takeOuts.toArray()).toMatchObject([{ kind: 'backup', state: 'handedOver', encrypted: true, managementNumber: '（台帳全体）' }]);
    expect(compareRestore(content.tables, content.tables).matches).toBe(true);
  });

  it('knows a backup exists right after restoring one: the later of the terminal\'s last backup and the restored file\'s time', async () => {
    const db = await populated();
    await trust(db, sectionKey);
    // The file's own snapshot says "no backup yet": it was taken before the file was written.
    const { parsed } = await backupOf(db, db);
    expect(await getBackupSchedule(db)).toMatchObject({ lastBackupAt: null });
    expect((await restoreDatabase(db, parsed, SCHEMA_VERSION, { ...operator('2026-07-01T00:00:00.000Z'), backupCreatedAt: '2026-04-02T00:00:00.000Z' })).ok).toBe(true);
    expect(await getBackupSchedule(db)).toEqual({ intervalDays: 30, lastBackupAt: '2026-04-02T00:00:00.000Z' });

    // A later backup this terminal made is not forgotten by restoring an older file.
    await db.settings.put({ key: 'backup', value: { intervalDays: 14, lastBackupAt: '2026-06-30T00:00:00.000Z' } });
    expect((await restoreDatabase(db, parsed, SCHEMA_VERSION, { ...operator('2026-07-02T00:00:00.000Z'), backupCreatedAt: '2026-04-02T00:00:00.000Z' })).ok).toBe(true);
    expect(await getBackupSchedule(db)).toEqual({ intervalDays: 14, lastBackupAt: '2026-06-30T00:00:00.000Z' });
  });
});

describe('backups bound to the section (foreign, edited and manager-less backups)', () => {
  it('opens a backup signed by the section’s trusted key, and one signed by this terminal’s own retired key', async () => {
    const source = await populated();
    const content = await snapshotDatabase(source, '西宮市', '市民課');
    const into = await target();
    expect((await openBackup(into, await fileOf(content), PASSWORD, owner, SCHEMA_VERSION)).ok).toBe(true);
    const retired = signerOf(12);
    await into.signingKeys.add({ keyId: retired.keyId, publicKey: retired.publicKey, privateKey: {} as CryptoKey, state: 'retired', createdAt: 'x', createdBy: 'x', retiredAt: 'y', revokedAt: null, nextSequence: 3 });
    expect((await openBackup(into, await fileOf(content, retired), PASSWORD, owner, SCHEMA_VERSION)).ok).toBe(true);
  });

  it.each([
    ['a key nobody here trusts', async () => signerOf(20)],
    ['another section’s trusted key', async (db: DaichoDb) => { const k = signerOf(21); await trust(db, k, { organisation: '西宮市', section: '税務課' }); return k; }],
    ['a trusted key of the section that was since revoked', async (db: DaichoDb) => { const k = signerOf(22); await trust(db, k, owner, '2026-04-03T00:00:00.000Z'); return k; }],
    ['this terminal’s revoked key', async (db: DaichoDb) => { const k = signerOf(23); await db.signingKeys.add({ keyId: k.keyId, publicKey: k.publicKey, privateKey: {} as CryptoKey, state: 'revoked', createdAt: 'x', createdBy: 'x', retiredAt: null, revokedAt: 'y', nextSequence: 1 }); await trust(db, k); return k; }],
  ])('refuses a foreign backup signed by %s (unknown-signer), before the password is tried', async (_name, keyFor) => {
    const source = await populated();
    const into = await target();
    const signer = await keyFor(into);
    const file = await fileOf(await snapshotDatabase(source, '西宮市', '市民課'), signer);
    expect(await openBackup(into, file, 'まちがったパスワード', owner, SCHEMA_VERSION)).toEqual({ ok: false, reason: 'unknown-signer' });
  });

  it('refuses an edited backup: decrypted with the password, a manager added, re-encrypted under another key', async () => {
    const source = await populated();
    const into = await target();
    const { parsed } = await backupOf(source, into);
    parsed.tables.accounts.push(account('intruder', 'securityManager'));
    const edited = await fileOf(parsed, signerOf(30));
    expect(await openBackup(into, edited, PASSWORD, owner, SCHEMA_VERSION)).toEqual({ ok: false, reason: 'unknown-signer' });
  });

  it('refuses a backup whose bytes were changed after signing (bad-signature)', async () => {
    const source = await populated();
    const into = await target();
    const file = await fileOf(await snapshotDatabase(source, '西宮市', '市民課'));
    file[file.length - 100]! ^= 0x40;
    expect(await openBackup(into, file, PASSWORD, owner, SCHEMA_VERSION)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it.each([
    ['no accounts at all (first-run screen after restore)', (c: BackupContent) => (c.tables.accounts = [])],
    ['only staff and auditors', (c: BackupContent) => (c.tables.accounts = [account('staff1', 'staff'), account('audit1', 'auditor')])],
    ['only a disabled manager', (c: BackupContent) => (c.tables.accounts = [account('yamada', 'securityManager', true), account('staff1', 'staff')])],
  ])('refuses a manager-less backup with %s and leaves the ledger unchanged', async (_name, strip) => {
    const source = await populated();
    const into = await target();
    await into.accounts.put(account('current', 'securityManager'));
    const { parsed } = await backupOf(source, into);
    strip(parsed);
    const before = await snapshotDatabase(into, '', '');
    expect(await restoreDatabase(into, parsed, SCHEMA_VERSION, { ...operator(), backupCreatedAt: 'x' })).toEqual({ ok: false, reason: 'no-manager' });
    expect(await snapshotDatabase(into, '', '')).toEqual(before);
  });

  it('also refuses, at open, a signed backup whose content fails a table schema', async () => {
    const source = await populated();
    const into = await target();
    const content = await snapshotDatabase(source, '西宮市', '市民課');
    content.tables.accounts.push({ ...account('bad', 'securityManager'), role: 'superuser' });
    expect(await openBackup(into, await fileOf(content), PASSWORD, owner, SCHEMA_VERSION)).toMatchObject({ ok: false, reason: 'invalid-content', table: 'accounts' });
  });

  it.each([
    [{ idleMinutes: 0, maxFailures: 1e9, lockMinutes: 0, minLength: 4 }, { idleMinutes: 1, maxFailures: 10, lockMinutes: 5, minLength: 10 }],
    [{ idleMinutes: 10_000, maxFailures: -5, lockMinutes: 1e12, minLength: 1000 }, { idleMinutes: 60, maxFailures: 3, lockMinutes: 1440, minLength: 64 }],
    [{ idleMinutes: 'never', maxFailures: null }, { idleMinutes: 10, maxFailures: 5 }],
  ])('clamps a restored security policy %j to its allowed ranges', async (stored, expected) => {
    const source = await populated();
    const into = await target();
    const { parsed } = await backupOf(source, into);
    parsed.tables.settings.push({ key: 'securityPolicy', value: stored });
    expect((await restoreDatabase(into, parsed, SCHEMA_VERSION, { ...operator(), backupCreatedAt: 'x' })).ok).toBe(true);
    expect(await getSecurityPolicy(into)).toMatchObject(expected);
  });

  // Signed by the section's key, so a thief cannot make one; a faulty program or an edited export can.
  it.each<[string, (c: BackupContent) => void]>([
    ['an asset twice under one id', (c) => c.tables.assets.push({ ...c.tables.assets[0]!, name: '差し替え' })],
    ['an account twice under one user ID (the second a manager)', (c) => c.tables.accounts.push(account('dup', 'staff'), account('dup', 'securityManager'))],
    ['a setting twice under one key', (c) => c.tables.settings.push({ ...c.tables.settings[0]! })],
  ])('refuses a backup holding %s, and leaves ledger and audit log as they were', async (_name, duplicate) => {
    const source = await populated();
    const into = await target();
    await into.accounts.put(account('current', 'securityManager'));
    await addAsset(into, assetInput({ name: '課税台帳' }), 'z1', operator());
    const { parsed } = await backupOf(source, into);
    parsed.tables.accounts.push(account('yamada', 'securityManager'));
    duplicate(parsed);
    const before = await snapshotDatabase(into, '', '');
    const restored = await restoreDatabase(into, parsed, SCHEMA_VERSION, { ...operator(), backupCreatedAt: 'x' });
    expect(restored.ok).toBe(false);
    const after = await snapshotDatabase(into, '', '');
    // A refused restore may record its refusal; nothing else changes and no entry is lost.
    expect({ ...after.tables, audit: after.tables.audit.slice(0, before.tables.audit.length) }).toEqual(before.tables);
    expect(await verifyAudit(into)).toMatchObject({ ok: true });
  });

  it('keeps a key revoked on this terminal revoked when the backup predates the revocation', async () => {
    const source = await populated();
    const other = signerOf(40);
    await trust(source, other, { organisation: '西宮市', section: '税務課' });
    const into = await target();
    const { parsed } = await backupOf(source, into);
    await trust(into, other, { organisation: '西宮市', section: '税務課' }, '2026-04-05T00:00:00.000Z');
    await restoreDatabase(into, parsed, SCHEMA_VERSION, { ...operator(), backupCreatedAt: 'x' });
    expect((await into.trustedKeys.get(other.keyId))?.revokedAt).toBe('2026-04-05T00:00:00.000Z');
    expect(await backupSigningKeys(into, owner)).toEqual([sectionKey.publicKey]);
  });
});

describe('restore never discards audit entries', () => {
  it('restoring an older backup of this terminal keeps every later entry and sets nothing aside', async () => {
    const db = await populated();
    await trust(db, sectionKey);
    const { parsed } = await backupOf(db, db);
    const backupHead = parsed.tables.audit.at(-1)!;
    await addAsset(db, assetInput({ managementNumber: 'SM-00003', name: 'バックアップ後の資産' }), 'a3', operator('2026-06-01T00:00:00.000Z'));
    await updateAsset(db, 'a3', assetInput({ managementNumber: 'SM-00003', name: '名称変更' }), operator('2026-06-02T00:00:00.000Z'));
    const before = await listAudit(db);
    expect(before.length).toBeGreaterThan(parsed.tables.audit.length);

    expect((await restoreDatabase(db, parsed, SCHEMA_VERSION, { ...operator('2026-07-01T00:00:00.000Z'), backupCreatedAt: '2026-04-02T00:00:00.000Z' })).ok).toBe(true);
    const after = await listAudit(db);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({ action: 'backup.restore', detail: { sharedSeq: backupHead.seq, setAside: { count: 0, head: null } } });
    expect(await verifyAudit(db)).toMatchObject({ ok: true, count: before.length + 1 });
    expect(await listAuditSegments(db)).toEqual([]);
    expect(await db.assets.get('a3')).toBeUndefined(); // the ledger itself did go back
  });

  it('restoring another chain’s backup keeps the current chain and sets the other one aside; the segment stays verifiable and named', async () => {
    const other = await populated();
    const { parsed } = await backupOf(other);
    const db = await target();
    await addAsset(db, assetInput({ managementNumber: 'SM-00009', name: 'この端末の資産' }), 'z9', operator());
    const before = await listAudit(db);
    await restoreDatabase(db, parsed, SCHEMA_VERSION, { ...operator('2026-07-01T00:00:00.000Z'), backupCreatedAt: 'x' });
    expect((await listAudit(db)).slice(0, before.length)).toEqual(before);
    const [segment] = await listAuditSegments(db);
    expect(segment).toMatchObject({ verification: { ok: true, count: parsed.tables.audit.length }, named: true });

    // A set-aside entry edited afterwards is detected, and so is a segment replaced wholesale.
    const record = (await db.settings.get(segment!.key))!;
    const edited = structuredClone(record.value) as { entries: { actor: string }[] };
    edited.entries[1]!.actor = '改ざん';
    await db.settings.put({ key: segment!.key, value: edited });
    expect((await listAuditSegments(db))[0]).toMatchObject({ verification: { ok: false, brokenSeq: 2, reason: 'hash-mismatch' } });
    const shorter = structuredClone(record.value) as { entries: unknown[] };
    shorter.entries.pop();
    await db.settings.put({ key: segment!.key, value: shorter });
    expect((await listAuditSegments(db))[0]).toMatchObject({ verification: { ok: true }, named: false });
  });

  it('keeps the log extending the last exported head after a restore; replacing the log, as restores used to, is detected', async () => {
    const db = await populated();
    await trust(db, sectionKey);
    const { parsed } = await backupOf(db, db);
    for (let i = 0; i < 3; i++) await updateAsset(db, 'a1', assetInput({ name: `後の変更${i}` }), operator('2026-06-01T00:00:00.000Z'));
    const made = await auditAnchorForNextExport(db);
    if (!made.ok) throw new Error(made.reason);
    await db.transaction('rw', db.settings, () => recordExportAnchor(db, made.anchor, { at: '2026-06-02T00:00:00.000Z', fileName: '台帳.xlsx' }));
    await restoreDatabase(db, parsed, SCHEMA_VERSION, { ...operator('2026-07-01T00:00:00.000Z'), backupCreatedAt: 'x' });
    expect(await checkAgainstLastExport(db)).toMatchObject({ ok: true });
    const next = await auditAnchorForNextExport(db);
    expect(next.ok && checkAuditHead({ size: made.anchor.size, rootHash: made.anchor.rootHash }, next.anchor)).toEqual({ ok: true });

    // What the old restore did: the backup's shorter chain in place of the current one.
    await db.audit.clear();
    await db.audit.bulkAdd(parsed.tables.audit as never[]);
    expect(await verifyAudit(db)).toMatchObject({ ok: true });
    expect(await checkAgainstLastExport(db)).toMatchObject({ ok: false, reason: 'went-backwards' });
  });

  it('judges a backup’s chain from the backup’s own archive anchor', async () => {
    const db = await populated();
    const { parsed } = await backupOf(db);
    const [, second, ...rest] = parsed.tables.audit;
    const archived = structuredClone(parsed);
    archived.tables.audit = rest;
    expect(backupAuditIntact(archived)).toBe(false);
    archived.tables.settings.push({ key: 'auditAnchor', value: { seq: second!.seq, hash: second!.hash } });
    expect(backupAuditIntact(archived)).toBe(true);
  });

  it('keeps this terminal’s archive anchor and segments, not the backup’s', async () => {
    const other = await populated();
    const { parsed } = await backupOf(other);
    parsed.tables.settings.push({ key: 'auditAnchor', value: { seq: 99, hash: 'f'.repeat(64) } });
    const db = await target();
    await addAsset(db, assetInput({ managementNumber: 'SM-00009' }), 'z9', operator());
    await restoreDatabase(db, parsed, SCHEMA_VERSION, { ...operator(), backupCreatedAt: 'x' });
    expect(await db.settings.get('auditAnchor')).toBeUndefined();
    expect(await verifyAudit(db)).toMatchObject({ ok: true });
  });
});
