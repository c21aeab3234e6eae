/**
 * The ledger sheet read as bytes, for verifying a 100,000-row ledger (`daicho verify`, issue 15).
 *
 * `readSheet` decodes the whole sheet into text, makes a string per cell, a row array, the row's JSON
 * and its UTF-8 again before hashing: about 100 MB of XML became 1.8 million strings and two copies of
 * every row. This scanner reads the inflated bytes of a sheet in exactly the form Daichō writes
 * (`rowXml`: `<row r="N">`, or `<row r="N" ht="H" customHeight="1">` for a row of several lines, and
 * `<c r="AN" t="inlineStr"><is><t>text</t></is></c>` cells, nothing else) and hands the row digester each row's canonical bytes (the UTF-8 of `JSON.stringify(row)`)
 * with its check value, copying the cell bytes as they are. A cell's text is decoded into a string
 * only when its canonical form differs from its bytes: an XML entity or character reference, an
 * `_xHHHH_` escape, or a character JSON escapes (`"`, `\`, control characters).
 *
 * It never decides a refusal. On anything outside that exact form, or anything the reader would
 * refuse or might refuse (a hidden column, a row out of order, a cell over Excel's limit, invalid
 * UTF-8, `<!` or `<?` after the XML declaration, a block of text near `MAX_BLOCK_CHARS`), it gives up
 * (null) and the caller reads the sheet again with `readSheet`, which gives the verdict. It also gives
 * up on text a spreadsheet program may read otherwise than `readSheet` (an encoding declared other
 * than UTF-8, text that is not well-formed XML, an `_xHHHH_` escape the writer never writes, whitespace
 * XML does not know in the head: see `checkCellXml`), so that the digest never vouches for it on its own. So a sheet
 * this scanner accepts is one `readSheet` accepts with the same header and rows: the property the
 * differential tests (test/unit/shared/ledgerFile/sheetScan.test.ts) check on generated and hostile
 * inputs. A file it gives up on late costs a second read; a genuine export never does.
 */
import type { RowDigester } from './signature';
import { ROW_CHECK_BASIS, ROW_CHECK_PRIME } from './signature';
import { cellText, checkHiddenColumns, checkSheetTail, headWraps, lineCount, MAX_BLOCK_CHARS, MAX_CELL_CHARS, MAX_COLUMNS, MIN_ROW_HEIGHT, readSheetHead, type SheetColumn, type SheetResume, type SheetRules } from './xlsxCells';
import type { OverLimit } from './xlsxPackage';
import { decodeXml, inflatePart, type XlsxPackage } from './xlsxPackage';

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** Four bytes of ASCII text as a little-endian 32-bit word (DataView.getInt32(at, true)). */
const word = (text: string, at: number) => text.charCodeAt(at) | (text.charCodeAt(at + 1) << 8) | (text.charCodeAt(at + 2) << 16) | (text.charCodeAt(at + 3) << 24);

/*
 * The markup of the exported form, compared 4 bytes at a time (the last word may overlap the one
 * before it). Each test reads only inside the bytes so far, or up to the 0 written after them, which
 * no markup byte equals: a test that runs past the bytes so far fails, and `miss` says MORE.
 */
const ROW_OPEN = '<row r="';
const R0 = word(ROW_OPEN, 0);
const R1 = word(ROW_OPEN, 4);
const isRowOpen = (v: DataView, at: number) => v.getInt32(at, true) === R0 && v.getInt32(at + 4, true) === R1;
const ROW_CLOSE = '</row>';
const RC0 = word(ROW_CLOSE, 0);
const RC1 = word(ROW_CLOSE, 2);
const isRowClose = (v: DataView, at: number) => v.getInt32(at, true) === RC0 && v.getInt32(at + 2, true) === RC1;
const CELL_OPEN = '<c r="';
const C0 = word(CELL_OPEN, 0);
const C1 = word(CELL_OPEN, 2);
const isCellOpen = (v: DataView, at: number) => v.getInt32(at, true) === C0 && v.getInt32(at + 2, true) === C1;
const CELL_TYPE = '" t="inlineStr"><is><t';
const T0 = word(CELL_TYPE, 0);
const T1 = word(CELL_TYPE, 4);
const T2 = word(CELL_TYPE, 8);
const T3 = word(CELL_TYPE, 12);
const T4 = word(CELL_TYPE, 16);
const T5 = word(CELL_TYPE, 18);
const isCellType = (v: DataView, at: number) =>
  v.getInt32(at, true) === T0 && v.getInt32(at + 4, true) === T1 && v.getInt32(at + 8, true) === T2 && v.getInt32(at + 12, true) === T3 && v.getInt32(at + 16, true) === T4 && v.getInt32(at + 18, true) === T5;
