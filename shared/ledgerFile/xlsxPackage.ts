/**
 * The one .xlsx package reader, used by the app (openLedgerFile) and the CLI (verifyLedgerFile) alike,
 * so both give the same verdict for every file (【03】第10条: what comes back in is what was signed).
 *
 * It opens a package the way Excel does, so that what we verify is what a spreadsheet shows:
 * - the zip's central directory is authoritative: every local header must agree with it (name, method,
 *   sizes, offset), the entries must tile the file from byte 0 up to the directory with nothing in
 *   between (so no entry can hide outside it), names are unique (case-insensitively, as OPC says);
 * - parts are found through the relationships (`_rels/.rels` → workbook → `xl/_rels/workbook.xml.rels`),
 *   never by fixed name; targets are resolved like URIs and must stay inside the package and exist;
 * - every relationship reachable from the package root must be on an allow-list (below): external
 *   links, macros, connections, query tables, custom XML, drawings, comments and the like are refused;
 * - every inflated byte is counted while inflating (declared sizes can lie) against a budget per part,
 *   a ratio to its compressed size (zip bombs) and one for the whole package.
 *
 * Failures are values (`PackageRefusal`). Inside, a refusal is thrown as a `Refused` and turned back
 * into a value at the module's entry points, together with any unexpected exception (a hostile file
 * must never crash the reader): see `guarded`.
 */
import { Inflate } from 'pako';

/** Where in a sheet something was found; Excel's row number and column letters. */
export interface CellWhere {
  sheet: string;
  row?: number;
  column?: string;
}

/** 'merged-rows': a merged ledger (the central office's aggregate) past what the app's import takes. */
export type OverLimit = 'column' | 'cell-text' | 'rows' | 'merged-rows' | 'part-bytes' | 'package-bytes' | 'entries' | 'row-bytes' | 'strings';

/** Why a package was refused. Each is said in Japanese by `importRefusalReason`. */
export type PackageRefusal =
  | { reason: 'too-large' | 'not-xlsx' | 'not-daicho' | 'damaged' }
  | { reason: 'package-mismatch'; detail: string }
  | { reason: 'over-limit'; limit: OverLimit; where?: CellWhere }
  | { reason: 'unexpected-part'; part: string }
  | { reason: 'extra-sheet'; sheet: string }
  | { reason: 'formula' | 'hidden-content' | 'outside-columns' | 'number-format' | 'cell-order' | 'cell-type'; where: CellWhere }
  | { reason: 'unexpected-content'; where: CellWhere; element: string };

/** Thrown inside this module and xlsxCells only; `guarded` turns it back into a value. */
export class Refused {
  constructor(readonly refusal: PackageRefusal) {}
}

export const refuse = (refusal: PackageRefusal): never => {
  throw new Refused(refusal);
};

/**
 * Runs `read`, turning a `Refused` into its refusal and any other exception (a malformed deflate
 * stream, a RangeError from a hostile character reference, running out of memory) into 'damaged'.
 */
export function guarded<T>(read: () => T): { ok: true; value: T } | { ok: false; refusal: PackageRefusal } {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, refusal: error.refusal };
    return { ok: false, refusal: { reason: 'damaged' } };
  }
}

/** Limits checked before anything is allocated. Far above a real section's ledger. */
export const PACKAGE_LIMITS = {
  /** A 200 MB file is refused before it is parsed. */
  maxFileBytes: 64 * 1024 * 1024,
  /** Parts in the zip; Excel writes about 10, LibreOffice about 10. */
  maxEntries: 1_000,
  /** Inflated bytes for the whole package (counted, not declared). */
  maxInflatedBytes: 512 * 1024 * 1024,
  /** Inflated bytes for one part: a 250,000-row ledger sheet is about 260 MB. */
  maxPartBytes: 384 * 1024 * 1024,
  /**
   * A part may inflate to at most this many times its compressed size (plus `ratioSlack`). Genuine
   * ledger parts compress about 14:1 (measured on a 100,000-row export); a zip bomb reaches 1,000:1.
   */
  maxRatio: 100,
  ratioSlack: 1024 * 1024,
} as const;

/** The byte budgets a package is read under (`PACKAGE_LIMITS`, or larger ones for a merged ledger). */
export interface PackageLimits {
  maxFileBytes: number;
  maxEntries: number;
  maxInflatedBytes: number;
  maxPartBytes: number;
  maxRatio: number;
  ratioSlack: number;
}

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  offset: number;
  dataStart: number;
}

