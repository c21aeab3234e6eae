/**
 * What the ledger worker runs: each job is a plain async function over the shared/ code, given a
 * context for progress, signing and randomness. The worker (ledgerWorker.ts) calls these; where no
 * Worker exists (Vitest in Node) the client calls them directly, so the same bodies are tested.
 *
 * Progress is reported between the shared steps (decrypt, verify, parse, compare; digest, sign,
 * write, encrypt), not inside them: the shared functions stay free of UI concerns, and each step is
 * a known share of the work (the shares were taken from a 100,000-asset profile of each job).
 *
 * The jobs read the ledger themselves (`context.database`): the UI thread sends the database's name,
 * not 100,000 assets. They only read; the writes stay with the gated repositories on the UI thread
 * (an export's sequence number is asked of the UI thread with `context.ask`, see protocol.ts).
 */
import type { PolicyProfile } from '../../shared/domain/policyProfile';
import type { AuditAnchorInFile } from '../../shared/domain/auditLog';
import { exportLedger } from '../../shared/ledgerFile/exportLedger';
import { encryptWorkbook } from '../../shared/ledgerFile/officeEncryption';
import type { SignedPart, LedgerMeta } from '../../shared/ledgerFile/signature';
import { checkLedger, openLedgerFile, parseLedgerRows, type ImportedAsset, type ImportRefusal, type TrustedKey } from '../../shared/ledgerFile/importLedger';
import { diffLedger, type LedgerDiff } from '../../shared/ledgerFile/diffLedger';
import { mapLegacyRows, readLegacyWorkbook, type LegacyMapping, type LegacySheet } from '../../shared/ledgerFile/legacyImport';
import { readBackup, writeBackup, type BackupHeader, type BackupReadFailure } from '../../shared/backup/backupFile';
import { backupTables as backupTableNames, parseBackupContent, type BackupContent, type RestoreRefusal } from '../../shared/backup/backupContent';
import { backupAuditIntact } from '../data/backupAuditIntact';
import { exportNeedsEncryption } from '../../shared/ledgerFile/exportLedger';
import { assetHandling } from '../../shared/domain/deriveClass';
import { unencryptedReasonMissing } from '../../shared/registers/takeOut';
import { countBackup, type BackupTable } from '../../shared/backup/backupContent';
import { readAllAssets, readAssetsById, readManagementNumbers, snapshotDatabase } from '../data/readSnapshot';
import type { DaichoDb } from '../data/db';
import { compareInScratch, type RestoreTestResult } from '../data/restoreTables';
import type { JobName } from './protocol';

/** What a job may ask of whoever runs it. */
export interface JobContext {
  progress(stage: string, fraction: number): void;
  /** Signs on the UI thread (see protocol.ts for why). */
  sign(publicKey: string, message: Uint8Array): Promise<Uint8Array>;
  random(length: number): Uint8Array;
  /** Asks the UI thread a question it answers through the repositories (a write the job needs). */
  ask(question: string, payload: unknown): Promise<unknown>;
  /** The ledger database of this name, opened for reading (in the worker: its own connection). */
  database(name: string): Promise<DaichoDb>;
  /** A database of this name for a restore test to fill and delete (never the ledger's). */
  scratch(name: string): DaichoDb;
}

export interface ExportJobInput {
  /** The ledger database's name: the job reads the assets itself. */
  database: string;
  /** The asset ids to export, or undefined for the whole ledger. */
  ids?: readonly string[];
  profile: PolicyProfile;
  organisation: string;
  section: string;
  exportedAt: string;
  appVersion: string;
  /** Encrypts the workbook with this password; null writes it unencrypted (with a recorded reason). */
  password: string | null;
  /** Why the file is not encrypted ('' when it is); checked here, where the assets are. */
  unencryptedReason: string;
}
/** The question an export asks the UI thread once the assets are read and checked. */
export const PREPARE_EXPORT = 'prepareExport';
/**
 * The UI thread's answer: the sequence number it reserved, the key that will sign and the audit head
 * the file carries, or why it could not (a message for the screen; nothing was reserved).
 */
