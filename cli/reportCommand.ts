/**
 * `daicho report`: the central office's yearly roll-up of the sections' self-inspection (自己点検,
 * 【13】第4条) from their signed ledgers. Each file is verified exactly as `verify` verifies it (the same
 * `verifyLedgerFile`, the same trusted keys with the state's revocations, the same audit-head check
 * against the state), then its rows are counted with the app's own self-inspection tally; one workbook
 * gets a row per file and the overdue reviews listed.
 *
 * Memory stays bounded: files are handled one at a time, each is streamed twice (once to verify its
 * signature, once to count; a row is never kept), and at most MAX_LISTED overdue items are listed per
 * section (the count stays exact). A file that is refused (tampered, unknown signer, revoked key, wrong
 * password…) is listed with its reason and the run goes on with the next file.
 *
 * Unlike `verify`, the report reads the state file but never writes it: it is a look at ledgers
 * already received, not their acceptance. So a ledger whose sequence number equals the one recorded
 * (the ledger `verify` accepted) is counted; an older one is counted but flagged as superseded.
 */
import { createHash } from 'node:crypto';
import type { AssetKind } from '../shared/domain/asset';
import { assetKindLabels, assetKinds } from '../shared/domain/asset';
import { tokyoDay } from '../shared/domain/formatDate';
import { bundledProfiles } from '../shared/domain/profiles/bundledProfiles';
import { createAssetTally, isIsoDay, type InspectionAsset } from '../shared/domain/selfInspection';
import { importRefusalReason, parseLedgerRows, verifyLedgerFile, type TrustedKey } from '../shared/ledgerFile/importLedger';
import { expectedLedgerHeader, ledgerHeader, ledgerHeaderMismatch } from '../shared/ledgerFile/ledgerColumns';
import { CLI_READ_LIMITS, streamLedgerWorkbook } from '../shared/ledgerFile/ledgerWorkbook';
import { nodeInflateRaw } from './nodeInflate';
import { decryptWorkbook, isEncryptedPackage } from '../shared/ledgerFile/officeEncryption';
import { writeReportWorkbook, type ReportCell } from '../shared/ledgerFile/reportWorkbook';
import { keyFingerprint } from '../shared/ledgerFile/signature';
import { applyTrustState, auditStateMessage, checkTerminalAudit, terminalName, type TrustState } from '../shared/ledgerFile/trustState';
import type { CliIo } from './daicho';

/** Overdue items listed per section in the workbook (the count is always exact). */
export const MAX_LISTED = 1000;

export const reportHelp = `daicho report 台帳ファイルまたはフォルダ… -o 集計.xlsx --trust 公開鍵… [--state 状態ファイル] [--older-than YYYY-MM-DD]

各課の署名付き台帳を verify と同じ方法で確かめ、課ごとの件数（種類別・分類の状態・見直し期限切れ）を1つの
Excel ブックにまとめます。見直し期限切れの資産は別のシートに一覧にします。フォルダを指定すると中の .xlsx を読みます。
受け付けなかったファイル（改ざん・信頼しない鍵・失効した鍵など）は理由とともに一覧に載せ、残りのファイルの集計を続けます。
--older-than より前に書き出された台帳と、監査ログが前回より減った・書き換えられた課（--state の記録と比べます）には注意を付けます。
状態ファイルは読むだけで書き換えません（受け付けの記録は verify で行います）。暗号化された台帳は DAICHO_FILE_PASSWORD を使います。
終了コード: すべて受け付けて監査ログにも問題がなければ 0、受け付けなかったファイルか監査ログの問題があれば 1（ブックは書き出します）。`;

export interface ReportDeps {
  collectTrust(paths: readonly string[]): TrustedKey[];
  loadState(path: string): { path: string; state: TrustState };
  usage(message: string): never;
}

interface SectionRow {
  file: string;
  accepted: boolean;
  flags: string[];
  organisation: string;
  section: string;
  keyId: string;
  sequence: number | '';
  exportedAt: string;
  profileId: string;
  total: number;
  active: number;
  retired: number;
  disposed: number;
  byKind: Record<AssetKind, number>;
  unclassified: number;
  pending: number;
  overdueReviews: number;
  classes: string;
  auditSize: number | '';
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest();

/** The files named on the command line, a folder standing for the .xlsx files in it (sorted). */
function ledgerFiles(io: CliIo, paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    const listed = io.listDir(path);
    if (listed === null) return [path];
    return listed.filter((f) => f.toLowerCase().endsWith('.xlsx')).sort().map((f) => (path.endsWith('/') ? `${path}${f}` : `${path}/${f}`));
  });
}

