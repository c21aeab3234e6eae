import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { run, type CliIo } from '../../../cli/daicho';
import { MAX_LISTED } from '../../../cli/reportCommand';
import { nishinomiyaProfile } from '../../../shared/domain/profiles/bundledProfiles';
import { exportLedger } from '../../../shared/ledgerFile/exportLedger';
import { publicKeyFileText } from '../../../shared/ledgerFile/keyFiles';
import { keyFingerprint, secretKeySigner, signLedger } from '../../../shared/ledgerFile/signature';
import { assetRow, ledgerHeader, RISK_HEADERS } from '../../../shared/ledgerFile/ledgerColumns';
import { writeLedgerWorkbook } from '../../../shared/ledgerFile/ledgerWorkbook';
import { trustStateText, emptyTrustState } from '../../../shared/ledgerFile/trustState';
import { auditAnchorForExport, buildAuditTree } from '../../../shared/domain/auditLog';
import { encryptWorkbook } from '../../../shared/ledgerFile/officeEncryption';
import type { Asset } from '../../../shared/domain/asset';
import type { AssetClassification } from '../../../shared/domain/classification';
import { makeAsset } from '../../fixtures/assets';

/** An in-memory file system around the CLI (today is 2026-11-22 in Tokyo). */
function fakeIo(files: Record<string, Uint8Array | string> = {}, env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const fs = new Map(Object.entries(files));
  const missing = (path: string) => Object.assign(new Error(`ENOENT ${path}`), { code: 'ENOENT', path });
  const io: CliIo = {
    stdout: (line) => out.push(line),
    stderr: (line) => err.push(line),
    readFile: (path) => {
      const f = fs.get(path);
      if (f === undefined) throw missing(path);
      return typeof f === 'string' ? new TextEncoder().encode(f) : f;
    },
    fileSize: (path) => io.readFile(path).length,
    readText: (path) => {
      const f = fs.get(path);
      if (f === undefined) throw missing(path);
      return typeof f === 'string' ? f : new TextDecoder().decode(f);
    },
    writeFile: (path, data) => void fs.set(path, data),
    rename: (from, to) => {
      fs.set(to, fs.get(from)!);
      fs.delete(from);
    },
    listDir: (path) => (path.endsWith('/') ? [...fs.keys()].filter((k) => k.startsWith(path) && !k.slice(path.length).includes('/')).map((k) => k.slice(path.length)) : null),
    env,
    askSecret: async () => undefined,
    now: () => new Date('2026-11-22T03:00:00.000Z'),
    version: 'test',
    costs: { fileSpinCount: 1000 },
  };
  return { io, out, err, fs };
}

const shiminSigner = secretKeySigner(Uint8Array.from({ length: 32 }, (_, i) => i * 3));
const zeimuSigner = secretKeySigner(Uint8Array.from({ length: 32 }, (_, i) => i * 5 + 1));
const strangerSigner = secretKeySigner(Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 2));
const keyFile = (signer: typeof shiminSigner, section: string) => publicKeyFileText({ publicKey: signer.publicKey, organisation: '西宮市', section, createdAt: '2026-04-01T00:00:00.000Z' });

const approved = (level: string): AssetClassification => ({
  profileId: 'nishinomiya', profileVersion: '1', levels: { importance: level }, recommended: { importance: level }, answers: {}, reasons: [], justification: '',
  referredToManager: false, state: 'approved', proposedBy: '佐藤', proposedAt: '2026-04-01T00:00:00.000Z', approvedBy: '山田', approvedAt: '2026-04-02T00:00:00.000Z',
});

/** 市民課: one A approved and reviewed late (due yesterday), one unclassified due today, one retired. */
const shiminAssets: Asset[] = [
  makeAsset(1, { classification: approved('A'), nextReviewDate: '2026-11-21', status: 'active' }),
  makeAsset(2, { classification: null, nextReviewDate: '2026-11-22', status: 'active' }),
  makeAsset(3, { status: 'retired', nextReviewDate: '2020-01-01' }),
];

async function ledger(signer: typeof shiminSigner, section: string, assets: Asset[], options: { sequence?: number; exportedAt?: string; audit?: ReturnType<typeof auditAnchorForExport> } = {}) {
  return (
    await exportLedger({ assets, profile: nishinomiyaProfile, organisation: '西宮市', section, sequence: options.sequence ?? 4, exportedAt: options.exportedAt ?? '2026-11-20T00:00:00.000Z', appVersion: 'test', signer, ...(options.audit ? { audit: options.audit } : {}) })
  ).bytes;
}

