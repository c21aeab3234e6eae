/**
 * What a backup holds (every table of the ledger database) and the checks around it: the summary
 * shown before a restore, the comparison that proves a restore test matched, and when the next
 * backup is due (【03】第11条 regular backups; 【11】第8条 yearly recovery test).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { canonicalJson } from '../domain/canonicalJson';
import { daysBetween, tokyoDay } from '../domain/formatDate';

export const backupTables = ['assets', 'history', 'audit', 'settings', 'labelPrints', 'accounts', 'takeOuts', 'disposals', 'trustedKeys', 'exceptions', 'stockTakes', 'stockTakeScans'] as const;
export type BackupTable = (typeof backupTables)[number];

/**
 * Limits on any value inside a backup record: a restore must not be able to plant a megabyte string,
 * a deeply nested object or a million-key record in the database (each bound is far above real data).
 */
export const backupValueBounds = { maxString: 20_000, maxArray: 200_000, maxKeys: 500, maxDepth: 12 } as const;

/** Whether a JSON value stays within `backupValueBounds` (finite numbers only). */
export function withinBackupBounds(value: unknown, depth = 0): boolean {
  if (depth > backupValueBounds.maxDepth) return false;
  if (value === null || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'string') return value.length <= backupValueBounds.maxString;
  if (Array.isArray(value)) return value.length <= backupValueBounds.maxArray && value.every((v) => withinBackupBounds(v, depth + 1));
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.length <= backupValueBounds.maxKeys && keys.every((k) => k.length <= 200 && withinBackupBounds((value as Record<string, unknown>)[k], depth + 1));
  }
  return false;
}

/**
 * A record of one table: the fields the app relies on are typed, the rest is kept (later schema
 * versions add fields) but bounded. Typed as a plain record so restore code stays table-agnostic.
 */
const rec = (shape: z.ZodRawShape) =>
  z.looseObject(shape).refine((r) => withinBackupBounds(r), { error: '値が大きすぎるか、入れ子が深すぎます。' }) as unknown as z.ZodType<Record<string, unknown>>;

const str = (max: number) => z.string().max(max);
const nullableStr = (max: number) => z.string().max(max).nullable();
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const table = (schema: z.ZodType<Record<string, unknown>>, max: number) => z.array(schema).max(max);

/** Every table's records, each with a schema and a maximum count (【03】第11条 restore of known data only). */
export const backupTableSchemas = {
  assets: table(rec({ id: str(100), managementNumber: str(100), name: str(500), status: str(40), kind: str(40) }), 500_000),
  history: table(rec({ id: z.number().int().optional(), assetId: str(100), at: str(40), actor: str(100), action: str(40), changes: z.array(z.unknown()).max(1000) }), 5_000_000),
  audit: table(
    rec({
      seq: z.number().int().min(1),
      prevHash: hex64,
      hash: hex64,
      at: str(40),
      actor: str(100),
      action: str(60),
      target: str(200),
      outcome: z.enum(['success', 'failure']),
      detail: z.record(z.string(), z.unknown()),
    }),
    5_000_000,
  ),
  settings: table(rec({ key: str(200), value: z.unknown() }), 10_000),
  labelPrints: table(rec({ id: z.number().int().optional(), at: str(40), actor: str(100), assetIds: z.array(str(100)).max(100_000) }), 1_000_000),
  accounts: table(
    rec({
      userId: str(32),
      displayName: str(40),
      role: z.enum(['securityManager', 'staff', 'auditor']),
      password: z.object({ algorithm: z.literal('scrypt'), N: z.number().int(), r: z.number().int(), p: z.number().int(), salt: str(128), hash: str(256) }),
      mustChangePassword: z.boolean(),
      failedAttempts: z.number().int().min(0).max(1_000_000),
      lockedUntil: nullableStr(40),
      disabled: z.boolean(),
      createdAt: str(40),
    }),
    1_000,
  ),
  takeOuts: table(rec({ id: z.number().int().optional(), assetId: str(100), kind: str(20), state: str(20) }), 1_000_000),
  disposals: table(rec({ id: z.number().int().optional(), assetId: str(100), state: str(20) }), 1_000_000),
  trustedKeys: table(rec({ keyId: str(40), publicKey: hex64, organisation: str(200), section: str(200), revokedAt: nullableStr(40), lastSequence: z.number().int().min(0) }), 1_000),
  exceptions: table(rec({ id: z.number().int().optional(), rule: str(500), state: str(20), assetIds: z.array(str(100)).max(100_000), periodFrom: str(10), periodTo: str(10) }), 100_000),
  stockTakes: table(rec({ id: z.number().int().optional(), state: str(20), startedAt: str(40) }), 100_000),
  stockTakeScans: table(rec({ id: z.number().int().optional(), sessionId: z.number().int(), code: str(200), at: str(40) }), 5_000_000),
} satisfies Record<BackupTable, unknown>;