/**
 * Raw-deflate decompression, injected so this module stays platform-neutral: the CLI passes Node's
 * native zlib (cli/nodeInflate.ts: about ten times faster than pure JavaScript on a 100,000-row sheet),
 * the app pako (`pakoInflateRaw`), zlib's own code in JavaScript. Whatever it is, `inflatePart` keeps
 * the limits: it checks the declared sizes before calling it and counts every byte handed to `each`,
 * refusing at the first byte past the declared size. An implementation must hand the output to `each`
 * in order, in pieces of `OUTPUT_PIECE` bytes (the last one shorter; never the whole part at once: a
 * 100,000-row sheet is about 100 MB), should stop as soon as its output passes `limit` (returning
 * 'over-limit'), and throws on a malformed stream without handing on the piece it was filling.
 *
 * Both are zlib, so the app and the CLI refuse the same streams at the same byte and have handed the
 * reader the same pieces when they do. fflate, used before, was more lenient (it decodes streams
 * whose Huffman tables zlib rejects, and hands output on as it decodes), so a damaged file could be
 * refused by the CLI and read by the app, or refused by the two with different reasons.
 */
export type InflateRaw = (compressed: Uint8Array, limit: number, each: (chunk: Uint8Array) => void) => 'done' | 'over-limit';

/** Output handed on at a time by both inflaters (see cli/nodeInflate.ts for why this size). */
export const OUTPUT_PIECE = 32 * 1024;

/** Compressed bytes handed to the inflater at a time. */
const PIECE = 16 * 1024;

class PastLimit {}

/** pako's streaming inflate (zlib ported to JavaScript): runs unchanged in a renderer or a worker. */
export const pakoInflateRaw: InflateRaw = (compressed, limit, each) => {
  let total = 0;
  const over = new PastLimit();
  const inflater = new Inflate({ raw: true, chunkSize: OUTPUT_PIECE });
  // pako hands on a whole piece as soon as it is full (a fresh array each time), and a last, shorter
  // one at the end of the stream, but also when the input ends too early, before it reports that: the
  // shorter piece waits until the stream is known to be whole (zlib in the CLI never hands it on),
  // and so does its count against the limit: a cut stream whose last piece would pass the limit is
  // malformed to zlib, which fails on the cut before it hands on (or counts) that piece.
  let last: Uint8Array | undefined;
  inflater.onData = (chunk: Uint8Array) => {
    if (chunk.length < OUTPUT_PIECE) {
      last = chunk;
      return;
    }
    total += chunk.length;
    if (total > limit) throw over;
    each(chunk);
  };
  try {
    // At least one push, the last: empty input is a stream that never ends (zlib in the CLI fails on it),
    // not an empty part.
    for (let at = 0; at === 0 || at < compressed.length; at += PIECE) {
      if (!inflater.push(compressed.subarray(at, at + PIECE), at + PIECE >= compressed.length)) throw new Error(`malformed deflate stream: ${inflater.msg}`);
    }
  } catch (error) {
    if (error === over) return 'over-limit';
    throw error;
  }
  if (last) {
    if (total + last.length > limit) return 'over-limit';
    each(last);
  }
  return 'done';
};

export interface XlsxPackage {
  bytes: Uint8Array;
  /** The decompressor every part goes through (see `InflateRaw`). */
  inflate: InflateRaw;
  /** By lower-case part name (OPC part names compare case-insensitively). */
  entries: ReadonlyMap<string, Entry>;
  /** Inflated bytes so far, against `limits.maxInflatedBytes`. */
  inflated: number;
  /** The budgets this package is read under (PACKAGE_LIMITS unless the caller chose others). */
  limits: PackageLimits;
}

const mismatch = (detail: string) => refuse({ reason: 'package-mismatch', detail });

