/**
 * Fast writing and reading of the ledger's cell text, for 100,000-row ledgers.
 *
 * Why not SheetJS alone: measured at 100,000 × 18 text cells, SheetJS takes about 9 s to write and
 * 12 s to read the sheet (its pure-JS inflate and XML handling), and holds about 850 MB while reading.
 * The ledger sheet is only text cells, so this module writes its worksheet XML directly (SheetJS still
 * writes the rest of the package: workbook, styles, relationships) and zips with fflate, and reads cell
 * values from the package (opened by xlsxPackage.ts) one block of rows at a time, never holding the
 * whole sheet as a string. Reading refuses what would make a spreadsheet show something other than
 * the text read here (formulas, hidden rows, display formats: see `readSheet`); a DOCTYPE or entity
 * declaration is refused, only the five predefined XML entities and character references are decoded.
 * Verifying needs only the rows' digests: sheetScan.ts reads the ledger sheet's bytes for that, in
 * exactly the form written here, and leaves every other sheet to `readSheet`.
 */
import { unzipSync, zipSync } from 'fflate';
import { checkXmlText, decodeXml, elements, inflatePart, parseAttributes, refuse, truthy, type CellWhere, type OverLimit, type XlsxPackage } from './xlsxPackage';
import { DEFAULT_ROW_POINTS, type RunLook } from './xlsxStyles';

/** Characters XML 1.0 cannot carry; Excel writes them as _xHHHH_. */
const INVALID_XML = '[\\u0000-\\u0008\\u000b-\\u001f\\ufffe\\uffff]';
/**
 * In one pass: an invalid character, or a "_" that would start an _xHHHH_ lookalike in the output.
 * That is "_x" and four hex digits followed by "_" or by an invalid character (whose own escape
 * begins with "_"), overlapping lookalikes included: escaping whole lookalikes, and invalid
 * characters in a second pass, left "_x0000_x0041_" and "_x0000\ufffe" to read back otherwise.
 */
const toEscape = new RegExp(`_(?=x[0-9A-Fa-f]{4}(?:_|${INVALID_XML}))|${INVALID_XML}`, 'g');

/** Escapes cell text for an inline string, Excel-style: "_x" sequences and invalid characters as _xHHHH_. */
export function escapeCellText(text: string): string {
  return text
    .replace(toEscape, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes XML text: the five predefined entities and character references only, then _xHHHH_. */
export function unescapeCellText(xml: string): string {
  const text = xml.includes('&')
    ? xml.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, name: string) => {
        if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
        if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
        return entities[name] ?? whole;
      })
    : xml;
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))) : text;
}

/** Column letters for a zero-based index: 0 -> A, 26 -> AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

export interface SheetLayout {
  /** Column widths in characters. */
  widths?: readonly number[];
  /** Freeze the first row and put an auto-filter on the table. */
  headerRow?: boolean;
  /** Raw <dataValidations> element (or ''). */
  validations?: string;
  /** Print landscape, all columns on the page's width, as many pages down as needed. */
  printLandscape?: boolean;
}

/** The worksheet XML for a table of text cells (inline strings; no formula is ever written). */
export function worksheetXml(rows: readonly (readonly string[])[], layout: SheetLayout = {}): string {
  const width = Math.max(1, ...rows.slice(0, 1).map((r) => r.length), ...(layout.widths ? [layout.widths.length] : []));
  const parts: string[] = [worksheetHead(width, rows.length, layout)];
  for (let r = 0; r < rows.length; r++) parts.push(rowXml(rows[r]!, r + 1, layout.widths));
  parts.push(worksheetTail(width, rows.length, layout));
  return parts.join('');
}

/**
 * The worksheet's XML before its rows, for `width` columns and `rowCount` rows (header included).
 * With `rowXml` and `worksheetTail`, writes exactly what `worksheetXml` writes, a row at a time (the
 * CLI's merge streams a 250,000-row sheet into the zip without holding its text).
 */
export function worksheetHead(width: number, rowCount: number, layout: SheetLayout = {}): string {
  const last = `${columnName(width - 1)}${Math.max(1, rowCount)}`;
  const parts: string[] = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">',
    // CT_Worksheet order: sheetPr comes first, pageSetup after pageMargins.
    layout.printLandscape ? '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' : '',
    `<dimension ref="A1:${last}"/>`,
    layout.headerRow
      ? '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
      : '<sheetViews><sheetView workbookViewId="0"/></sheetViews>',
    '<sheetFormatPr defaultRowHeight="15"/>',
  ];
  if (layout.widths?.length) parts.push(`<cols>${layout.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>`);
  parts.push('<sheetData>');
  return parts.join('');
}

/** Lines of a cell's text: a spreadsheet breaks it at each line feed or carriage return. */
export function lineCount(text: string): number {
  if (!text.includes('\n') && !text.includes('\r')) return 1;
  return text.split(/\r\n|\r|\n/).length;
}

/** Excel's width of a column no <col> or default gives (characters). */
const EXCEL_COLUMN_WIDTH = 8.43;

/**
 * Characters every face draws wide (East Asian Wide and Fullwidth: Hangul jamo, CJK and kana, Hangul
 * syllables, compatibility ideographs, vertical and small forms, fullwidth forms, the supplementary
 * ideographs). Half-width katakana (ｼｽﾃﾑ, common in municipal data), punctuation such as “ ” – …, arrows
 * and circled numbers are not: counted wide, 60 half-width kana wrapped in a 36-character column were
 * taken for 3 lines where Excel fits 2, and the row it fitted was refused.
 */
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u;

/**
 * The fewest lines a wrapped cell's text can take in a column `width` characters wide. Each character
 * is counted narrower than any ordinary face draws it (a wide one, kanji or kana, as 1.5 digits where
 * 12-point Japanese faces take about 2; any other as half a digit), so a file whose rows Excel fitted
 * to their text is never refused; a long 備考 left in a row of one line is.
 */
export function fewestWrappedLines(text: string, width: number): number {
  let lines = 0;
  for (const line of text.split(/\r\n|\r|\n/)) {
    let units = 0;
    for (const c of line) units += WIDE.test(c) ? 1.5 : 0.5;
    lines += Math.max(1, Math.ceil(units / Math.max(width, MIN_COLUMN_WIDTH)));
  }
  return lines;
}

/**
 * One row's XML (`number` as Excel counts, from 1); empty cells are left out. A row holding a cell of
 * several lines (備考 may have line breaks) is written high enough for all of them: in a row of the
 * default height LibreOffice showed only the last line of "却下された\n再申請により承認済み".
 */