const anchorAt = (n: number) => {
  const hashes = Array.from({ length: n }, (_, i) => (i + 1).toString(16).padStart(64, 'a'));
  return auditAnchorForExport(buildAuditTree(hashes), hashes.at(-1) ?? null, []);
};

async function setup(extra: Record<string, Uint8Array | string> = {}, env: Record<string, string> = {}) {
  return fakeIo(
    {
      'in/shimin.xlsx': await ledger(shiminSigner, '市民課', shiminAssets),
      'in/zeimu.xlsx': await ledger(zeimuSigner, '税務課', [makeAsset(4, { classification: approved('B'), nextReviewDate: '2027-04-01' })], { sequence: 2, exportedAt: '2026-03-31T15:30:00.000Z' }),
      'in/notes.txt': 'not a ledger',
      'keys/shimin.daicho-key': keyFile(shiminSigner, '市民課'),
      'keys/zeimu.daicho-key': keyFile(zeimuSigner, '税務課'),
      ...extra,
    },
    env,
  );
}

/** The 課別集計 sheet as objects keyed by header, and the 見直し期限切れ sheet as rows. */
function workbookOf(bytes: Uint8Array | string | undefined) {
  if (!(bytes instanceof Uint8Array)) throw new Error('no workbook written');
  const book = XLSX.read(bytes, { type: 'array' });
  const sections = XLSX.utils.sheet_to_json<Record<string, string | number>>(book.Sheets['課別集計']!);
  const overdue = XLSX.utils.sheet_to_json<(string | number)[]>(book.Sheets['見直し期限切れ']!, { header: 1 }).slice(1);
  return { names: book.SheetNames, sections, overdue };
}

