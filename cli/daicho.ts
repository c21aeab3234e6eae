/**
 * daicho: the command-line tool of the 情報セキュリティ事務局 (central office), built on the same shared/
 * code as the app. It verifies, compares, aggregates and signs section ledgers. Exit codes: 0 success,
 * 1 a file was refused (one line on stderr names the reason), 2 wrong usage.
 */
import { createHash, randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import * as XLSX from '@e965/xlsx';
import { bundledProfiles } from '../shared/domain/profiles/bundledProfiles';
import { diffFiles, type FileDiff } from '../shared/ledgerFile/diffLedger';
import { checkLedgerTable, exportLedgerTable, exportMergedLedgerStream, headerMismatchText, ledgerTableRefusalReason, type LedgerTableRefusal } from '../shared/ledgerFile/exportLedger';
import { importRefusalReason, openLedgerFile, verifyLedgerFile, type OpenedLedger, type TrustedKey } from '../shared/ledgerFile/importLedger';
import { keyFileMessages, openSigningKey, parsePublicKeyFile, publicKeyFileText, readSigningKeyFile, sealSigningKey } from '../shared/ledgerFile/keyFiles';
import { expectedLedgerHeader, ledgerHeaderMismatch } from '../shared/ledgerFile/ledgerColumns';
import { legacyFormatRefusal, legacyRefusalMessage } from '../shared/ledgerFile/legacyImport';
import { CLI_READ_LIMITS, LEDGER_SHEET, MAX_LEDGER_ROWS, openWorkbook, streamLedgerWorkbook, type LedgerReadLimits } from '../shared/ledgerFile/ledgerWorkbook';
import { createMergePlan, mergeConflictMessage } from '../shared/ledgerFile/mergeLedgers';
import { decryptWorkbook, encryptWorkbook, isCompoundFile, isEncryptedPackage } from '../shared/ledgerFile/officeEncryption';
import { keyFingerprint, secretKeySigner, verifyLedger, type LedgerMeta } from '../shared/ledgerFile/signature';
import type { AuditAnchorInFile } from '../shared/domain/auditLog';
import { applyTrustState, auditStateMessage, checkTerminalAudit, recordAuditHead, terminalName, emptyTrustState, keyIdPattern, parseTrustState, recordAccepted, revokeKey, trustStateMessages, trustStateText, type TrustState } from '../shared/ledgerFile/trustState';
import { SIGN_MAX_INFLATED_BYTES, signTooLargeMessage, workbookTable } from './workbookTable';
import { nodeInflateRaw } from './nodeInflate';
import { nodeScrypt } from './nodeScrypt';
import { reportHelp, runReport } from './reportCommand';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex } from '@noble/hashes/utils.js';

export interface CliIo {
  stdout(line: string): void;
  stderr(line: string): void;
  readFile(path: string): Uint8Array;
  /** Size in bytes, read before a file is loaded (a 10 GB file is refused unread). */
  fileSize(path: string): number;
  readText(path: string): string;
  writeFile(path: string, data: Uint8Array | string): void;
  /** Replaces `to` with `from` in one step (a state file is never left half written). */
  rename(from: string, to: string): void;
  listDir(path: string): string[] | null;
  env: Record<string, string | undefined>;
  /** Asks for a secret on the terminal (not echoed); undefined when there is no terminal. */
  askSecret(prompt: string): Promise<string | undefined>;
  now(): Date;
  version: string;
  /**
   * Work factors of the key-sealing KDF and of file encryption. Only tests lower them (scrypt at the real
   * cost takes seconds per key); the installed command never sets them, and no option or environment
   * variable reaches them, so no one can weaken a real key by accident.
   */
  costs?: { keyKdf?: { N: number; r: number; p: number }; fileSpinCount?: number };
  /**
   * How far ledgers are read (CLI_READ_LIMITS: a merged ledger up to Excel's sheet limit). Only tests
   * lower them, to try a merged ledger past its limit without building a million rows.
   */
  readLimits?: LedgerReadLimits;
  /**
   * Opens `path` for writing a large output piece by piece (the merged ledger: never held whole).
   * Without it, the pieces are gathered and written with `writeFile`.
   */
  openOutput?(path: string): { write(chunk: Uint8Array): void; close(): void };
  /** Removes a file this command wrote (a half-written output); missing is not an error. */
  remove?(path: string): void;
}

class UsageError extends Error {}
class Refused extends Error {}