const emptyRow = (file: string): SectionRow => ({
  file, accepted: false, flags: [], organisation: '', section: '', keyId: '', sequence: '', exportedAt: '', profileId: '', total: 0, active: 0, retired: 0, disposed: 0,
  byKind: Object.fromEntries(assetKinds.map((k) => [k, 0])) as Record<AssetKind, number>, unclassified: 0, pending: 0, overdueReviews: 0, classes: '', auditSize: '',
});

/** One file: verified, checked against the state, then counted. Never throws for a bad file. */
async function reportOne(io: CliIo, file: string, trust: readonly TrustedKey[], state: TrustState | null, olderThan: string | null, asOf: string, overdue: ReportCell[][]): Promise<{ row: SectionRow; auditProblem: boolean }> {
  const row = emptyRow(file);
  const refuse = (reason: string) => {
    row.flags.push(reason);
    return { row, auditProblem: false };
  };
  const limits = io.readLimits ?? CLI_READ_LIMITS;
  let bytes: Uint8Array;
  try {
    if (io.fileSize(file) > limits.package.maxFileBytes) return refuse(importRefusalReason({ reason: 'too-large' }));
    bytes = io.readFile(file);
  } catch (error) {
    return refuse(`ファイルを開けません（${(error as { code?: string }).code ?? (error as Error).message}）。`);
  }
  const password = isEncryptedPackage(bytes) ? io.env.DAICHO_FILE_PASSWORD : undefined;
  const checked = await verifyLedgerFile(bytes, password, trust, null, sha256, nodeInflateRaw, limits);
  if (!checked.ok) return refuse(importRefusalReason(checked.refusal));
  const { meta, signer, audit } = checked;
  Object.assign(row, { organisation: meta.organisation, section: meta.section, keyId: meta.keyId, sequence: meta.sequence, exportedAt: meta.exportedAt, profileId: meta.profileId, auditSize: audit?.size ?? '' });

  const profile = bundledProfiles.find((p) => p.id === meta.profileId);
  if (!profile) return refuse(`分類基準「${meta.profileId}」はこのコマンドが知らない基準です。件数を数えられません。`);

  // The row's counts, from a second streaming pass over the same (now verified) bytes.
  const expected = ledgerHeader(profile);
  const tally = createAssetTally(profile, asOf, { maxItems: MAX_LISTED });
  let invalid = 0;
  const readBytes = password === undefined ? bytes : decryptedBytes(bytes, password);
  const streamed = streamLedgerWorkbook(readBytes, (cells) => {
    const parsed = parseLedgerRows(expected, [cells], profile);
    if (!parsed.ok) {
      invalid += 1;
      return;
    }
    const asset = parsed.assets[0]!;
    const inspected: InspectionAsset = {
      id: asset.id,
      managementNumber: asset.input.managementNumber,
      name: asset.input.name,
      kind: asset.input.kind,
      status: asset.status,
      nextReviewDate: asset.input.nextReviewDate,
      classification: asset.state === 'unclassified' ? null : { state: asset.state, levels: asset.levels },
    };
    // Labels are not in a ledger file: every asset counts as labelled here (the section's own report says).
    tally.add(inspected, true);
  }, nodeInflateRaw, limits);
  if (!streamed.ok) return refuse(importRefusalReason(streamed.refusal));
  if (ledgerHeaderMismatch(streamed.header, expectedLedgerHeader(streamed.header, profile))) return refuse(`見出しが分類基準「${profile.id}」の台帳の列と違うため、件数を数えられません。`);
  const counts = tally.result();
  row.accepted = true;
  Object.assign(row, {
    total: counts.total,
    active: counts.byStatus.active,
    retired: counts.byStatus.retired,
    disposed: counts.byStatus.disposed,
    byKind: counts.byKind,
    unclassified: counts.unclassified.length + counts.overflow.unclassified,
    pending: counts.pending.length + counts.overflow.pending,
    overdueReviews: counts.overdueReviews.length + counts.overflow.overdueReviews,
    classes: counts.classes.map((c) => `${c.label} ${c.total}`).join('・'),
  });
  for (const item of counts.overdueReviews) overdue.push([meta.organisation, meta.section, item.ref, item.text, item.date]);
  if (counts.overflow.overdueReviews > 0) overdue.push([meta.organisation, meta.section, '', `ほか${counts.overflow.overdueReviews}件（一覧は${MAX_LISTED}件まで）`, '']);
  if (invalid > 0) row.flags.push(`台帳として読めない行が${invalid}件あります（件数に含めていません）。`);

  let auditProblem = false;
  if (state) {
    const terminal = terminalName(signer);
    const auditCheck = checkTerminalAudit(state, terminal, audit);
    if (!auditCheck.ok) {
      auditProblem = true;
      row.flags.push(auditStateMessage(auditCheck, terminal));
    }
    const recorded = [keyFingerprint(signer.publicKey), signer.keyId].map((id) => (Object.hasOwn(state.keys, id) ? state.keys[id]!.lastSequence : 0));
    const last = Math.max(0, ...recorded);
    if (meta.sequence < last) row.flags.push(`より新しい台帳（通番 ${last}）をすでに受け付けています。この台帳（通番 ${meta.sequence}）は古い版です。`);
  }
  if (olderThan && tokyoDay(new Date(meta.exportedAt)) < olderThan) row.flags.push(`${olderThan} より前（${tokyoDay(new Date(meta.exportedAt))}）に書き出された台帳です。最新の台帳の提出を依頼してください。`);
  return { row, auditProblem };
}

