/**
 * The byte scanner (`scanLedgerSheet`) against hostile sheets, written by an attacker who starts from
 * a signed export and wants it to verify while a spreadsheet shows something else. Two properties:
 *
 * - the scanner and the reader (`readSheet`) never disagree: whenever the scanner answers, the reader
 *   gives the same header and digests, and the full path (`scanLedgerSheet`, then `readSheet` from
 *   its resume point) always gives the reader's verdict;
 * - the scanner vouches only for well-formed XML that every program reads as `cellText` does. Where an
 *   XML parser reads the bytes otherwise (a declared encoding other than UTF-8, a character XML
 *   forbids, `]]>`, an ill-formed or over-long reference, an `_xHHHH_` escape the writer never writes,
 *   checked against LibreOffice Calc 2026-11-29), it gives up, so that the reader's rule for such
 *   text, whatever it is, is the verdict for the digest too.
 */
import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { createHash } from 'node:crypto';
import { inflateSync, unzipSync, zipSync } from 'fflate';
import { nodeInflateRaw } from '../../../../cli/nodeInflate';
import { scanLedgerSheet } from '../../../../shared/ledgerFile/sheetScan';
import { createRowDigester, type RowDigests } from '../../../../shared/ledgerFile/signature';
import { columnName, lineCount, readSharedStrings, readSheet, ResumeMismatch, rowXml, unescapeCellText, worksheetHead, worksheetTail, type SheetRules } from '../../../../shared/ledgerFile/xlsxCells';
import { pakoInflateRaw, guarded, openPackage, plainStyles, workbookParts, type InflateRaw, type PackageRefusal } from '../../../../shared/ledgerFile/xlsxPackage';
import { editPart, genuineLedger } from '../../../fixtures/hostileLedger';

const sha256 = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());
const encode = (text: string) => new TextEncoder().encode(text);
const SHEET = 'xl/worksheets/sheet1.xml';

const skeleton = (() => {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['']]), '台帳');
  return unzipSync(new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx', compression: false }) as ArrayBuffer));
})();
const packageOf = (sheet: Uint8Array) => zipSync({ ...skeleton, [SHEET]: sheet }, { level: 6 });

// A 12-point font, as the export's stylesheet: rows of at least 11.25 points a line.
const rules: SheetRules = { sheet: '台帳', maxRows: 5000, visible: true, lowestRow: () => 11.25, limitAfterHeader: () => ({ maxRows: 3000, limit: 'rows' }) };

type Outcome = { ok: true; header: string[]; digests: RowDigests } | { ok: false; refusal: PackageRefusal };

/** Hands the inflated part on in pieces of the given sizes (cycled). */
const inPieces =
  (sizes: readonly number[]): InflateRaw =>
  (compressed, limit, each) => {
    const whole = inflateSync(compressed);
    if (whole.length > limit) return 'over-limit';
    for (let at = 0, k = 0; at < whole.length; k++) {
      const n = Math.max(1, sizes[k % sizes.length]!);
      each(whole.slice(at, at + n));
      at += n;
    }
    return 'done';
  };
const INFLATERS: InflateRaw[] = [pakoInflateRaw, nodeInflateRaw, inPieces([7, 1, 300]), inPieces([4096])];

/** The reader alone, every row through `add`. */
async function reference(bytes: Uint8Array, inflate: InflateRaw): Promise<Outcome> {
  const digester = createRowDigester(sha256);
  const read = guarded(() => {
    const pkg = openPackage(bytes, inflate);
    const parts = workbookParts(pkg);
    const strings = parts.sharedStrings ? readSharedStrings(pkg, parts.sharedStrings) : [];
    return readSheet(pkg, parts.sheets[0]!.part, rules, strings, plainStyles(pkg, parts.styles), (row) => digester.add(row)) ?? [];
  });
  if (!read.ok) return read;
  return { ok: true, header: read.value, digests: await digester.finish() };
}

