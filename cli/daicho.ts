/**
 * daicho: the command-line tool of the 情報セキュリティ事務局 (central office), built on the same shared/
 * code as the app. It verifies, compares, aggregates and signs section ledgers. Exit codes: 0 success,
 * 1 a file was refused (one line on stderr names the reason), 2 wrong usage.
 */
import { createHash, randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { bundledProfiles } from '../shared/domain/profiles/bundledProfiles';
import { diffTables, type LedgerDiff } from '../shared/ledgerFile/diffLedger';
import { checkLedger, importRefusalReason, openLedgerFile, verifyLedgerFile, type OpenedLedger, type TrustedKey } from '../shared/ledgerFile/importLedger';
import { keyFileMessages, openSigningKey, parsePublicKeyFile, publicKeyFileText, readSigningKeyFile, sealSigningKey } from '../shared/ledgerFile/keyFiles';
import { LEDGER_SHEET, MAX_LEDGER_BYTES, openWorkbook, sheetRows, writeLedgerWorkbook } from '../shared/ledgerFile/ledgerWorkbook';
import { mergeConflictMessage, mergeLedgers } from '../shared/ledgerFile/mergeLedgers';
import { encryptWorkbook, isCompoundFile } from '../shared/ledgerFile/officeEncryption';
import { secretKeySigner, signLedger, verifyLedger } from '../shared/ledgerFile/signature';
import { ed25519 } from '@noble/curves/ed25519.js';

export interface CliIo {
  stdout(line: string): void;
  stderr(line: string): void;
  readFile(path: string): Uint8Array;
  /** Size in bytes, read before a file is loaded (a 10 GB file is refused unread). */
  fileSize(path: string): number;
  readText(path: string): string;
  writeFile(path: string, data: Uint8Array | string): void;
  listDir(path: string): string[] | null;
  env: Record<string, string | undefined>;
  /** Asks for a secret on the terminal (not echoed); undefined when there is no terminal. */
  askSecret(prompt: string): Promise<string | undefined>;
  now(): Date;
  version: string;
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

各コマンドの説明: daicho <コマンド> --help
終了コード: 0 成功 / 1 ファイルを受け付けなかった（理由を1行で表示） / 2 使い方の誤り
秘密の入力: パスフレーズは環境変数 DAICHO_PASSPHRASE、ファイルのパスワードは DAICHO_FILE_PASSWORD、
            なければ端末で入力を求めます（コマンド行には書きません）。`,
  keygen: `daicho keygen -o 鍵ファイル --organisation 団体名 --section 課名

署名鍵を作り、パスフレーズ（12文字以上）で暗号化して保存します。鍵ID（電話で読み上げる短い符号）を表示します。`,
  'export-key': `daicho export-key 鍵ファイル -o 公開鍵ファイル

署名鍵ファイルから公開鍵ファイル（秘密を含まない）を書き出します。パスフレーズは不要です。`,
  verify: `daicho verify 台帳ファイル --trust 公開鍵ファイルまたはフォルダ [--trust …] [--profile 分類基準ID]

署名と署名者を確かめます。正しければ終了コード 0 と概要を、そうでなければ 1 と理由を1行で表示します。
暗号化されたファイルは DAICHO_FILE_PASSWORD（なければ入力）でパスワードを受け取ります。`,
  diff: `daicho diff 古い台帳 新しい台帳

資産IDごとに、追加・変更（項目ごと）・廃止・削除を表示します。署名の確認は verify で行ってください。`,
  merge: `daicho merge 台帳ファイル… -o 出力ファイル --key 鍵ファイル --trust 公開鍵… [--sequence 通番] [--encrypt]

各ファイルの署名を確かめ、1つの台帳（提出元の列つき）にまとめて署名します。同じ資産IDで内容が違う、
分類の基準が違うなどの食い違いがあれば、すべて表示して何も書き出しません（黙って捨てることはしません）。
通番を省くと現在時刻（秒）を使います。--encrypt でパスワード暗号化します。`,
  sign: `daicho sign ブック -o 出力ファイル --key 鍵ファイル [--profile 分類基準ID] [--sequence 通番] [--encrypt]

「${LEDGER_SHEET}」シート（なければ最初のシート）の表に署名し、署名付き台帳として書き出します。`,
};

function collectTrust(io: CliIo, paths: readonly string[]): TrustedKey[] {
  if (paths.length === 0) throw new UsageError('--trust で信頼する公開鍵ファイル（またはフォルダ）を指定してください。');
  const files = paths.flatMap((path) => io.listDir(path)?.filter((f) => f.endsWith('.daicho-key') || f.endsWith('.json')).map((f) => (path.endsWith('/') ? `${path}${f}` : `${path}/${f}`)) ?? [path]);
  return files.map((file) => {
    const parsed = parsePublicKeyFile(io.readText(file));
    if (!parsed.ok) throw new Refused(`${file}: ${keyFileMessages[parsed.reason]}`);
    const { keyId, publicKey, organisation, section, createdAt } = parsed.key;
    return { keyId, publicKey, organisation, section, addedAt: createdAt, addedBy: '', revokedAt: null, revokedBy: null, lastSequence: 0 };
  });
}

async function secret(io: CliIo, variable: string, prompt: string): Promise<string> {
  const value = io.env[variable] ?? (await io.askSecret(prompt));
  if (!value) throw new UsageError(`${variable} が設定されておらず、入力もできません。環境変数 ${variable} を設定してください。`);
  return value;
}

function readWorkbookFile(io: CliIo, path: string): Uint8Array {
  if (io.fileSize(path) > MAX_LEDGER_BYTES) throw new Refused(`${path}: ${importRefusalReason({ reason: 'too-large' })}`);
  return io.readFile(path);
}

async function openLedger(io: CliIo, path: string): Promise<OpenedLedger> {
  const bytes = readWorkbookFile(io, path);
  let opened = openLedgerFile(bytes);
  if (!opened.ok && opened.refusal.reason === 'needs-password') opened = openLedgerFile(bytes, await secret(io, 'DAICHO_FILE_PASSWORD', `${path} のパスワード: `));
  if (!opened.ok) throw new Refused(`${path}: ${importRefusalReason(opened.refusal)}`);
  return opened.file;
}

async function verified(io: CliIo, path: string, trust: TrustedKey[], profileId?: string) {
  const file = await openLedger(io, path);
  const checked = await checkLedger(file, trust, profileId ? profileById(profileId).id : null);
  if (!checked.ok) throw new Refused(`${path}: ${importRefusalReason(checked.refusal)}`);
  return { file, meta: checked.meta };
}

function profileById(id: string) {
  const profile = bundledProfiles.find((p) => p.id === id);
  if (!profile) throw new UsageError(`分類基準「${id}」はありません（${bundledProfiles.map((p) => p.id).join(', ')}）。`);
  return profile;
}

async function loadSigner(io: CliIo, path: string) {
  const text = io.readText(path);
  const header = readSigningKeyFile(text);
  if (!header.ok) throw new Refused(`${path}: ${keyFileMessages[header.reason]}`);
  const opened = await openSigningKey(text, await secret(io, 'DAICHO_PASSPHRASE', `${path} のパスフレーズ: `));
  if (!opened.ok) throw new Refused(`${path}: ${keyFileMessages[opened.reason]}`);
  return opened;
}

function printDiff(io: CliIo, diff: LedgerDiff): void {
  io.stdout(`追加 ${diff.added.length}件 / 変更 ${diff.changed.length}件（うち廃止・廃棄 ${diff.retired.length}件） / 削除 ${diff.removed.length}件`);
  for (const a of diff.added) io.stdout(`+ ${a.managementNumber} ${a.name}`);
  for (const c of diff.changed) for (const f of c.fields) io.stdout(`~ ${c.managementNumber} ${f.header}: ${f.from} → ${f.to}`);
  for (const r of diff.removed) io.stdout(`- ${r.managementNumber} ${r.name}`);
}

async function maybeEncrypt(io: CliIo, bytes: Uint8Array, encrypt: boolean): Promise<Uint8Array> {
  if (!encrypt) return bytes;
  const password = await secret(io, 'DAICHO_FILE_PASSWORD', '出力ファイルのパスワード（12文字以上）: ');
  if (password.length < 12) throw new UsageError('出力ファイルのパスワードは12文字以上にしてください。');
  return encryptWorkbook(bytes, password, (n) => new Uint8Array(randomBytes(n)));
}

const sequenceOf = (io: CliIo, text: string | undefined) => {
  const value = text === undefined ? Math.floor(io.now().getTime() / 1000) : Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new UsageError('--sequence には1以上の整数を指定してください。');
  return value;
};

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
      const text = await sealSigningKey(secretKey, passphrase, { organisation: values.organisation, section: values.section, createdAt: io.now().toISOString() }, (n) => new Uint8Array(randomBytes(n)));
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
      // Streamed: a 100,000-row ledger is verified without keeping its rows in memory.
      const trust = collectTrust(io, values.trust);
      const bytes = readWorkbookFile(io, path);
      const password = isCompoundFile(bytes) ? await secret(io, 'DAICHO_FILE_PASSWORD', `${path} のパスワード: `) : undefined;
      const checked = await verifyLedgerFile(bytes, password, trust, values.profile ? profileById(values.profile).id : null, (data) => createHash('sha256').update(data).digest());
      if (!checked.ok) throw new Refused(`${path}: ${importRefusalReason(checked.refusal)}`);
      const { meta } = checked;
      io.stdout(`OK: ${meta.organisation} ${meta.section}・鍵ID ${meta.keyId}・通番 ${meta.sequence}・${meta.rowCount}件・分類基準 ${meta.profileId}・書出し ${meta.exportedAt}`);
      return 0;
    }
    case 'diff': {
      if (positionals.length !== 2) throw new UsageError('古い台帳と新しい台帳の2つを指定してください。');
      const [before, after] = [await openLedger(io, positionals[0]!), await openLedger(io, positionals[1]!)];
      for (const [path, file] of [[positionals[0]!, before], [positionals[1]!, after]] as const) {
        const check = await verifyLedger(file.header, file.rows, file.signed);
        if (!check.ok) io.stderr(`注意: ${path} の署名が一致しません（${check.reason}）。差分は参考です。`);
      }
      printDiff(io, diffTables(before, after));
      return 0;
    }
    case 'merge': {
      if (positionals.length === 0) throw new UsageError('まとめる台帳ファイルを指定してください。');
      if (!values.key) throw new UsageError('--key で署名鍵ファイルを指定してください。');
      const trust = collectTrust(io, values.trust);
      const inputs = [];
      for (const path of positionals) {
        const { file, meta } = await verified(io, path, trust);
        inputs.push({ name: path, header: file.header, rows: file.rows, meta });
      }
      const merged = mergeLedgers(inputs);
      if (!merged.ok) {
        for (const conflict of merged.conflicts) io.stderr(mergeConflictMessage(conflict));
        throw new Refused(`食い違いが ${merged.conflicts.length}件あるため、何も書き出していません。`);
      }
      const signer = await loadSigner(io, values.key);
      const signed = await signLedger(merged.header, merged.rows, { organisation: signer.organisation, section: signer.section, sequence: sequenceOf(io, values.sequence), exportedAt: io.now().toISOString(), profileId: merged.profileId, appVersion: io.version }, secretKeySigner(signer.secretKey));
      io.writeFile(output(), await maybeEncrypt(io, writeLedgerWorkbook(merged.header, merged.rows, signed), values.encrypt ?? false));
      io.stdout(`${inputs.length}ファイル・${merged.rows.length}件をまとめて署名しました（同一内容の重複 ${merged.duplicates}件は1件にしました）。鍵ID: ${signed.meta.keyId}・通番 ${signed.meta.sequence}`);
      return 0;
    }
    case 'sign': {
      const [path] = positionals;
      if (!path) throw new UsageError('署名するブックを指定してください。');
      if (!values.key) throw new UsageError('--key で署名鍵ファイルを指定してください。');
      const profile = profileById(values.profile ?? bundledProfiles[0]!.id);
      const opened = openWorkbook(readWorkbookFile(io, path));
      if (!opened.ok) throw new Refused(`${path}: ${importRefusalReason({ reason: opened.reason })}`);
      const sheet = opened.book.Sheets[LEDGER_SHEET] ?? opened.book.Sheets[opened.book.SheetNames[0]!];
      const [header, ...rows] = sheet ? sheetRows(sheet) : [];
      if (!header) throw new Refused(`${path}: 表がありません。`);
      const table = rows.map((row) => Array.from({ length: header.length }, (_, i) => row[i] ?? ''));
      const signer = await loadSigner(io, values.key);
      const signed = await signLedger(header, table, { organisation: signer.organisation, section: signer.section, sequence: sequenceOf(io, values.sequence), exportedAt: io.now().toISOString(), profileId: profile.id, appVersion: io.version }, secretKeySigner(signer.secretKey));
      io.writeFile(output(), await maybeEncrypt(io, writeLedgerWorkbook(header, table, signed), values.encrypt ?? false));
      io.stdout(`${table.length}件に署名しました。鍵ID: ${signed.meta.keyId}・通番 ${signed.meta.sequence}`);
      return 0;
    }
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
    io.stderr(`予期しないエラー: ${(error as Error).message}`);
    return 1;
  }
}