/** The zip structure, checked as described in the module comment. Inflates nothing. */
export function openPackage(bytes: Uint8Array, inflate: InflateRaw = pakoInflateRaw, limits: PackageLimits = PACKAGE_LIMITS): XlsxPackage {
  if (bytes.length > limits.maxFileBytes) refuse({ reason: 'too-large' });
  // An .xlsx is a zip: it starts with "PK\x03\x04". Anything else (a renamed CSV, a PDF) stops here.
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) refuse({ reason: 'not-xlsx' });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => (at + 2 <= bytes.length ? view.getUint16(at, true) : mismatch('途中で切れています'));
  const u32 = (at: number) => (at + 4 <= bytes.length ? view.getUint32(at, true) : mismatch('途中で切れています'));
  // The end record sits in the last 22 + 65,535 bytes, and its comment must reach exactly the end.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50 && i + 22 + view.getUint16(i + 20, true) === bytes.length) {
      end = i;
      break;
    }
  }
  if (end < 0) mismatch('目次（中央ディレクトリ）が見つかりません');
  const count = u16(end + 10);
  const directorySize = u32(end + 12);
  const directoryOffset = u32(end + 16);
  if (u16(end + 4) !== 0 || u16(end + 6) !== 0 || u16(end + 8) !== count) mismatch('分割された zip です');
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) mismatch('Zip64 形式です');
  if (count > limits.maxEntries) refuse({ reason: 'over-limit', limit: 'entries' });
  // Nothing may sit between the directory and its end record (a Zip64 locator, a second directory).
  if (directoryOffset + directorySize !== end) mismatch('目次の位置が合いません');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const entries = new Map<string, Entry>();
  const list: (Entry & { end: number })[] = [];
  let at = directoryOffset;
  for (let n = 0; n < count; n++) {
    if (u32(at) !== 0x02014b50) mismatch('目次が壊れています');
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const crc = u32(at + 16);
    const compressedSize = u32(at + 20);
    const size = u32(at + 24);
    const nameLength = u16(at + 28);
    const offset = u32(at + 42);
    if (at + 46 + nameLength > end) mismatch('目次が壊れています');
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
    const name = decoder.decode(nameBytes);
    if (flags & 1) mismatch(`${name} が暗号化されています`);
    if (method !== 0 && method !== 8) mismatch(`${name} の圧縮方式（${method}）`);
    if (u16(at + 34) !== 0) mismatch('分割された zip です');
    // Part names are plain URI paths: no empty, dot or backslash segments, no leading slash.
    if (!/^[\x21-\x7e]+$/.test(name) || name.includes('\\') || name.split('/').some((s, i, all) => s === '.' || s === '..' || (s === '' && i !== all.length - 1)) || name.startsWith('/')) {
      mismatch(`部品名「${name.slice(0, 80)}」`);
    }
    const key = name.toLowerCase();
    if (entries.has(key)) mismatch(`部品「${name}」が2つあります`);
    // The local header must agree with the directory: Excel reads the directory, a streaming reader
    // the local headers; a file where they differ shows different content to each.
    if (u32(offset) !== 0x04034b50) mismatch(`${name} の位置が合いません`);
    const localFlags = u16(offset + 6);
    const localNameLength = u16(offset + 26);
    const localExtra = u16(offset + 28);
    const localName = bytes.subarray(offset + 30, offset + 30 + localNameLength);
    if (u16(offset + 8) !== method || localNameLength !== nameLength || localName.some((b, i) => b !== nameBytes[i])) mismatch(`${name} の見出しが目次と違います`);
    const descriptor = (localFlags & 8) !== 0;
    if (!descriptor && (u32(offset + 14) !== crc || u32(offset + 18) !== compressedSize || u32(offset + 22) !== size)) mismatch(`${name} の大きさが目次と違います`);
    const dataStart = offset + 30 + localNameLength + localExtra;
    let entryEnd = dataStart + compressedSize;
    if (descriptor) {
      const signed = u32(entryEnd) === 0x08074b50 ? 4 : 0;
      if (u32(entryEnd + signed) !== crc || u32(entryEnd + signed + 4) !== compressedSize || u32(entryEnd + signed + 8) !== size) mismatch(`${name} の大きさが目次と違います`);
      entryEnd += signed + 12;
    }
    const entry = { name, method, compressedSize, size, offset, dataStart, end: entryEnd };
    entries.set(key, entry);
    list.push(entry);
    at += 46 + nameLength + u16(at + 30) + u16(at + 32);
  }
  if (at !== end) mismatch('目次の大きさが合いません');
  // The entries must tile the file from byte 0 to the directory: a local entry the directory does not
  // list (read by streaming readers, not by Excel) or overlapping entries have nowhere to hide.
  list.sort((a, b) => a.offset - b.offset);
  let cursor = 0;
  for (const entry of list) {
    if (entry.offset !== cursor) mismatch('目次にない部分があります');
    cursor = entry.end;
  }
  if (cursor !== directoryOffset) mismatch('目次にない部分があります');
  return { bytes, entries, inflate, inflated: 0, limits };
}

/**
 * Inflates one part, handing each chunk to `each`. Declared sizes are checked first (per part, ratio,
 * package), then the counted output must never exceed the declared size and must equal it at the end.
 */
