/**
 * Backup and restore of the whole ledger database. A snapshot is read in one transaction; a restore
 * replaces every table but the audit log in one transaction (all or nothing) and is recorded in the
 * current audit chain; a restore test restores into a scratch database and compares it with the backup.
 *
 * Backups are bound to the section: they are signed with this terminal's key, and a restore accepts
 * only files signed by the section's keys (`backupSigningKeys`), validated table by table, whose
 * security policy is clamped to its allowed ranges and which leave an enabled security manager.
 */
import type { AuditEntry } from '../../shared/domain/auditChain';
import {
  backupTables,
  countBackup,
  hasActiveManager,
  parseBackupContent,
  type BackupContent,
  type BackupTable,
  type RestoreRefusal,
} from '../../shared/backup/backupContent';
import type { BackupHeader, BackupReadFailure } from '../../shared/backup/backupFile';
import { boundedPolicy, defaultSecurityPolicy, type SecurityPolicy } from './accountRepository';
import { appendAudit, getAuditAnchor, isAuditSettingKey, SEGMENT_PREFIX } from './auditRepository';
import { genesisAnchor } from '../../shared/domain/auditArchive';
import { AUDIT_SEGMENT_FORMAT, divergence, segmentHead, verifyAuditSegment, type AuditSegment } from '../../shared/domain/auditSegment';
import { DaichoDb } from './db';
import { allTables, snapshotDatabase } from './readSnapshot';
import { parseBackupContentInSlices } from './inSlices';
import { compareInScratch, replaceAll, upgradedTables, type RestoreTestResult } from './restoreTables';
import { authorize, signedContext, type WriteContext } from './session';
import { runWrite, type WriteResult } from './writeResult';
import { recordAuthorisedTakeOut, storeLedgerOnMedium } from './registerRepository';
import { authorisedTakeOut } from '../../shared/registers/takeOut';
import type { DestinationChoice } from '../../shared/registers/approvedMedia';
import type { PolicyProfile } from '../../shared/domain/policyProfile';

const BACKUP_KEY = 'backup';
import { anchorSchema, backupAuditIntact } from './backupAuditIntact';

export { backupAuditIntact, snapshotDatabase };

/** The manager's backup interval and when the last backup was saved. */
export interface BackupSchedule {
  intervalDays: number;
  lastBackupAt: string | null;
}

export const defaultBackupSchedule: BackupSchedule = { intervalDays: 30, lastBackupAt: null };

export async function getBackupSchedule(db: DaichoDb): Promise<BackupSchedule> {
  const record = await db.settings.get(BACKUP_KEY);
  return { ...defaultBackupSchedule, ...(record?.value as Partial<BackupSchedule> | undefined) };
}

type Context = WriteContext;

/** Sets the backup interval (recorded). */
export function setBackupInterval(db: DaichoDb, intervalDays: number, at: Context): Promise<WriteResult<BackupSchedule>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.settings, db.audit, async () => {
      const context = await signedContext(db, 'backup.interval', at);
      const before = await getBackupSchedule(db);
      const after = { ...before, intervalDays };
      await db.settings.put({ key: BACKUP_KEY, value: after });
      await appendAudit(db, [{ at: context.now, actor: context.actor, action: 'backup.interval', target: '', outcome: 'success', detail: { from: before.intervalDays, to: intervalDays } }]);
      return after;
    }),
  );
}

/**
 * Records a saved backup: the audit entry, the time the reminder counts from, and a take-out of the
 * whole ledger (the backup leaves the terminal on a medium, 【03】第9条) in the take-out register.
 * `content` may be just its counts per table: the app's backup is read and written in the worker and
 * its content never reaches the UI thread (issue 15).
 */