const help: Record<string, string> = {
  main: `daicho — 情報資産台帳（Daichō）の署名付き台帳を扱うコマンド

使い方: daicho <コマンド> [オプション]

コマンド:
  keygen      署名鍵を作る（パスフレーズで暗号化して保存）
  export-key  署名鍵ファイルから公開鍵ファイルを書き出す
  verify      台帳ファイルの署名を確かめる
  diff        2つの台帳ファイルの違いを表示する
  merge       複数の課の台帳を確かめて1つの署名付き台帳にまとめる
  sign        台帳シートのあるブックに署名する
  revoke      鍵を失効として状態ファイルに記録する
  report      各課の台帳を確かめて自己点検の件数を1つのブックに集計する

各コマンドの説明: daicho <コマンド> --help
終了コード: 0 成功 / 1 ファイルを受け付けなかった（理由を1行で表示） / 2 使い方の誤り
状態ファイル: --state ファイル で、鍵ごとの最後の通番と失効を記録し、失効した鍵・古い通番・同じ通番を拒否します
            （ファイルがなければ作ります）。--state がなければ失効と通番は確かめません。
秘密の入力: パスフレーズは環境変数 DAICHO_PASSPHRASE、ファイルのパスワードは DAICHO_FILE_PASSWORD、
            なければ端末で入力を求めます（コマンド行には書きません）。
Node.js のない Windows 端末: デスクトップ版（インストーラー版）に同じコマンドが入っています。コマンド
            プロンプトで "C:\\Program Files\\Daicho\\daicho.cmd" verify 台帳.xlsx のように実行します
            （インストール先を PATH に加えると daicho だけで動きます。評価用のポータブル版には入りません）。`,
  keygen: `daicho keygen -o 鍵ファイル --organisation 団体名 --section 課名

署名鍵を作り、パスフレーズ（12文字以上）で暗号化して保存します。鍵ID（電話で読み上げる短い符号）を表示します。`,
  'export-key': `daicho export-key 鍵ファイル -o 公開鍵ファイル

署名鍵ファイルから公開鍵ファイル（秘密を含まない）を書き出します。パスフレーズは不要です。`,
  verify: `daicho verify 台帳ファイル --trust 公開鍵ファイルまたはフォルダ [--trust …] [--state 状態ファイル] [--profile 分類基準ID]

署名と署名者を確かめます。正しければ終了コード 0 と概要を、そうでなければ 1 と理由を1行で表示します。
--state を付けると、失効した鍵と、記録より古いか同じ通番を拒否し、正しければ通番を記録します。
フォルダの中の読めないファイルや鍵でないファイルは、注意を1行表示して読み飛ばします。
暗号化されたファイルは DAICHO_FILE_PASSWORD（なければ入力）でパスワードを受け取ります。`,
  diff: `daicho diff 古い台帳 新しい台帳

資産IDごとに、追加・変更（項目ごと）・廃止・削除を表示します。片方にだけある列（リスクの列より前の様式など）は
列名を1回表示し、各行の変更には含めません。署名が一致しないファイルは比較せず、
理由を1行表示して終了コード 1 で終わります。署名者の確認は verify で行ってください。`,
  merge: `daicho merge 台帳ファイル… -o 出力ファイル --key 鍵ファイル --trust 公開鍵… [--state 状態ファイル] [--sequence 通番] [--encrypt]

各ファイルの署名を確かめ、1つの台帳（提出元の列つき）にまとめて署名します。同じ資産IDで内容が違う、
分類の基準が違う、見出しが台帳の列と違うなどの食い違いがあれば、すべて表示して何も書き出しません
（黙って捨てることはしません）。書き出しはアプリと同じ形です（数式に見える文字の無害化、ドロップダウン）。
--state を付けると、失効した鍵・古いか同じ通番を拒否し、書き出した後で各ファイルの通番を記録します。
通番を省くと現在時刻（秒）を使います。--encrypt でパスワード暗号化します。
まとめた台帳は Excel の上限（1,048,575行）まで作れます。課のアプリには取り込めないので、verify・report・diff で確かめます。
鍵のパスフレーズは最初に確かめます（違えば台帳を読む前に終わります）。
各ファイルは確かめるときと書き出すときの2回読みます。その間に書き換えられたファイルがあれば、何も書き出さずに終わります。`,
  sign: `daicho sign ブック -o 出力ファイル --key 鍵ファイル [--profile 分類基準ID] [--sequence 通番] [--encrypt]

「${LEDGER_SHEET}」シート（なければ最初のシート）の表に署名し、アプリと同じ形の署名付き台帳として書き出します。
見出しは分類基準（--profile、既定 ${bundledProfiles[0]!.id}）の台帳の列と同じでなければならず、各行はアプリが
取り込める値でなければなりません（日付は 2027-04-01 の形。Excel の日付セルはこの形に直します）。
数式に見える文字（= + - @ などで始まる）は無害化し、一覧のある列にはドロップダウンを付けます。`,
  report: reportHelp,
  revoke: `daicho revoke 鍵ID --state 状態ファイル

鍵ID（XXXX-XXXX-XXXX）の鍵を失効として状態ファイルに記録します（ファイルがなければ作ります）。
以後、同じ状態ファイルを使う verify と merge は、その鍵で署名された台帳を拒否します。`,
};