export function inflatePart(pkg: XlsxPackage, name: string, each: (chunk: Uint8Array, final: boolean) => void): void {
  const entry = pkg.entries.get(name.toLowerCase());
  if (!entry) return mismatch(`${name} がありません`);
  const { limits } = pkg;
  if (entry.size > limits.maxPartBytes || entry.size > entry.compressedSize * limits.maxRatio + limits.ratioSlack) refuse({ reason: 'over-limit', limit: 'part-bytes' });
  if (pkg.inflated + entry.size > limits.maxInflatedBytes) refuse({ reason: 'over-limit', limit: 'package-bytes' });
  const data = pkg.bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  let total = 0;
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) mismatch(`${entry.name} の大きさが目次と違います`);
    if (data.length === 0) each(data, true);
    for (let at = 0; at < data.length; at += PIECE) each(data.subarray(at, at + PIECE), at + PIECE >= data.length);
    total = data.length;
  } else {
    if (data.length === 0) mismatch(`${entry.name} が空です`);
    // A malformed stream and output of another size than declared are one refusal: to whoever reads
    // the message both mean the compressed data is not what the directory describes.
    const broken = () => mismatch(`${entry.name} の圧縮データが壊れているか、展開した大きさが目次と違います`);
    let handing = false;
    let result: 'done' | 'over-limit';
    try {
      // Nothing is handed on until it is known to be whole: the final flag goes with an empty last chunk.
      result = pkg.inflate(data, entry.size, (chunk) => {
        total += chunk.length;
        // Declared sizes can lie: stop as soon as the output passes what the directory promised.
        if (total > entry.size) broken();
        handing = true;
        if (chunk.length > 0) each(chunk, false);
        handing = false;
      });
    } catch (error) {
      // What the reader of the content threw is its own verdict; anything else is the inflater's.
      if (handing || error instanceof Refused) throw error;
      return broken();
    }
    if (result === 'over-limit' || total !== entry.size) broken();
    each(new Uint8Array(0), true);
  }
  pkg.inflated += total;
}

/** A whole (small) part as text, at most `maxBytes` inflated. */
export function partText(pkg: XlsxPackage, name: string, maxBytes = 16 * 1024 * 1024): string {
  const entry = pkg.entries.get(name.toLowerCase());
  if (entry && entry.size > maxBytes) refuse({ reason: 'over-limit', limit: 'part-bytes' });
  const decoder = new TextDecoder();
  let text = '';
  inflatePart(pkg, name, (chunk, final) => (text += decoder.decode(chunk, { stream: !final })));
  checkXmlText(text, name);
  return text.replace(/^\s*<\?xml\s[^>]*\?>/, '');
}

/**
 * No DTD (entity expansion, XXE), comment, CDATA section or processing instruction: none of the
 * writers we accept emit them, and each is a place where our reading and Excel's could differ.
 * The XML declaration at the very start is the only `<?` allowed.
 */
