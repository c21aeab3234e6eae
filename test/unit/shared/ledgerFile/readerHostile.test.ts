/**
 * Edits of a genuine signed export that keep every digest but make a spreadsheet show something else
 * (checked against LibreOffice Calc, 2026-11-29): the reader refuses them, so `verifyLedgerFile`
 * and `daicho verify` (through `digestLedgerWorkbook`) refuse them too.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { digestLedgerWorkbook, streamLedgerWorkbook } from '../../../../shared/ledgerFile/ledgerWorkbook';
import { verifyDigests } from '../../../../shared/ledgerFile/signature';
import { escapeCellText, unescapeCellText } from '../../../../shared/ledgerFile/xlsxCells';
import { checkXmlText } from '../../../../shared/ledgerFile/xlsxPackage';
import { editPart, genuineLedger } from '../../../fixtures/hostileLedger';
import { makeAsset } from '../../../fixtures/assets';

const sha256 = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());
const SHEET = 'xl/worksheets/sheet1.xml';

describe('edits that keep the digests but change what a spreadsheet shows', () => {
  const genuine = genuineLedger(5, [makeAsset(0), makeAsset(1, { name: '研究&開発 台帳' }), makeAsset(2), makeAsset(3, { name: '漏洩事故の記録' }), makeAsset(4)]);

  it('verifies the genuine export', async () => {
    const read = await digestLedgerWorkbook(await genuine, sha256);
    expect(read.ok && verifyDigests(read.header, read.digests, read.signed).ok).toBe(true);
  });

  it.each([
    // LibreOffice decodes the sheet as Shift_JIS or windows-1252: other characters, or none.
    ['the sheet declared in Shift_JIS', (xml: string) => xml.replace('encoding="UTF-8"', 'encoding="Shift_JIS"')],
    ['the sheet declared in windows-1252', (xml: string) => xml.replace('encoding="UTF-8"', "encoding='windows-1252'")],
    // LibreOffice stops at the bare '&' and shows every later row empty.
    ['"&amp;" written as a bare "&"', (xml: string) => xml.replace('研究&amp;開発', '研究&開発')],
    // LibreOffice shows the row (漏洩事故の記録) empty, or the whole sheet empty.
    ['a namespace on a row', (xml: string) => xml.replace('<row r="5">', '<row r="5" xmlns="urn:x">')],
    ['a namespace on <sheetData>', (xml: string) => xml.replace('<sheetData>', '<sheetData xmlns="urn:x">')],
    ['a namespace on a cell\'s text', (xml: string) => xml.replace(/(<c r="B5" t="inlineStr"><is>)<t>/, '$1<t xmlns="urn:x">')],
  ])('refuses %s (the reader and the digest path alike)', async (_name, edit) => {
    const bytes = editPart(await genuine, SHEET, edit);
    expect(new TextDecoder().decode(bytes).length).toBeGreaterThan(0);
    const streamed = streamLedgerWorkbook(bytes, () => undefined);
    const digested = await digestLedgerWorkbook(bytes, sha256);
    expect(streamed.ok).toBe(false);
    expect(digested).toEqual(streamed);
  });
});

describe('escapeCellText', () => {
  it('writes a carriage return as _x000D_ (a parser reads a literal one as a line feed) and reads it back', () => {
    for (const text of ['a\rb', 'a\r\nb', '\r', '_x000D_\r']) {
      expect(escapeCellText(text)).not.toContain('\r');
      expect(unescapeCellText(escapeCellText(text))).toBe(text);
    }
  });
});

describe('whitespace JavaScript takes and XML does not', () => {
  const genuine = genuineLedger(3);
  it.each([
    ['U+3000 before the root', (xml: string) => xml.replace('?>\n<worksheet', '?>\n\u3000<worksheet')],
    ['U+FEFF after the declaration', (xml: string) => xml.replace('?>\n<worksheet', '?>\ufeff<worksheet')],
    ['U+00A0 inside the root tag', (xml: string) => xml.replace('<worksheet xmlns', '<worksheet\u00a0xmlns')],
    ['U+3000 inside a head tag', (xml: string) => xml.replace('<sheetView workbookViewId', '<sheetView\u3000workbookViewId')],
    ['U+3000 inside a row tag', (xml: string) => xml.replace('<row r="3">', '<row\u3000r="3">')],
    ['U+3000 inside a closing tag', (xml: string) => xml.replace('</row>', '</row\u3000>')],
  ])('refuses %s (LibreOffice shows the sheet, or its rest, empty)', async (_name, edit) => {
    const bytes = editPart(await genuine, SHEET, edit);
    const streamed = streamLedgerWorkbook(bytes, () => undefined);
    expect(streamed.ok).toBe(false);
    expect(await digestLedgerWorkbook(bytes, sha256)).toEqual(streamed);
  });

  // (The value is the selection's: a view's topLeftCell other than A1 is refused with frozen panes.)
  it('still reads U+3000 in a quoted value and in text', async () => {
    const bytes = editPart(await genuine, SHEET, (xml) => xml.replace('sqref="A2"/>', 'sqref="A2\u3000"/>').replace('>住民基本台帳', '>\u3000住民基本台帳'));
    expect(streamLedgerWorkbook(bytes, () => undefined).ok).toBe(true);
  });
});

describe('checkXmlText on hostile blocks', () => {
  // No timing asserted: a backtracking pattern here would take hours on 3 MB and the test would time out.
  it.each([
    ['3 MB of "<"', '<'.repeat(3_000_000)],
    ['3 MB of "<" and U+3000', '<\u3000'.repeat(1_500_000)],
    ['an unclosed tag of 3 MB with a quote', `<c r="${'a'.repeat(3_000_000)}`],
  ])('reads %s in one pass', (_, text) => {
    expect(() => checkXmlText(text, 'xl/worksheets/sheet1.xml', false)).not.toThrow(RangeError);
  });

  it('refuses U+3000 inside a tag, but not inside a quoted value or in text', () => {
    expect(() => checkXmlText('<row\u3000r="1">', 'x', false)).toThrow();
    expect(() => checkXmlText('<row r="\u3000">\u3000</row>', 'x', false)).not.toThrow();
  });
});