export type ExportPrepareAnswer = { ok: true; sequence: number; publicKey: string; audit?: AuditAnchorInFile } | { ok: false; text: string };
export type ExportJobOutput =
  | { ok: true; bytes: Uint8Array; signed: SignedPart }
  | { ok: false; reason: 'empty' }
  /** 【03】第7条4: B or higher needs encryption or a reason; `undecided` names the first undecided assets (【03】第6条3). */
  | { ok: false; reason: 'needs-reason'; undecided: string[]; undecidedCount: number }
  | { ok: false; reason: 'not-prepared'; text: string };

export interface OpenLedgerInput {
  bytes: Uint8Array;
  password?: string;
  trusted: readonly TrustedKey[];
  profile: PolicyProfile;
  /** The ledger database's name: the job reads the ledger now itself, to show the difference. */
  database: string;
}
/** How many rows the screen lists of each kind of difference (the counts are always whole). */
export const DIFF_SAMPLE = 200;
/** The difference as the screen shows it: whole counts, and the first DIFF_SAMPLE of the added and changed. */
export interface DiffSummary {
  added: number;
  changed: number;
  retired: number;
  addedSample: LedgerDiff['added'];
  changedSample: LedgerDiff['changed'];
}
export function summariseDiff(diff: LedgerDiff, limit = DIFF_SAMPLE): DiffSummary {
  return { added: diff.added.length, changed: diff.changed.length, retired: diff.retired.length, addedSample: diff.added.slice(0, limit), changedSample: diff.changed.slice(0, limit) };
}
export type OpenLedgerOutput = { ok: true; meta: LedgerMeta; publicKey: string; rows: ImportedAsset[]; diff: DiffSummary } | { ok: false; refusal: ImportRefusal };

export interface ReadLegacyInput {
  bytes: Uint8Array;
}
export type ReadLegacyOutput = ReturnType<typeof readLegacyWorkbook>;

/** One sheet of an old ledger with the person's column mapping, to be checked row by row. */
export interface MapLegacyInput {
  sheet: Omit<LegacySheet, 'name'>;
  mapping: LegacyMapping;
  profile: PolicyProfile;
  /** The ledger database's name: the job reads the management numbers in use itself. */
  database: string;
}
export type MapLegacyOutput = ReturnType<typeof mapLegacyRows>;

export interface WriteBackupInput {
  /** The ledger database's name: the job reads every table itself, in one read transaction. */
  database: string;
  organisation: string;
  section: string;
  password: string;
  appVersion: string;
  schemaVersion: number;
  createdAt: string;
  keyId: string;
  publicKey: string;
  /** Tests only (cheap scrypt); writeBackup refuses parameters outside its bounds. */
  kdf?: { N: number; r: number; p: number };
}
export interface WriteBackupOutput {
  bytes: Uint8Array;
  /** Records per table, for the audit entry (the content itself never reaches the UI thread). */
  counts: Record<BackupTable, number>;
}

export interface ReadBackupInput {
  bytes: Uint8Array;
  password: string;
  schemaVersion: number;
  acceptedKeys: readonly string[];
}
export type ReadBackupOutput = { ok: true; header: BackupHeader; content: BackupContent; auditIntact: boolean } | { ok: false; reason: BackupReadFailure | RestoreRefusal; table?: string | null };

export interface TestRestoreInput extends ReadBackupInput {
  /** The scratch database's name: emptied first, filled, read back and deleted. */
  scratch: string;
}
export type TestRestoreOutput =
  | { ok: true; header: BackupHeader; result: RestoreTestResult; counts: Record<BackupTable, number> }
  | { ok: false; reason: BackupReadFailure | RestoreRefusal; table?: string | null };

/** Each job's input and output, so the client is typed end to end. */
export interface Jobs {
  exportLedger: { input: ExportJobInput; output: ExportJobOutput };
  openLedger: { input: OpenLedgerInput; output: OpenLedgerOutput };
  readLegacy: { input: ReadLegacyInput; output: ReadLegacyOutput };
  mapLegacy: { input: MapLegacyInput; output: MapLegacyOutput };
  writeBackup: { input: WriteBackupInput; output: WriteBackupOutput };
  readBackup: { input: ReadBackupInput; output: ReadBackupOutput };
  testRestore: { input: TestRestoreInput; output: TestRestoreOutput };
}