const PRESERVE = ' xml:space="preserve">';
const P0 = word(PRESERVE, 0);
const P1 = word(PRESERVE, 4);
const P2 = word(PRESERVE, 8);
const P3 = word(PRESERVE, 12);
const P4 = word(PRESERVE, 16);
const P5 = word(PRESERVE, 18);
const isPreserve = (v: DataView, at: number) =>
  v.getInt32(at, true) === P0 && v.getInt32(at + 4, true) === P1 && v.getInt32(at + 8, true) === P2 && v.getInt32(at + 12, true) === P3 && v.getInt32(at + 16, true) === P4 && v.getInt32(at + 18, true) === P5;
const CELL_CLOSE = '</t></is></c>';
const E0 = word(CELL_CLOSE, 0);
const E1 = word(CELL_CLOSE, 4);
const E2 = word(CELL_CLOSE, 8);
const E3 = word(CELL_CLOSE, 9);
const isCellClose = (v: DataView, at: number) => v.getInt32(at, true) === E0 && v.getInt32(at + 4, true) === E1 && v.getInt32(at + 8, true) === E2 && v.getInt32(at + 9, true) === E3;
const SHEET_DATA_CLOSE = '</sheetData>';
const S0 = word(SHEET_DATA_CLOSE, 0);
const S1 = word(SHEET_DATA_CLOSE, 4);
const S2 = word(SHEET_DATA_CLOSE, 8);
const isSheetDataClose = (v: DataView, at: number) => v.getInt32(at, true) === S0 && v.getInt32(at + 4, true) === S1 && v.getInt32(at + 8, true) === S2;
const SHEET_DATA = ascii('<sheetData');
const CUT = ascii('</row');

const ROW_HEIGHT = ascii('" ht="');
const ROW_HEIGHT_END = ascii('" customHeight="1">');
const LT = 0x3c;
const GT = 0x3e;
const QUOTE = 0x22;
const COMMA = 0x2c;

/**
 * Bytes before <sheetData> and after </sheetData>, and of one row, beyond which the scanner leaves the
 * sheet to `readSheet`: far above a genuine export (its head and tail are about 2 KB, a row of
 * 21 cells at most a few KB), and far enough below MAX_BLOCK_CHARS (counted in UTF-16 units, never
 * more than the bytes) that no block limit of `readSheet` can be near.
 */
const HEAD_LIMIT = 1024 * 1024;
const TAIL_LIMIT = 1024 * 1024;
const ROW_LIMIT = 1024 * 1024;

/**
 * JSON.stringify's escapes as bytes: for each control character (0x00–0x1F, by its code), then for `"`
 * (at 0x20) and `\` (at 0x21). Built from JSON.stringify itself, so they cannot differ from it.
 */
const JSON_ESCAPES: readonly Uint8Array[] = [...Array.from({ length: 0x20 }, (_, c) => String.fromCharCode(c)), '"', '\\'].map((c) => ascii(JSON.stringify(c).slice(1, -1)));

/**
 * Cell text that is not well-formed XML, which the writer never produces: a character XML 1.0
 * forbids, or `]]>`. `readSheet` reads it today, but Excel repairs such a file and LibreOffice drops
 * the rest of the sheet from the bad character on, so the scanner never vouches for it: whatever rule
 * the reader has or gets for it then holds for the digest too. (A carriage return is XML, and the
 * writer writes it as it is: it is copied, see the note in `putText`.)
 */
const UNSURE_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\]\]>/;
/**
 * An entity or character reference as XML reads it and `decodeXml` decodes it: one of the five
 * entities, or a reference to a character XML allows with no more digits than `decodeXml` reads.
 * Any other `&` is ill-formed XML (Excel repairs the file, LibreOffice drops the rest of the sheet)
 * or a reference the reader leaves undecoded (`&#x0000041;` is "A" to a parser): left to `readSheet`.
 */