export function rowXml(row: readonly string[], number: number, widths?: readonly number[]): string {
  let lines = 1;
  // A cell with a line break is given wrapText by LibreOffice when it opens the file, and a wrapped
  // cell's row must hold its wrapped lines (`fewestWrappedLines`, the reader's measure): a long 備考 with
  // one line break, re-saved by LibreOffice in a row of two lines, was refused as cut. `widths` are the
  // columns' (`SheetLayout.widths`); Excel's default for a column without one.
  for (let c = 0; c < row.length; c++) {
    const text = row[c]!;
    const broken = lineCount(text);
    if (broken > 1) lines = Math.max(lines, broken, fewestWrappedLines(text, widths?.[c] ?? EXCEL_COLUMN_WIDTH));
  }
  let xml = lines > 1 ? `<row r="${number}" ht="${lines * DEFAULT_ROW_POINTS}" customHeight="1">` : `<row r="${number}">`;
  for (let c = 0; c < row.length; c++) {
    const text = row[c]!;
    if (text === '') continue;
    const space = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : '';
    xml += `<c r="${columnName(c)}${number}" t="inlineStr"><is><t${space}>${escapeCellText(text)}</t></is></c>`;
  }
  return `${xml}</row>`;
}

/** The worksheet's XML after its rows (see `worksheetHead`). */
export function worksheetTail(width: number, rowCount: number, layout: SheetLayout = {}): string {
  const last = `${columnName(width - 1)}${Math.max(1, rowCount)}`;
  const parts: string[] = ['</sheetData>'];
  if (layout.headerRow && rowCount > 0) parts.push(`<autoFilter ref="A1:${last}"/>`);
  if (layout.validations) parts.push(layout.validations);
  parts.push('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>');
  if (layout.printLandscape) parts.push('<pageSetup orientation="landscape" fitToWidth="1" fitToHeight="0"/>');
  parts.push('</worksheet>');
  return parts.join('');
}

/** Replaces files of a stored (uncompressed) package and compresses the result once. */
export function replaceInPackage(stored: Uint8Array, replacements: Record<string, string>): Uint8Array {
  const files: Record<string, Uint8Array> = unzipSync(stored);
  const encoder = new TextEncoder();
  for (const [path, xml] of Object.entries(replacements)) files[path] = encoder.encode(xml);
  // Level 6: fflate's default, about 4 times smaller than stored at a fraction of SheetJS's time.
  return zipSync(files, { level: 6 });
}

/**
 * Decoded text above this many characters without a row (or string item) ending is refused: a full
 * row of 18 cells at 32,767 characters (590,000) with its markup and common escapes stays below it.
 */
export const MAX_BLOCK_CHARS = 3 * 1024 * 1024;
/** Excel's own limit per cell. */
export const MAX_CELL_CHARS = 32_767;
/** Excel's last column, XFD. */
export const MAX_COLUMNS = 16_384;
/** Shared strings: entries and characters in all (a 250,000-row ledger needs far less). */
export const MAX_SHARED_STRINGS = 2_000_000;
export const MAX_SHARED_CHARS = 48 * 1024 * 1024;
/** A row lower than this (points) or a column narrower than this (characters) cannot show its text. */
export const MIN_ROW_HEIGHT = 5;
const MIN_COLUMN_WIDTH = 1;
/** Rows and columns a frozen pane may fix (a few header rows; 管理番号 and 名称 and a little more). */
const MAX_FROZEN_ROWS = 10;
const MAX_FROZEN_COLUMNS = 5;
/**
 * A height, width or column number as Excel writes it. `Number()` also reads "0x1A", " 20" or "1e1",
 * which LibreOffice reads otherwise (0 for "0x1A": a row or column that shows nothing).
 */
const PLAIN_DECIMAL = /^[0-9]{1,5}(?:\.[0-9]{1,17})?$/;
const PLAIN_INDEX = /^[1-9][0-9]{0,4}$/;
/** A size attribute's value, NaN (too small for every rule) when it is not a plain decimal. */
const sizeOf = (value: string) => (PLAIN_DECIMAL.test(value) ? Number(value) : Number.NaN);

/**
 * Inflates a part and hands `onBlock` decoded text that ends just after the last `cut` tag seen (or
 * at the end of the part), so neither the part nor its text is ever held whole. A block that grows
 * past MAX_BLOCK_CHARS without a cut (one enormous row or string) is refused before it grows further.
 */
function streamText(pkg: XlsxPackage, part: string, cut: string, onBlock: (text: string, first: boolean, offset: number) => void): void {
  const decoder = new TextDecoder();
  // Text since the last cut, kept as a (lazily joined) string, and the end of the previous chunk, so
  // a cut tag split across two chunks is still found. Only the new text is searched: searching the
  // whole carry on every chunk would make one enormous row cost quadratic time before it is refused.
  let carry = '';
  let previous = '';
  let first = true;
  // UTF-16 units of the part's text handed on so far: where each block starts (for `readSheet`'s resume).
  let emitted = 0;
  inflatePart(pkg, part, (chunk, final) => {
    const fresh = decoder.decode(chunk, { stream: !final });
    let at = -1;
    if (final) at = carry.length + fresh.length;
    else {
      // The last cut is searched in the chunk itself (joining it to `previous` first would copy every
      // chunk once more); only a chunk holding no cut at all needs the seam with the previous chunk,
      // where a cut may have been split. Same result as searching previous + fresh.
      const i = fresh.lastIndexOf(cut);
      if (i >= 0) {
        // The limit holds for the text before the first cut too, however the output was chunked (the
        // app's inflater hands on small pieces, the CLI's large ones: both must give one verdict).
        if (carry.length + fresh.indexOf(cut) > MAX_BLOCK_CHARS) refuse({ reason: 'over-limit', limit: 'row-bytes' });
        const gt = fresh.indexOf('>', i);
        if (gt >= 0) at = carry.length + gt + 1;
      } else {
        const j = (previous + fresh.slice(0, cut.length - 1)).lastIndexOf(cut);
        if (j >= 0) {
          if (carry.length > MAX_BLOCK_CHARS) refuse({ reason: 'over-limit', limit: 'row-bytes' });
          const inPrevious = previous.indexOf('>', j);
          const inFresh = inPrevious >= 0 ? -1 : fresh.indexOf('>');
          const gt = inPrevious >= 0 ? inPrevious : inFresh >= 0 ? previous.length + inFresh : -1;
          if (gt >= 0) at = carry.length - previous.length + gt + 1;
        }
      }
    }
    previous = fresh.slice(-(cut.length + 64));
    carry += fresh;
    if (at < 0) {
      if (carry.length > MAX_BLOCK_CHARS) refuse({ reason: 'over-limit', limit: 'row-bytes' });
      return;
    }
    const block = carry.slice(0, at);
    carry = carry.slice(at);
    checkXmlText(block, part, first);
    const text = first ? block.replace(/^\s*<\?xml\s[^>]*\?>/, '') : block;
    onBlock(text, first, emitted + block.length - text.length);
    emitted += block.length;
    first = false;
  });
}

