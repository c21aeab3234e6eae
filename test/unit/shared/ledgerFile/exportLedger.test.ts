import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { micProfile, nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import { checkLedgerTable, exportLedger, exportLedgerTable, ledgerChoices, ledgerTableRefusalReason, type LedgerTableRefusal } from '../../../../shared/ledgerFile/exportLedger';
import { openLedgerFile, parseLedgerRows } from '../../../../shared/ledgerFile/importLedger';
import { assetRow, ledgerHeader } from '../../../../shared/ledgerFile/ledgerColumns';
import { MERGE_SOURCE_HEADERS } from '../../../../shared/ledgerFile/mergeLedgers';
import { secretKeySigner, verifyLedger } from '../../../../shared/ledgerFile/signature';
import { makeAsset } from '../../../fixtures/assets';

const signer = secretKeySigner(Uint8Array.from({ length: 32 }, (_, i) => i + 11));
const details = { profile: nishinomiyaProfile, organisation: '西宮市', section: '情報政策課', sequence: 7, exportedAt: '2026-11-22T00:30:00.000Z', appVersion: 'test', signer };
const header = ledgerHeader(nishinomiyaProfile);
const column = (name: string) => header.indexOf(name);
const rowOf = (index: number, edit: Record<string, string> = {}) => {
  const row = assetRow(makeAsset(index), nishinomiyaProfile);
  for (const [name, value] of Object.entries(edit)) row[column(name)] = value;
  return row;
};

function sheetXml(bytes: Uint8Array): string {
  const zip = XLSX.CFB.read(bytes, { type: 'array' });
  return new TextDecoder().decode(XLSX.CFB.find(zip, '/xl/worksheets/sheet1.xml')!.content as Uint8Array);
}

describe('ledgerChoices', () => {
  it('returns the list columns of the ledger header by default', () => {
    const choices = ledgerChoices(nishinomiyaProfile);
    expect(choices.find((c) => c.column === column('種類'))?.values).toContain('情報');
    expect(choices.map((c) => header[c.column])).toContain('分類の状態');
  });

  it('returns the same lists two columns further right in a merged header', () => {
    const merged = [...MERGE_SOURCE_HEADERS, ...header];
    expect(ledgerChoices(nishinomiyaProfile, merged)).toEqual(ledgerChoices(nishinomiyaProfile).map((c) => ({ ...c, column: c.column + 2 })));
  });
});

describe('checkLedgerTable', () => {
  it('returns the rows as the exporter writes them: formula-like text neutralised, app cells unchanged, short rows padded', () => {
    const app = rowOf(0, { 備考: "'=既に無害化済み" });
    const typed = rowOf(1, { 備考: '=cmd|\' /C calc\'!A0', 名称: '@SUM(A1)', 所在: '+81', 根拠法令: '-1' });
    const checked = checkLedgerTable({ header, rows: [app, typed] }, nishinomiyaProfile);
    if (!checked.ok) throw new Error(ledgerTableRefusalReason(checked.refusal));
    expect(checked.rows[0]).toEqual(app);
    expect(checked.rows[1]![column('備考')]).toBe("'=cmd|' /C calc'!A0");
    expect([checked.rows[1]![column('名称')], checked.rows[1]![column('所在')], checked.rows[1]![column('根拠法令')]]).toEqual(["'@SUM(A1)", "'+81", "'-1"]);
  });

  it.each<[string, { header: string[]; rows: string[][] }, LedgerTableRefusal['reason'], RegExp]>([
    ['a header of another profile', { header: ledgerHeader(micProfile), rows: [] }, 'header-mismatch', /分類基準「nishinomiya」の台帳の列と違います/],
    ['a header with a column missing', { header: header.filter((h) => h !== '所在'), rows: [] }, 'header-mismatch', /5列目: 「所在」のはずが「所管課」/],
    ['a header with one column more', { header: [...header, '追加の列'], rows: [] }, 'header-mismatch', /（なし）のはずが「追加の列」/],
    ['any table (two columns)', { header: ['管理番号', '名称'], rows: [['SM-1', '住民基本台帳']] }, 'header-mismatch', /3列目/],
    ['an empty header', { header: [], rows: [] }, 'header-mismatch', /1列目: 「管理番号」のはずが（なし）/],
    ['a cell beyond the last column', { header, rows: [rowOf(0), [...rowOf(1), '隠れた値']] }, 'cell-outside-header', new RegExp(`3行目の${header.length + 1}列目`)],
    ['a date as Excel shows a serial number', { header, rows: [rowOf(0, { 次回見直し日: '46478' })] }, 'rows-invalid', /1件の行に誤りがあるため、署名していません（最初の誤り: 2行目 日付は 2026-04-01 の形/],
    ['a value outside its list', { header, rows: [rowOf(0), rowOf(1, { 種類: 'その他' })] }, 'rows-invalid', /3行目 種類「その他」は一覧にない値です/],
  ])('refuses %s', (_name, table, reason, message) => {
    const checked = checkLedgerTable(table, nishinomiyaProfile);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.refusal.reason).toBe(reason);
    expect(ledgerTableRefusalReason(checked.refusal)).toMatch(message);
    expect(ledgerTableRefusalReason(checked.refusal)).not.toContain('\n');
  });

  it('refuses more rows than a ledger may hold, before reading them', () => {
    const rows = new Array<string[]>(250_001).fill([]);
    expect(checkLedgerTable({ header, rows }, nishinomiyaProfile)).toEqual({ ok: false, refusal: { reason: 'too-many-rows', rows: 250_001, limit: 250_000 } });
  });

  it('accepts a merged ledger (sending section in front) without checking its rows as one section, padding short rows', () => {
    const merged = [...MERGE_SOURCE_HEADERS, ...header];
    const twice = ['西宮市', '市民課', ...rowOf(0)];
    const short = ['西宮市', '税務課', ...rowOf(0)].slice(0, 5);
    const checked = checkLedgerTable({ header: merged, rows: [twice, short] }, nishinomiyaProfile);
    expect(checked.ok && checked.header).toEqual(merged);
    expect(checked.ok && checked.rows[1]).toEqual([...short, ...new Array<string>(merged.length - 5).fill('')]);
  });
});