/** The scanner alone (null when it gives up), and the full path as `digestLedgerWorkbook` runs it. */
async function scannerAndFull(bytes: Uint8Array, inflate: InflateRaw): Promise<{ scanned: Outcome | null; full: Outcome }> {
  const alone = createRowDigester(sha256);
  const scanRead = guarded(() => {
    const pkg = openPackage(bytes, inflate);
    const parts = workbookParts(pkg);
    return scanLedgerSheet(pkg, parts.sheets[0]!.part, rules, plainStyles(pkg, parts.styles), alone).header;
  });
  const scanned: Outcome | null = !scanRead.ok ? scanRead : scanRead.value === null ? null : { ok: true, header: scanRead.value, digests: await alone.finish() };
  let mismatch = false;
  const read = guarded(() => {
    const pkg = openPackage(bytes, inflate);
    const parts = workbookParts(pkg);
    const plain = plainStyles(pkg, parts.styles);
    const strings = parts.sharedStrings ? readSharedStrings(pkg, parts.sharedStrings) : [];
    let digester = createRowDigester(sha256);
    const scan = scanLedgerSheet(pkg, parts.sheets[0]!.part, rules, plain, digester);
    let header = scan.header;
    if (!header) {
      if (!scan.resume) digester = createRowDigester(sha256);
      const into = digester;
      try {
        header = readSheet(pkg, parts.sheets[0]!.part, rules, strings, plain, (row) => into.add(row), scan.resume ?? undefined) ?? [];
      } catch (error) {
        mismatch = error instanceof ResumeMismatch;
        throw error;
      }
    }
    return { header, digester };
  });
  expect(mismatch).toBe(false);
  const full: Outcome = read.ok ? { ok: true, header: read.value.header, digests: await read.value.digester.finish() } : read;
  return { scanned, full };
}

const verdict = (outcome: Outcome) => (outcome.ok ? outcome : { ok: false, reason: outcome.refusal.reason, where: 'where' in outcome.refusal ? outcome.refusal.where : undefined });

/**
 * The property, through every inflater: the scanner answers only as the reader does, the full path
 * gives the reader's verdict, and (when `scanned` is given) whether the scanner answered at all.
 */
async function agree(sheet: Uint8Array, scanned?: boolean): Promise<Outcome> {
  const bytes = packageOf(sheet);
  let want: Outcome | null = null;
  for (const inflate of INFLATERS) {
    const reader = await reference(bytes, inflate);
    want ??= reader;
    // One verdict whatever the inflater (the excerpt a refusal quotes may end where a piece did).
    expect(verdict(reader)).toEqual(verdict(want));
    const got = await scannerAndFull(bytes, inflate);
    if (got.scanned !== null) expect(got.scanned).toEqual(reader);
    if (scanned !== undefined) expect(got.scanned !== null).toBe(scanned);
    expect(got.full).toEqual(reader);
  }
  return want!;
}

const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const head = (decl = DECL) => `${decl}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetData>`;
const TAIL = '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>';
const HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>管理番号</t></is></c><c r="B1" t="inlineStr"><is><t>名称</t></is></c><c r="C1" t="inlineStr"><is><t>備考</t></is></c></row>';
const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
/** Rows 2 and 3 in the exported form around row `middle` (row 3's markup, as given). */
const sheetWith = (middle: string, decl = DECL) => head(decl) + HEADER + `<row r="2">${cell('A2', 'SM-1')}${cell('B2', '前')}</row>` + middle + `<row r="4">${cell('A4', 'SM-3')}${cell('C4', '後')}</row>` + TAIL;
/** Row 3 with `text` (XML) in B3, as the writer writes it: high enough for the lines it decodes to (`rowXml`). */
const textIn3 = (text: string) => {
  const lines = lineCount(unescapeCellText(text));
  return sheetWith(`<row r="3"${lines > 1 ? ` ht="${15 * lines}" customHeight="1"` : ''}>${cell('A3', 'SM-2')}${cell('B3', text)}</row>`);
};