export function checkXmlText(text: string, part: string, first = true): void {
  // The text is decoded as UTF-8; a parser decodes it as declared (LibreOffice shows UTF-8 "台帳"
  // under encoding="Shift_JIS" as "蜿ｰ蟶ｳ"): any other declared encoding is refused.
  const encoding = first ? /^\s*<\?xml\s[^>]*?\sencoding\s*=\s*(["'])([^"']*)\1/.exec(text) : null;
  if (encoding && !/^utf-8$/i.test(encoding[2]!)) refuse({ reason: 'unexpected-content', where: { sheet: part }, element: `encoding="${encoding[2]!.slice(0, 20)}"` });
  const body = first ? text.replace(/^\s*<\?xml\s[^>]*\?>/, '') : text;
  if (spaceInTag(body)) refuse({ reason: 'unexpected-content', where: { sheet: part }, element: '空白' });
  if (markupDeclaration(body)) refuse({ reason: 'unexpected-content', where: { sheet: part }, element: body.includes('<!DOCTYPE') ? 'DOCTYPE' : '<! / <?' });
}

/**
 * True when the text holds `<!` or `<?`. Searched from the rare second character: `includes('<!')`
 * stops at every `<` of the markup, and this runs over every character of a 100,000-row sheet.
 */
function markupDeclaration(text: string): boolean {
  for (const mark of ['!', '?']) {
    for (let i = text.indexOf(mark, 1); i >= 0; i = text.indexOf(mark, i + 1)) if (text.charCodeAt(i - 1) === 0x3c) return true;
  }
  return false;
}

/**
 * True when a tag holds, outside its quoted values, whitespace that JavaScript's `\s` takes but XML
 * does not (U+3000, U+00A0, U+FEFF…): the readers' patterns would read such a tag, a parser finds the
 * part ill-formed (LibreOffice then shows an empty sheet, or the rest of it empty).
 */
function spaceInTag(text: string): boolean {
  // Most parts hold no such character at all: one native search settles them.
  if (!OTHER_SPACE.test(text)) return false;
  // One pass, no pattern: a hostile block of 3 MB of '<' would make a backtracking pattern quadratic.
  // Char codes, not one-character strings: this runs over every block the reader decodes; the text
  // between tags is skipped by a native search for the next '<'.
  let quote = 0;
  for (let i = text.indexOf('<'); i >= 0 && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x3e) {
      i = text.indexOf('<', i + 1) - 1;
      if (i < 0) return false;
    } else if (c === 0x22 || c === 0x27) quote = c;
    // \s beyond XML's four: vertical tab, form feed, and (from U+00A0 up) what the pattern says.
    else if (c === 0x0b || c === 0x0c || (c >= 0xa0 && /\s/.test(text[i]!))) return true;
  }
  return false;
}

/** Whitespace to JavaScript's `\s` that XML does not take as whitespace (all but tab, LF, CR, space). */
const OTHER_SPACE = /[^\S\t\n\r ]/;

const XML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five XML entities and character references (refusing an invalid code point). */
export function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  // Every '&' must start one of the five entities or a reference to a character XML allows (any
  // number of leading zeros, as a parser reads it): anything else is ill-formed, and Excel repairs
  // such a file while LibreOffice silently drops the rest of the sheet from there on.
  const decoded = text.replace(/&(?:#x([0-9a-fA-F]+)|#([0-9]+)|([a-z]+));/g, (whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (name !== undefined) return XML_ENTITIES[name] ?? refuse({ reason: 'damaged' });
    const code = hex !== undefined ? Number.parseInt(hex, 16) : Number.parseInt(dec!, 10);
    if (!xmlChar(code)) return refuse({ reason: 'damaged' });
    return String.fromCodePoint(code);
  });
  // A '&' left over was not a reference (the entities decode to no '&' of their own before this
  // check: look in the text between the references instead).
  if (/&(?!(?:#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);)/.test(text)) refuse({ reason: 'damaged' });
  return decoded;
}

/** A character XML 1.0 allows (its production Char). */
export const xmlChar = (code: number) => code === 0x09 || code === 0x0a || code === 0x0d || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);

/**
 * The attributes of a start tag (the text after its name), as XML defines them: either quote, any
 * whitespace around `=`, entities decoded. Anything else in the tag, or a repeated name, is refused
 * (Excel refuses such a file; we must not read it differently).
 */
export function parseAttributes(text: string, part: string): Map<string, string> {
  const attrs = new Map<string, string>();
  const pattern = /\s*([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
  let at = 0;
  const body = text.replace(/\s*\/?\s*$/, '');
  while (at < body.length) {
    pattern.lastIndex = at;
    const m = pattern.exec(body);
    if (!m) return refuse({ reason: 'unexpected-content', where: { sheet: part }, element: body.slice(at, at + 40).trim() });
    if (attrs.has(m[1]!)) return refuse({ reason: 'unexpected-content', where: { sheet: part }, element: `${m[1]}（重複）` });
    attrs.set(m[1]!, decodeXml(m[2] ?? m[3] ?? ''));
    at = pattern.lastIndex;
  }
  return attrs;
}

/** Every start or empty-element tag named `name` (unprefixed), with its attributes. */
export function elements(xml: string, name: string, part: string): Map<string, string>[] {
  return [...xml.matchAll(new RegExp(`<${name}(?=[\\s/>])([^>]*)>`, 'g'))].map((m) => parseAttributes(m[1]!, part));
}

const truthy = (value: string | undefined) => value === '1' || value === 'true';
export { truthy };

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';
const PACKAGE_REL = 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/';
export const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/**
 * The relationships a Daichō ledger may have, by source. Everything else reachable from the package
 * root is refused: externalLink, vbaProject, connections, queryTable, customXml (data bindings),
 * pivot caches, calcChain (there are no formulas to calculate), drawings, comments, hyperlinks,
 * tables, OLE objects, controls. docProps parts are metadata nobody sees in the grid.
 * - package root: the workbook, core/extended/custom document properties, a thumbnail, sensitivity labels;
 * - workbook: worksheets (each named in <sheets>), styles, theme, shared strings, and the cell
 *   metadata part SheetJS writes (harmless without cm/vm cell attributes, which are refused);
 * - worksheet: printer settings (LibreOffice and Excel keep them for page setup), and an EMPTY
 *   drawing (LibreOffice writes one beside an auto-filter); a drawing with any shape (a text box can
 *   cover a cell with other text), picture or chart is refused (`checkEmptyDrawing`).
 */
export const ALLOWED_RELATIONSHIPS = {
  root: [
    `${REL}officeDocument`, `${PACKAGE_REL}core-properties`, `${REL}extended-properties`, `${REL}custom-properties`, `${PACKAGE_REL}thumbnail`,
    // Microsoft 365 sensitivity labels (docMetadata/LabelInfo.xml): metadata, never shown in the grid.
    'http://schemas.microsoft.com/office/2020/02/relationships/classificationlabels',
  ],
  workbook: [`${REL}worksheet`, `${REL}styles`, `${REL}theme`, `${REL}sharedStrings`, `${REL}sheetMetadata`],
  worksheet: [`${REL}printerSettings`, `${REL}drawing`],
} as const;

export const CONTENT_TYPES = {
  workbook: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
  worksheet: 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml',
  sharedStrings: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml',
  styles: 'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml',
} as const;

export interface Relationship {
  id: string;
  type: string;
  /** The resolved part name (as stored in the zip). */
  part: string;
}

/** `_rels/x.xml.rels` for part `x.xml` in the same folder. */
const relsPathOf = (part: string) => {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
};

/** Resolves a relationship target (a relative URI) against its source part; refuses one leaving the package. */
export function resolveTarget(source: string, target: string): string {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(target) || target.includes('?') || target.includes('#') || target.includes('\\')) refuse({ reason: 'unexpected-part', part: target.slice(0, 80) });
  let decoded: string;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    return refuse({ reason: 'unexpected-part', part: target.slice(0, 80) });
  }
  const base = decoded.startsWith('/') ? [] : source.split('/').slice(0, -1);
  for (const segment of decoded.replace(/^\//, '').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (base.length === 0) refuse({ reason: 'unexpected-part', part: target.slice(0, 80) });
      base.pop();
    } else base.push(segment);
  }
  return base.join('/');
}

/** Reads the relationships of `source` (none when it has no .rels part), each checked against `allowed`. */
export function relationshipsOf(pkg: XlsxPackage, source: string, allowed: readonly string[]): Relationship[] {
  const path = source === '' ? '_rels/.rels' : relsPathOf(source);
  if (!pkg.entries.has(path.toLowerCase())) return [];
  const xml = partText(pkg, path, 1024 * 1024);
  if (/<[A-Za-z_][\w.-]*:/.test(xml)) refuse({ reason: 'unexpected-content', where: { sheet: path }, element: '名前空間の接頭辞' });
  const seen = new Set<string>();
  return elements(xml, 'Relationship', path).map((attrs) => {
    const id = attrs.get('Id') ?? '';
    const type = attrs.get('Type') ?? '';
    const target = attrs.get('Target') ?? '';
    if (seen.has(id)) refuse({ reason: 'damaged' });
    seen.add(id);
    const short = `${type.slice(type.lastIndexOf('/') + 1)}: ${target}`.slice(0, 120);
    if (attrs.get('TargetMode') === 'External' || !allowed.includes(type)) refuse({ reason: 'unexpected-part', part: short });
    const part = resolveTarget(source, target);
    const entry = pkg.entries.get(part.toLowerCase());
    if (!entry) mismatch(`参照先「${part}」がありません`);
    return { id, type, part: entry!.name };
  });
}

/** The content type of a part, from [Content_Types].xml (override, else default by extension). */
export function contentTypes(pkg: XlsxPackage): (part: string) => string | undefined {
  const xml = partText(pkg, '[Content_Types].xml', 1024 * 1024);
  if (/<[A-Za-z_][\w.-]*:/.test(xml)) refuse({ reason: 'unexpected-content', where: { sheet: '[Content_Types].xml' }, element: '名前空間の接頭辞' });
  const overrides = new Map(elements(xml, 'Override', '[Content_Types].xml').map((a) => [(a.get('PartName') ?? '').toLowerCase(), a.get('ContentType') ?? '']));
  const defaults = new Map(elements(xml, 'Default', '[Content_Types].xml').map((a) => [(a.get('Extension') ?? '').toLowerCase(), a.get('ContentType') ?? '']));
  return (part) => overrides.get(`/${part}`.toLowerCase()) ?? defaults.get(part.slice(part.lastIndexOf('.') + 1).toLowerCase());
}

/** A drawing part with no shape in it (only the root element), and no relationships of its own. */
function checkEmptyDrawing(pkg: XlsxPackage, part: string): void {
  const xml = partText(pkg, part, 64 * 1024);
  if (!/^\s*<([\w.-]+:)?wsDr(?=[\s/>])[^>]*?(\/>|>\s*<\/([\w.-]+:)?wsDr\s*>)\s*$/.test(xml)) refuse({ reason: 'unexpected-part', part: `図形・画像（${part}）` });
  relationshipsOf(pkg, part, []);
}

export interface WorkbookSheet {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  part: string;
}

export interface WorkbookParts {
  sheets: WorkbookSheet[];
  sharedStrings: string | null;
  styles: string | null;
  theme: string | null;
}

/**
 * Follows the package from its root to the workbook and its parts, checking relationships and
 * content types. Does not read the sheets.
 */
export function workbookParts(pkg: XlsxPackage): WorkbookParts {
  const typeOf = contentTypes(pkg);
  const root = relationshipsOf(pkg, '', ALLOWED_RELATIONSHIPS.root).filter((r) => r.type === `${REL}officeDocument`);
  if (root.length !== 1) refuse({ reason: 'not-daicho' });
  const workbookPart = root[0]!.part;
  if (typeOf(workbookPart) !== CONTENT_TYPES.workbook) refuse({ reason: 'unexpected-part', part: `${workbookPart}（${typeOf(workbookPart) ?? '種類なし'}）` });
  const xml = partText(pkg, workbookPart);
  const rels = relationshipsOf(pkg, workbookPart, ALLOWED_RELATIONSHIPS.workbook);
  const one = (type: string, contentType: string) => {
    const found = rels.filter((r) => r.type === `${REL}${type}`);
    if (found.length > 1) refuse({ reason: 'unexpected-part', part: `${type} が2つ` });
    if (found[0] && typeOf(found[0].part) !== contentType) refuse({ reason: 'unexpected-part', part: `${found[0].part}（${typeOf(found[0].part) ?? '種類なし'}）` });
    return found[0]?.part ?? null;
  };
  const sharedStrings = one('sharedStrings', CONTENT_TYPES.sharedStrings);
  const styles = one('styles', CONTENT_TYPES.styles);
  const theme = one('theme', 'application/vnd.openxmlformats-officedocument.theme+xml');
  // SpreadsheetML must be the default namespace and bound to no prefix, so an element we skip as
  // "someone else's extension" can never be a sheet Excel reads.
  const rootTag = /<workbook(?=[\s>])([^>]*)>/.exec(xml);
  if (!rootTag) return refuse({ reason: 'not-daicho' });
  const rootAttrs = parseAttributes(rootTag[1]!, workbookPart);
  if (rootAttrs.get('xmlns') !== MAIN_NS || [...rootAttrs].some(([k, v]) => k.startsWith('xmlns:') && v === MAIN_NS)) refuse({ reason: 'unexpected-content', where: { sheet: workbookPart }, element: '名前空間' });
  const relPrefixes = [...rootAttrs].filter(([k, v]) => k.startsWith('xmlns:') && v === RELS_NS).map(([k]) => k.slice(6));
  if (relPrefixes.length !== 1) refuse({ reason: 'unexpected-content', where: { sheet: workbookPart }, element: '名前空間' });
  // Extension blocks Excel and LibreOffice write (file paths, calc settings) are skipped, but never a sheet.
  const core = xml.replace(/<extLst>[\s\S]*?<\/extLst\s*>|<mc:AlternateContent[\s>][\s\S]*?<\/mc:AlternateContent\s*>/g, (block) => {
    if (/<(?:[\w.-]+:)?(?:sheets?|definedNames?)[\s/>]/.test(block)) refuse({ reason: 'unexpected-content', where: { sheet: workbookPart }, element: 'sheet' });
    return '';
  });
  if (/<[\w.-]+:(?:sheets?|definedNames?)[\s/>]/.test(core)) refuse({ reason: 'unexpected-content', where: { sheet: workbookPart }, element: 'sheet' });
  // A print area prints only part of the ledger (LibreOffice printed 2 of 20 rows for $A$1:$U$3), and
  // a printed ledger is read as the whole one. Excel names compare case-insensitively.
  for (const attrs of elements(core, 'definedName', workbookPart)) {
    if (/^(?:_xlnm\.)?print_area$/i.test(attrs.get('name') ?? '')) refuse({ reason: 'unexpected-content', where: { sheet: workbookPart }, element: '印刷範囲（Print_Area）' });
  }
  const byId = new Map(rels.map((r) => [r.id, r]));
  const used = new Set<string>();
  const sheets = elements(core, 'sheet', workbookPart).map((attrs): WorkbookSheet => {
    const rel = byId.get(attrs.get(`${relPrefixes[0]}:id`) ?? '');
    if (!rel || rel.type !== `${REL}worksheet` || used.has(rel.part)) return refuse({ reason: 'unexpected-part', part: `シート「${attrs.get('name') ?? ''}」` });
    used.add(rel.part);
    if (typeOf(rel.part) !== CONTENT_TYPES.worksheet) refuse({ reason: 'unexpected-part', part: `${rel.part}（${typeOf(rel.part) ?? '種類なし'}）` });
    const state = attrs.get('state') ?? 'visible';
    if (state !== 'visible' && state !== 'hidden' && state !== 'veryHidden') refuse({ reason: 'damaged' });
    // A worksheet's own relationships: printer settings, an empty drawing (no comment, hyperlink, table).
    for (const own of relationshipsOf(pkg, rel.part, ALLOWED_RELATIONSHIPS.worksheet)) if (own.type === `${REL}drawing`) checkEmptyDrawing(pkg, own.part);
    return { name: attrs.get('name') ?? '', state: state as WorkbookSheet['state'], part: rel.part };
  });
  // A worksheet the workbook does not list is not shown by Excel; one that is related but unlisted is refused as odd.
  for (const rel of rels) if (rel.type === `${REL}worksheet` && !used.has(rel.part)) refuse({ reason: 'unexpected-part', part: rel.part });
  return { sheets, sharedStrings, styles, theme };
}

/**
 * Which cell style indexes (cellXfs) show text exactly as stored: number format General (0) or
 * text "@" (49), or a custom format whose code is exactly "General" or "@" (LibreOffice writes its
 * General as custom format 164). Both the cell format and the cell style it derives from are checked,
 * and for index 0 (a cell without a style) the default cell style too.
 */
export function plainStyles(pkg: XlsxPackage, part: string | null): (index: number) => boolean {
  if (!part) return (index) => index === 0;
  const xml = partText(pkg, part);
  // Ids as an XML reader takes them: Number() also reads "0x31" (49, text), which LibreOffice reads as 0.
  const idOf = (value: string | undefined, fallback: number) =>
    value === undefined ? fallback : /^[0-9]{1,9}$/.test(value) ? Number(value) : refuse({ reason: 'unexpected-content', where: { sheet: part }, element: `"${value.slice(0, 20)}"` });
  const custom = new Map(elements(xml, 'numFmt', part).map((a) => [idOf(a.get('numFmtId'), -1), (a.get('formatCode') ?? '').trim()]));
  const plainFormat = (id: number) => id === 0 || id === 49 || /^(general|@)$/i.test(custom.get(id) ?? '-');
  const section = (name: string) => elements(new RegExp(`<${name}(?=[\\s>])[^>]*>([\\s\\S]*?)</${name}\\s*>`).exec(xml)?.[1] ?? '', 'xf', part);
  const styleXfs = section('cellStyleXfs').map((a) => idOf(a.get('numFmtId'), 0));
  const plain = section('cellXfs').map((a) => {
    const xfId = a.get('xfId');
    return plainFormat(idOf(a.get('numFmtId'), 0)) && (xfId === undefined || plainFormat(styleXfs[idOf(xfId, -1)] ?? -1));
  });
  // A cell without a style of its own (every cell Daichō writes) is shown by LibreOffice in the default
  // cell style, cellStyleXfs[0], whichever style cellXfs[0] derives from: with cellXfs[0] derived from
  // a plain second style and the first given ;;;"偽物", every cell showed 偽物 (LibreOffice 7, PDF export).
  const plainDefault = styleXfs.length === 0 || plainFormat(styleXfs[0]!);
  return (index) => (index === 0 ? plainDefault && (plain.length === 0 || plain[0] === true) : plain[index] === true);
}

/** Excel's grid: XFD (16,384 columns) by 1,048,576 rows. */
const MAX_GRID_COLUMNS = 16_384;
const MAX_GRID_ROWS = 1_048_576;

/**
 * The package checks for a workbook handed to SheetJS (the unsigned import): the zip structure, and
 * every part inflated once under the byte budgets (so SheetJS, which trusts declared sizes, never
 * meets a lying one), with every cell reference (`r`, `ref`, `sqref`) inside Excel's grid. A cell at
 * column AAAAAAA would otherwise make a reader pad hundreds of millions of empty cells.
 */
export function checkWholePackage(pkg: XlsxPackage): void {
  const reference = /\s(?:r|ref|sqref)\s*=\s*["']([^"']*)["']/g;
  const checkReferences = (text: string) => {
    for (const m of text.matchAll(reference)) {
      for (const token of m[1]!.split(/[\s:]+/)) {
        const cell = /^\$?([A-Za-z]*)\$?([0-9]*)$/.exec(token);
        if (!cell) continue;
        const letters = cell[1]!.toUpperCase();
        if (letters.length > 3) refuse({ reason: 'over-limit', limit: 'column' });
        let column = 0;
        for (let i = 0; i < letters.length; i++) column = column * 26 + (letters.charCodeAt(i) - 64);
        if (column > MAX_GRID_COLUMNS) refuse({ reason: 'over-limit', limit: 'column' });
        if (cell[2] && (cell[2].length > 7 || Number(cell[2]) > MAX_GRID_ROWS)) refuse({ reason: 'over-limit', limit: 'rows' });
      }
    }
  };
  for (const entry of pkg.entries.values()) {
    const xml = /\.(xml|rels)$/i.test(entry.name);
    const decoder = new TextDecoder();
    let carry = '';
    inflatePart(pkg, entry.name, (chunk, final) => {
      if (!xml) return;
      // Keep the tail of each chunk so an attribute cut in two is still seen whole.
      const text = carry + decoder.decode(chunk, { stream: !final });
      checkReferences(text);
      carry = text.slice(-256);
    });
  }
}