/** The workbook bytes of an encrypted ledger (the password was already accepted by the verification). */
function decryptedBytes(bytes: Uint8Array, password: string): Uint8Array {
  const result = decryptWorkbook(bytes, password);
  if (!result.ok) throw new Error('decryption failed after verification');
  return result.bytes;
}

/** Runs `daicho report`; returns the exit code. Usage errors go through `deps.usage`. */
export async function runReport(io: CliIo, positionals: readonly string[], values: { output?: string; trust: string[]; state?: string; 'older-than'?: string }, deps: ReportDeps): Promise<number> {
  if (positionals.length === 0) deps.usage('集計する台帳ファイル（またはフォルダ）を指定してください。');
  if (!values.output) deps.usage('-o で出力ファイルを指定してください。');
  const olderThan = values['older-than'] ?? null;
  if (olderThan !== null && !isIsoDay(olderThan)) deps.usage(`--older-than は 2026-04-01 の形で指定してください（「${olderThan}」）。`);
  const stateFile = values.state ? deps.loadState(values.state) : null;
  const collected = deps.collectTrust(values.trust);
  // Revocations apply as in verify; sequence numbers are compared below (a report accepts nothing).
  const trust = (stateFile ? applyTrustState(collected, stateFile.state) : collected).map((k) => ({ ...k, lastSequence: 0 }));
  const asOf = tokyoDay(io.now());
  const files = ledgerFiles(io, positionals);
  if (files.length === 0) deps.usage('フォルダに .xlsx ファイルがありません。');

  const rows: SectionRow[] = [];
  const overdue: ReportCell[][] = [];
  let auditProblems = 0;
  for (const file of files) {
    const { row, auditProblem } = await reportOne(io, file, trust, stateFile?.state ?? null, olderThan, asOf, overdue);
    if (auditProblem) auditProblems += 1;
    rows.push(row);
    io.stdout(row.accepted ? `${row.flags.length > 0 ? '注意' : 'OK'}: ${file}: ${row.organisation} ${row.section}・${row.total}件・見直し期限切れ ${row.overdueReviews}件${row.flags.length > 0 ? `・${row.flags.join(' ')}` : ''}` : `拒否: ${file}: ${row.flags.join(' ')}`);
  }

  // 集計日: the day the overdue reviews were judged on (today in Tokyo).
  const header = ['集計日', '団体', '課', 'ファイル', '受付', '注意', '鍵ID', '通番', '書出し日時', '分類基準', '全件', '使用中', '廃止', '廃棄済', ...assetKinds.map((k) => `種類:${assetKindLabels[k]}`), '未分類', '承認待ち・要見直し', '見直し期限切れ', '分類別', '監査ログ件数'];
  const sectionRows: ReportCell[][] = rows.map((r) => [
    asOf, r.organisation, r.section, r.file, r.accepted ? '受付' : '拒否', r.flags.join(' '), r.keyId, r.sequence, r.exportedAt, r.profileId,
    r.total, r.active, r.retired, r.disposed, ...assetKinds.map((k) => r.byKind[k]), r.unclassified, r.pending, r.overdueReviews, r.classes, r.auditSize,
  ]);
  const bytes = writeReportWorkbook([
    { name: '課別集計', rows: [header, ...sectionRows], widths: header.map((h, i) => (i === 3 || i === 5 ? 40 : Math.max(8, h.length * 2 + 2))) },
    { name: '見直し期限切れ', rows: [['団体', '課', '管理番号', '名称', '次回見直し日'], ...overdue], widths: [14, 16, 16, 40, 14] },
  ]);
  io.writeFile(values.output!, bytes);
  const refused = rows.filter((r) => !r.accepted).length;
  io.stdout(`${files.length}ファイルを集計し ${values.output} に書き出しました（受付 ${files.length - refused}・拒否 ${refused}・監査ログの問題 ${auditProblems}）。`);
  return refused > 0 || auditProblems > 0 ? 1 : 0;
}
