/**
 * Reads of the whole ledger for the ledger worker (issue 15): the worker opens its own connection to
 * the database and calls these, so the UI thread neither reads 100,000 assets nor copies them. They
 * only read; each is one read transaction, so what is exported or backed up is one consistent state
 * even while the UI thread writes (IndexedDB orders the transactions).
 *
 * Kept apart from the repositories so the worker's chunk does not carry the session, the permission
 * gate and the write paths it never uses.
 */
import type { Asset } from '../../shared/domain/asset';
import { backupTables, type BackupContent } from '../../shared/backup/backupContent';
import type { DaichoDb } from './db';

/** Assets read per request: small enough for steady progress, large enough that requests are few. */
export const READ_CHUNK = 10_000;

/** Every asset in id order, read in chunks of READ_CHUNK inside one read transaction. */
export function readAllAssets(db: DaichoDb, onProgress?: (done: number, total: number) => void): Promise<Asset[]> {
  return db.transaction('r', db.assets, async () => {
    const total = await db.assets.count();
    const assets: Asset[] = [];
    let last: string | null = null;
    for (;;) {
      const chunk: Asset[] = await (last === null ? db.assets.orderBy(':id') : db.assets.where(':id').above(last)).limit(READ_CHUNK).toArray();
      for (const asset of chunk) assets.push(asset);
      onProgress?.(assets.length, total);
      if (chunk.length < READ_CHUNK) return assets;
      last = chunk[chunk.length - 1]!.id;
    }
  });
}

/** The assets of `ids` that exist, in the order given. */
export async function readAssetsById(db: DaichoDb, ids: readonly string[]): Promise<Asset[]> {
  return (await db.assets.bulkGet([...ids])).filter((a): a is Asset => a !== undefined);
}

/** Every management number in use (from its index, without reading the assets). */
export async function readManagementNumbers(db: DaichoDb): Promise<string[]> {
  return (await db.assets.orderBy('managementNumber').keys()) as string[];
}

/** Every table a backup holds, in one place so snapshot, restore and test cannot miss one. */
export function allTables(db: DaichoDb) {
  return backupTables.map((name) => db.table(name));
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
      exceptions: (await db.exceptions.toArray()) as unknown as Record<string, unknown>[],
      stockTakes: (await db.stockTakes.toArray()) as unknown as Record<string, unknown>[],
      stockTakeScans: (await db.stockTakeScans.toArray()) as unknown as Record<string, unknown>[],
    },
  }));
}