export function recordBackup(db: DaichoDb, content: BackupContent | Record<BackupTable, number>, fileName: string, at: Context, destinationMedium?: { choice: DestinationChoice; profile: PolicyProfile }): Promise<WriteResult<void>> {
  return runWrite(() =>
    db.transaction('rw', [db.accounts, db.settings, db.audit, db.takeOuts, db.assets, db.history, db.labelPrints], async () => {
      const context = await signedContext(db, 'backup.create', at);
      await db.settings.put({ key: BACKUP_KEY, value: { ...(await getBackupSchedule(db)), lastBackupAt: context.now } });
      await appendAudit(db, [{ at: context.now, actor: context.actor, action: 'backup.create', target: '', outcome: 'success', detail: { fileName, counts: 'tables' in content ? countBackup(content as BackupContent) : content } }]);
      // 【03】第8条1: the medium chosen (permitted, labelled) now holds the ledger; or one outside the ledger, with the reason.
      const stored = destinationMedium ? await storeLedgerOnMedium(db, destinationMedium.profile, 'backup', destinationMedium.choice, at) : null;
      await recordAuthorisedTakeOut(
        db,
        authorisedTakeOut(
          'backup',
          {
            assetId: stored?.ledgerAsset?.id ?? '', managementNumber: stored?.ledgerAsset?.managementNumber ?? '（台帳全体）', purpose: `バックアップ（${fileName}）`, destination: '許可された記録媒体', medium: stored?.medium ?? '暗号化したバックアップファイル',
            ...(stored?.mediumAssetId ? { mediumAssetId: stored.mediumAssetId } : {}), ...(stored?.offLedgerReason ? { offLedgerReason: stored.offLedgerReason } : {}), encrypted: true,
          },
          context,
        ),
      );
    }),
  );
}

/**
 * The public keys a backup of this section may be signed with: this terminal's active and retired
 * keys (never a revoked one) and the keys trusted for this same organisation and section (e.g. the
 * key of the terminal this one replaced, registered from its public key file before restoring).
 */
export async function backupSigningKeys(db: DaichoDb, owner: { organisation: string; section: string }): Promise<string[]> {
  const own = (await db.signingKeys.toArray()).filter((k) => k.state !== 'revoked').map((k) => k.publicKey);
  const revoked = new Set((await db.signingKeys.toArray()).filter((k) => k.state === 'revoked').map((k) => k.publicKey));
  const trusted = (await db.trustedKeys.toArray())
    .filter((k) => !k.revokedAt && k.organisation === owner.organisation && k.section === owner.section && !revoked.has(k.publicKey))
    .map((k) => k.publicKey);
  return [...new Set([...own, ...trusted])];
}

export type BackupOpenResult =
  | { ok: true; header: BackupHeader; content: BackupContent }
  | { ok: false; reason: BackupReadFailure | RestoreRefusal; table?: string | null };

/**
 * Opens a backup file for restore or restore test: signed by one of the section's keys, decrypted with
 * the password, every table validated. Restoring it is a further step (`restoreDatabase`).
 */
export async function openBackup(db: DaichoDb, file: Uint8Array, password: string, owner: { organisation: string; section: string }, schemaVersion: number): Promise<BackupOpenResult> {
  // Loaded on use: the cipher and signature code is not needed before login (code splitting, issue 15).
  const { readBackup } = await import('../../shared/backup/backupFile');
  const read = await readBackup(file, password, schemaVersion, await backupSigningKeys(db, owner));
  if (!read.ok) return read;
  const parsed = parseBackupContent(read.content);
  if (!parsed.ok) return parsed;
  return { ok: true, header: read.header, content: parsed.content };
}

/** Records a refused restore or a failed test in the (unchanged) audit log. */
export function recordBackupFailure(db: DaichoDb, action: 'backup.restore' | 'backup.restoreTest', reason: string, at: Context): Promise<WriteResult<void>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.audit, async () => {
      const context = await signedContext(db, action, at);
      await appendAudit(db, [{ at: context.now, actor: context.actor, action, target: '', outcome: 'failure', detail: { reason } }]);
    }),
  );
}



/**
 * The audit side of a restore: the current chain stays; the backup's entries the current chain lacks
 * become a segment; the settings keep this terminal's audit records (anchor, segments, export anchor)
 * and gain the backup's segments not already here (segments are content-addressed by head hash).
 */