describe('scanLedgerSheet: text an XML parser reads otherwise is left to the reader', () => {
  it.each([
    // LibreOffice decodes the part in the declared encoding: "台帳" (UTF-8 bytes) shows as "蜿ｰ蟶ｳ".
    ['encoding="Shift_JIS"', sheetWith(`<row r="3">${cell('A3', '台帳')}</row>`, '<?xml version="1.0" encoding="Shift_JIS"?>\n')],
    ["encoding='windows-1252'", sheetWith(`<row r="3">${cell('A3', '台帳é')}</row>`, "<?xml version='1.0' encoding='windows-1252'?>\n")],
    ['encoding="UTF-16" (LibreOffice shows an empty sheet)', sheetWith(`<row r="3">${cell('A3', 'x')}</row>`, '<?xml version="1.0" encoding="UTF-16" standalone="yes"?>\n')],
    ['encoding = "EUC-JP" with spaces', sheetWith(`<row r="3">${cell('A3', '台帳')}</row>`, '<?xml version="1.0" encoding = "EUC-JP"?>\n')],
    // Ill-formed XML: Excel repairs the file, LibreOffice drops the rest of the sheet without a word.
    ['a bare "&"', textIn3('R&D')],
    ['an unknown entity', textIn3('a&bogus;b')],
    ['"&#X41;" (XML wants a lower-case x)', textIn3('&#X41;')],
    ['a reference to a surrogate', textIn3('a&#xD800;b')],
    ['a reference to U+FFFE', textIn3('a&#65534;b')],
    ['a reference to U+0001', textIn3('a&#1;b')],
    ['a literal U+0001', textIn3('a\u0001b')],
    ['a literal NUL', textIn3('a\u0000b')],
    ['a literal U+001F', textIn3('a\u001fb')],
    ['a literal vertical tab', textIn3('a\u000bb')],
    ['a literal U+FFFE', textIn3('a\ufffeb')],
    ['a literal U+FFFF', textIn3('a\uffffb')],
    ['"]]>" in text', textIn3('a]]>b')],
    ['"]]>" in text that also needs decoding', textIn3('&amp;]]>')],
    ['"]]>" in the header', head() + HEADER.replace('備考', '備考]]>') + TAIL],
    ['a literal U+0001 in the header', head() + HEADER.replace('備考', '備\u0001考') + TAIL],
    ['a bare "&" in the header', head() + HEADER.replace('備考', '備&考') + TAIL],
    // Read by the reader as "A", by a parser as "A" too, but not by `decodeXml` (digits it does not take).
    ['"&#x0000041;" (leading zeros)', textIn3('&#x0000041;')],
    ['"&#00000065;" (leading zeros)', textIn3('&#00000065;')],
    // Programs disagree: LibreOffice shows these as written, Excel decodes them; the writer never writes them.
    ['"_x0041_"', textIn3('_x0041_')],
    ['"_x00E9_"', textIn3('_x00E9_')],
    ['"_x00e9_" (lower case)', textIn3('_x00e9_')],
    ['"_x000d_" (lower case)', textIn3('a_x000d_b')],
    ['"_x0041_" spelled with a reference', textIn3('&#95;x0041_')],
    // Whitespace to JavaScript, not to XML, in the head: LibreOffice shows an empty sheet.
    ['U+3000 before the root', sheetWith(`<row r="3">${cell('A3', 'x')}</row>`).replace('?>\n<worksheet', '?>\n\u3000<worksheet')],
    ['U+FEFF after the declaration', sheetWith(`<row r="3">${cell('A3', 'x')}</row>`).replace('?>\n<worksheet', '?>\ufeff<worksheet')],
    ['U+00A0 inside the root tag', sheetWith(`<row r="3">${cell('A3', 'x')}</row>`).replace('<worksheet xmlns', '<worksheet\u00a0xmlns')],
    ['U+3000 inside a head tag', sheetWith(`<row r="3">${cell('A3', 'x')}</row>`).replace('<sheetView workbookViewId', '<sheetView\u3000workbookViewId')],
  ])('gives up on %s, and the full path gives the reader\'s verdict', async (_name, xml) => {
    await agree(encode(xml), false);
  }, 60_000);

  it.each([
    ['the five entities', '&amp;&lt;&gt;&quot;&apos;'],
    ['character references', '&#x41;&#65;&#x1F600;&#9;&#10;&#13;'],
    ['the writer\'s escapes', '_x0000__x001F__x005F__xFFFE__xFFFF_'],
    ['an escaped lookalike', '_x005F_x0041_'],
    ['tab, line feed, carriage return and CRLF', 'a\tb\nc\rd\r\ne'],
    ['"]" and ">" apart', ']>]&gt;]]&gt;>]'],
    ['U+2028, a byte order mark, U+FFFD and a surrogate pair', 'a\u2028b\ufeffc\ufffd😀'],
    ['"_" and "_x" that are not escapes', '_x_x00_x00G_X0041_'],
  ])('still reads %s as the writer writes it', async (_name, text) => {
    const want = await agree(encode(textIn3(text)), true);
    expect(want.ok).toBe(true);
  }, 60_000);

  it.each<[string, string, boolean]>([
    ['a row of two lines at the default height (LibreOffice shows the last line)', sheetWith(`<row r="3">${cell('A3', 'SM-2')}${cell('B3', '却下\n承認済み')}</row>`), false],
    ['a row of three lines written high enough for two', sheetWith(`<row r="3" ht="30" customHeight="1">${cell('A3', 'SM-2')}${cell('B3', '一&#10;二_x000D_三')}</row>`), false],
    ['a one-line row written lower than its text', sheetWith(`<row r="3" ht="9" customHeight="1">${cell('A3', 'SM-2')}</row>`), false],
    ['a row height with a leading zero', sheetWith(`<row r="3" ht="030" customHeight="1">${cell('A3', 'SM-2')}${cell('B3', 'a\nb')}</row>`), false],
    ['a row of two lines written high enough', sheetWith(`<row r="3" ht="30" customHeight="1">${cell('A3', 'SM-2')}${cell('B3', 'a\r\nb')}</row>`), true],
  ])('on %s gives the reader\'s verdict (scanner answers: %s)', async (_name, xml, scanned) => {
    await agree(encode(xml), scanned);
  }, 60_000);

  it('reads a genuine export, and gives up on the same export declared in Shift_JIS or with U+3000 in a tag', async () => {
    const genuine = await genuineLedger(5);
    const sheet = unzipSync(genuine)[SHEET]!;
    expect(new TextDecoder().decode(sheet)).toContain('encoding="UTF-8"');
    await agree(sheet, true);
    const relabelled = unzipSync(editPart(genuine, SHEET, (xml) => xml.replace('encoding="UTF-8"', 'encoding="Shift_JIS"')))[SHEET]!;
    await agree(relabelled, false);
    const spaced = unzipSync(editPart(genuine, SHEET, (xml) => xml.replace('<sheetView workbookViewId', '<sheetView\u3000workbookViewId')))[SHEET]!;
    await agree(spaced, false);
  }, 60_000);

  it('round-trips every control character, U+FFFE and U+FFFF through the writer on the fast path', async () => {
    const text = Array.from({ length: 0x20 }, (_, c) => String.fromCharCode(c)).join('') + '\ufffe\uffff_x0041_&<>"';
    const sheet = worksheetHead(2, 2) + rowXml(['a', 'b'], 1) + rowXml([text, text], 2) + worksheetTail(2, 2);
    const want = await agree(encode(sheet), true);
    const digester = createRowDigester(sha256);
    digester.add([text, text]);
    expect(want).toEqual({ ok: true, header: ['a', 'b'], digests: await digester.finish() });
  }, 60_000);
});