/**
 * V8 keeps a long substring as a view of its parent, so each cell would keep its whole decoded block
 * alive (hundreds of MB for a large ledger). Concatenating and slicing gives the cell its own copy.
 */
const ownCopy = (text: string) => (text.length < 13 ? text : (text + ' ').slice(0, -1));

const NOT_XML_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\]\]>/;

/** Cell text: XML entities, then Excel's _xHHHH_ escapes (refusing an invalid character reference). */
export const cellText = (xml: string) => {
  // Not well-formed XML (a character XML forbids, "]]>"): Excel repairs such a file, LibreOffice drops
  // the rest of the sheet. A carriage return is XML, but a parser reads it as a line feed.
  if (NOT_XML_TEXT.test(xml)) refuse({ reason: 'damaged' });
  const text = decodeXml(xml);
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))) : text;
};

/** Elements a rich-text string (<si>, <is>) may hold: runs, their fonts, phonetic guides. */
const RICH_TEXT = new Set(['t', 'r', 'rPr', 'rPh', 'phoneticPr', 'rFont', 'charset', 'family', 'b', 'i', 'strike', 'outline', 'shadow', 'condense', 'extend', 'color', 'sz', 'u', 'vertAlign', 'scheme']);

/**
 * The text of an <si> or <is>: every <t>, leaving out phonetic guides (<rPh>, furigana). Each run's
 * properties (<rPr>: its colour, size and face replace the cell's font) go to `runLook` when given.
 */
function richText(xml: string, where: CellWhere, runLook?: RunLook): string {
  const plain = /^<t(?: xml:space="preserve")?>([^<]*)<\/t>$/.exec(xml);
  if (plain) return cellText(plain[1]!);
  for (const m of xml.matchAll(/<\/?([^\s/>]+)/g)) if (!RICH_TEXT.has(m[1]!)) refuse({ reason: 'unexpected-content', where, element: m[1]!.slice(0, 40) });
  // A namespace declared inside the string puts its text out of SpreadsheetML: LibreOffice shows nothing.
  if (/<[^>]*\sxmlns[\s:=]/.test(xml)) refuse({ reason: 'unexpected-content', where, element: 'xmlns' });
  // A white, 1-point or Wingdings run shows nothing or other characters (LibreOffice draws
  // <rPr><color rgb="FFFFFFFF"/></rPr> white on white), while its text is what was signed.
  if (runLook) for (const m of xml.matchAll(/<rPr(?=[\s/>])[^>]*?(?:\/>|>([\s\S]*?)<\/rPr\s*>)/g)) runLook(m[1] ?? '', where);
  const visible = xml.includes('<rPh') ? xml.replace(/<rPh[\s>][\s\S]*?<\/rPh\s*>/g, '') : xml;
  let text = '';
  for (const m of visible.matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t\s*>|<t(?:\s[^>]*)?\/>/g)) text += m[1] ?? '';
  return cellText(text);
}

/** The root element's namespace must be SpreadsheetML's, as the default and bound to no prefix. */
function checkRoot(attrsText: string, part: string): void {
  const attrs = parseAttributes(attrsText, part);
  if (attrs.get('xmlns') !== SPREADSHEET_NS || [...attrs].some(([k, v]) => k.startsWith('xmlns:') && v === SPREADSHEET_NS)) refuse({ reason: 'unexpected-content', where: { sheet: part }, element: '名前空間' });
}
const SPREADSHEET_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

/** All shared strings (each at most MAX_CELL_CHARS), streamed one block of items at a time. */
export function readSharedStrings(pkg: XlsxPackage, part: string, runLook?: RunLook): string[] {
  const strings: string[] = [];
  let chars = 0;
  let closed = false;
  const item = /\s*<si(?:\s*\/>|>([\s\S]*?)<\/si\s*>)/y;
  streamText(pkg, part, '</si', (text, first) => {
    let at = 0;
    if (first) {
      const root = /^\s*<sst(?=[\s/>])([^>]*?)(\/?)>/.exec(text);
      if (!root) return refuse({ reason: 'damaged' });
      checkRoot(root[1]!, part);
      closed = root[2] === '/';
      at = root[0].length;
    }
    for (;;) {
      item.lastIndex = at;
      const m = item.exec(text);
      if (!m) break;
      at = item.lastIndex;
      if (closed) refuse({ reason: 'damaged' });
      const value = m[1] ? ownCopy(richText(m[1], { sheet: part }, runLook)) : '';
      if (value.length > MAX_CELL_CHARS) refuse({ reason: 'over-limit', limit: 'cell-text', where: { sheet: part } });
      chars += value.length;
      if (strings.length >= MAX_SHARED_STRINGS || chars > MAX_SHARED_CHARS) refuse({ reason: 'over-limit', limit: 'strings' });
      strings.push(value);
    }
    const rest = text.slice(at);
    if (/^\s*<\/sst\s*>\s*$/.test(rest)) closed = true;
    else if (rest.trim() !== '') refuse({ reason: 'unexpected-content', where: { sheet: part }, element: rest.trim().slice(0, 40) });
  });
  if (!closed) refuse({ reason: 'damaged' });
  return strings;
}

/**
 * Furigana shown: Excel draws a string's phonetic runs (<rPh>, unsigned: the reader leaves them out)
 * above its text for a cell with ph="1" (refused as a cell attribute), a row with ph="1" or a column
 * with phonetic="1" (ECMA-376 Part 1, 18.3.1.73 and 18.3.1.13). A precaution: LibreOffice 7 shows none.
 */
const PHONETIC_SHOWN = 'ふりがなの表示';

/** A cell format index (cellXfs) as Excel writes it; -1 (never plain) for anything else. */
const styleIndex = (text: string) => (/^(0|[1-9][0-9]{0,5})$/.test(text) ? Number(text) : -1);

const QUICK_CELL = /^ r="([A-Z]{1,3}[0-9]{1,7})"(?: s="([0-9]{1,6})")?(?: t="([a-zA-Z]{1,9})")?$/;
const quickAttribute = /\s+([\w:.-]+)="([^"&<']*)"/y;

/** A tag's attributes: a fast path for the plain `name="value"` form, else the full XML rules. */
function attributesOf(text: string, part: string): Record<string, string> {
  const out: Record<string, string> = {};
  const body = text.trimEnd();
  let at = 0;
  while (at < body.length) {
    quickAttribute.lastIndex = at;
    const m = quickAttribute.exec(body);
    if (!m || m[1]! in out) return Object.fromEntries(parseAttributes(text, part));
    out[m[1]!] = m[2]!;
    at = quickAttribute.lastIndex;
  }
  return out;
}