describe('daicho report', { timeout: 20_000 }, () => {
  it('writes a row per section with the counts of its verified ledger, and lists overdue reviews (yesterday yes, today no)', async () => {
    const { io, out, fs } = await setup();
    expect(await run(['report', 'in/', '-o', 'report.xlsx', '--trust', 'keys/'], io)).toBe(0);
    const { names, sections, overdue } = workbookOf(fs.get('report.xlsx'));
    expect(names).toEqual(['課別集計', '見直し期限切れ']);
    expect(sections.map((s) => s['課'])).toEqual(['市民課', '税務課']);
    const shimin = sections[0]!;
    expect([shimin['受付'], shimin['全件'], shimin['使用中'], shimin['廃止'], shimin['未分類'], shimin['見直し期限切れ'], shimin['集計日']]).toEqual(['受付', 3, 2, 1, 1, 1, '2026-11-22']);
    expect(shimin['分類別']).toBe('重要性分類A 1・未分類 1');
    expect(shimin['種類:情報']).toBe(shiminAssets.filter((a) => a.status === 'active' && a.kind === 'information').length);
    expect(overdue).toEqual([['西宮市', '市民課', shiminAssets[0]!.managementNumber, shiminAssets[0]!.name, '2026-11-21']]);
    expect(out.at(-1)).toBe('2ファイルを集計し report.xlsx に書き出しました（受付 2・拒否 0・監査ログの問題 0）。');
  });

  it('lists a tampered section file as refused with its reason and still reports the others (exit 1)', async () => {
    const book = XLSX.read(await ledger(shiminSigner, '市民課', shiminAssets), { type: 'array' });
    book.Sheets['情報資産台帳']!['B2'] = { t: 's', v: '書き換えた名称' };
    const tampered = new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const { io, out, fs } = await setup({ 'in/shimin.xlsx': tampered });
    expect(await run(['report', 'in/', '-o', 'report.xlsx', '--trust', 'keys/'], io)).toBe(1);
    const { sections } = workbookOf(fs.get('report.xlsx'));
    expect(sections.map((s) => [s['ファイル'], s['受付'], s['全件']])).toEqual([['in/shimin.xlsx', '拒否', 0], ['in/zeimu.xlsx', '受付', 1]]);
    expect(sections[0]!['注意']).toContain('改ざんのおそれ');
    expect(out).toContainEqual(expect.stringMatching(/^拒否: in\/shimin\.xlsx: .*変更されています/));
  });

  it.each([
    ['an unknown signer', async () => ({ 'in/stranger.xlsx': await ledger(strangerSigner, '謎の課', shiminAssets) }), {}, '信頼する鍵に登録されていません'],
    ['a file that is not a workbook', async () => ({ 'in/broken.xlsx': 'PK garbage' }), {}, 'Excel ブック'],
    ['an encrypted file without the password', async () => ({ 'in/locked.xlsx': encryptWorkbook(await ledger(shiminSigner, '市民課', shiminAssets, { sequence: 9 }), '正しいパスワード1234', (n) => new Uint8Array(n).fill(7), 1000) }), {}, 'パスワードで暗号化'],
    ['an encrypted file with a wrong password', async () => ({ 'in/locked.xlsx': encryptWorkbook(await ledger(shiminSigner, '市民課', shiminAssets, { sequence: 9 }), '正しいパスワード1234', (n) => new Uint8Array(n).fill(7), 1000) }), { DAICHO_FILE_PASSWORD: '違うパスワード' }, 'パスワードが違います'],
  ])('refuses %s without aborting the run', async (_, extra, env, reason) => {
    const { io, fs } = await setup(await extra(), env);
    expect(await run(['report', 'in/', '-o', 'report.xlsx', '--trust', 'keys/'], io)).toBe(1);
    const { sections } = workbookOf(fs.get('report.xlsx'));
    const refused = sections.filter((s) => s['受付'] === '拒否');
    expect(refused).toHaveLength(1);
    expect(String(refused[0]!['注意'])).toContain(reason);
    expect(sections.filter((s) => s['受付'] === '受付')).toHaveLength(2);
  });

  it('counts an encrypted ledger when the password is given', async () => {
    const locked = encryptWorkbook(await ledger(shiminSigner, '市民課', shiminAssets), '正しいパスワード1234', (n) => new Uint8Array(n).fill(7), 1000);
    const { io, fs } = await setup({ 'in/shimin.xlsx': locked }, { DAICHO_FILE_PASSWORD: '正しいパスワード1234' });
    expect(await run(['report', 'in/', '-o', 'report.xlsx', '--trust', 'keys/'], io)).toBe(0);
    expect(workbookOf(fs.get('report.xlsx')).sections[0]!['全件']).toBe(3);
  });

  it('flags a section whose file was exported before --older-than (the Tokyo day of its export time)', async () => {
    const { io, fs } = await setup();
    // 税務課 exported 2026-03-31T15:30Z, which is 1 April (00:30) in Tokyo: not older than 2026-04-01.
    expect(await run(['report', 'in/', '-o', 'a.xlsx', '--trust', 'keys/', '--older-than', '2026-04-01'], io)).toBe(0);
    expect(workbookOf(fs.get('a.xlsx')).sections.map((s) => s['注意'] ?? '')).toEqual(['', '']);
    expect(await run(['report', 'in/', '-o', 'b.xlsx', '--trust', 'keys/', '--older-than', '2026-04-02'], io)).toBe(0);
    expect(workbookOf(fs.get('b.xlsx')).sections.map((s) => String(s['注意'] ?? ''))).toEqual(['', expect.stringContaining('2026-04-02 より前（2026-04-01）に書き出された台帳')]);
  });

  it('flags a section whose audit log went backwards against the state (exit 1) and leaves the state file as it was', async () => {
    const state = trustStateText({ ...emptyTrustState(), terminals: { '西宮市 市民課': { auditHead: { size: 10, rootHash: anchorAt(10).rootHash }, seenAt: '2026-10-01T00:00:00.000Z' } } });
    const { io, fs } = await setup({ 'in/shimin.xlsx': await ledger(shiminSigner, '市民課', shiminAssets, { audit: anchorAt(6) }), 'state.json': state });
    expect(await run(['report', 'in/', '-o', 'report.xlsx', '--trust', 'keys/', '--state', 'state.json'], io)).toBe(1);
    const { sections } = workbookOf(fs.get('report.xlsx'));
    expect([sections[0]!['受付'], sections[0]!['監査ログ件数']]).toEqual(['受付', 6]);
    expect(sections[0]!['注意']).toContain('監査ログの記録数が、前回確認したときより減っています');
    expect(fs.get('state.json')).toBe(state);
  });

  it('counts the ledger verify accepted (same sequence), flags an older one, refuses a revoked key', async () => {
    const keys = (lastSequence: number, revokedAt: string | null = null) =>
      trustStateText({ ...emptyTrustState(), keys: { [keyFingerprint(shiminSigner.publicKey)]: { lastSequence, acceptedAt: '2026-11-01T00:00:00.000Z', revokedAt } } });
    for (const [state, expected] of [[keys(4), ''], [keys(5), 'より新しい台帳（通番 5）'], [keys(4, '2026-11-01T00:00:00.000Z'), '失効']] as const) {
      const { io, fs } = await setup({ 'state.json': state });
      await run(['report', 'in/shimin.xlsx', '-o', 'report.xlsx', '--trust', 'keys/', '--state', 'state.json'], io);
      const row = workbookOf(fs.get('report.xlsx')).sections[0]!;
      expect(String(row['注意'] ?? '')).toContain(expected);
      expect(row['受付']).toBe(expected === '失効' ? '拒否' : '受付');
    }
  });

  it('writes text that looks like a formula as text', async () => {
    const { io, fs } = await setup({ 'in/shimin.xlsx': await ledger(shiminSigner, '市民課', [makeAsset(1, { name: '=HYPERLINK("http://x")', nextReviewDate: '2026-01-01' })]) });
    expect(await run(['report', 'in/shimin.xlsx', '-o', 'report.xlsx', '--trust', 'keys/'], io)).toBe(0);
    const book = XLSX.read(fs.get('report.xlsx') as Uint8Array, { type: 'array' });
    const cell = book.Sheets['見直し期限切れ']!['D2']!;
    expect([cell.f, cell.v]).toEqual([undefined, '\'=HYPERLINK("http://x")']);
  });

  it.each([
    [['report', 'in/', '--trust', 'keys/'], '-o で出力ファイル'],
    [['report', '-o', 'r.xlsx', '--trust', 'keys/'], '台帳ファイル（またはフォルダ）'],
    [['report', 'in/', '-o', 'r.xlsx', '--trust', 'keys/', '--older-than', '2026-02-30'], '--older-than は 2026-04-01 の形'],
    [['report', 'in/', '-o', 'r.xlsx', '--trust', 'keys/', '--older-than', '昨年'], '--older-than は 2026-04-01 の形'],
    [['report', 'keys/', '-o', 'r.xlsx', '--trust', 'keys/'], '.xlsx ファイルがありません'],
  ])('exits 2 on wrong usage %j', async (argv, message) => {
    const { io, err, fs } = await setup();
    expect(await run(argv, io)).toBe(2);
    expect(err[0]).toContain(message);
    expect(fs.has('r.xlsx')).toBe(false);
  });

  it('lists at most MAX_LISTED overdue assets per section but counts them all', async () => {
    const many = Array.from({ length: MAX_LISTED + 3 }, (_, i) => makeAsset(i, { nextReviewDate: '2026-01-01', status: 'active' }));
    const { io, fs } = await setup({ 'in/shimin.xlsx': await ledger(shiminSigner, '市民課', many), 'in/zeimu.xlsx': await ledger(zeimuSigner, '税務課', [makeAsset(9)]) });
    expect(await run(['report', 'in/', '-o', 'report.xlsx', '--trust', 'keys/'], io)).toBe(0);
    const { sections, overdue } = workbookOf(fs.get('report.xlsx'));
    expect(sections[0]!['見直し期限切れ']).toBe(MAX_LISTED + 3);
    expect(overdue.filter((r) => r[1] === '市民課')).toHaveLength(MAX_LISTED + 1);
    expect(overdue.at(-1)![3]).toBe(`ほか3件（一覧は${MAX_LISTED}件まで）`);
  }, 30_000);
});

describe('daicho report with a section file signed before the risk columns', { timeout: 20_000 }, () => {
  it('counts the older file like a newer one', async () => {
    const width = ledgerHeader(nishinomiyaProfile).length - RISK_HEADERS.length;
    const head = ledgerHeader(nishinomiyaProfile).slice(0, width);
    const rows = shiminAssets.map((a) => assetRow(a, nishinomiyaProfile).slice(0, width));
    const signed = await signLedger(head, rows, { organisation: '西宮市', section: '市民課', sequence: 4, exportedAt: '2026-11-20T00:00:00.000Z', profileId: 'nishinomiya', appVersion: '0.1.0' }, shiminSigner);
    const { io, fs } = await setup({ 'in/shimin.xlsx': writeLedgerWorkbook(head, rows, signed) });
    expect(await run(['report', 'in/', '-o', 'report.xlsx', '--trust', 'keys/'], io)).toBe(0);
    const shimin = workbookOf(fs.get('report.xlsx')).sections[0]!;
    expect([shimin['課'], shimin['受付'], shimin['全件'], shimin['未分類'], shimin['見直し期限切れ']]).toEqual(['市民課', '受付', 3, 1, 1]);
  });
});