/**
 * Export: read the assets, check what encryption they need, ask the UI thread for the sequence number
 * (a write, so it is made there, after the checks: a refused export reserves nothing), then sort,
 * digest and sign (the signature is asked of the UI thread), write, encrypt.
 */
async function runExport(input: ExportJobInput, context: JobContext): Promise<ExportJobOutput> {
  context.progress('台帳を読み込んでいます', 0);
  const db = await context.database(input.database);
  const assets = input.ids ? await readAssetsById(db, input.ids) : await readAllAssets(db, (done, total) => context.progress('台帳を読み込んでいます', 0.15 * (done / Math.max(1, total))));
  if (assets.length === 0) return { ok: false, reason: 'empty' };
  if (unencryptedReasonMissing(exportNeedsEncryption(assets, input.profile), input.password !== null, input.unencryptedReason)) {
    const undecided = assets.filter((a) => assetHandling(input.profile, a).undecided.length > 0).map((a) => a.managementNumber);
    return { ok: false, reason: 'needs-reason', undecided: undecided.slice(0, 5), undecidedCount: undecided.length };
  }
  const prepared = (await context.ask(PREPARE_EXPORT, { rowCount: assets.length })) as ExportPrepareAnswer;
  if (!prepared.ok) return { ok: false, reason: 'not-prepared', text: prepared.text };
  context.progress('署名する内容を計算しています', 0.15);
  const { bytes, signed } = await exportLedger({
    assets,
    profile: input.profile,
    organisation: input.organisation,
    section: input.section,
    sequence: prepared.sequence,
    exportedAt: input.exportedAt,
    appVersion: input.appVersion,
    ...(prepared.audit ? { audit: prepared.audit } : {}),
    signer: {
      publicKey: prepared.publicKey,
      sign: async (message) => {
        const signature = await context.sign(prepared.publicKey, message);
        context.progress('ブックを作成しています', 0.45);
        return signature;
      },
    },
  });
  if (input.password === null) return { ok: true, bytes, signed };
  context.progress('暗号化しています', 0.8);
  return { ok: true, bytes: encryptWorkbook(bytes, input.password, context.random), signed };
}

/** Import: decrypt and read, verify cells and signer, parse rows, compare with the ledger. */
async function runOpenLedger(input: OpenLedgerInput, context: JobContext): Promise<OpenLedgerOutput> {
  context.progress(input.password ? '復号して読み込んでいます' : '読み込んでいます', 0);
  const opened = openLedgerFile(input.bytes, input.password);
  if (!opened.ok) return opened;
  context.progress('署名を確かめています', 0.55);
  const checked = await checkLedger(opened.file, input.trusted, input.profile.id);
  if (!checked.ok) return checked;
  context.progress('各行を確かめています', 0.75);
  const rows = parseLedgerRows(opened.file.header, opened.file.rows, input.profile);
  if (!rows.ok) return { ok: false, refusal: { reason: 'rows-invalid', errors: rows.errors } };
  context.progress('台帳との違いを調べています', 0.85);
  const current = await readAllAssets(await context.database(input.database));
  const diff = diffLedger(current, opened.file.header, opened.file.rows, input.profile);
  return { ok: true, meta: checked.meta, publicKey: opened.file.signed.publicKey, rows: rows.assets, diff: summariseDiff(diff) };
}

function runReadLegacy(input: ReadLegacyInput, context: JobContext): ReadLegacyOutput {
  context.progress('ブックを読み込んでいます', 0);
  return readLegacyWorkbook(input.bytes);
}

/**
 * Legacy preview: every row through the form's own rules with the mapping, against the numbers in use.
 * About 50 µs a row, so a 20,000-row sheet would hold the UI thread for a second at each change of
 * the mapping; here it runs beside it, and a newer mapping simply ends the older job.
 */
async function runMapLegacy(input: MapLegacyInput, context: JobContext): Promise<MapLegacyOutput> {
  context.progress('使用中の管理番号を読み込んでいます', 0);
  const existingNumbers = new Set(await readManagementNumbers(await context.database(input.database)));
  context.progress('各行を確かめています', 0.2);
  const { header, rows, firstRowNumber } = input.sheet;
  return mapLegacyRows(header, rows, input.mapping, input.profile, { firstRowNumber, existingNumbers });
}