/** Column letters (A..XFD) to a zero-based index; longer letter runs are over Excel's limit. */
function columnIndex(letters: string, where: CellWhere): number {
  if (letters.length > 3) refuse({ reason: 'over-limit', limit: 'column', where });
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  if (n > MAX_COLUMNS) refuse({ reason: 'over-limit', limit: 'column', where });
  return n - 1;
}

/** Elements a worksheet may hold before and after its rows; anything else is refused by name. */
const HEAD_ELEMENTS = new Set(['sheetPr', 'tabColor', 'outlinePr', 'pageSetUpPr', 'dimension', 'sheetViews', 'sheetView', 'pane', 'selection', 'sheetFormatPr', 'cols', 'col']);
const TAIL_ELEMENTS = new Set([
  'sheetProtection', 'autoFilter', 'sortState', 'sortCondition', 'dataValidations', 'dataValidation', 'formula1', 'formula2', 'printOptions', 'pageMargins', 'pageSetup',
  'headerFooter', 'oddHeader', 'oddFooter', 'evenHeader', 'evenFooter', 'firstHeader', 'firstFooter', 'rowBreaks', 'colBreaks', 'brk', 'ignoredErrors', 'ignoredError',
  // Points at the drawing part, which the package reader has checked is empty.
  'drawing',
  // Japanese Excel writes the sheet's phonetic (furigana) settings; they show nothing by themselves.
  'phoneticPr',
]);

export interface SheetRules {
  /** The sheet's name, for messages. */
  sheet: string;
  /** Rows beyond this Excel row number are refused. */
  maxRows: number;
  /** Refuse hidden rows and columns (the ledger sheet; not the very hidden signed part). */
  visible: boolean;
  /** A fixed table width (the signed part: column A only); otherwise the header row's width. */
  width?: number;
  /** Rows must be numbered 1, 2, 3… with no gap (the signed part). */
  contiguous?: boolean;
  /**
   * Decides, from the header row, the limit for the rows after it (`maxRows` until then) and the
   * refusal given past it (a merged ledger may be longer than a section's, see ledgerWorkbook.ts).
   */
  limitAfterHeader?: (header: readonly string[]) => { maxRows: number; limit: OverLimit };
  /** Checks the look of each rich-text run in the sheet's cells (xlsxStyles.ts `checkVisibleStyles`). */
  runLook?: RunLook;
  /**
   * Points: the lowest row that shows the sheet's text (for the largest font met so far: the
   * stylesheet's and the runs checked until now, xlsxStyles.ts). On a visible sheet a row, or the
   * sheet's default row, lower than this is refused: its text shows as a strip of cut glyphs.
   */
  lowestRow?: () => number;
  /**
   * Whether a cell format wraps text (-1: a cell without a style; xlsxStyles.ts `TextLook.wraps`): rows
   * are checked against the lines their wrapped cells take. Without it nothing is taken to wrap.
   */
  wraps?: (style: number) => boolean;
}

/** The worksheet's head as `readSheet` needs it: the <col> ranges and the default row height. */
export interface SheetHead {
  columns: SheetColumn[];
  /** Points, from <sheetFormatPr defaultRowHeight>; undefined when the sheet sets none. */
  rowHeight: number | undefined;
  /** Characters, from <sheetFormatPr defaultColWidth> (Excel's 8.43 when not given). */
  columnWidth: number;
}

/** Points a row must have on a visible sheet: at least MIN_ROW_HEIGHT, and enough for its text. */
const lowestRow = (rules: SheetRules) => Math.max(MIN_ROW_HEIGHT, rules.lowestRow?.() ?? 0);

/**
 * Where `readSheet` may start reading rows instead of at the first one: just after a row that
 * sheetScan.ts read (it and every row before it in the exported form, with `readSheet`'s checks, and
 * handed to the same digester), at `units` UTF-16 units into the part's text, with the state the rows
 * before it leave. The text before is still inflated, decoded, cut and checked as ever; only its rows
 * are not parsed again.
 */
export interface SheetResume {
  units: number;
  lastRow: number;
  dataRows: number;
  header: string[] | null;
  width: number;
  maxRows: number;
  rowsLimit: OverLimit;
}

/** Thrown when a resume point is not just after a row's end in the text: the caller reads the sheet from its start. */
export class ResumeMismatch extends Error {}

/** A <col> range (zero-based) and whether it hides its columns. */
export interface SheetColumn {
  min: number;
  max: number;
  hidden: boolean;
  /** Characters (Infinity when the range gives none: then the default applies, see `columnWidthOf`). */
  width: number;
  /** The style given to the range's cells without one (-1: none; LibreOffice applies it). */
  style: number;
}

/** A column's width in characters: its <col> range's, else the sheet's default. */
function columnWidthOf(columns: readonly SheetColumn[], column: number, fallback: number): number {
  for (const c of columns) if (column >= c.min && column <= c.max && c.width !== Number.POSITIVE_INFINITY) return c.width;
  return fallback;
}

/**
 * Whether a cell wraps its text: by its own style, or, without one, by the default style, its row's
 * style or its column's (LibreOffice gives those to cells without a style).
 */
export function cellWraps(wraps: ((style: number) => boolean) | undefined, style: number | undefined, rowStyle: number, columns: readonly SheetColumn[], column: number): boolean {
  if (!wraps) return false;
  if (style !== undefined) return wraps(style);
  if (wraps(-1) || (rowStyle >= 0 && wraps(rowStyle))) return true;
  for (const c of columns) if (column >= c.min && column <= c.max && c.style >= 0 && wraps(c.style)) return true;
  return false;
}

/**
 * The worksheet's elements before <sheetData> (its text after the XML declaration): the root's
 * namespace, only HEAD_ELEMENTS, no zeros hidden, no default hidden rows or columns and no collapsed
 * outline on a visible sheet, and column styles that are `plain` (a cell without a style of its own
 * takes its column's in LibreOffice). Returns the <col> ranges, checked against the table's width once
 * it is known.
 */
