/**
 * The part of a restore that needs no session: a backup's tables brought to the current schema, and
 * written into a database. Kept apart from backupRepository.ts (its permission gate, audit and
 * registers) so the ledger worker can run a restore test into a scratch database without them.
 */
import { verifyAuditChain, type AuditEntry } from '../../shared/domain/auditChain';
import { backupTables, compareRestore, type BackupContent, type BackupTable, type RestoreComparison } from '../../shared/backup/backupContent';
import type { Asset } from '../../shared/domain/asset';
import { chunksOf } from './chunks';
import type { DaichoDb } from './db';
import { activeProfileOf, withStaleDerivedRecomputed } from './derivedUpgrade';
import { mapInSlices } from './inSlices';
import { recordUpgradeNeeded, upgradeRecord } from './migrations';
import { allTables, snapshotDatabase } from './readSnapshot';

/**
 * The records of each table brought to the current schema (a backup from an older version), as
 * copies (the caller's content is not changed), copied in slices so the UI thread keeps painting.
 * With `own` (content this module parsed itself, nobody else holds it) a table that needs no upgrade
 * is taken as it is: copying 100,000 assets once more only fed the garbage collector, whose pauses
 * were the restore's longest tasks.
 */
export async function upgradedTables(content: BackupContent, fromVersion: number, own = false): Promise<Record<BackupTable, Record<string, unknown>[]>> {
  const tables = {} as Record<BackupTable, Record<string, unknown>[]>;
  for (const table of backupTables) {
    if (own && !recordUpgradeNeeded(table, fromVersion)) {
      tables[table] = content.tables[table];
      continue;
    }
    tables[table] = await mapInSlices(content.tables[table], (record) => {
      const copy = structuredClone(record);
      upgradeRecord(table, copy, fromVersion);
      return copy;
    });
  }
  // A backup taken before schema v8 never met that upgrade's recompute of containers (derivedUpgrade.ts).
  if (fromVersion < 8) {
    const profile = activeProfileOf((key) => tables.settings.find((r) => r.key === key)?.value);
    if (profile) tables.assets = withStaleDerivedRecomputed(tables.assets as unknown as Asset[], profile).assets as unknown as Record<string, unknown>[];
  }
  return tables;
}

/** Replaces the tables' records; called inside a transaction, it writes in chunks (see chunks.ts). */
export async function replaceAll(db: DaichoDb, tables: Record<BackupTable, Record<string, unknown>[]>, names: readonly BackupTable[] = backupTables): Promise<void> {
  await Promise.all(names.map((name) => db.table(name).clear()));
  for (const name of names) for (const chunk of chunksOf(tables[name])) await db.table(name).bulkAdd(chunk);
}

/** What a restore test found: every table compared, and the restored audit chain checked. */
export type RestoreTestResult = RestoreComparison & { auditChainIntact: boolean };

/**
 * 【11】第8条: restores `content` into `scratch` (a database of its own, emptied first and deleted
 * after), reads it back and compares it with the backup, and checks the restored audit chain.
 */
export async function compareInScratch(scratch: DaichoDb, content: BackupContent, fromSchemaVersion: number): Promise<RestoreTestResult> {
  await scratch.delete(); // a copy left by an interrupted test
  await scratch.open();
  try {
    const tables = await upgradedTables(content, fromSchemaVersion);
    await scratch.transaction('rw', allTables(scratch), () => replaceAll(scratch, tables));
    const restored = (await snapshotDatabase(scratch, content.organisation, content.section)).tables;
    const comparison = compareRestore(tables, restored);
    return { ...comparison, auditChainIntact: verifyAuditChain(restored.audit as unknown as AuditEntry[]).ok };
  } finally {
    await scratch.delete();
  }
}
