/**
 * What the ledger worker runs: each job is a plain async function over the shared/ code, given a
 * context for progress, signing and randomness. The worker (ledgerWorker.ts) calls these; where no
 * Worker exists (Vitest in Node) the client calls them directly, so the same bodies are tested.
 *
 * Progress is reported between the shared steps (decrypt, verify, parse, compare; digest, sign,
 * write, encrypt), not inside them: the shared functions stay free of UI concerns, and each step is
 * a known share of the work (the shares were taken from a 100,000-asset profile of each job).
 */
import type { Asset } from '../../shared/domain/asset';
import type { PolicyProfile } from '../../shared/domain/policyProfile';
import type { AuditAnchorInFile } from '../../shared/domain/auditLog';
import { exportLedger } from '../../shared/ledgerFile/exportLedger';
import { encryptWorkbook } from '../../shared/ledgerFile/officeEncryption';
import type { SignedPart, LedgerMeta } from '../../shared/ledgerFile/signature';
import { checkLedger, openLedgerFile, parseLedgerRows, type ImportedAsset, type ImportRefusal, type TrustedKey } from '../../shared/ledgerFile/importLedger';
import { diffLedger, type LedgerDiff } from '../../shared/ledgerFile/diffLedger';
import { readLegacyWorkbook, type LegacySheet } from '../../shared/ledgerFile/legacyImport';
import type { LedgerReadFailure } from '../../shared/ledgerFile/ledgerWorkbook';
import { readBackup, writeBackup, type BackupHeader, type BackupReadFailure } from '../../shared/backup/backupFile';
import { parseBackupContent, type BackupContent, type RestoreRefusal } from '../../shared/backup/backupContent';
import { backupAuditIntact } from '../data/backupAuditIntact';
import type { JobName } from './protocol';

/** What a job may ask of whoever runs it. */
export interface JobContext {
  progress(stage: string, fraction: number): void;
  /** Signs on the UI thread (see protocol.ts for why). */
  sign(publicKey: string, message: Uint8Array): Promise<Uint8Array>;
  random(length: number): Uint8Array;
}

export interface ExportJobInput {
  assets: readonly Asset[];
  profile: PolicyProfile;
  organisation: string;
  section: string;
  sequence: number;
  exportedAt: string;
  appVersion: string;
  publicKey: string;
  audit?: AuditAnchorInFile;
  /** Encrypts the workbook with this password; null writes it unencrypted (with a recorded reason). */
  password: string | null;
}
export interface ExportJobOutput {
  bytes: Uint8Array;
  signed: SignedPart;
}

export interface OpenLedgerInput {
  bytes: Uint8Array;
  password?: string;
  trusted: readonly TrustedKey[];
  profile: PolicyProfile;
  /** The ledger now, to show the difference. */
  current: readonly Asset[];
}
export type OpenLedgerOutput = { ok: true; meta: LedgerMeta; publicKey: string; rows: ImportedAsset[]; diff: LedgerDiff } | { ok: false; refusal: ImportRefusal };

export interface ReadLegacyInput {
  bytes: Uint8Array;
}
export type ReadLegacyOutput = { ok: true; sheets: LegacySheet[] } | { ok: false; reason: Exclude<LedgerReadFailure, 'not-daicho'> };

export interface WriteBackupInput {
  content: BackupContent;
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
}

export interface ReadBackupInput {
  bytes: Uint8Array;
  password: string;
  schemaVersion: number;
  acceptedKeys: readonly string[];
}
export type ReadBackupOutput = { ok: true; header: BackupHeader; content: BackupContent; auditIntact: boolean } | { ok: false; reason: BackupReadFailure | RestoreRefusal; table?: string | null };

/** Each job's input and output, so the client is typed end to end. */
export interface Jobs {
  exportLedger: { input: ExportJobInput; output: ExportJobOutput };
  openLedger: { input: OpenLedgerInput; output: OpenLedgerOutput };
  readLegacy: { input: ReadLegacyInput; output: ReadLegacyOutput };
  writeBackup: { input: WriteBackupInput; output: WriteBackupOutput };
  readBackup: { input: ReadBackupInput; output: ReadBackupOutput };
}

/** Export: sort, digest and sign (the signature is asked of the UI thread), write, encrypt. */
async function runExport(input: ExportJobInput, context: JobContext): Promise<ExportJobOutput> {
  context.progress('署名する内容を計算しています', 0);
  const { bytes, signed } = await exportLedger({
    ...input,
    signer: {
      publicKey: input.publicKey,
      sign: async (message) => {
        const signature = await context.sign(input.publicKey, message);
        context.progress('ブックを作成しています', 0.35);
        return signature;
      },
    },
  });
  if (input.password === null) return { bytes, signed };
  context.progress('暗号化しています', 0.75);
  return { bytes: encryptWorkbook(bytes, input.password, context.random), signed };
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
  const diff = diffLedger(input.current, opened.file.header, opened.file.rows, input.profile);
  return { ok: true, meta: checked.meta, publicKey: opened.file.signed.publicKey, rows: rows.assets, diff };
}

function runReadLegacy(input: ReadLegacyInput, context: JobContext): ReadLegacyOutput {
  context.progress('ブックを読み込んでいます', 0);
  return readLegacyWorkbook(input.bytes);
}

/** Backup: scrypt, AES-GCM and the signature request (the signature is asked of the UI thread). */
async function runWriteBackup(input: WriteBackupInput, context: JobContext): Promise<WriteBackupOutput> {
  context.progress('暗号化しています', 0);
  const bytes = await writeBackup(input.content, input.password, {
    appVersion: input.appVersion,
    schemaVersion: input.schemaVersion,
    createdAt: input.createdAt,
    random: context.random,
    ...(input.kdf ? { kdf: input.kdf } : {}),
    signer: { keyId: input.keyId, publicKey: input.publicKey, sign: (message) => context.sign(input.publicKey, message) },
  });
  return { bytes };
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

const bodies: { [K in JobName]: (input: Jobs[K]['input'], context: JobContext) => Promise<Jobs[K]['output']> | Jobs[K]['output'] } = {
  exportLedger: runExport,
  openLedger: runOpenLedger,
  readLegacy: runReadLegacy,
  writeBackup: runWriteBackup,
  readBackup: runReadBackup,
};

/** Runs one job by name. Throws only when the job itself throws (the caller turns that into a refusal). */
export async function runJob<K extends JobName>(job: K, input: Jobs[K]['input'], context: JobContext): Promise<Jobs[K]['output']> {
  const body = bodies[job] as ((input: Jobs[K]['input'], context: JobContext) => Promise<Jobs[K]['output']> | Jobs[K]['output']) | undefined;
  if (!body) throw new Error(`unknown job: ${String(job)}`);
  return body(input, context);
}

/** The buffers an answer can hand over instead of copying (a 30 MB workbook is moved, not cloned). */
export function transferablesOf(output: unknown): ArrayBuffer[] {
  if (output && typeof output === 'object' && 'bytes' in output && output.bytes instanceof Uint8Array && output.bytes.buffer instanceof ArrayBuffer) return [output.bytes.buffer];
  return [];
}