export function readSheetHead(text: string, part: string, rules: SheetRules, plain: (style: number) => boolean): SheetHead {
  const { sheet } = rules;
  const columns: SheetColumn[] = [];
  let defaultHidden = false;
  let rowHeight: number | undefined;
  let viewTopLeft: string | undefined;
  let columnWidth = EXCEL_COLUMN_WIDTH;
  // XML's whitespace only before the root (a U+3000 or U+FEFF there makes the part ill-formed).
  const root = /^[ \t\r\n]*<worksheet(?=[ \t\r\n>])([^>]*)>/.exec(text);
  if (!root) return refuse({ reason: 'not-daicho' });
  checkRoot(root[1]!, part);
  for (const m of text.slice(root[0].length).matchAll(/<(\/?)([^\s/>]+)([^>]*)>/g)) {
    const name = m[2]!;
    if (!HEAD_ELEMENTS.has(name)) refuse({ reason: 'unexpected-content', where: { sheet }, element: name.slice(0, 40) });
    if (m[1]) continue;
    if (name === 'col') {
      const a = attributesOf(m[3]!.replace(/\/$/, ''), part);
      const w = a.width === undefined ? Number.POSITIVE_INFINITY : sizeOf(a.width);
      const index = (v: string | undefined) => (v !== undefined && PLAIN_INDEX.test(v) ? Number(v) - 1 : 0);
      // A range not written as Excel writes it is taken to start at column A, so a hidden one is refused.
      const min = index(a.min);
      // LibreOffice gives a column's style to its cells that have none (every cell Daichō writes):
      // a style with format ;;;"偽物" showed that text in every cell of the column.
      if (a.style !== undefined && !plain(styleIndex(a.style))) refuse({ reason: 'number-format', where: { sheet, column: columnName(min) } });
      // A collapsed outline hides the columns grouped beside it (LibreOffice, without hidden="1" on them),
      // which may be inside the table when the collapsed column is not: refused wherever it is.
      if (rules.visible && truthy(a.collapsed)) refuse({ reason: 'hidden-content', where: { sheet, column: columnName(min) } });
      if (rules.visible && truthy(a.phonetic)) refuse({ reason: 'unexpected-content', where: { sheet, column: columnName(min) }, element: PHONETIC_SHOWN });
      columns.push({ min, max: Math.max(min, index(a.max)), hidden: truthy(a.hidden) || !(w >= MIN_COLUMN_WIDTH), width: w, style: a.style === undefined ? -1 : styleIndex(a.style) });
    } else if (name === 'sheetView') {
      const a = attributesOf(m[3]!.replace(/\/$/, ''), part);
      // With zeros hidden, a cell holding 0 shows nothing while its text is read as "0".
      if (rules.visible && /^(0|false)$/.test(a.showZeros ?? '')) refuse({ reason: 'hidden-content', where: { sheet } });
      // A right-to-left sheet is read in that direction: neutral characters between numbers reorder
      // ("1 / 2" shown as "2 / 1"). A precaution, as for the cell formats' readingOrder (xlsxStyles.ts).
      if (rules.visible && truthy(a.rightToLeft)) refuse({ reason: 'unexpected-content', where: { sheet }, element: '右から左の表示（rightToLeft）' });
      viewTopLeft = a.topLeftCell;
    } else if (name === 'pane') {
      // Frozen panes fix the window's first rows and columns from the view's top-left cell (ECMA-376
      // Part 1, 18.3.1.66 and 18.3.1.87): frozen at C5, rows 1 to 4 and columns A and B can no longer
      // be scrolled to in Excel. A precaution: the view must start at A1 when its panes are frozen.
      const a = attributesOf(m[3]!.replace(/\/$/, ''), part);
      const state = a.state ?? 'split';
      if (rules.visible && state !== 'split' && viewTopLeft !== undefined && !/^\$?A\$?1$/.test(viewTopLeft)) refuse({ reason: 'hidden-content', where: { sheet } });
      // Frozen, xSplit and ySplit count the columns and rows fixed in the window (18.3.1.66): more than
      // a screen holds and the rest of the ledger cannot be scrolled to (ySplit="60": rows 41 on never
      // shown in Excel on an ordinary screen). A header row or the first columns are what people freeze.
      const frozen = (v: string | undefined, max: number) => v === undefined || sizeOf(v) <= max;
      if (rules.visible && state !== 'split' && !(frozen(a.ySplit, MAX_FROZEN_ROWS) && frozen(a.xSplit, MAX_FROZEN_COLUMNS))) refuse({ reason: 'hidden-content', where: { sheet } });
    } else if (name === 'sheetFormatPr') {
      const a = attributesOf(m[3]!.replace(/\/$/, ''), part);
      const low = (v: string | undefined, min: number) => v !== undefined && !(sizeOf(v) >= min);
      defaultHidden = truthy(a.zeroHeight) || low(a.defaultRowHeight, lowestRow(rules)) || low(a.defaultColWidth, MIN_COLUMN_WIDTH) || low(a.baseColWidth, MIN_COLUMN_WIDTH);
      if (a.defaultRowHeight !== undefined) rowHeight = sizeOf(a.defaultRowHeight);
      // Without defaultColWidth, a column is baseColWidth characters wide plus padding (18.3.1.81; Excel
      // for Mac writes baseColWidth="10"): counted at that, never less than Excel's 8.43.
      if (a.defaultColWidth !== undefined) columnWidth = sizeOf(a.defaultColWidth);
      else if (a.baseColWidth !== undefined) columnWidth = Math.max(EXCEL_COLUMN_WIDTH, sizeOf(a.baseColWidth));
    }
  }
  if (rules.visible && defaultHidden) refuse({ reason: 'hidden-content', where: { sheet } });
  return { columns, rowHeight, columnWidth };
}

/** Whether a cell without a style may wrap on this sheet (by the default style or a column's): see `cellWraps`. */
export function headWraps(rules: SheetRules, columns: readonly SheetColumn[]): boolean {
  return rules.wraps !== undefined && (rules.wraps(-1) || columns.some((c) => c.style >= 0 && rules.wraps!(c.style)));
}

/** On a visible sheet, no hidden (or too narrow) column may fall inside the table's `width`. */
export function checkHiddenColumns(columns: readonly SheetColumn[], width: number, rules: SheetRules): void {
  if (!rules.visible) return;
  for (const c of columns) {
    if (c.hidden && c.min < width) refuse({ reason: 'hidden-content', where: { sheet: rules.sheet, column: columnName(Math.max(0, c.min)) } });
  }
}

/**
 * Header and footer codes (ECMA-376 Part 1, 18.3.1.39): sections, page number and count, date, time,
 * sheet and file name, font, size and colour, styles, and "&&". A picture (&G) needs a part that is refused.
 */
const HEADER_CODES = /&(?:"[^"]*"|[0-9]{1,3}|K[0-9A-Fa-f]{6}|K[0-9]{2}[+-][0-9]{3}|[LCRPNDTAFZBIUESXYOH&])/g;
/**
 * What a header or footer may say besides its codes: page numbers as Excel and LibreOffice offer them
 * ("Page &P of &N", "&P ページ", "- &P -", "&P+1": ECMA-376's page number offset). Any other text is printed on every page, unsigned, above
 * or below the ledger (LibreOffice printed "&C全件 承認済み（監査済）" at the top of each page).
 */
