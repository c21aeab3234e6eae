/**
 * What a backup holds (every table of the ledger database) and the checks around it: the summary
 * shown before a restore, the comparison that proves a restore test matched, and when the next
 * backup is due (【03】第11条 regular backups; 【11】第8条 yearly recovery test).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { canonicalJson } from '../domain/canonicalJson';

export const backupTables = ['assets', 'history', 'audit', 'settings', 'labelPrints', 'accounts', 'takeOuts', 'disposals', 'trustedKeys'] as const;
export type BackupTable = (typeof backupTables)[number];

const record = z.record(z.string(), z.unknown());

export const backupContentSchema = z.object({
  organisation: z.string(),
  section: z.string(),
  tables: z.object({
    assets: z.array(record),
    history: z.array(record),
    audit: z.array(record),
    settings: z.array(record),
    /** Added in schema v3; older backups have none. */
    labelPrints: z.array(record).default([]),
    /** Added in schema v4. Accounts hold only password hashes, and the whole backup is encrypted. */
    accounts: z.array(record).default([]),
    takeOuts: z.array(record).default([]),
    disposals: z.array(record).default([]),
    /** Added in schema v5: public keys the section trusts (never a private key). */
    trustedKeys: z.array(record).default([]),
  }),
});

export type BackupContent = z.output<typeof backupContentSchema>;

export const backupTableLabels: Record<BackupTable, string> = {
  assets: '情報資産',
  history: '変更履歴',
  audit: '監査ログ',
  settings: '設定',
  labelPrints: 'ラベル印刷の記録',
  accounts: 'アカウント',
  takeOuts: '持出しの記録',
  disposals: '廃棄の記録',
  trustedKeys: '信頼する鍵',
};

/** Counts per table, for the summary before a restore. */
export function countBackup(content: BackupContent): Record<BackupTable, number> {
  return Object.fromEntries(backupTables.map((t) => [t, content.tables[t].length])) as Record<BackupTable, number>;
}

/** SHA-256 over the canonical form of a table's records, in key order: equal data, equal digest. */
export function tableDigest(records: readonly unknown[]): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(records))));
}

export interface RestoreComparison {
  matches: boolean;
  tables: { table: BackupTable; expectedCount: number; actualCount: number; digestMatches: boolean }[];
}

/** Compares what a backup holds with what a restore produced, table by table. */
export function compareRestore(expected: BackupContent['tables'], actual: Record<BackupTable, readonly unknown[]>): RestoreComparison {
  const tables = backupTables.map((table) => ({
    table,
    expectedCount: expected[table].length,
    actualCount: actual[table].length,
    digestMatches: tableDigest(expected[table]) === tableDigest(actual[table]),
  }));
  return { matches: tables.every((t) => t.digestMatches && t.expectedCount === t.actualCount), tables };
}

/** Whether a backup is due: never made, or older than the interval. Days are whole days since. */
export function backupDue(lastBackupAt: string | null, intervalDays: number, now: Date): { due: boolean; daysSince: number | null } {
  if (!lastBackupAt) return { due: true, daysSince: null };
  const daysSince = Math.floor((now.getTime() - new Date(lastBackupAt).getTime()) / 86_400_000);
  return { due: daysSince >= intervalDays, daysSince };
}

/** The file name offered when saving: section and date, no characters Windows refuses. */
export function backupFileName(section: string, createdAt: string): string {
  const safe = section.replace(/[\\/:*?"<>|\s]/g, '_').slice(0, 40) || 'daicho';
  return `${safe}_${createdAt.slice(0, 10)}.daicho-backup`;
}