/** Far above a public key file (about 400 bytes; parsePublicKeyFile takes at most 10,000 characters). */
const MAX_KEY_FILE_BYTES = 64 * 1024;

/** A public key in a --trust folder that could not be used: the reason, said in one line. */
function unreadableKey(error: unknown): string {
  const code = (error as { code?: string }).code;
  const words: Record<string, string> = { EISDIR: 'フォルダです', ENOTREG: '通常のファイルではありません', EFBIG: '鍵ファイルにしては大きすぎます', EACCES: '読む権限がありません' };
  return `読めません（${(code && words[code]) ?? code ?? (error as Error).message}）`;
}

function collectTrust(io: CliIo, paths: readonly string[]): TrustedKey[] {
  if (paths.length === 0) throw new UsageError('--trust で信頼する公開鍵ファイル（またはフォルダ）を指定してください。');
  const keys: TrustedKey[] = [];
  for (const path of paths) {
    const listed = io.listDir(path);
    const inFolder = listed !== null;
    const files = listed?.filter((f) => f.endsWith('.daicho-key') || f.endsWith('.json')).map((f) => (path.endsWith('/') ? `${path}${f}` : `${path}/${f}`)) ?? [path];
    for (const file of files) {
      let problem: string;
      try {
        // A key file is a few hundred bytes: a large file in a shared folder is not read at all
        // (thousands of them would each be read whole before parsePublicKeyFile refused its length).
        if (io.fileSize(file) > MAX_KEY_FILE_BYTES) throw Object.assign(new Error(`EFBIG ${file}`), { code: 'EFBIG', path: file });
        const parsed = parsePublicKeyFile(io.readText(file));
        if (parsed.ok) {
          const { keyId, publicKey, organisation, section, createdAt } = parsed.key;
          keys.push({ keyId, publicKey, organisation, section, addedAt: createdAt, addedBy: '', revokedAt: null, revokedBy: null, lastSequence: 0 });
          continue;
        }
        problem = keyFileMessages[parsed.reason];
      } catch (error) {
        // A file named on the command line must be read; one stray file in a shared folder must not
        // stop every verification.
        if (!inFolder) throw error;
        problem = unreadableKey(error);
      }
      if (!inFolder) throw new Refused(`${file}: ${problem}`);
      io.stderr(`注意: ${file} を読み飛ばしました（${problem.replace(/。$/, '')}）。`);
    }
  }
  if (keys.length === 0) throw new Refused(`信頼する公開鍵が1つも読めませんでした（${paths.join('、')}）。書き出した課の公開鍵ファイル（.daicho-key）を置いてください。`);
  return keys;
}

interface StateFile {
  path: string;
  state: TrustState;
}

/** Reads the state file; a missing one is an empty state (created on the first write). */
function loadState(io: CliIo, path: string): StateFile {
  let text: string;
  try {
    text = io.readText(path);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return { path, state: emptyTrustState() };
    throw error;
  }
  const parsed = parseTrustState(text);
  if (!parsed.ok) throw new Refused(`${path}: ${trustStateMessages[parsed.reason]}`);
  return { path, state: parsed.state };
}

/** Writes the state beside the file and renames it over, so an interruption leaves the old or the new state. */
function saveState(io: CliIo, file: StateFile, state: TrustState): void {
  const temporary = `${file.path}.${randomBytes(6).toString('hex')}.tmp`;
  io.writeFile(temporary, trustStateText(state));
  io.rename(temporary, file.path);
}

async function secret(io: CliIo, variable: string, prompt: string): Promise<string> {
  const value = io.env[variable] ?? (await io.askSecret(prompt));
  // Set but empty is an answer (a wrong password or a too-short passphrase), not a missing one.
  if (value === undefined) throw new UsageError(`${variable} が設定されておらず、入力もできません。環境変数 ${variable} を設定してください。`);
  return value;
}

const limitsOf = (io: CliIo) => io.readLimits ?? CLI_READ_LIMITS;

function readWorkbookFile(io: CliIo, path: string): Uint8Array {
  if (io.fileSize(path) > limitsOf(io).package.maxFileBytes) throw new Refused(`${path}: ${importRefusalReason({ reason: 'too-large' })}`);
  return io.readFile(path);
}

/** Node's SHA-256, synchronous: a streamed verify or merge never waits with its blocks in memory. */
const nodeSha256 = (data: Uint8Array) => createHash('sha256').update(data).digest();

/** The package inside a file that has just verified with this password. */
function decryptedPackage(bytes: Uint8Array, password: string): Uint8Array {
  const result = decryptWorkbook(bytes, password);
  if (!result.ok) throw new Error('decryption failed after verification');
  return result.bytes;
}