/** Backup: scrypt, AES-GCM and the signature request (the signature is asked of the UI thread). */
async function runWriteBackup(input: WriteBackupInput, context: JobContext): Promise<WriteBackupOutput> {
  context.progress('台帳を読み込んでいます', 0);
  const content = await snapshotDatabase(await context.database(input.database), input.organisation, input.section);
  context.progress('暗号化しています', 0.2);
  const bytes = await writeBackup(content, input.password, {
    appVersion: input.appVersion,
    schemaVersion: input.schemaVersion,
    createdAt: input.createdAt,
    random: context.random,
    ...(input.kdf ? { kdf: input.kdf } : {}),
    signer: { keyId: input.keyId, publicKey: input.publicKey, sign: (message) => context.sign(input.publicKey, message) },
  });
  return { bytes, counts: countBackup(content) };
}

/** Restore: signature, password (scrypt), decryption, every table validated, the audit chain checked. */
async function runReadBackup(input: ReadBackupInput, context: JobContext): Promise<ReadBackupOutput> {
  context.progress('署名とパスワードを確かめています', 0);
  const read = await readBackup(input.bytes, input.password, input.schemaVersion, input.acceptedKeys);
  if (!read.ok) return read;
  context.progress('内容を確かめています', 0.6);
  const parsed = parseBackupContent(read.content);
  if (!parsed.ok) return parsed;
  context.progress('監査ログを確かめています', 0.85);
  return { ok: true, header: read.header, content: parsed.content, auditIntact: backupAuditIntact(parsed.content) };
}

/**
 * Restore test (【11】第8条): the file is opened again as for a restore, then restored into a scratch
 * database, read back and compared, and the restored audit chain checked, all here: at 100,000 assets
 * that is seconds of work the UI thread used to do. The UI thread checks the permission before and
 * records the result after (backupRepository.ts).
 */
async function runTestRestore(input: TestRestoreInput, context: JobContext): Promise<TestRestoreOutput> {
  const read = await runReadBackup(input, { ...context, progress: (stage, fraction) => context.progress(stage, fraction * 0.5) });
  if (!read.ok) return read;
  context.progress('別の場所に復元して比べています', 0.5);
  const result = await compareInScratch(context.scratch(input.scratch), read.content, read.header.schemaVersion);
  return { ok: true, header: read.header, result, counts: countBackup(read.content) };
}

const bodies: { [K in JobName]: (input: Jobs[K]['input'], context: JobContext) => Promise<Jobs[K]['output']> | Jobs[K]['output'] } = {
  exportLedger: runExport,
  openLedger: runOpenLedger,
  readLegacy: runReadLegacy,
  mapLegacy: runMapLegacy,
  writeBackup: runWriteBackup,
  readBackup: runReadBackup,
  testRestore: runTestRestore,
};

/** Runs one job by name. Throws only when the job itself throws (the caller turns that into a refusal). */
export async function runJob<K extends JobName>(job: K, input: Jobs[K]['input'], context: JobContext): Promise<Jobs[K]['output']> {
  const body = bodies[job] as ((input: Jobs[K]['input'], context: JobContext) => Promise<Jobs[K]['output']> | Jobs[K]['output']) | undefined;
  if (!body) throw new Error(`unknown job: ${String(job)}`);
  return body(input, context);
}

/**
 * The large arrays of each job's answer, sent ahead in slices (protocol.ts `part`): an import's rows
 * and a restored backup's tables. Only these paths are accepted by the client.
 */
export const partPaths: Record<JobName, readonly string[]> = {
  exportLedger: [],
  openLedger: ['rows'],
  readLegacy: [],
  mapLegacy: ['assets', 'errors'],
  writeBackup: [],
  readBackup: backupTableNames.map((table) => `content.tables.${table}`),
  testRestore: [],
};

/** The buffers an answer can hand over instead of copying (a 30 MB workbook is moved, not cloned). */
export function transferablesOf(output: unknown): ArrayBuffer[] {
  if (output && typeof output === 'object' && 'bytes' in output && output.bytes instanceof Uint8Array && output.bytes.buffer instanceof ArrayBuffer) return [output.bytes.buffer];
  return [];
}