const HEADER_TEXT = /^(?:[\s0-9/+\-–—()（）.,:：]|Page|page|of|ページ|頁)*$/;

/** The worksheet's text after </sheetData>: only TAIL_ELEMENTS, no active filter, the root closed last. */
export function checkSheetTail(tail: string, rules: SheetRules): void {
  const { sheet } = rules;
  const close = /<\/worksheet\s*>\s*$/.exec(tail);
  if (!close) refuse({ reason: 'damaged' });
  // An active filter hides rows (Excel also marks them hidden; LibreOffice may re-apply it on load).
  if (rules.visible && /<filterColumn[\s/>]/.test(tail)) refuse({ reason: 'hidden-content', where: { sheet } });
  for (const m of tail.slice(0, close!.index).matchAll(/<(\/?)([^\s/>]+)([^>]*)>/g)) {
    if (!TAIL_ELEMENTS.has(m[2]!)) refuse({ reason: 'unexpected-content', where: { sheet }, element: m[2]!.slice(0, 40) });
  }
  if (rules.visible) {
    // An input message is shown beside a cell whenever it is selected (Excel and LibreOffice: "input
    // help"), unsigned text next to the signed one (ECMA-376 Part 1, 18.3.1.32). Error messages, shown
    // only after someone types a value off the list, are what the export writes.
    for (const a of elements(tail, 'dataValidation', sheet)) {
      if (truthy(a.get('showInputMessage')) && `${a.get('promptTitle') ?? ''}${a.get('prompt') ?? ''}`.trim() !== '') {
        refuse({ reason: 'unexpected-content', where: { sheet }, element: `入力時メッセージ「${`${a.get('promptTitle') ?? ''} ${a.get('prompt') ?? ''}`.trim().slice(0, 30)}」` });
      }
    }
    for (const m of tail.matchAll(/<((?:odd|even|first)(?:Header|Footer))(?=[\s>])[^>]*>([^<]*)<\/\1\s*>/g)) {
      const words = decodeXml(m[2]!).replace(HEADER_CODES, '');
      if (!HEADER_TEXT.test(words)) refuse({ reason: 'unexpected-content', where: { sheet }, element: `ヘッダー・フッターの文字「${words.trim().slice(0, 30)}」` });
    }
  }
}

/**
 * Streams one worksheet with the rules that make "what you see is what was signed" hold: rows and
 * cells are placed by their `r` (sequentially when absent, as Excel does) and must come in order
 * without duplicates; no formula; no cell with text outside the table's columns; no hidden or
 * collapsed row or column, no zero width, no row lower than its text (every line of it); only number
 * formats that show text as stored (`plain`), for cells and for the rows and columns whose style a
 * cell without one takes; only string (and plain integer or boolean) values; only the worksheet
 * elements listed above, and no header or footer text but page numbers.
 *
 * The first row with text is the header; it is returned, and every later row with text is handed
 * to `onRow` padded to the header's width. Rows without any text are not data (a blank line).
 */