describe('scanLedgerSheet: markup an XML parser reads as the same', () => {
  const row3 = (markup: string) => sheetWith(markup);
  it.each([
    ['attributes in another order', row3('<row r="3"><c t="inlineStr" r="A3"><is><t>x</t></is></c></row>')],
    ['whitespace inside the row tag', row3('<row r="3" ><c r="A3" t="inlineStr"><is><t>x</t></is></c></row>')],
    ['whitespace inside the cell tag', row3('<row r="3"><c r="A3"  t="inlineStr"><is><t>x</t></is></c></row>')],
    ['a newline inside the cell tag', row3('<row r="3"><c r="A3"\nt="inlineStr"><is><t>x</t></is></c></row>')],
    ['whitespace in a closing tag', row3('<row r="3"><c r="A3" t="inlineStr"><is><t>x</t ></is></c></row>')],
    ['whitespace before </row>', row3('<row r="3"><c r="A3" t="inlineStr"><is><t>x</t></is></c> </row>')],
    ['single quotes', row3("<row r='3'><c r='A3' t='inlineStr'><is><t>x</t></is></c></row>")],
    ['spans on the row', row3('<row r="3" spans="1:3"><c r="A3" t="inlineStr"><is><t>x</t></is></c></row>')],
    ['a hidden row', row3('<row r="3" hidden="1"><c r="A3" t="inlineStr"><is><t>x</t></is></c></row>')],
    ['a row of height 0.5', row3('<row r="3" ht="0.5" customHeight="1"><c r="A3" t="inlineStr"><is><t>x</t></is></c></row>')],
    ['a row in another namespace', row3('<row r="3" xmlns="urn:x"><c r="A3" t="inlineStr"><is><t>x</t></is></c></row>')],
    ['text in another namespace', row3('<row r="3"><c r="A3" t="inlineStr"><is><t xmlns="urn:x">x</t></is></c></row>')],
    ['a prefixed row', row3('<x:row r="3" xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:c r="A3" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c></x:row>')],
    ['xml:space="default"', row3('<row r="3"><c r="A3" t="inlineStr"><is><t xml:space="default"> x </t></is></c></row>')],
    ['another attribute on <t>', row3('<row r="3"><c r="A3" t="inlineStr"><is><t foo="1">x</t></is></c></row>')],
    ['an attribute on <is>', row3('<row r="3"><c r="A3" t="inlineStr"><is foo="1"><t>x</t></is></c></row>')],
    ['a self-closed cell', row3('<row r="3"><c r="A3"/><c r="B3" t="inlineStr"><is><t>x</t></is></c></row>')],
    ['a self-closed text', row3('<row r="3"><c r="A3" t="inlineStr"><is><t/></is></c><c r="B3" t="inlineStr"><is><t>x</t></is></c></row>')],
    ['t="str"', row3('<row r="3"><c r="A3" t="str"><v>x</v></c></row>')],
    ['a style', row3('<row r="3"><c r="A3" s="0" t="inlineStr"><is><t>x</t></is></c></row>')],
    ['a phonetic guide', row3('<row r="3"><c r="A3" t="inlineStr"><is><t>漢</t><rPh sb="0" eb="1"><t>カン</t></rPh></is></c></row>')],
    ['rich text runs', row3('<row r="3"><c r="A3" t="inlineStr"><is><r><t>a</t></r><r><rPr><b/></rPr><t>b</t></r></is></c></row>')],
    ['two <t> in one <is>', row3('<row r="3"><c r="A3" t="inlineStr"><is><t>a</t><t>b</t></is></c></row>')],
    ['a skipped column', row3(`<row r="3">${cell('C3', 'x')}</row>`)],
    ['a duplicate cell', row3(`<row r="3">${cell('A3', 'x')}${cell('A3', 'y')}</row>`)],
    ['cells out of order', row3(`<row r="3">${cell('B3', 'x')}${cell('A3', 'y')}</row>`)],
    ['a cell of another row', row3(`<row r="3">${cell('A4', 'x')}</row>`)],
    ['a row without r', row3(`<row>${cell('A3', 'x')}</row>`)],
    ['a cell without r', row3(`<row r="3"><c t="inlineStr"><is><t>x</t></is></c></row>`)],
    ['a lower-case reference', row3(`<row r="3">${cell('a3', 'x')}</row>`)],
    ['text past the header\'s width', row3(`<row r="3">${cell('D3', 'x')}</row>`)],
    ['an empty cell past the header\'s width', row3(`<row r="3">${cell('A3', 'x')}${cell('XFD3', '')}</row>`)],
    ['an empty row', row3('<row r="3"></row>')],
    ['a self-closed row', row3('<row r="3"/>')],
    ['a row number with a leading zero', row3(`<row r="03">${cell('A03', 'x')}</row>`)],
    ['the row repeated', row3(`<row r="2">${cell('A2', 'x')}</row>`)],
    ['a comment between rows', row3('<!-- x -->')],
    ['a processing instruction between rows', row3('<?x y?>')],
    ['U+3000 between rows', row3('\u3000')],
    ['U+3000 inside a row', row3(`<row r="3">\u3000${cell('A3', 'x')}</row>`)],
    ['U+00A0 inside a cell tag', row3('<row r="3"><c\u00a0r="A3" t="inlineStr"><is><t>x</t></is></c></row>')],
    ['CDATA', row3('<row r="3"><c r="A3" t="inlineStr"><is><t><![CDATA[x]]></t></is></c></row>')],
  ])('gives the reader\'s verdict for %s', async (_name, xml) => {
    await agree(encode(xml));
  }, 60_000);
});

