import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { writeReportWorkbook } from '../../../../shared/ledgerFile/reportWorkbook';

describe('writeReportWorkbook', () => {
  it.each(['=HYPERLINK("http://evil")', '+1', '-1+1', '@SUM(A1)', '\tx', "'=already"])('writes %j as text, never as a formula', (text) => {
    const bytes = writeReportWorkbook([{ name: '一覧', rows: [['名称'], [text]] }]);
    const book = XLSX.read(bytes, { type: 'array' });
    const cell = book.Sheets['一覧']!['A2']!;
    expect(cell.f).toBeUndefined();
    expect(cell.t).toBe('s');
    expect(String(cell.v).startsWith("'")).toBe(true);
  });

  it('keeps numbers as numbers and cleans sheet names Excel refuses', () => {
    const bytes = writeReportWorkbook([{ name: '課/集計:2026?[1]', rows: [['件数'], [12]] }]);
    const book = XLSX.read(bytes, { type: 'array' });
    expect(book.SheetNames).toEqual(['課_集計_2026__1_']);
    expect(book.Sheets[book.SheetNames[0]!]!['A2']).toMatchObject({ t: 'n', v: 12 });
  });
});