async function setAsideBackupAudit(db: DaichoDb, backup: Record<BackupTable, Record<string, unknown>[]>, context: { actor: string; now: string; backupCreatedAt: string }) {
  const currentAnchor = await getAuditAnchor(db);
  const hashes = new Map<number, string>([[currentAnchor.seq, currentAnchor.hash]]);
  await db.audit.each((entry) => void hashes.set(entry.seq, entry.hash));
  const backupAnchorRecord = backup.settings.find((r) => r.key === 'auditAnchor');
  const backupAnchor = anchorSchema.safeParse(backupAnchorRecord?.value);
  const incoming = backup.audit as unknown as AuditEntry[];
  const split = divergence(incoming, backupAnchor.success ? backupAnchor.data : genesisAnchor, (seq) => hashes.get(seq));
  const segment: AuditSegment | null =
    split.setAside.length === 0
      ? null
      : { format: AUDIT_SEGMENT_FORMAT, reason: 'backup.restore', setAsideAt: context.now, setAsideBy: context.actor, backupCreatedAt: context.backupCreatedAt, anchor: split.anchor, entries: split.setAside };
  const head = segment && segmentHead(segment);
  const ownAudit = (await db.settings.toArray()).filter((r) => isAuditSettingKey(r.key));
  const ownKeys = new Set(ownAudit.map((r) => r.key));
  const settings: Record<string, unknown>[] = [
    ...backup.settings.filter((r) => !isAuditSettingKey(r.key as string)),
    ...(ownAudit as unknown as Record<string, unknown>[]),
    ...backup.settings.filter((r) => (r.key as string).startsWith(SEGMENT_PREFIX) && !ownKeys.has(r.key as string)),
  ];
  const segmentKey = head ? `${SEGMENT_PREFIX}${head.hash}` : null;
  if (segment && segmentKey && !ownKeys.has(segmentKey)) settings.push({ key: segmentKey, value: segment });
  return {
    settings,
    detail: {
      sharedSeq: split.sharedSeq,
      backupAuditCount: incoming.length,
      setAside: { count: split.setAside.length, head, anchor: split.anchor, segmentKey, intact: segment ? verifyAuditSegment(segment).ok : true },
    },
  };
}

const POLICY_KEY = 'securityPolicy';

/**
 * What a restore writes, made safe: the security policy clamped to its allowed ranges (a backup with
 * `maxFailures: 1e9` or `idleMinutes: 0` restores the nearest allowed value), and trusted keys merged so
 * that a key revoked on this terminal stays revoked and none of this terminal's keys is forgotten.
 */
function hardened(tables: Record<BackupTable, Record<string, unknown>[]>, currentTrusted: readonly Record<string, unknown>[]): Record<BackupTable, Record<string, unknown>[]> {
  const settings = tables.settings.map((record) => {
    if (record.key !== POLICY_KEY) return record;
    const stored = (record.value && typeof record.value === 'object' ? record.value : {}) as Record<string, unknown>;
    const numeric = Object.fromEntries(Object.entries(stored).filter(([k, v]) => k in defaultSecurityPolicy && typeof v === 'number')) as Partial<SecurityPolicy>;
    return { key: POLICY_KEY, value: boundedPolicy({ ...defaultSecurityPolicy, ...numeric }) };
  });
  const trusted = new Map(tables.trustedKeys.map((k) => [k.keyId as string, k]));
  for (const key of currentTrusted) {
    const restored = trusted.get(key.keyId as string);
    // Revocation cannot be undone by restoring an older backup (it would re-open what it closed).
    if (!restored || (key.revokedAt && !restored.revokedAt)) trusted.set(key.keyId as string, key);
  }
  return { ...tables, settings, trustedKeys: [...trusted.values()] };
}

export type RestoreResult = WriteResult<void> | { ok: false; reason: RestoreRefusal };

/**
 * Replaces the ledger with the backup in one transaction, except the audit log: this terminal's chain
 * is kept and continues with a 'backup.restore' entry naming the head and count of the backup's entries
 * it set aside (kept as a verifiable segment, see auditSegment.ts). Any failure rolls everything back. The content is checked
 * again here (schemas, an enabled security manager), whoever called: a restore can never leave the
 * section without a manager or with a policy outside its bounds.
 */