const REFERENCE = /&(?:(lt|gt|amp|quot|apos)|#x([0-9a-fA-F]{1,6})|#([0-9]{1,7}));/y;
const xmlChar = (code: number) => code === 0x09 || code === 0x0a || code === 0x0d || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
/**
 * Excel's `_xHHHH_` escapes the writer produces (characters XML cannot carry, and `_` itself), in
 * its upper-case hex: programs disagree on the others (LibreOffice shows `_x0041_` as it is, Excel as
 * "A"; LibreOffice leaves `_x00e9_` but decodes `_x000d_`), so the scanner never vouches for one.
 */
const writerEscape = (hex: string) => {
  const code = Number.parseInt(hex, 16);
  return !/[a-f]/.test(hex) && (code < 0x20 || code === 0x5f || code === 0xfffe || code === 0xffff);
};

/**
 * Cell text (as decoded from UTF-8, before entities) the scanner may hand to `cellText`: nothing in
 * `UNSURE_TEXT`, every `&` a plain reference, every `_xHHHH_` one the writer produces. Otherwise the
 * sheet is left to `readSheet`.
 */
function checkCellXml(raw: string): void {
  if (UNSURE_TEXT.test(raw)) notExported();
  for (let at = raw.indexOf('&'); at >= 0; at = raw.indexOf('&', at + 1)) {
    REFERENCE.lastIndex = at;
    const m = REFERENCE.exec(raw);
    if (!m) notExported();
    if (!m![1] && !xmlChar(m![2] !== undefined ? Number.parseInt(m![2], 16) : Number(m![3]))) notExported();
  }
  const text = decodeXml(raw);
  if (text.includes('_x')) for (const m of text.matchAll(/_x([0-9A-Fa-f]{4})_/g)) if (!writerEscape(m[1]!)) notExported();
}

/** Whitespace to JavaScript's `\s` that is none to XML (which has only space, tab, CR and LF). */
const NOT_XML_SPACE = /[^\S \t\r\n]/;

/** Thrown inside the scanner: the sheet is not in the exported form (or the reader may refuse it). */
class NotExported extends Error {}
const notExported = (): never => {
  throw new NotExported();
};
/** Thrown inside the scanner: the row goes on past the bytes inflated so far. */
const MORE = new Error('more');

/**
 * Index of `pattern` in `bytes[from, to)`, or -1. A plain loop: a typed array's indexOf costs about a
 * microsecond a call, and the loop mostly stops within a row's length.
 */
function find(bytes: Uint8Array, pattern: Uint8Array, from: number, to: number): number {
  const first = pattern[0]!;
  const last = to - pattern.length;
  for (let i = from; i <= last; i++) {
    if (bytes[i] !== first) continue;
    let j = 1;
    while (j < pattern.length && bytes[i + j] === pattern[j]) j++;
    if (j === pattern.length) return i;
  }
  return -1;
}

/** Index of the last `pattern` in `bytes` (all of it), or -1. */
function findLast(bytes: Uint8Array, pattern: Uint8Array): number {
  const first = pattern[0]!;
  for (let i = bytes.length - pattern.length; i >= 0; i--) {
    if (bytes[i] !== first) continue;
    let j = 1;
    while (j < pattern.length && bytes[i + j] === pattern[j]) j++;
    if (j === pattern.length) return i;
  }
  return -1;
}

/**
 * The scanner's answer: the header (every data row went to the digester), or none. With none, the
 * caller reads the sheet with `readSheet`: from `resume` with the same digester (the rows before it
 * are in it), or, without a resume point, from the start with a new digester.
 */
export type LedgerSheetScan = { header: string[]; resume: null } | { header: null; resume: SheetResume | null };

/** The state after the last row read whole (the resume point it gives); `units` < 0 until one is. */
type Progress = SheetResume;

/**
 * Reads the ledger sheet `part` in the exported form, handing each data row's canonical bytes to
 * `digester`, and returns its header; or no header (with `pkg` as it was) when the sheet is in any
 * other form or `readSheet` might refuse it, and where `readSheet` can take over: just after the last
 * row read whole. Only for a visible sheet whose width its header gives (the ledger sheet's rules);
 * any other rules return no header and no resume point at once.
 */
export function scanLedgerSheet(pkg: XlsxPackage, part: string, rules: SheetRules, plain: (style: number) => boolean, digester: RowDigester): LedgerSheetScan {
  if (rules.width !== undefined || rules.contiguous || !rules.visible || !plain(0)) return { header: null, resume: null };
  const inflated = pkg.inflated;
  const progress: Progress = { units: -1, lastRow: 0, dataRows: 0, header: null, width: -1, maxRows: rules.maxRows, rowsLimit: 'rows' };
  try {
    return { header: scan(pkg, part, rules, plain, digester, progress), resume: null };
  } catch {
    // Whatever stopped the scan (the form, a refusal, a damaged stream), `readSheet` reads on from
    // the last row read whole: it inflates, decodes, cuts and checks the whole part again.
    pkg.inflated = inflated;
    if (progress.units < 0) return { header: null, resume: null };
    return { header: null, resume: { ...progress } };
  }
}

function scan(pkg: XlsxPackage, part: string, rules: SheetRules, plain: (style: number) => boolean, digester: RowDigester, progress: Progress): string[] {
  // A cell's bytes are decoded on their own: a U+FEFF they start with is text (only the part's first
  // bytes can be a byte order mark), so it is kept.
  const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let buffer = new Uint8Array(256 * 1024);
  let view = new DataView(buffer.buffer);
  let start = 0;
  let end = 0;
  // The part's byte at buffer[0], and the bytes so far that are not UTF-16 units of their own (a
  // character of 3 bytes is one unit: 2 more; of 4 bytes, two: 2 more), so units = bytes - extra.
  let base = 0;
  let extra = 0;
  let phase: 'head' | 'rows' | 'tail' = 'head';
  let searched = 0;
  // An upper bound of `streamText`'s carry (text since its last cut), see `boundCarry`.
  let carry = 0;

  let columns: SheetColumn[] = [];
  let defaultRowHeight: number | undefined;
  let header: string[] | null = null;
  let width = -1;
  let maxRows = rules.maxRows;
  let lastRow = 0;
  let dataRows = 0;
  let rowsLimit: OverLimit = 'rows';

  // The canonical row being written: `["a","",…]` as UTF-8, and its FNV-1a over UTF-16 units.
  let out = new Uint8Array(64 * 1024);
  let length = 0;
  let check = ROW_CHECK_BASIS;
  const reserve = (bytes: number) => {
    if (length + bytes <= out.length) return;
    const grown = new Uint8Array(Math.max(out.length * 2, length + bytes));
    grown.set(out.subarray(0, length));
    out = grown;
  };
  const put = (byte: number) => {
    out[length++] = byte;
    check = Math.imul(check ^ byte, ROW_CHECK_PRIME);
  };
  const encoder = new TextEncoder();
  /** A cell's canonical text from its string (the general case: JSON's escapes, then UTF-8). */
  const putString = (value: string) => {
    const json = JSON.stringify(value);
    for (let i = 0; i < json.length; i++) check = Math.imul(check ^ json.charCodeAt(i), ROW_CHECK_PRIME);
    reserve(json.length * 3);
    length += encoder.encodeInto(json, out.subarray(length)).written;
  };
  /**
   * Copies a cell's text, from `from` up to the `<` that ends it, as its canonical text (with JSON's
   * escapes for quotes, backslashes and control characters) when it needs no decoding: well-formed
   * UTF-8 with no `&` (XML's entities and character references) and no `_x` (Excel's escapes).
   * Returns the index of that `<` (the text's length in UTF-16 units in `units`), or -1 (nothing
   * written) when the text needs decoding; MORE when the bytes so far end first (the 0 after them
   * stops the loop). Invalid UTF-8 ends the scan: `readSheet` decodes it with replacement characters.
   */
  let units = 0;
  let textExtra = 0;
  const putText = (from: number): number => {
    // At most 6 bytes written for a byte read (a control character as \u00XX).
    reserve((end - from) * 6);
    const b = buffer;
    const stop = end;
    const o = out;
    let at = length;
    let h = check;
    let n = 0;
    let x = 0;
    let i = from;
    for (;;) {
      const c = b[i]!;
      if (c < 0x80) {
        if (c === LT) break;
        // `]]>` is ill-formed in text (see `UNSURE_TEXT`).
        if (c === GT && i - from >= 2 && b[i - 1] === 0x5d && b[i - 2] === 0x5d) notExported();
        if (c < 0x20 || c === QUOTE || c === 0x5c || c === 0x26 || c === 0x5f) {
          if (c === 0 && i >= stop) throw MORE;
          // `&` starts an entity or character reference, `_x` perhaps an Excel escape: decoded.
          if (c === 0x26 || (c === 0x5f && b[i + 1] === 0x78)) return -1;
          // A character XML forbids (see `UNSURE_TEXT`): left to `readSheet`. A carriage return is
          // copied as the reader reads it; a parser reads it as a line feed (XML's end-of-line rule),
          // so should the reader ever do so, this must give up on 0x0d too.
          if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) notExported();
          // A line break: decoded, so that its cell's lines are counted against the row's height.
          if (c === 0x0a || c === 0x0d) return -1;
          if (c !== 0x5f) {
            // What JSON.stringify writes for a quote, a backslash or a control character.
            const escape = JSON_ESCAPES[c === QUOTE ? 0x20 : c === 0x5c ? 0x21 : c]!;
            for (let k = 0; k < escape.length; k++) {
              const e = escape[k]!;
              o[at++] = e;
              h = Math.imul(h ^ e, ROW_CHECK_PRIME);
            }
            n++;
            i++;
            continue;
          }
        }
        o[at++] = c;
        h = Math.imul(h ^ c, ROW_CHECK_PRIME);
        n++;
        i++;
        continue;
      }
      // UTF-8 as the Encoding Standard defines it: shortest form, no surrogates, at most U+10FFFF.
      const size = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : notExported();
      if (i + size > stop) throw MORE;
      const c1 = b[i + 1]!;
      let code: number;
      if (size === 2) {
        if ((c1 & 0xc0) !== 0x80) notExported();
        code = ((c & 0x1f) << 6) | (c1 & 0x3f);
      } else if (size === 3) {
        const c2 = b[i + 2]!;
        if (c1 < (c === 0xe0 ? 0xa0 : 0x80) || c1 > (c === 0xed ? 0x9f : 0xbf) || (c2 & 0xc0) !== 0x80) notExported();
        code = ((c & 0x0f) << 12) | ((c1 & 0x3f) << 6) | (c2 & 0x3f);
        // U+FFFE and U+FFFF: not characters to XML (see `UNSURE_TEXT`).
        if (code >= 0xfffe) notExported();
        o[at] = c;
        o[at + 1] = c1;
        o[at + 2] = c2;
      } else {
        const c2 = b[i + 2]!;
        const c3 = b[i + 3]!;
        if (c1 < (c === 0xf0 ? 0x90 : 0x80) || c1 > (c === 0xf4 ? 0x8f : 0xbf) || (c2 & 0xc0) !== 0x80 || (c3 & 0xc0) !== 0x80) notExported();
        code = ((c & 0x07) << 18) | ((c1 & 0x3f) << 12) | ((c2 & 0x3f) << 6) | (c3 & 0x3f);
        o[at + 2] = c2;
        o[at + 3] = c3;
      }
      o[at] = c;
      o[at + 1] = c1;
      at += size;
      i += size;
      if (code < 0x10000) {
        h = Math.imul(h ^ code, ROW_CHECK_PRIME);
        n++;
        x += size - 1;
      } else {
        x += 2;
        const v = code - 0x10000;
        h = Math.imul(h ^ (0xd800 + (v >> 10)), ROW_CHECK_PRIME);
        h = Math.imul(h ^ (0xdc00 + (v & 0x3ff)), ROW_CHECK_PRIME);
        n += 2;
      }
    }
    length = at;
    check = h;
    units = n;
    textExtra = x;
    return i;
  };

  /** The empty cells `from` up to `column`, then the comma before `column` (JSON's `"",""`). */
  const gap = (from: number, column: number) => {
    reserve((column - from) * 3 + 4);
    for (let n = from; n < column; n++) {
      if (n > 0) put(COMMA);
      put(QUOTE);
      put(QUOTE);
    }
    if (column > 0) put(COMMA);
  };

  /** A markup test failed at `at` (markup of `length` bytes): MORE if it ran past the bytes so far. */
  const miss = (at: number, length: number): never => {
    if (at + length > end) throw MORE;
    return notExported();
  };

  /** A row read whole, ending at `p`: where `readSheet` could go on from, and with what. */
  const done = (p: number): number => {
    progress.units = base + p - extra;
    progress.lastRow = lastRow;
    progress.dataRows = dataRows;
    progress.header = header;
    progress.width = width;
    progress.maxRows = maxRows;
    progress.rowsLimit = rowsLimit;
    return p;
  };

  /**
   * One row in the exported form from `at` (`fastRow`'s form and checks), returning the index after
   * `</row>`; MORE when the row goes on past the bytes so far. Digit and letter runs stop at the 0
   * written after the bytes (`append`), so no index needs checking against `end` inside them.
   */
  const row = (at: number): number => {
    const b = buffer;
    const v = view;
    if (!isRowOpen(v, at)) miss(at, ROW_OPEN.length);
    let p = at + ROW_OPEN.length;
    const digitsStart = p;
    let number = 0;
    for (let c = b[p]!; c >= 0x30 && c <= 0x39; c = b[++p]!) number = number * 10 + (c - 0x30);
    const digits = p - digitsStart;
    if (p + 2 > end) throw MORE;
    if (digits < 1 || digits > 7 || b[digitsStart] === 0x30 || b[p] !== QUOTE) notExported();
    // A row of cells with several lines is written `<row r="N" ht="H" customHeight="1">` (`rowXml`).
    let height = defaultRowHeight;
    if (b[p + 1] === GT) p += 2;
    else {
      if (p + ROW_HEIGHT.length + 4 + ROW_HEIGHT_END.length > end) throw MORE;
      if (!ROW_HEIGHT.every((x, i) => b[p + i] === x)) notExported();
      p += ROW_HEIGHT.length;
      const heightStart = p;
      let h = 0;
      for (let c = b[p]!; c >= 0x30 && c <= 0x39; c = b[++p]!) h = h * 10 + (c - 0x30);
      if (p + ROW_HEIGHT_END.length > end) throw MORE;
      if (p === heightStart || p - heightStart > 4 || b[heightStart] === 0x30 || !ROW_HEIGHT_END.every((x, i) => b[p + i] === x)) notExported();
      p += ROW_HEIGHT_END.length;
      height = h;
    }
    let lines = 1;
    if (number <= lastRow || number > maxRows) notExported();
    const data = header !== null;
    const cells: string[] = [];
    let lastColumn = -1;
    let last = -1;
    let next = 0;
    let rowExtra = 0;
    if (data) {
      length = 0;
      check = ROW_CHECK_BASIS;
      reserve(1);
      put(0x5b);
    }
    for (;;) {
      if (p + 2 > end) throw MORE;
      if (b[p + 1] === 0x2f) {
        if (!isRowClose(v, p)) miss(p, ROW_CLOSE.length);
        p += ROW_CLOSE.length;
        break;
      }
      if (!isCellOpen(v, p)) miss(p, CELL_OPEN.length);
      p += CELL_OPEN.length;
      let column = 0;
      const lettersStart = p;
      for (let c = b[p]!; c >= 0x41 && c <= 0x5a; c = b[++p]!) column = column * 26 + (c - 64);
      const cellDigits = p;
      let cellNumber = 0;
      for (let c = b[p]!; c >= 0x30 && c <= 0x39; c = b[++p]!) cellNumber = cellNumber * 10 + (c - 0x30);
      if (p >= end) throw MORE;
      const letters = cellDigits - lettersStart;
      // The cell's row must be the row's, digit for digit: as many digits and the same number is the
      // same digits, the row's having no leading zero ("02" is not row 2).
      if (letters < 1 || letters > 3 || p - cellDigits !== digits || cellNumber !== number) notExported();
      column -= 1;
      if (!isCellType(v, p)) miss(p, CELL_TYPE.length);
      p += CELL_TYPE.length;
      if (p >= end) throw MORE;
      if (b[p] === GT) p++;
      else {
        if (!isPreserve(v, p)) miss(p, PRESERVE.length);
        p += PRESERVE.length;
      }
      if (column <= lastColumn || column >= MAX_COLUMNS) notExported();
      lastColumn = column;
      const textStart = p;
      if (!data) {
        // The header: strings, as `readSheet` makes them.
        const textEnd = buffer.indexOf(LT, p);
        if (textEnd < 0 || textEnd >= end) throw MORE;
        if (!isCellClose(v, textEnd)) miss(textEnd, CELL_CLOSE.length);
        p = textEnd + CELL_CLOSE.length;
        if (textEnd === textStart) continue;
        const raw = strict.decode(buffer.subarray(textStart, textEnd));
        checkCellXml(raw);
        rowExtra += textEnd - textStart - raw.length;
        const value = cellText(raw);
        if (value.length > MAX_CELL_CHARS) notExported();
        if (value === '') continue;
        lines = Math.max(lines, lineCount(value));
        cells[column] = value;
        last = column;
        continue;
      }
      if (p >= end) throw MORE;
      if (b[p] === LT) {
        // An empty cell: nothing to write.
        if (!isCellClose(v, p)) miss(p, CELL_CLOSE.length);
        p += CELL_CLOSE.length;
        continue;
      }
      if (column >= width) notExported();
      const saved = length;
      const savedCheck = check;
      gap(next, column);
      put(QUOTE);
      let textEnd = putText(textStart);
      if (textEnd >= 0) {
        if (units > MAX_CELL_CHARS) notExported();
        rowExtra += textExtra;
        reserve(1);
        put(QUOTE);
      } else {
        length = saved;
        check = savedCheck;
        textEnd = buffer.indexOf(LT, textStart);
        if (textEnd < 0 || textEnd >= end) throw MORE;
        const raw = strict.decode(buffer.subarray(textStart, textEnd));
        checkCellXml(raw);
        rowExtra += textEnd - textStart - raw.length;
        const value = cellText(raw);
        if (value.length > MAX_CELL_CHARS) notExported();
        if (value === '') {
          if (!isCellClose(v, textEnd)) miss(textEnd, CELL_CLOSE.length);
          p = textEnd + CELL_CLOSE.length;
          continue;
        }
        gap(next, column);
        putString(value);
        lines = Math.max(lines, lineCount(value));
      }
      if (!isCellClose(v, textEnd)) miss(textEnd, CELL_CLOSE.length);
      p = textEnd + CELL_CLOSE.length;
      next = column + 1;
      last = column;
    }
    // `readSheet`'s checks of the row's height (its refusals are left to it).
    const lowest = Math.max(MIN_ROW_HEIGHT, rules.lowestRow?.() ?? 0);
    if (height !== undefined && !(height >= lowest)) notExported();
    if (lines > 1 && !((height ?? Number.NaN) >= lines * lowest)) notExported();
    lastRow = number;
    extra += rowExtra;
    if (last < 0) return done(p);
    dataRows++;
    if (!data) {
      width = last + 1;
      header = Array.from({ length: width }, (_, i) => cells[i] ?? '');
      checkHiddenColumns(columns, width, rules);
      if (rules.limitAfterHeader) ({ maxRows, limit: rowsLimit } = rules.limitAfterHeader(header));
      return done(p);
    }
    // The empty cells after the last one, to the header's width (as `readSheet` pads the row).
    if (next < width) {
      gap(next, width - 1);
      put(QUOTE);
      put(QUOTE);
    }
    reserve(1);
    put(0x5d);
    digester.addCanonical(out.subarray(0, length), check >>> 0);
    return done(p);
  };

  /**
   * `<!` or `<?` in `buffer[from, to)`, but for the XML declaration at the very start: `checkXmlText`
   * refuses it. Only the head and the tail need this: every `<` between them is one of the rows'
   * tags, which `row` has matched byte for byte, and cell text holds none.
   */
  const checkMarkup = (from: number, to: number) => {
    for (let i = buffer.indexOf(LT, from); i >= 0 && i < to; i = buffer.indexOf(LT, i + 1)) {
      const mark = buffer[i + 1];
      if ((mark === 0x21 || mark === 0x3f) && !(i === 0 && mark === 0x3f)) notExported();
    }
  };

  /**
   * Follows `streamText`'s cuts (after the last `</row` of a chunk whose `>` is in the same chunk)
   * with `carry` the bytes since the last cut, at least its text's length in UTF-16 units (a unit
   * takes at least a byte; a cut it makes across two chunks is not followed, which only leaves
   * `carry` larger). Where `streamText` compares its carry with MAX_BLOCK_CHARS, the scanner gives
   * up if `carry` passes it: `readSheet` would refuse only a larger text.
   */
  const boundCarry = (chunk: Uint8Array, final: boolean) => {
    if (final) return;
    const last = findLast(chunk, CUT);
    if (last >= 0) {
      if (carry + find(chunk, CUT, 0, chunk.length) > MAX_BLOCK_CHARS) notExported();
      const gt = chunk.indexOf(GT, last);
      if (gt >= 0) {
        carry = chunk.length - gt - 1;
        return;
      }
    }
    carry += chunk.length;
    if (carry > MAX_BLOCK_CHARS) notExported();
  };

  /** Appends a chunk, and a 0 after it: no pattern, digit or letter, so every run stops there. */
  const append = (chunk: Uint8Array) => {
    if (end + chunk.length + 64 > buffer.length) {
      if (phase !== 'head' && start > 0) {
        buffer.copyWithin(0, start, end);
        end -= start;
        base += start;
        start = 0;
      }
      if (end + chunk.length + 64 > buffer.length) {
        const grown = new Uint8Array(Math.max(buffer.length * 2, end + chunk.length + 64));
        grown.set(buffer.subarray(0, end));
        buffer = grown;
        view = new DataView(buffer.buffer);
      }
    }
    buffer.set(chunk, end);
    end += chunk.length;
    buffer[end] = 0;
  };

  /** The text before <sheetData> (at `at`) after the XML declaration, as `readSheet` hands it to `head`. */
  const headText = (at: number): { text: string; from: number } => {
    let from = 0;
    if (buffer[0] === LT && buffer[1] === 0x3f) {
      // `<?xml` and a space, then up to the first `>`, which must close `?>` (checkXmlText's pattern),
      // with no `<` inside, and ASCII (a byte a UTF-16 unit, for the resume point).
      const gt = buffer.indexOf(GT, 6);
      if (!(buffer[2] === 0x78 && buffer[3] === 0x6d && buffer[4] === 0x6c) || ![0x20, 0x09, 0x0d, 0x0a].includes(buffer[5]!)) notExported();
      if (gt < 7 || gt >= at || buffer[gt - 1] !== 0x3f || buffer.subarray(1, gt).some((b) => b === LT || b >= 0x80)) notExported();
      // A parser decodes the part in the encoding declared (LibreOffice reads "台帳" written in UTF-8
      // under encoding="Shift_JIS" as "蜿ｰ蟶ｳ"); the reader always decodes UTF-8. Only UTF-8 is vouched for.
      const encoding = /\sencoding\s*=\s*(["'])([^"']*)\1/.exec(new TextDecoder().decode(buffer.subarray(0, gt)));
      if (encoding && !/^utf-8$/i.test(encoding[2]!)) notExported();
      from = gt + 1;
    }
    // A byte order mark is dropped only at the part's very start, as the reader's decoder does.
    return { text: new TextDecoder('utf-8', { ignoreBOM: from > 0 }).decode(buffer.subarray(from, at)), from };
  };

  const advance = () => {
    if (phase === 'head') {
      const at = find(buffer, SHEET_DATA, searched, end);
      if (at < 0 || at + SHEET_DATA.length >= end) {
        if (end > HEAD_LIMIT) notExported();
        if (at < 0) searched = Math.max(0, end - SHEET_DATA.length);
        return;
      }
      // `<sheetData>` itself: the first `<sheetData` is where `readSheet` finds the rows' start too.
      if (buffer[at + SHEET_DATA.length] !== GT || at > HEAD_LIMIT) notExported();
      checkMarkup(0, at);
      const { text, from } = headText(at);
      // XML's whitespace is space, tab, CR and LF; the reader's patterns take any of JavaScript's
      // (U+3000, U+00A0, U+FEFF…), which makes the head ill-formed to a parser: LibreOffice then shows
      // an empty sheet. Never in an export: left to `readSheet`.
      if (NOT_XML_SPACE.test(text)) notExported();
      ({ columns, rowHeight: defaultRowHeight } = readSheetHead(text, part, rules, plain));
      // Wrapped text is measured against its column's width by `readSheet` alone.
      if (headWraps(rules, columns)) notExported();
      phase = 'rows';
      start = at + SHEET_DATA.length + 1;
      // The declaration is ASCII; a byte order mark dropped from the head's start is no unit either.
      extra = start - (from + text.length + SHEET_DATA.length + 1);
    }
    if (phase === 'rows') {
      for (;;) {
        if (end - start < 2) return;
        if (buffer[start] === LT && buffer[start + 1] === 0x2f) {
          if (end - start < SHEET_DATA_CLOSE.length) return;
          if (!isSheetDataClose(view, start)) notExported();
          start += SHEET_DATA_CLOSE.length;
          phase = 'tail';
          break;
        }
        try {
          start = row(start);
        } catch (error) {
          if (error !== MORE) throw error;
          if (end - start > ROW_LIMIT) notExported();
          return;
        }
      }
    }
    if (end - start > TAIL_LIMIT) notExported();
  };

  inflatePart(pkg, part, (chunk, final) => {
    boundCarry(chunk, final);
    append(chunk);
    advance();
  });
  if ((phase as string) !== 'tail' || header === null) return notExported();
  checkMarkup(start, end);
  const tail = new TextDecoder('utf-8', { ignoreBOM: true }).decode(buffer.subarray(start, end));
  // Whitespace XML does not have, or a character it forbids, after the rows: left to the reader (which refuses it).
  if (/[^\S \t\r\n]|[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(tail)) notExported();
  checkSheetTail(tail, rules);
  return header;
}