export function readSheet(pkg: XlsxPackage, part: string, rules: SheetRules, strings: readonly string[], plain: (style: number) => boolean, onRow: (row: string[]) => void, resume?: SheetResume): string[] | null {
  const { sheet } = rules;
  let phase: 'head' | 'rows' | 'tail' = 'head';
  let pending = '';
  let tail = '';
  let lastRow = resume ? resume.lastRow : 0;
  let dataRows = resume ? resume.dataRows : 0;
  let header: string[] | null = resume ? resume.header : null;
  let width = resume ? resume.width : (rules.width ?? -1);
  let maxRows = resume ? resume.maxRows : rules.maxRows;
  let rowsLimit: OverLimit = resume ? resume.rowsLimit : 'rows';
  let columns: SheetColumn[] = [];
  let defaultRowHeight: number | undefined;
  let defaultColumnWidth = EXCEL_COLUMN_WIDTH;
  // Rows text is read from the resume point on; `resumed` once it has been found after a row's end.
  let resumed = !resume;
  let pendingStart = -1;
  let seenTail = '';

  // Whether a cell without a style (every cell of the fast path) may wrap: then the general path reads it.
  let wrapsPlain = false;
  const head = (text: string) => {
    ({ columns, rowHeight: defaultRowHeight, columnWidth: defaultColumnWidth } = readSheetHead(text, part, rules, plain));
    wrapsPlain = headWraps(rules, columns);
  };

  const checkColumns = () => checkHiddenColumns(columns, width, rules);

  const rowOpen = /\s*<row(?=[\s/>])([^>]*?)(\/?)>/y;
  const rowClose = /<\/row\s*>/g;
  const cellOpen = /\s*<c(?=[\s/>])([^>]*?)(\/?)>/y;
  const cellClose = /<\/c\s*>/g;
  const fastRowOpen = /<row r="([1-9][0-9]{0,6})">/y;
  const fastCell = /<c r="([A-Z]{1,3})([0-9]{1,7})" t="inlineStr"><is><t(?: xml:space="preserve")?>([^<]*)<\/t><\/is><\/c>/y;
  const plainDefault = plain(0);
  const INLINE_START = '<is><t>';
  const INLINE_END = '</t></is>';

  /** A cell's shown value, or undefined when it holds none (an empty or style-only cell). */
  const valueOf = (type: string | undefined, inner: string, where: () => CellWhere): string | undefined => {
    if (inner === '') return undefined;
    if (type === 'inlineStr') {
      // Fast path: the plain <is><t>text</t></is> this module writes.
      if (inner.startsWith(INLINE_START) && inner.endsWith(INLINE_END) && inner.indexOf('<', INLINE_START.length) === inner.length - INLINE_END.length) {
        return cellText(inner.slice(INLINE_START.length, -INLINE_END.length));
      }
      const is = /^\s*<is>([\s\S]*)<\/is\s*>\s*$/.exec(inner);
      if (is) return richText(is[1]!.trim(), where(), rules.runLook);
      if (inner.trim() === '' || /^\s*<is\s*\/>\s*$/.test(inner)) return '';
      return refuse({ reason: 'cell-type', where: where() });
    }
    const v = /^\s*<v>([^<]*)<\/v\s*>\s*$/.exec(inner);
    if (!v) return inner.trim() === '' ? undefined : refuse({ reason: 'cell-type', where: where() });
    const raw = v[1]!;
    switch (type) {
      case 's': {
        const index = /^(0|[1-9][0-9]{0,9})$/.test(raw) ? Number(raw) : -1;
        return index >= 0 && index < strings.length ? strings[index]! : refuse({ reason: 'cell-type', where: where() });
      }
      case 'str':
        return cellText(raw);
      case 'b':
        return raw === '1' ? 'TRUE' : raw === '0' ? 'FALSE' : refuse({ reason: 'cell-type', where: where() });
      case undefined:
      case 'n':
        // Only integers General shows exactly as stored: no exponent, decimals, leading zeros or "-0"
        // (shown as 0), and at most 11 characters (Excel's General shows longer numbers as 1.23457E+11).
        return raw.length <= 11 && /^(0|-?[1-9][0-9]*)$/.test(raw) ? raw : refuse({ reason: 'cell-type', where: where() });
      default:
        return refuse({ reason: 'cell-type', where: where() });
    }
  };

  const row = (attrsText: string, inner: string) => {
    const a = attributesOf(attrsText, part);
    // A namespace declared on the row puts its cells out of SpreadsheetML: LibreOffice shows the row empty.
    for (const key in a) if (key === 'xmlns' || key.startsWith('xmlns:')) refuse({ reason: 'unexpected-content', where: { sheet, row: lastRow + 1 }, element: 'xmlns' });
    const number = a.r === undefined ? lastRow + 1 : /^[1-9][0-9]{0,6}$/.test(a.r) ? Number(a.r) : refuse({ reason: 'cell-order', where: { sheet, row: lastRow + 1 } });
    if (number <= lastRow) refuse({ reason: 'cell-order', where: { sheet, row: number } });
    if (number > maxRows) refuse({ reason: 'over-limit', limit: rowsLimit, where: { sheet, row: number } });
    lastRow = number;
    // collapsed: LibreOffice hides the outline group next to the row even when its rows are not hidden="1".
    if (rules.visible && (truthy(a.hidden) || truthy(a.collapsed))) refuse({ reason: 'hidden-content', where: { sheet, row: number } });
    // A row's style is given to its cells that have none (LibreOffice: customFormat="1" with ;;;"偽物"
    // showed that text in every cell of the row): it must show text as stored, like a cell's own.
    if (a.s !== undefined && !plain(styleIndex(a.s))) refuse({ reason: 'number-format', where: { sheet, row: number } });
    if (rules.visible && truthy(a.ph)) refuse({ reason: 'unexpected-content', where: { sheet, row: number }, element: PHONETIC_SHOWN });
    const height = a.ht === undefined ? defaultRowHeight : sizeOf(a.ht);
    let lines = 1;
    const rowStyle = a.s === undefined ? -1 : styleIndex(a.s);
    const cells: string[] = [];
    const rowText = String(number);
    let lastColumn = -1;
    let last = -1;
    let at = 0;
    for (;;) {
      cellOpen.lastIndex = at;
      const m = cellOpen.exec(inner);
      if (!m) break;
      let content = '';
      if (m[2] === '/') at = cellOpen.lastIndex;
      else {
        cellClose.lastIndex = cellOpen.lastIndex;
        const close = cellClose.exec(inner);
        if (!close) return refuse({ reason: 'damaged' });
        content = inner.slice(cellOpen.lastIndex, close.index);
        at = cellClose.lastIndex;
      }
      // Hot path (millions of cells): the r, s, t attributes in the order every writer uses.
      const quick = QUICK_CELL.exec(m[1]!);
      let ref: string | undefined;
      let styleText: string | undefined;
      let type: string | undefined;
      if (quick) [, ref, styleText, type] = quick;
      else {
        const c = attributesOf(m[1]!, part);
        for (const key in c) {
          // cm/vm: dynamic-array formulas and rich values (pictures in cells); ph: phonetic guide shown.
          if (key !== 'r' && key !== 's' && key !== 't') refuse({ reason: 'cell-type', where: { sheet, row: number, column: columnName(lastColumn + 1) } });
        }
        ({ r: ref, s: styleText, t: type } = c);
      }
      let column = lastColumn + 1;
      if (ref !== undefined) {
        const parts = /^([A-Z]+)([0-9]+)$/.exec(ref);
        if (!parts) return refuse({ reason: 'cell-order', where: { sheet, row: number } });
        column = columnIndex(parts[1]!, { sheet, row: number });
        if (parts[2] !== rowText) refuse({ reason: 'cell-order', where: { sheet, row: number, column: parts[1]! } });
      }
      if (column <= lastColumn) refuse({ reason: 'cell-order', where: { sheet, row: number, column: columnName(column) } });
      if (column >= MAX_COLUMNS) refuse({ reason: 'over-limit', limit: 'column', where: { sheet, row: number } });
      lastColumn = column;
      const where = () => ({ sheet, row: number, column: columnName(column) });
      if (content.includes('<f') && /<f[\s/>]/.test(content)) refuse({ reason: 'formula', where: where() });
      const value = valueOf(type, content, where);
      if (value === undefined) continue;
      const style = styleText === undefined ? 0 : styleIndex(styleText);
      if (!plain(style)) refuse({ reason: 'number-format', where: where() });
      if (value.length > MAX_CELL_CHARS) refuse({ reason: 'over-limit', limit: 'cell-text', where: where() });
      if (value === '') continue;
      if (width >= 0 && column >= width) refuse({ reason: 'outside-columns', where: where() });
      cells[column] = ownCopy(value);
      last = column;
      const wrapped = cellWraps(rules.wraps, styleText === undefined ? undefined : style, rowStyle, columns, column);
      lines = Math.max(lines, wrapped ? fewestWrappedLines(value, columnWidthOf(columns, column, defaultColumnWidth)) : lineCount(value));
    }
    if (inner.slice(at).trim() !== '') refuse({ reason: 'unexpected-content', where: { sheet, row: number }, element: inner.slice(at).trim().slice(0, 40) });
    // After the cells: their runs' sizes count too.
    if (rules.visible && height !== undefined && !(height >= lowestRow(rules))) refuse({ reason: 'hidden-content', where: { sheet, row: number } });
    checkLines(height, lines, number);
    complete(number, cells, last);
  };

  /**
   * A row of cells with several lines must hold them all (its height, or the sheet's default, at least
   * the lines times the lowest row for the text): LibreOffice draws each line break and shows only the
   * lines that fit, the last ones (bottom-aligned) or the first (top-aligned); Excel grows no row.
   */
  const checkLines = (height: number | undefined, lines: number, number: number) => {
    if (rules.visible && lines > 1 && !((height ?? Number.NaN) >= lines * lowestRow(rules))) refuse({ reason: 'hidden-content', where: { sheet, row: number } });
  };

  /** A row whose cells are read: counts it, takes the header from the first, hands the rest on. */
  const complete = (number: number, cells: string[], last: number) => {
    if (last < 0) return;
    if (rules.contiguous && number !== dataRows + 1) refuse({ reason: 'cell-order', where: { sheet, row: number } });
    dataRows++;
    if (header === null) {
      if (rules.width === undefined) {
        width = last + 1;
        header = Array.from({ length: width }, (_, i) => cells[i] ?? '');
        checkColumns();
        if (rules.limitAfterHeader) ({ maxRows, limit: rowsLimit } = rules.limitAfterHeader(header));
        return;
      }
      // A fixed width has no header row: every row with text is data.
      header = [];
      checkColumns();
    }
    const full = new Array<string>(width);
    for (let i = 0; i < width; i++) full[i] = cells[i] ?? '';
    onRow(full);
  };

  /**
   * The hot path for 100,000-row ledgers: a row written exactly as this module writes it (`<row r="N">`
   * then only `<c r="AN" t="inlineStr"><is><t>text</t></is></c>` cells, no whitespace, style or other
   * attribute) is read with one sticky pattern per cell instead of the general attribute and content
   * parsing. It applies the same checks in the same order as `row`, so a refusal names the same cell.
   * Returns the index after `</row>`, or -1 (nothing changed) when the row is in any other form: the
   * general path then reads it from its start.
   */
  const fastRow = (text: string, from: number): number => {
    // Wrapped text is measured against its column: the general path does it.
    if (wrapsPlain) return -1;
    fastRowOpen.lastIndex = from;
    const open = fastRowOpen.exec(text);
    if (!open) return -1;
    const rowText = open[1]!;
    let at = fastRowOpen.lastIndex;
    // Collected first and checked as in `row`; state (lastRow) changes only once the form is known.
    const found: RegExpExecArray[] = [];
    for (;;) {
      fastCell.lastIndex = at;
      const m = fastCell.exec(text);
      if (!m) break;
      found.push(m);
      at = fastCell.lastIndex;
    }
    if (!text.startsWith('</row>', at)) return -1;
    const number = Number(rowText);
    if (number <= lastRow) refuse({ reason: 'cell-order', where: { sheet, row: number } });
    if (number > maxRows) refuse({ reason: 'over-limit', limit: rowsLimit, where: { sheet, row: number } });
    lastRow = number;
    const cells: string[] = [];
    let lastColumn = -1;
    let last = -1;
    let lines = 1;
    for (const m of found) {
      const letters = m[1]!;
      const column = columnIndex(letters, { sheet, row: number });
      if (m[2] !== rowText) refuse({ reason: 'cell-order', where: { sheet, row: number, column: letters } });
      if (column <= lastColumn) refuse({ reason: 'cell-order', where: { sheet, row: number, column: columnName(column) } });
      if (column >= MAX_COLUMNS) refuse({ reason: 'over-limit', limit: 'column', where: { sheet, row: number } });
      lastColumn = column;
      const value = cellText(m[3]!);
      if (!plainDefault) refuse({ reason: 'number-format', where: { sheet, row: number, column: columnName(column) } });
      if (value.length > MAX_CELL_CHARS) refuse({ reason: 'over-limit', limit: 'cell-text', where: { sheet, row: number, column: columnName(column) } });
      if (value === '') continue;
      if (width >= 0 && column >= width) refuse({ reason: 'outside-columns', where: { sheet, row: number, column: columnName(column) } });
      cells[column] = ownCopy(value);
      last = column;
      lines = Math.max(lines, lineCount(value));
    }
    checkLines(defaultRowHeight, lines, number);
    complete(number, cells, last);
    return at + '</row>'.length;
  };

  const rows = (text: string, from: number) => {
    let at = from;
    for (;;) {
      const next = fastRow(text, at);
      if (next >= 0) {
        at = next;
        continue;
      }
      rowOpen.lastIndex = at;
      const m = rowOpen.exec(text);
      if (!m) break;
      if (m[2] === '/') {
        at = rowOpen.lastIndex;
        row(m[1]!, '');
        continue;
      }
      rowClose.lastIndex = rowOpen.lastIndex;
      const close = rowClose.exec(text);
      if (!close) return refuse({ reason: 'damaged' });
      row(m[1]!, text.slice(rowOpen.lastIndex, close.index));
      at = rowClose.lastIndex;
    }
    const rest = text.slice(at).trim();
    if (rest !== '') refuse({ reason: 'unexpected-content', where: { sheet, row: lastRow + 1 }, element: rest.slice(0, 40) });
  };

  /** The rows in `text` (at `offset` in the part's text), from the resume point when there is one. */
  const rowsFrom = (text: string, offset: number, closed: boolean) => {
    if (resumed) return rows(text, 0);
    const from = resume!.units - offset;
    if (from > text.length && !closed) return;
    // Just after "</row>", in this text or the one before it.
    const before = (seenTail + text.slice(0, Math.max(0, from))).slice(-6);
    if (from < 0 || from > text.length || before !== '</row>') throw new ResumeMismatch();
    resumed = true;
    rows(text, from);
  };

  streamText(pkg, part, '</row', (block, _first, offset) => {
    let text = block;
    let textOffset = offset;
    if (phase === 'head') {
      if (pendingStart < 0) pendingStart = offset;
      pending += text;
      const start = /<sheetData(?=[\s/>])([^>]*?)(\/?)>/.exec(pending);
      // An attribute on <sheetData> (a namespace: LibreOffice then shows an empty sheet) is refused.
      if (start && start[1]!.trim() !== '') refuse({ reason: 'unexpected-content', where: { sheet }, element: 'sheetData' });
      if (!start) {
        if (pending.length > MAX_BLOCK_CHARS) refuse({ reason: 'over-limit', limit: 'row-bytes' });
        return;
      }
      head(pending.slice(0, start.index));
      textOffset = pendingStart + start.index + start[0].length;
      seenTail = pending.slice(0, start.index + start[0].length).slice(-6);
      text = pending.slice(start.index + start[0].length);
      pending = '';
      phase = start[2] === '/' ? 'tail' : 'rows';
    }
    if (phase === 'rows') {
      const end = /<\/sheetData\s*>/.exec(text);
      rowsFrom(end ? text.slice(0, end.index) : text, textOffset, end !== null);
      if (!resumed) seenTail = text.length >= 6 ? text.slice(-6) : (seenTail + text).slice(-6);
      if (!end) return;
      phase = 'tail';
      text = text.slice(end.index + end[0].length);
    }
    tail += text;
    if (tail.length > MAX_BLOCK_CHARS) refuse({ reason: 'over-limit', limit: 'row-bytes' });
  });
  if (!resumed) throw new ResumeMismatch();
  if ((phase as string) !== 'tail') refuse({ reason: 'damaged' });
  checkSheetTail(tail, rules);
  return header;
}
