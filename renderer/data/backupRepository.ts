/**
 * Backup and restore of the whole ledger database. A snapshot is read in one transaction; a restore
 * replaces every table in one transaction (all or nothing) and is recorded in the restored audit
 * chain; a restore test restores into a scratch database and compares it with the backup.
 */
import { verifyAuditChain, type AuditEntry } from '../../shared/domain/auditChain';
import {
  backupTables,
  compareRestore,
  countBackup,
  type BackupContent,
  type BackupTable,
  type RestoreComparison,
} from '../../shared/backup/backupContent';
import { appendAudit } from './auditRepository';
import { DaichoDb } from './db';
import { upgradeRecord } from './migrations';
import { authorize, signedContext, type WriteContext } from './session';
import { runWrite, type WriteResult } from './writeResult';
import { recordAuthorisedTakeOut } from './registerRepository';
import { authorisedTakeOut } from '../../shared/registers/takeOut';

const BACKUP_KEY = 'backup';

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

/** Reads every table in one consistent snapshot. */
export function snapshotDatabase(db: DaichoDb, organisation: string, section: string): Promise<BackupContent> {
  return db.transaction('r', allTables(db), async () => ({
    organisation,
    section,
    tables: {
      assets: (await db.assets.toArray()) as unknown as Record<string, unknown>[],
      history: (await db.history.toArray()) as unknown as Record<string, unknown>[],
      audit: (await db.audit.orderBy('seq').toArray()) as unknown as Record<string, unknown>[],
      settings: (await db.settings.toArray()) as unknown as Record<string, unknown>[],
      labelPrints: (await db.labelPrints.toArray()) as unknown as Record<string, unknown>[],
      accounts: (await db.accounts.toArray()) as unknown as Record<string, unknown>[],
      takeOuts: (await db.takeOuts.toArray()) as unknown as Record<string, unknown>[],
      disposals: (await db.disposals.toArray()) as unknown as Record<string, unknown>[],
      // Public keys only. Signing keys are non-extractable and stay with this terminal: after a restore
      // elsewhere the section creates a new key and tells the central office its fingerprint.
      trustedKeys: (await db.trustedKeys.toArray()) as unknown as Record<string, unknown>[],
    },
  }));
}

/**
 * Records a saved backup: the audit entry, the time the reminder counts from, and a take-out of the
 * whole ledger (the backup leaves the terminal on a medium, 【03】第9条) in the take-out register.
 */
export function recordBackup(db: DaichoDb, content: BackupContent, fileName: string, at: Context): Promise<WriteResult<void>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.settings, db.audit, db.takeOuts, async () => {
      const context = await signedContext(db, 'backup.create', at);
      await db.settings.put({ key: BACKUP_KEY, value: { ...(await getBackupSchedule(db)), lastBackupAt: context.now } });
      await appendAudit(db, [{ at: context.now, actor: context.actor, action: 'backup.create', target: '', outcome: 'success', detail: { fileName, counts: countBackup(content) } }]);
      await recordAuthorisedTakeOut(
        db,
        authorisedTakeOut('backup', { assetId: '', managementNumber: '（台帳全体）', purpose: `バックアップ（${fileName}）`, destination: '許可された記録媒体', medium: '暗号化したバックアップファイル', encrypted: true }, context),
      );
    }),
  );
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

/** The records of each table brought to the current schema (a backup from an older version). */
function upgradedTables(content: BackupContent, fromVersion: number): Record<BackupTable, Record<string, unknown>[]> {
  return Object.fromEntries(
    backupTables.map((table) => [
      table,
      content.tables[table].map((record) => {
        const copy = structuredClone(record);
        upgradeRecord(table, copy, fromVersion);
        return copy;
      }),
    ]),
  ) as Record<BackupTable, Record<string, unknown>[]>;
}

/** Every table a backup holds, in one place so snapshot, restore and test cannot miss one. */
function allTables(db: DaichoDb) {
  return backupTables.map((name) => db.table(name));
}

async function replaceAll(db: DaichoDb, tables: Record<BackupTable, Record<string, unknown>[]>): Promise<void> {
  await Promise.all(backupTables.map((name) => db.table(name).clear()));
  for (const name of backupTables) await db.table(name).bulkAdd(tables[name]);
}

/** Whether the audit chain inside a backup is intact (shown before restoring). */
export function backupAuditIntact(content: BackupContent): boolean {
  return verifyAuditChain(content.tables.audit as unknown as AuditEntry[]).ok;
}

/**
 * Replaces the whole database with the backup in one transaction, then records the restore at the
 * end of the restored audit chain. Any failure midway rolls everything back.
 */
export function restoreDatabase(db: DaichoDb, content: BackupContent, fromSchemaVersion: number, at: Context & { backupCreatedAt: string }): Promise<WriteResult<void>> {
  const tables = upgradedTables(content, fromSchemaVersion);
  return runWrite(() =>
    db.transaction('rw', allTables(db), async () => {
      // Checked before anything is replaced (allTables includes the accounts). After the restore the
      // session's account may not exist any more: the next write then asks for a new login.
      const context = await signedContext(db, 'backup.restore', at);
      await replaceAll(db, tables);
      await appendAudit(db, [
        {
          at: context.now,
          actor: context.actor,
          action: 'backup.restore',
          target: '',
          outcome: 'success',
          detail: { backupCreatedAt: context.backupCreatedAt, fromSchemaVersion, counts: countBackup(content), auditChainIntact: backupAuditIntact(content) },
        },
      ]);
    }),
  );
}

/**
 * 【11】第8条: restores the backup into a scratch database, reads it back and compares it with the
 * backup; the live ledger is not touched (only the test's own audit entry is added to it).
 */
export async function restoreTest(
  db: DaichoDb,
  content: BackupContent,
  fromSchemaVersion: number,
  at: Context & { backupCreatedAt: string },
  scratch: { name: string; indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = { name: 'daicho-restore-test' },
): Promise<WriteResult<RestoreComparison & { auditChainIntact: boolean }>> {
  // Refused before the scratch copy is made, and checked again when the result is recorded.
  const allowed = await runWrite(() => db.transaction('r', db.accounts, () => authorize(db, 'backup.restoreTest')));
  if (!allowed.ok) return allowed;
  const options = scratch.indexedDB ? { indexedDB: scratch.indexedDB, IDBKeyRange: scratch.IDBKeyRange } : undefined;
  await new DaichoDb(scratch.name, options).delete(); // a copy left by an interrupted test
  const copy = new DaichoDb(scratch.name, options);
  try {
    const tables = upgradedTables(content, fromSchemaVersion);
    await copy.transaction('rw', allTables(copy), () => replaceAll(copy, tables));
    const restored = (await snapshotDatabase(copy, content.organisation, content.section)).tables;
    const comparison = compareRestore(tables, restored);
    const auditChainIntact = verifyAuditChain(restored.audit as unknown as AuditEntry[]).ok;
    const result = { ...comparison, auditChainIntact };
    const recorded = await runWrite(() =>
      db.transaction('rw', db.accounts, db.audit, async () => {
        const context = await signedContext(db, 'backup.restoreTest', at);
        await appendAudit(db, [
          {
            at: context.now,
            actor: context.actor,
            action: 'backup.restoreTest',
            target: '',
            outcome: comparison.matches && auditChainIntact ? 'success' : 'failure',
            detail: { backupCreatedAt: context.backupCreatedAt, matches: comparison.matches, auditChainIntact, counts: countBackup(content) },
          },
        ]);
      }),
    );
    return recorded.ok ? { ok: true, value: result } : recorded;
  } finally {
    await copy.delete();
  }
}