describe('scanLedgerSheet: where it stops and the reader goes on', () => {
  /** Every place just after a `</row>` (and before `</sheetData>`) of a sheet in the exported form. */
  const base = head() + HEADER + Array.from({ length: 5 }, (_, i) => rowXml([`SM-${i}`, i % 2 ? '台帳 "&<>"' : '', `😀${'\r\n'.repeat(i)}`], i + 2)).join('') + TAIL;
  const ends = [...base.matchAll(/<\/row>/g)].map((m) => m.index + '</row>'.length);
  it.each([
    ['a space', ' '],
    ['a newline', '\n'],
    ['a NUL', '\u0000'],
    ['a byte order mark', '\ufeff'],
    ['a stray </row>', '</row>'],
    ['a comment', '<!---->'],
    ['a row out of order', `<row r="1">${cell('A1', 'x')}</row>`],
    ['a row in another form', `<row r="900" ht="20">${cell('A900', 'x')}</row>`],
    ['a row past the limit', `<row r="4000">${cell('A4000', 'x')}</row>`],
    ['a formula', '<row r="900"><c r="A900"><f>1+1</f><v>2</v></c></row>'],
    ['a hidden row', `<row r="900" hidden="1">${cell('A900', 'x')}</row>`],
    ['text that is not XML', `<row r="900">${cell('A900', 'a\u0001b')}</row>`],
  ])('gives the reader\'s verdict with %s after each row', async (_name, inserted) => {
    for (const at of ends) await agree(encode(base.slice(0, at) + inserted + base.slice(at)));
  }, 120_000);

  it('gives the reader\'s verdict when a row is cut at every byte across two inflate pieces', async () => {
    const bytes = packageOf(encode(base));
    const want = await reference(bytes, pakoInflateRaw);
    expect(want.ok).toBe(true);
    const whole = encode(base).length;
    for (let cut = 1; cut < whole; cut += 3) {
      const got = await scannerAndFull(bytes, inPieces([cut, whole]));
      expect(got.scanned).toEqual(want);
      expect(got.full).toEqual(want);
    }
  }, 120_000);
});