export const backupContentSchema = z.object({
  organisation: z.string().max(200),
  section: z.string().max(200),
  tables: z.object({
    assets: backupTableSchemas.assets,
    history: backupTableSchemas.history,
    audit: backupTableSchemas.audit,
    settings: backupTableSchemas.settings,
    /** Added in schema v3; older backups have none. */
    labelPrints: backupTableSchemas.labelPrints.default([]),
    /** Added in schema v4. Accounts hold only password hashes, and the whole backup is encrypted. */
    accounts: backupTableSchemas.accounts.default([]),
    takeOuts: backupTableSchemas.takeOuts.default([]),
    disposals: backupTableSchemas.disposals.default([]),
    /** Added in schema v5: public keys the section trusts (never a private key). */
    trustedKeys: backupTableSchemas.trustedKeys.default([]),
    /** Added in schema v9: the exceptions register (【02】第5条) and stock-take sessions with their scans. */
    exceptions: backupTableSchemas.exceptions.default([]),
    stockTakes: backupTableSchemas.stockTakes.default([]),
    stockTakeScans: backupTableSchemas.stockTakeScans.default([]),
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
  exceptions: '例外措置',
  stockTakes: '棚卸',
  stockTakeScans: '棚卸の読取り',
};

/** Why content that decrypted and verified still cannot be restored. */
export type RestoreRefusal = 'invalid-content' | 'no-manager';

export const restoreRefusalMessages: Record<RestoreRefusal, string> = {
  'invalid-content': 'バックアップの内容に、この版の Daichō が受け付けない記録があります（形式の誤り、大きすぎる値、同じ記録の重複）。台帳は変更されていません。別のバックアップを選ぶか、セキュリティ管理者に報告してください。',
  'no-manager': 'このバックアップを復元すると、有効なセキュリティ管理者のアカウントが1つもなくなります。台帳は変更されていません。有効なセキュリティ管理者を含むバックアップを選んでください。',
};

/**
 * The fields each table's records must not share (the database's primary keys and unique indexes,
 * renderer/data/db.ts): an id given by the database itself may be absent, never repeated.
 */
export const backupUniqueKeys: Record<BackupTable, readonly string[]> = {
  assets: ['id', 'managementNumber'],
  history: ['id'],
  audit: ['seq'],
  settings: ['key'],
  labelPrints: ['id'],
  accounts: ['userId', 'employeeNumber'],
  takeOuts: ['id'],
  disposals: ['id'],
  trustedKeys: ['keyId'],
  exceptions: ['id'],
  stockTakes: ['id'],
  stockTakeScans: ['id'],
};

/**
 * Remembers one table's keys record by record: `seen(record)` is true for a record whose key another
 * one already had. A backup holding such records can only come from a faulty program or an edited
 * export; the restore would fail on it inside its transaction, so it is refused while opening, naming
 * the table, before anything is shown as restorable.
 */
export function duplicateKeys(table: BackupTable): (record: Record<string, unknown>) => boolean {
  const seen = backupUniqueKeys[table].map((key) => ({ key, values: new Set<unknown>() }));
  return (record) => {
    for (const { key, values } of seen) {
      const value = record[key];
      if (value === undefined || value === null) continue;
      if (values.has(value)) return true;
      values.add(value);
    }
    return false;
  };
}

/** The first table holding two records with the same key (null when none). */
export function tableWithDuplicateKeys(tables: Record<BackupTable, readonly Record<string, unknown>[]>): BackupTable | null {
  for (const table of backupTables) {
    const repeated = duplicateKeys(table);
    if (tables[table].some(repeated)) return table;
  }
  return null;
}

/** Parses decrypted content against every table's schema and its keys; a failure names no data, only the table. */
export function parseBackupContent(raw: unknown): { ok: true; content: BackupContent } | { ok: false; reason: 'invalid-content'; table: string | null } {
  const parsed = backupContentSchema.safeParse(raw);
  if (parsed.success) {
    const duplicated = tableWithDuplicateKeys(parsed.data.tables);
    return duplicated ? { ok: false, reason: 'invalid-content', table: duplicated } : { ok: true, content: parsed.data };
  }
  const path = parsed.error.issues[0]?.path ?? [];
  return { ok: false, reason: 'invalid-content', table: path[0] === 'tables' && typeof path[1] === 'string' ? path[1] : null };
}

/**
 * Whether the accounts a restore would leave include at least one enabled security manager: without
 * one, the app would fall back to first-run, where whoever is at the keyboard creates a manager.
 */
export function hasActiveManager(accounts: readonly Record<string, unknown>[]): boolean {
  return accounts.some((a) => a.role === 'securityManager' && a.disabled === false);
}

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

/**
 * Whether a backup is due: never made (or its time cannot be read), or `intervalDays` or more calendar
 * days ago in Tokyo, as the self-inspection report counts them (24-hour periods made the ledger's
 * reminder stay hidden on the day the report said 要対応).
 */
export function backupDue(lastBackupAt: string | null, intervalDays: number, now: Date): { due: boolean; daysSince: number | null } {
  const last = lastBackupAt ? new Date(lastBackupAt) : null;
  if (!last || Number.isNaN(last.getTime())) return { due: true, daysSince: null };
  const daysSince = Math.max(0, daysBetween(tokyoDay(last), tokyoDay(now)));
  return { due: daysSince >= intervalDays, daysSince };
}

/** The file name offered when saving: section and date, no characters Windows refuses. */
export function backupFileName(section: string, createdAt: string): string {
  const safe = section.replace(/[\\/:*?"<>|\s]/g, '_').slice(0, 40) || 'daicho';
  return `${safe}_${createdAt.slice(0, 10)}.daicho-backup`;
}