/**
 * The package inside an encrypted file, decrypted once for both its verification and the merge (each
 * decryption derives the key again: about 0.5 s of CPU a file, measured). Undefined when it gives no
 * package (a wrong password, damage, an encrypted file inside): the file is then verified as given, so
 * that its refusal is the one `verify` gives.
 */
function decryptedOnce(bytes: Uint8Array, password: string): Uint8Array | undefined {
  if (password === '') return undefined;
  const result = decryptWorkbook(bytes, password);
  return result.ok && !isCompoundFile(result.bytes) ? result.bytes : undefined;
}

/** Streams the rows of a package that has already verified (the same bytes: the same verdict). */
function streamedRows(bytes: Uint8Array, onRow: (row: string[]) => void, limits: LedgerReadLimits): { header: string[] } {
  const read = streamLedgerWorkbook(bytes, onRow, nodeInflateRaw, limits);
  if (!read.ok) throw new Error(`a verified ledger could not be read again: ${read.reason}`);
  return read;
}

async function openLedger(io: CliIo, path: string): Promise<OpenedLedger> {
  const bytes = readWorkbookFile(io, path);
  let opened = openLedgerFile(bytes, undefined, nodeInflateRaw, limitsOf(io));
  if (!opened.ok && opened.refusal.reason === 'needs-password') opened = openLedgerFile(bytes, await secret(io, 'DAICHO_FILE_PASSWORD', `${path} のパスワード: `), nodeInflateRaw, limitsOf(io));
  if (!opened.ok) throw new Refused(`${path}: ${importRefusalReason(opened.refusal)}`);
  return opened.file;
}

const profileIds = () => bundledProfiles.map((p) => p.id).join(', ');

function profileById(id: string) {
  const profile = bundledProfiles.find((p) => p.id === id);
  if (!profile) throw new UsageError(`分類基準「${id}」はありません（${profileIds()}）。`);
  return profile;
}

async function loadSigner(io: CliIo, path: string) {
  const text = io.readText(path);
  const header = readSigningKeyFile(text);
  if (!header.ok) throw new Refused(`${path}: ${keyFileMessages[header.reason]}`);
  const opened = await openSigningKey(text, await secret(io, 'DAICHO_PASSPHRASE', `${path} のパスフレーズ: `), nodeScrypt);
  if (!opened.ok) throw new Refused(`${path}: ${keyFileMessages[opened.reason]}`);
  return opened;
}

function tableRefused(path: string, refusal: LedgerTableRefusal | { reason: 'error-cell'; row: number; column: number }): Refused {
  if (refusal.reason === 'error-cell') return new Refused(`${path}: ${refusal.row}行目の${refusal.column}列目がエラー値（#N/A など）です。値を直してから署名してください。`);
  return new Refused(`${path}: ${ledgerTableRefusalReason(refusal)}`);
}

function printDiff(io: CliIo, diff: FileDiff): void {
  io.stdout(`追加 ${diff.added.length}件 / 変更 ${diff.changed.length}件（うち廃止・廃棄 ${diff.retired.length}件） / 削除 ${diff.removed.length}件`);
  // Columns of another version of the form: named once, left out of the rows' comparison.
  if (diff.columns.added.length) io.stdout(`新しい台帳にだけある列: ${diff.columns.added.join('、')}（各行の変更には含めていません）`);
  if (diff.columns.removed.length) io.stdout(`古い台帳にだけある列: ${diff.columns.removed.join('、')}（各行の変更には含めていません）`);
  for (const a of diff.added) io.stdout(`+ ${a.managementNumber} ${a.name}`);
  for (const c of diff.changed) for (const f of c.fields) io.stdout(`~ ${c.managementNumber} ${f.header}: ${f.from} → ${f.to}`);
  for (const r of diff.removed) io.stdout(`- ${r.managementNumber} ${r.name}`);
}

async function maybeEncrypt(io: CliIo, bytes: Uint8Array, encrypt: boolean): Promise<Uint8Array> {
  if (!encrypt) return bytes;
  const password = await secret(io, 'DAICHO_FILE_PASSWORD', '出力ファイルのパスワード（12文字以上）: ');
  if (password.length < 12) throw new UsageError('出力ファイルのパスワードは12文字以上にしてください。');
  return encryptWorkbook(bytes, password, (n) => new Uint8Array(randomBytes(n)), io.costs?.fileSpinCount);
}

const sequenceOf = (io: CliIo, text: string | undefined) => {
  const value = text === undefined ? Math.floor(io.now().getTime() / 1000) : Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new UsageError('--sequence には1以上の整数を指定してください。');
  return value;
};