describe('scanLedgerSheet: the block limit', () => {
  /** Kanji that do not compress much (3 UTF-8 bytes, 1 UTF-16 unit each). */
  const kanji = (length: number, seed: number) => {
    let x = seed * 2654435761 + 1;
    let text = '';
    for (let i = 0; i < length; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      text += String.fromCharCode(0x4e00 + ((x >>> 8) % 0x5000));
    }
    return text;
  };
  it('leaves to the reader a row over 3 MB as bytes but under 3 M characters (which the reader reads)', async () => {
    const width = 34;
    const header = `<row r="1">${Array.from({ length: width }, (_, i) => cell(`${columnName(i)}1`, `h${i}`)).join('')}</row>`;
    const row = `<row r="2">${Array.from({ length: width }, (_, i) => cell(`${columnName(i)}2`, kanji(32_000, i))).join('')}</row>`;
    const xml = encode(head() + header + row + TAIL);
    expect(xml.length).toBeGreaterThan(3 * 1024 * 1024);
    const bytes = packageOf(xml);
    const want = await reference(bytes, nodeInflateRaw);
    expect(want.ok).toBe(true);
    for (const inflate of [nodeInflateRaw, inPieces([65_536])]) {
      const got = await scannerAndFull(bytes, inflate);
      expect(got.scanned).toBeNull();
      expect(got.full).toEqual(want);
    }
  }, 120_000);
});