describe('exportLedgerTable', () => {
  it('returns the same workbook cells, signature and drop-downs as exportLedger for the same rows', async () => {
    const assets = [makeAsset(0, { note: '=既に' }), makeAsset(1, { note: "'=二重" })];
    const app = await exportLedger({ ...details, assets });
    const opened = openLedgerFile(app.bytes);
    if (!opened.ok) throw new Error('export did not open');
    const table = await exportLedgerTable({ header: opened.file.header, rows: opened.file.rows }, details);
    expect(table.ok).toBe(true);
    if (!table.ok) return;
    const again = openLedgerFile(table.bytes);
    expect(again.ok && again.file.rows).toEqual(opened.file.rows);
    expect(table.signed.rowsHash).toBe(app.signed.rowsHash);
    expect(sheetXml(table.bytes)).toBe(sheetXml(app.bytes));
    const parsed = again.ok && parseLedgerRows(again.file.header, again.file.rows, nishinomiyaProfile);
    expect(parsed && parsed.ok && parsed.assets.map((a) => a.input.note)).toEqual(['=既に', "'=二重"]);
  });

  it('returns a signed workbook whose cells verify and carry no formula', async () => {
    const table = await exportLedgerTable({ header, rows: [rowOf(0, { 備考: '=HYPERLINK("http://x","y")' })] }, details);
    if (!table.ok) throw new Error(table.refusal.reason);
    const opened = openLedgerFile(table.bytes);
    expect(opened.ok && (await verifyLedger(opened.file.header, opened.file.rows, opened.file.signed))).toMatchObject({ ok: true, meta: { sequence: 7, section: '情報政策課', rowCount: 1 } });
    expect(opened.ok && opened.file.rows[0]![column('備考')]).toBe('\'=HYPERLINK("http://x","y")');
    expect(sheetXml(table.bytes)).not.toContain('<f>');
  });
});