/** A ledger being merged: what the second pass needs to read exactly the bytes the first pass verified. */
interface MergeSource {
  name: string;
  /** A plain file is read again and must have this size and SHA-256; an encrypted one keeps its package. */
  source: { size: number; sha256: string } | { decrypted: Uint8Array };
  meta: LedgerMeta;
  keyId: string;
  terminal: string;
  audit?: AuditAnchorInFile;
}

/**
 * The package of a merged ledger for the second pass: read again from disk and refused unless it is
 * byte for byte the file verified in the first pass (a file replaced in between would otherwise put
 * unverified rows under the central office's signature).
 */
function verifiedAgain(io: CliIo, input: MergeSource): Uint8Array {
  if ('decrypted' in input.source) return input.source.decrypted;
  const { size, sha256 } = input.source;
  const changed = () => new Refused(`${input.name}: まとめている間にファイルが書き換えられました（確かめたときと内容が違います）。提出されたファイルを確かめ、もう一度まとめてください。`);
  // The size first: a file grown to gigabytes is refused unread.
  if (io.fileSize(input.name) !== size) throw changed();
  const bytes = io.readFile(input.name);
  if (bytes.length !== size || bytesToHex(nodeSha256(bytes)) !== sha256) throw changed();
  return bytes;
}

async function command(name: string, args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      output: { type: 'string', short: 'o' },
      trust: { type: 'string', multiple: true, default: [] },
      key: { type: 'string' },
      organisation: { type: 'string' },
      section: { type: 'string' },
      profile: { type: 'string' },
      sequence: { type: 'string' },
      encrypt: { type: 'boolean' },
      state: { type: 'string' },
      'older-than': { type: 'string' },
    },
  });
  if (values.help) {
    io.stdout(help[name]!);
    return 0;
  }
  const output = () => {
    if (!values.output) throw new UsageError('-o で出力ファイルを指定してください。');
    return values.output;
  };
  switch (name) {
    case 'keygen': {
      if (!values.organisation || !values.section) throw new UsageError('--organisation と --section を指定してください。');
      const passphrase = await secret(io, 'DAICHO_PASSPHRASE', '新しいパスフレーズ（12文字以上）: ');
      if (passphrase.length < 12) throw new UsageError('パスフレーズは12文字以上にしてください。');
      const secretKey = ed25519.utils.randomSecretKey();
      const text = await sealSigningKey(secretKey, passphrase, { organisation: values.organisation, section: values.section, createdAt: io.now().toISOString() }, (n) => new Uint8Array(randomBytes(n)), io.costs?.keyKdf, nodeScrypt);
      io.writeFile(output(), text);
      const file = readSigningKeyFile(text);
      io.stdout(`署名鍵を作成しました。鍵ID: ${file.ok ? file.file.keyId : '?'}（公開鍵は daicho export-key で書き出します）`);
      return 0;
    }
    case 'export-key': {
      const [path] = positionals;
      if (!path) throw new UsageError('署名鍵ファイルを指定してください。');
      const read = readSigningKeyFile(io.readText(path));
      if (!read.ok) throw new Refused(`${path}: ${keyFileMessages[read.reason]}`);
      const { publicKey, organisation, section, createdAt, keyId } = read.file;
      io.writeFile(output(), publicKeyFileText({ publicKey, organisation, section, createdAt }));
      io.stdout(`公開鍵ファイルを書き出しました。鍵ID: ${keyId}`);
      return 0;
    }
    case 'verify': {
      const [path] = positionals;
      if (!path || positionals.length > 1) throw new UsageError('確かめる台帳ファイルを1つ指定してください。');
      const profileId = values.profile ? profileById(values.profile).id : null;
      const stateFile = values.state ? loadState(io, values.state) : null;
      const collected = collectTrust(io, values.trust);
      const trust = stateFile ? applyTrustState(collected, stateFile.state) : collected;
      // Streamed: a 100,000-row ledger is verified without keeping its rows in memory.
      const bytes = readWorkbookFile(io, path);
      const password = isEncryptedPackage(bytes) ? await secret(io, 'DAICHO_FILE_PASSWORD', `${path} のパスワード: `) : undefined;
      const checked = await verifyLedgerFile(bytes, password, trust, profileId, nodeSha256, nodeInflateRaw, limitsOf(io));
      if (!checked.ok) throw new Refused(`${path}: ${importRefusalReason(checked.refusal)}`);
      const { meta } = checked;
      const terminal = terminalName(checked.signer);
      if (stateFile) {
        // 【07】第17条: the section's audit log must extend the head seen last, whatever the terminal says.
        const audit = checkTerminalAudit(stateFile.state, terminal, checked.audit);
        if (!audit.ok) throw new Refused(`${path}: ${auditStateMessage(audit, terminal)}`);
        // Recorded under the key's full 20-character ID (an older ledger names the 12-character form).
        const now = io.now().toISOString();
        saveState(io, stateFile, recordAuditHead(recordAccepted(stateFile.state, keyFingerprint(checked.signer.publicKey), meta.sequence, now), terminal, checked.audit, now));
      }
      const auditText = checked.audit ? `監査ログ ${checked.audit.size}件${stateFile ? '（前回から続いています）' : ''}` : '監査ログの先頭なし';
      // Without a state file nothing is known about revocation, earlier sequences or the log: say so, not "OK" alone.
      const checkedState = stateFile ? `${auditText}・失効なし・通番 ${meta.sequence} を ${stateFile.path} に記録` : `${auditText}・失効と通番の再使用は確かめていません（--state で確かめます）`;
      io.stdout(`OK: ${meta.organisation} ${meta.section}・鍵ID ${meta.keyId}・通番 ${meta.sequence}・${meta.rowCount}件・分類基準 ${meta.profileId}・書出し ${meta.exportedAt}・${checkedState}`);
      return 0;
    }
    case 'diff': {
      if (positionals.length !== 2) throw new UsageError('古い台帳と新しい台帳の2つを指定してください。');
      const [before, after] = [await openLedger(io, positionals[0]!), await openLedger(io, positionals[1]!)];
      for (const [path, file] of [[positionals[0]!, before], [positionals[1]!, after]] as const) {
        // A difference against a file that does not verify would present forged rows as the section's.
        const check = await verifyLedger(file.header, file.rows, file.signed);
        if (!check.ok) throw new Refused(`${path}: ${importRefusalReason(check)}`);
      }
      printDiff(io, diffFiles(before, after));
      return 0;
    }
    case 'merge': {
      if (positionals.length === 0) throw new UsageError('まとめる台帳ファイルを指定してください。');
      if (!values.key) throw new UsageError('--key で署名鍵ファイルを指定してください。');
      const target = output();
      const sequence = sequenceOf(io, values.sequence);
      const stateFile = values.state ? loadState(io, values.state) : null;
      const collected = collectTrust(io, values.trust);
      const trust = stateFile ? applyTrustState(collected, stateFile.state) : collected;
      // The key is unsealed first, while the process is small: Node's scrypt frees its 128 MB as soon as
      // the key is derived, so it never adds to the merge's working set (@noble's stayed in the heap,
      // so the key used to be unsealed last). A wrong passphrase now stops before any ledger is read,
      // and still writes nothing.
      const signing = await loadSigner(io, values.key);
      // Two passes in memory that does not grow with the cells (200 sections of 2,000 assets): the first
      // verifies each file and keeps, per asset ID, a digest of its row (createMergePlan); the second
      // reads each file again from disk, refuses it unless it is byte for byte the file verified (its
      // SHA-256 taken in the first pass), and streams its rows into the signed workbook. Same checks,
      // conflicts and output as merging held tables. Holding every file's bytes for the second pass
      // instead kept 31 MB to the end at 200 files of 155 KB, growing with the files.
      const plan = createMergePlan((text) => createHash('sha256').update(text).digest());
      const inputs: MergeSource[] = [];
      for (const path of positionals) {
        const bytes = readWorkbookFile(io, path);
        const password = isEncryptedPackage(bytes) ? await secret(io, 'DAICHO_FILE_PASSWORD', `${path} のパスワード: `) : undefined;
        const unlocked = password === undefined ? undefined : decryptedOnce(bytes, password);
        const checked = await verifyLedgerFile(unlocked ?? bytes, unlocked ? undefined : password, trust, null, nodeSha256, nodeInflateRaw, limitsOf(io));
        if (!checked.ok) throw new Refused(`${path}: ${importRefusalReason(checked.refusal)}`);
        const { meta, signer: ledgerSigner, audit } = checked;
        const keyId = keyFingerprint(ledgerSigner.publicKey);
        const terminal = terminalName(ledgerSigner);
        if (stateFile) {
          const checkedAudit = checkTerminalAudit(stateFile.state, terminal, audit);
          if (!checkedAudit.ok) throw new Refused(`${path}: ${auditStateMessage(checkedAudit, terminal)}`);
        }
        // With a state, one ledger given twice is a repeated sequence number like any other replay.
        const twice = stateFile && inputs.find((i) => i.keyId === keyId && i.meta.sequence === meta.sequence);
        if (twice) throw new Refused(`${path}: ${importRefusalReason({ reason: 'replay', sequence: meta.sequence, lastSequence: twice.meta.sequence })}（${twice.name} と同じ通番です）`);
        const profile = bundledProfiles.find((p) => p.id === meta.profileId);
        if (!profile) throw new Refused(`${path}: 分類基準「${meta.profileId}」はこのコマンドが知らない基準です（${profileIds()}）。まとめられません。`);
        // An encrypted file keeps its decrypted package (a few hundred KB): decrypting it again would
        // cost its key derivation again (about 0.5 s of CPU a file, measured), for little memory saved.
        const plain = password === undefined ? bytes : (unlocked ?? decryptedPackage(bytes, password));
        // The header just verified must be the profile's (today's, or before the risk columns); a
        // mismatch stops the whole merge before anything is written.
        const header = 'header' in checked ? checked.header : [];
        const mismatch = ledgerHeaderMismatch(header, expectedLedgerHeader(header, profile));
        if (!mismatch) plan.add({ name: path, header, meta }, (each) => void streamedRows(plain, each, limitsOf(io)));
        if (mismatch) throw new Refused(`${path}: ${headerMismatchText({ profileId: profile.id, ...mismatch })}。各課が Daichō で書き出した台帳だけをまとめられます（まとめた台帳をさらにまとめることはできません）。`);
        const source = password === undefined ? { size: bytes.length, sha256: bytesToHex(nodeSha256(bytes)) } : { decrypted: plain };
        inputs.push({ name: path, source, meta, keyId, terminal, ...(audit ? { audit } : {}) });
      }
      const merged = plan.result();
      if (!merged.ok) {
        for (const conflict of merged.conflicts) io.stderr(mergeConflictMessage(conflict));
        throw new Refused(`食い違いが ${merged.conflicts.length}件あるため、何も書き出していません。`);
      }
      const rows = (each: (row: readonly string[]) => void) => {
        for (const input of inputs) {
          streamedRows(
            verifiedAgain(io, input),
            (raw) => {
              const row = plan.row(input, raw);
              if (row) each(row);
            },
            limitsOf(io),
          );
        }
      };
      let meta: LedgerMeta;
      const details = { profile: profileById(merged.profileId), organisation: signing.organisation, section: signing.section, sequence, exportedAt: io.now().toISOString(), appVersion: io.version, signer: secretKeySigner(signing.secretKey) };
      const maxRows = limitsOf(io).maxMergedRows;
      // Unencrypted, the workbook streams to a file beside the target as it is made (a 400,000-row merged
      // ledger is about 35 MB compressed: it is not held, nor copied into one array) and is renamed over
      // the target once signed, so a failure (a wrong passphrase) leaves no output, as before.
      const streamed = !values.encrypt && io.openOutput && io.remove;
      if (streamed) {
        const partial = `${target}.${randomBytes(6).toString('hex')}.tmp`;
        const out = io.openOutput!(partial);
        let done = false;
        try {
          const written = await exportMergedLedgerStream(merged.header, merged.rowCount, rows, details, nodeSha256, { sink: (chunk) => out.write(chunk), maxRows });
          out.close();
          if (!written.ok) throw tableRefused(target, written.refusal);
          io.rename(partial, target);
          done = true;
          meta = written.meta;
        } finally {
          if (!done) {
            try {
              out.close();
            } catch {
              // Already closed.
            }
            io.remove!(partial);
          }
        }
      } else {
        const written = await exportMergedLedgerStream(merged.header, merged.rowCount, rows, details, nodeSha256, { maxRows });
        if (!written.ok) throw tableRefused(target, written.refusal);
        io.writeFile(target, await maybeEncrypt(io, written.bytes, values.encrypt ?? false));
        meta = written.meta;
      }
      // Recorded only once the merged ledger is written: a failed merge accepts nothing.
      if (stateFile) saveState(io, stateFile, inputs.reduce((state, input) => recordAuditHead(recordAccepted(state, input.keyId, input.meta.sequence, io.now().toISOString()), input.terminal, input.audit, io.now().toISOString()), stateFile.state));
      io.stdout(`${inputs.length}ファイル・${merged.rowCount}件をまとめて署名しました（同一内容の重複 ${merged.duplicates}件は1件にしました）。鍵ID: ${meta.keyId}・通番 ${meta.sequence}${stateFile ? `・各ファイルの通番を ${stateFile.path} に記録` : ''}`);
      return 0;
    }
    case 'sign': {
      const [path] = positionals;
      if (!path) throw new UsageError('署名するブックを指定してください。');
      if (!values.key) throw new UsageError('--key で署名鍵ファイルを指定してください。');
      const target = output();
      const sequence = sequenceOf(io, values.sequence);
      const profile = profileById(values.profile ?? bundledProfiles[0]!.id);
      // Dates as Date cells, so they can be written as the app writes them (never as serial numbers).
      const bytes = readWorkbookFile(io, path);
      // An .ods (or .xlsb, Numbers) renamed .xlsx goes to another SheetJS parser, which expands repeated
      // rows and columns into cells: refused by its parts before SheetJS sees it.
      const format = legacyFormatRefusal(bytes);
      if (format) throw new Refused(`${path}: ${legacyRefusalMessage(format)}`);
      const opened = openWorkbook(bytes, { dates: true, inflate: nodeInflateRaw, maxInflatedBytes: SIGN_MAX_INFLATED_BYTES });
      if (!opened.ok) throw new Refused(`${path}: ${opened.reason === 'too-large' ? signTooLargeMessage : importRefusalReason({ reason: opened.reason })}`);
      const sheet = opened.book.Sheets[LEDGER_SHEET] ?? opened.book.Sheets[opened.book.SheetNames[0]!];
      // SheetJS reads MAX_LEDGER_ROWS + 2 rows and drops the rest without a word: a cell in the last
      // of them may have rows below it, and signing would certify a ledger cut short.
      const lastRow = sheet?.['!ref'] ? XLSX.utils.decode_range(sheet['!ref']).e.r + 1 : 0;
      if (lastRow >= MAX_LEDGER_ROWS + 2) throw new Refused(`${path}: 行が多すぎます（署名できるのは見出しのほかに ${MAX_LEDGER_ROWS.toLocaleString('ja-JP')} 行まで）。各課の台帳は daicho merge でまとめて署名してください。`);
      const table = sheet ? workbookTable(sheet) : null;
      if (table && !table.ok) throw tableRefused(path, table.refusal);
      if (!table || table.header.length === 0) throw new Refused(`${path}: 表がありません。「${LEDGER_SHEET}」シートの1行目に見出し、2行目から資産を置いてください。`);
      // Checked before the passphrase is asked for: a wrong table is refused without unsealing the key.
      const checked = checkLedgerTable(table, profile);
      if (!checked.ok) throw tableRefused(path, checked.refusal);
      const signer = await loadSigner(io, values.key);
      const written = await exportLedgerTable(table, { profile, organisation: signer.organisation, section: signer.section, sequence, exportedAt: io.now().toISOString(), appVersion: io.version, signer: secretKeySigner(signer.secretKey) });
      if (!written.ok) throw tableRefused(path, written.refusal);
      io.writeFile(target, await maybeEncrypt(io, written.bytes, values.encrypt ?? false));
      io.stdout(`${table.rows.length}件に署名しました。鍵ID: ${written.meta.keyId}・通番 ${written.meta.sequence}`);
      return 0;
    }
    case 'revoke': {
      const [given] = positionals;
      if (!given || positionals.length > 1) throw new UsageError('失効させる鍵の鍵IDを1つ指定してください。');
      const keyId = given.toUpperCase();
      if (!keyIdPattern.test(keyId)) throw new UsageError(`鍵ID「${given}」の形が違います。verify や export-key が表示する XXXX-XXXX-XXXX-XXXX-XXXX の20文字（古い台帳では12文字）を指定してください。`);
      if (!values.state) throw new UsageError('--state で状態ファイルを指定してください。');
      const stateFile = loadState(io, values.state);
      const revoked = revokeKey(stateFile.state, keyId, io.now().toISOString());
      if (revoked.already) {
        io.stdout(`鍵 ${keyId} は ${revoked.revokedAt} にすでに失効しています（${stateFile.path} は変更していません）。`);
        return 0;
      }
      saveState(io, stateFile, revoked.state);
      io.stdout(`鍵 ${keyId} を失効として ${stateFile.path} に記録しました。以後この状態ファイルを使う verify と merge は、この鍵の台帳を拒否します。`);
      return 0;
    }
    case 'report':
      return runReport(io, positionals, values, {
        collectTrust: (paths) => collectTrust(io, paths),
        loadState: (path) => loadState(io, path),
        usage: (message) => {
          throw new UsageError(message);
        },
      });
    default:
      throw new UsageError(`「${name}」というコマンドはありません。daicho --help で一覧を表示します。`);
  }
}

/** Runs one command line; returns the exit code. Never throws. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help.main!);
    return name ? 0 : 2;
  }
  try {
    return await command(name, args, io);
  } catch (error) {
    if (error instanceof Refused) {
      io.stderr(error.message.trim());
      return 1;
    }
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.stderr(`${error.message}（daicho ${name} --help で使い方を表示します）`);
      return 2;
    }
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
      io.stderr(`ファイルを開けません: ${(error as { path?: string }).path ?? ''}（${code}）`);
      return 1;
    }
    if (code === 'ENOTREG' || code === 'EFBIG') {
      io.stderr(`ファイルを開けません: ${(error as { path?: string }).path ?? ''}（${code === 'EFBIG' ? '大きすぎます。鍵ファイルや状態ファイルは 16 MB より小さいはずです' : '通常のファイルではありません（デバイス・名前付きパイプなど）'}）。指定したファイルを確かめてください。`);
      return 1;
    }
    io.stderr(`予期しないエラー: ${(error as Error).message}`);
    return 1;
  }
}