export async function restoreDatabase(db: DaichoDb, content: BackupContent, fromSchemaVersion: number, at: Context & { backupCreatedAt: string }): Promise<RestoreResult> {
  // The checks and copies before the transaction run in slices, the writes in it in chunks (issue 15):
  // 100,000 assets restore without one long task on the UI thread, still all or nothing.
  const parsed = await parseBackupContentInSlices(content);
  if (!parsed.ok) return { ok: false, reason: 'invalid-content' };
  // parsed.content is this function's own copy (parseBackupContentInSlices builds it): no second one.
  const upgraded = await upgradedTables(parsed.content, fromSchemaVersion, true);
  const auditChainIntact = backupAuditIntact(content);
  if (!hasActiveManager(upgraded.accounts)) return { ok: false, reason: 'no-manager' };
  return runWrite(() =>
    db.transaction('rw', allTables(db), async () => {
      // Checked before anything is replaced (allTables includes the accounts). After the restore the
      // session's account may not exist any more: the next write then asks for a new login.
      const context = { ...(await signedContext(db, 'backup.restore', at)), backupCreatedAt: at.backupCreatedAt };
      const tables = hardened(upgraded, (await db.trustedKeys.toArray()) as unknown as Record<string, unknown>[]);
      // Restore never discards audit entries: this terminal's chain is kept and continued.
      const audit = await setAsideBackupAudit(db, tables, context);
      // The backup history is this terminal's, not the file's: the file was written after its own
      // snapshot, so it says "no backup yet" or an older date. Keep the later of what the terminal knew
      // and the restored backup's own time, so the reminder does not come back after a restore.
      const schedule = await getBackupSchedule(db);
      const lastBackupAt = [schedule.lastBackupAt, context.backupCreatedAt].filter((at): at is string => Boolean(at)).sort().at(-1) ?? null;
      const settings = [...audit.settings.filter((r) => r.key !== BACKUP_KEY), { key: BACKUP_KEY, value: { ...schedule, lastBackupAt } }];
      await replaceAll(db, { ...tables, settings }, backupTables.filter((t) => t !== 'audit'));
      await appendAudit(db, [
        {
          at: context.now,
          actor: context.actor,
          action: 'backup.restore',
          target: '',
          outcome: 'success',
          detail: { backupCreatedAt: context.backupCreatedAt, fromSchemaVersion, counts: countBackup(content), auditChainIntact, ...audit.detail },
        },
      ]);
    }),
  );
}

/**
 * 【11】第8条: restores the backup into a scratch database, reads it back and compares it with the
 * backup; the live ledger is not touched (only the test's own audit entry is added to it). The app
 * runs the comparison in its worker (workerJobs.ts `testRestore`) between `authorizeRestoreTest` and
 * `recordRestoreTest`; this is the same three steps in one call.
 */
export async function restoreTest(
  db: DaichoDb,
  content: BackupContent,
  fromSchemaVersion: number,
  at: Context & { backupCreatedAt: string },
  scratch: { name: string; indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = { name: 'daicho-restore-test' },
): Promise<WriteResult<RestoreTestResult>> {
  const allowed = await authorizeRestoreTest(db);
  if (!allowed.ok) return allowed;
  const options = scratch.indexedDB ? { indexedDB: scratch.indexedDB, IDBKeyRange: scratch.IDBKeyRange } : undefined;
  const result = await compareInScratch(new DaichoDb(scratch.name, options), content, fromSchemaVersion);
  return recordRestoreTest(db, { ...result, counts: countBackup(content) }, at);
}

/** Refuses a restore test before the scratch copy is made (checked again when the result is recorded). */
export function authorizeRestoreTest(db: DaichoDb): Promise<WriteResult<unknown>> {
  return runWrite(() => db.transaction('r', db.accounts, () => authorize(db, 'backup.restoreTest')));
}

/** Records a restore test's result in the audit log (success only when everything matched). */
export async function recordRestoreTest(db: DaichoDb, result: RestoreTestResult & { counts: Record<BackupTable, number> }, at: Context & { backupCreatedAt: string }): Promise<WriteResult<RestoreTestResult>> {
  const { counts, ...comparison } = result;
  const recorded = await runWrite(() =>
    db.transaction('rw', db.accounts, db.audit, async () => {
      const context = await signedContext(db, 'backup.restoreTest', at);
      await appendAudit(db, [
        {
          at: context.now,
          actor: context.actor,
          action: 'backup.restoreTest',
          target: '',
          outcome: comparison.matches && comparison.auditChainIntact ? 'success' : 'failure',
          detail: { backupCreatedAt: at.backupCreatedAt, matches: comparison.matches, auditChainIntact: comparison.auditChainIntact, counts },
        },
      ]);
    }),
  );
  return recorded.ok ? { ok: true, value: comparison } : recorded;
}
