/**
 * Styles that would make a spreadsheet show a signed ledger other than it reads. The signature
 * covers the cells' text, not xl/styles.xml or the theme, so someone who edits only those (a white
 * font on the rows to hide, a 1-point font, a symbol font that draws other characters, a dark fill
 * under dark text, `horizontal="fill"` that repeats the text across the cell, the theme's text colour
 * made white) would leave a file that verifies while Excel shows the rows blank or different.
 * Hidden rows, zero heights and widths and number formats are refused elsewhere (xlsxCells.ts,
 * `plainStyles`); this checks what is left of the look of text.
 *
 * What is accepted is what Excel, LibreOffice and Daichō write for ordinary text: a font of 6 to 16
 * points, not struck through, in a colour that stands out from the cell's fill (contrast at least 3:1, the WCAG measure
 * for large text: red on white passes, yellow on white does not), no or a plain fill, no gradient.
 * Every font is checked for size and face; every cell format (cellXfs and cellStyleXfs) for the
 * contrast of its font on its fill and for its alignment (no rotation, at most MAX_INDENT levels);
 * every rich-text run in the cells (`<r><rPr>`) like a font, against every fill a cell format uses.
 *
 * The stylesheet is read as LibreOffice and Excel read it, not only as our patterns would: only
 * SpreadsheetML style elements outside <extLst>, each section once and holding only its items, each
 * font property once (LibreOffice uses the last of two), colour attributes in their order (theme,
 * rgb, indexed, auto), numbers as plain decimals (Number() reads "0x1" as 1, LibreOffice as 0) and
 * system colours as the system's, not as `lastClr`.
 */
import { MAIN_NS, parseAttributes, partText, refuse, type CellWhere, type XlsxPackage } from './xlsxPackage';

type Rgb = readonly [number, number, number];

const BLACK: Rgb = [0, 0, 0];
const WHITE: Rgb = [255, 255, 255];

/** At least this contrast between text and its fill (WCAG 2 large text). */
export const MIN_CONTRAST = 3;
/** Points: below this a font shows as a line, not as text. */
export const MIN_FONT_POINTS = 6;
/**
 * Points: above this a font no longer fits a row of Excel's default height (15 points; LibreOffice
 * writes ht="15" on every row it saves, and Excel does not grow a row whose height is written). A
 * 200-point font in such rows showed a strip of cut glyphs (LibreOffice, PDF export).
 */
export const MAX_FONT_POINTS = 16;
/** Points: Excel's default row height, which holds the largest font above; a row must keep that proportion to its text. */
export const DEFAULT_ROW_POINTS = 15;

/** Indent levels a cell format may have (Excel's "increase indent" twice; about three characters a level). */
export const MAX_INDENT = 2;

/** Faces that draw pictures or other letters for the characters stored. */
const SYMBOL_FONT = /^(?:symbol|wingdings(?: [23])?|webdings|marlett|mt extra|zapf ?dingbats|bookshelf symbol 7|ms outlook|ms reference specialty)$/i;
/**
 * A face name names a symbol face, alone or anywhere in a list: LibreOffice takes "A;B" as a list
 * and draws with the first it has (measured: "OpenSymbol;Calibri" was drawn in OpenSymbol).
 */
export const symbolFace = (face: string) => face.split(/[;,]/).some((one) => SYMBOL_FONT.test(one.trim()));

/** Font charset 2 (SYMBOL_CHARSET): the face's own glyph table, whatever the characters. */
const SYMBOL_CHARSET = '2';

/** ECMA-376 Part 1, 18.8.27: the default palette; 64 and 65 are the system's text and window colours. */
const PALETTE = [
  '000000', 'FFFFFF', 'FF0000', '00FF00', '0000FF', 'FFFF00', 'FF00FF', '00FFFF', '000000', 'FFFFFF', 'FF0000', '00FF00', '0000FF', 'FFFF00', 'FF00FF', '00FFFF',
  '800000', '008000', '000080', '808000', '800080', '008080', 'C0C0C0', '808080', '9999FF', '993366', 'FFFFCC', 'CCFFFF', '660066', 'FF8080', '0066CC', 'CCCCFF',
  '000080', 'FF00FF', 'FFFF00', '00FFFF', '800080', '800000', '008080', '0000FF', '00CCFF', 'CCFFFF', 'CCFFCC', 'FFFF99', '99CCFF', 'FF99CC', 'CC99FF', 'FFCC99',
  '3366FF', '33CCCC', '99CC00', 'FFCC00', 'FF9900', 'FF6600', '666699', '969696', '003366', '339966', '003300', '333300', '993300', '993366', '333399', '333333',
  '000000', 'FFFFFF',
];

/** SpreadsheetML's theme colour indexes (18.3.1.15): 0 and 1, 2 and 3 are swapped against the scheme's order. */
const THEME_SLOTS = ['lt1', 'dk1', 'lt2', 'dk2', 'accent1', 'accent2', 'accent3', 'accent4', 'accent5', 'accent6', 'hlink', 'folHlink'];

const DRAWING_NS = 'http://schemas.openxmlformats.org/drawingml/2006/main';

function hex(value: string | undefined): Rgb | null {
  const m = /^(?:[0-9a-f]{2})?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(value ?? '');
  return m ? [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)] : null;
}

/** WCAG 2 relative luminance. */
function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** ECMA-376 18.8.19: a tint moves the colour's HLS lightness towards black (< 0) or white (> 0). */
export function applyTint(rgb: Rgb, tint: number): Rgb {
  if (!tint) return rgb;
  const [r, g, b] = rgb.map((c) => c / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  let l = (max + min) / 2;
  const d = max - min;
  const s = d === 0 ? 0 : d / (1 - Math.abs(2 * l - 1));
  let h = 0;
  if (d !== 0) h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  l = tint < 0 ? l * (1 + tint) : l * (1 - tint) + tint;
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const x = c * (1 - Math.abs((((h % 6) + 6) % 6) % 2 - 1));
  const m = l - c / 2;
  const sector = Math.floor((((h % 6) + 6) % 6));
  const [r1, g1, b1] = [[c, x, 0], [x, c, 0], [0, c, x], [0, x, c], [x, 0, c], [c, 0, x]][sector]!;
  return [r1! + m, g1! + m, b1! + m].map((v) => Math.round(Math.min(1, Math.max(0, v)) * 255)) as unknown as Rgb;
}

/**
 * Numbers as an XML reader takes them. JavaScript's Number() also reads "0x1" (1), which LibreOffice
 * reads as 0: <color theme="0x1"/> was checked as the theme's text colour and shown as its white
 * background, fontId="0x1" checked one font and drew another. Anything but a plain decimal is refused.
 */
const INTEGER = /^[0-9]{1,9}$/;
const DECIMAL = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?$/;

const rgbText = (rgb: Rgb) => rgb.map((c) => c.toString(16).padStart(2, '0')).join('').toUpperCase();

/**
 * The theme's colour scheme by SpreadsheetML index; null where a slot is missing or not a plain
 * colour. Also refuses a symbol face in the theme's font scheme: a font with `<scheme val="minor"/>`
 * (as Excel and Daichō write the body font) is drawn in the theme's minor font, whatever its
 * `<name>` says (ECMA-376 Part 1, 18.8.35), and Japanese text in the `Jpan` script's face.
 */
function readTheme(pkg: XlsxPackage, part: string | null): (Rgb | null)[] {
  if (!part) return [];
  const xml = partText(pkg, part);
  const found = (element: string): never => refuse({ reason: 'unexpected-content', where: { sheet: part }, element });
  const root = /<([\w.-]+:)?theme(?=[\s>])([^>]*)>/.exec(xml);
  const prefix = root?.[1] ?? '';
  const attrs = root ? parseAttributes(root[2]!, part) : null;
  // The scheme is read by the prefix the root binds to DrawingML; anything else is not a theme we can read.
  if (!attrs || attrs.get(prefix ? `xmlns:${prefix.slice(0, -1)}` : 'xmlns') !== DRAWING_NS) return found('テーマの名前空間');
  // DrawingML bound to a second prefix (or declared again below the root) would let a second colour
  // scheme hide from the patterns below.
  if ((xml.match(new RegExp(`xmlns(?::[\\w.-]+)?\\s*=\\s*["']${DRAWING_NS.replace(/[./]/g, '\\$&')}["']`, 'g')) ?? []).length !== 1) found('テーマの名前空間');
  for (const m of xml.matchAll(/\stypeface\s*=\s*(["'])([^"']*)\1/g)) if (symbolFace(m[2]!)) found(`テーマの記号フォント「${m[2]!.slice(0, 40)}」`);
  const schemes = [...xml.matchAll(new RegExp(`<${prefix}clrScheme(?=[\\s>])[^>]*>([\\s\\S]*?)</${prefix}clrScheme\\s*>`, 'g'))];
  if (schemes.length > 1) found('テーマの配色が2つ');
  const scheme = schemes[0]?.[1] ?? '';
  return THEME_SLOTS.map((slot) => {
    const body = new RegExp(`<${prefix}${slot}\\s*>([\\s\\S]*?)</${prefix}${slot}\\s*>`).exec(scheme)?.[1]?.trim() ?? '';
    const only = /^<([\w.-]+:)?(srgbClr|sysClr)(?=[\s/>])([^>]*?)\/>$/.exec(body);
    if (!only || (only[1] ?? '') !== prefix) return null;
    const a = parseAttributes(only[3]!, part);
    if (only[2] === 'srgbClr') return hex(a.get('val'));
    // A system colour is drawn as the system's colour now, not as `lastClr` (what it was when saved):
    // LibreOffice shows <sysClr val="window" lastClr="000000"/> as the window's white.
    return a.get('val') === 'windowText' ? BLACK : a.get('val') === 'window' ? WHITE : null;
  });
}

/** Every element the stylesheet may hold (outside <extLst>, which is left out); anything else is refused by name. */
const STYLE_ELEMENTS = new Set([
  'styleSheet', 'numFmts', 'numFmt', 'fonts', 'font', 'fills', 'fill', 'patternFill', 'fgColor', 'bgColor', 'gradientFill', 'stop', 'color',
  'borders', 'border', 'left', 'right', 'top', 'bottom', 'diagonal', 'vertical', 'horizontal', 'start', 'end', 'cellStyleXfs', 'cellXfs', 'xf',
  'alignment', 'protection', 'cellStyles', 'cellStyle', 'dxfs', 'dxf', 'tableStyles', 'tableStyle', 'tableStyleElement', 'colors',
  'indexedColors', 'rgbColor', 'mruColors', 'b', 'i', 'strike', 'condense', 'extend', 'outline', 'shadow', 'u', 'vertAlign', 'sz', 'name', 'family', 'charset', 'scheme',
]);
/** What a font (`<font>` in the stylesheet) and a rich-text run's properties (`<rPr>`) may hold, each once. */
const FONT_CHILDREN = new Set(['b', 'i', 'strike', 'condense', 'extend', 'outline', 'shadow', 'u', 'vertAlign', 'sz', 'color', 'name', 'family', 'charset', 'scheme']);
const RUN_CHILDREN = new Set([...FONT_CHILDREN].filter((n) => n !== 'name').concat('rFont'));

/** Checks the look of one rich-text run: `rPr` is the text inside its `<rPr>`. */
export type RunLook = (rPr: string, where: CellWhere) => void;

/** What the sheets' text may look like: the runs' check, and the rows' lowest height for the fonts met so far. */
export interface TextLook {
  run: RunLook;
  /**
   * Points: the lowest row that shows the largest of the stylesheet's fonts and of the runs checked so
   * far (15 points for 16-point text, as Excel's default row does); a lower row cuts its glyphs.
   */
  lowestRow: () => number;
  /**
   * Whether a cell of format `style` (a cellXfs index; -1 for a cell without a style of its own, shown
   * in cellXfs[0] by Excel and in the default cell style by LibreOffice) wraps its text: wrapText, or
   * vertical justify or distributed, which wrap too, in the format or the cell style it derives from.
   * Wrapped text may take several lines, and a row lower than them shows only the lines that fit
   * (LibreOffice: the last, bottom-aligned), so the rows' heights are checked against them.
   */
  wraps: (style: number) => boolean;
}

/**
 * Refuses (unexpected-content, naming what was found) a stylesheet or theme that hides or changes
 * the look of text as described above. `styles` and `theme` are the workbook's parts (or null).
 * Returns the same check for the runs of rich text in the cells (`<r><rPr>`: a run's colour, size
 * and face replace its cell's font), whose colour must stand out from every fill a cell format uses,
 * and the largest font size, which the rows' heights are checked against.
 */
export function checkVisibleStyles(pkg: XlsxPackage, styles: string | null, theme: string | null): TextLook {
  const themed = readTheme(pkg, theme);
  const raw = styles ? partText(pkg, styles) : '';
  const part = styles ?? '';
  const found = (element: string): never => refuse({ reason: 'unexpected-content', where: { sheet: part }, element });
  /** An attribute's number (`fallback` when absent), or a refusal naming it when it is not a plain decimal. */
  const numberOf = (attrs: Map<string, string> | undefined, name: string, fallback: number, pattern: RegExp, where: CellWhere = { sheet: part }): number => {
    const value = attrs?.get(name);
    if (value === undefined) return fallback;
    return pattern.test(value) ? Number(value) : refuse({ reason: 'unexpected-content', where, element: `${name}="${value.slice(0, 20)}"` });
  };
  // Extensions (x14 slicer and timeline styles) are left out; what is left must be SpreadsheetML we know,
  // so that no font or format can sit inside an element we skip and LibreOffice or Excel does not.
  const xml = raw.replace(/<extLst(?=[\s>])[\s\S]*?<\/extLst\s*>/g, '');
  if (styles) {
    // Prefixed SpreadsheetML would be read by Excel and skipped by the patterns below.
    const root = /<styleSheet(?=[\s>])([^>]*)>/.exec(xml);
    const rootAttrs = root ? parseAttributes(root[1]!, styles) : null;
    if (!rootAttrs || rootAttrs.get('xmlns') !== MAIN_NS || [...rootAttrs].some(([k, v]) => k.startsWith('xmlns:') && v === MAIN_NS)) found('名前空間');
    for (const m of xml.matchAll(/<\/?([^\s/>!?]+)/g)) if (!STYLE_ELEMENTS.has(m[1]!)) found(m[1]!.slice(0, 40));
    for (const name of ['numFmts', 'fonts', 'fills', 'borders', 'cellStyleXfs', 'cellXfs', 'cellStyles', 'dxfs', 'colors', 'indexedColors']) {
      if ((xml.match(new RegExp(`<${name}(?=[\\s/>])`, 'g')) ?? []).length > 1) found(`<${name}> が2つ`);
    }
  }
  const section = (name: string) => new RegExp(`<${name}(?=[\\s>])[^>]*>([\\s\\S]*?)</${name}\\s*>`).exec(xml)?.[1] ?? '';
  /** The section's items, which must be all it holds: a font placed inside anything else would shift the indexes. */
  const items = (body: string, name: string) => {
    const item = new RegExp(`\\s*<${name}(?=[\\s/>])([^>]*?)(?:/>|>([\\s\\S]*?)</${name}\\s*>)`, 'y');
    const out: { attrs: Map<string, string>; body: string }[] = [];
    let at = 0;
    for (let m; (item.lastIndex = at), (m = item.exec(body)); at = item.lastIndex) out.push({ attrs: parseAttributes(m[1]!, part), body: m[2] ?? '' });
    if (body.slice(at).trim() !== '') found(`<${name}> 以外の要素（${body.slice(at).trim().slice(0, 30)}）`);
    return out;
  };
  /** An item's empty child elements by name, each at most once (a second <color> or <sz> is what LibreOffice uses). */
  const children = (body: string, allowed: ReadonlySet<string>, owner: string, where: CellWhere = { sheet: part }) => {
    const child = /\s*<([\w.:-]+)(?=[\s/>])([^>]*?)(?:\/>|>\s*<\/\1\s*>)/y;
    const out = new Map<string, Map<string, string>>();
    let at = 0;
    for (let m; (child.lastIndex = at), (m = child.exec(body)); at = child.lastIndex) {
      if (!allowed.has(m[1]!) || out.has(m[1]!)) refuse({ reason: 'unexpected-content', where, element: `<${owner}> の中の <${m[1]!.slice(0, 30)}>${out.has(m[1]!) ? '（2つ目）' : ''}` });
      out.set(m[1]!, parseAttributes(m[2]!, part));
    }
    if (body.slice(at).trim() !== '') refuse({ reason: 'unexpected-content', where, element: `<${owner}> の中身（${body.slice(at).trim().slice(0, 30)}）` });
    return out;
  };
  const custom = items(section('indexedColors'), 'rgbColor').map(({ attrs }) => hex(attrs.get('rgb')));
  /**
   * A colour element's colour; `auto` (and none) is the system's default for the place. Read in the
   * order Excel and LibreOffice use when several are given: theme, then rgb, then indexed, then auto
   * (LibreOffice's oox import, tdf#113271, "gathered experimentally based on MS Excel").
   */
  const colour = (attrs: Map<string, string> | undefined, auto: Rgb, what: string, where: CellWhere = { sheet: part }): Rgb => {
    const bad = (element: string): never => refuse({ reason: 'unexpected-content', where, element });
    if (!attrs) return auto;
    let rgb: Rgb | null | undefined;
    if (attrs.has('theme')) rgb = themed[numberOf(attrs, 'theme', 0, INTEGER, where)];
    else if (attrs.has('rgb')) rgb = hex(attrs.get('rgb'));
    else if (attrs.has('indexed')) {
      const index = numberOf(attrs, 'indexed', 0, INTEGER, where);
      rgb = index === 64 ? BLACK : index === 65 ? WHITE : custom.length > 0 ? custom[index] : hex(PALETTE[index]);
    } else rgb = auto;
    if (!rgb) return bad(`${what}の色（${[...attrs].map(([k, v]) => `${k}="${v}"`).join(' ').slice(0, 60)}）`);
    const tint = numberOf(attrs, 'tint', 0, DECIMAL, where);
    return tint >= -1 && tint <= 1 ? applyTint(rgb, tint) : bad(`${what}の色の tint="${attrs.get('tint')}"`);
  };
  let largest = 0;
  /** Size, face and character set of a font or a run (the largest size is kept); returns its colour. */
  const fontLook = (props: Map<string, Map<string, string>>, face: string, where: CellWhere): Rgb => {
    const bad = (element: string): never => refuse({ reason: 'unexpected-content', where, element });
    const size = numberOf(props.get('sz'), 'val', MIN_FONT_POINTS, DECIMAL, where);
    if (!(size >= MIN_FONT_POINTS && size <= MAX_FONT_POINTS)) bad(`文字の大きさ ${size} ポイント`);
    largest = Math.max(largest, size);
    const name = props.get(face)?.get('val') ?? '';
    if (symbolFace(name)) bad(`記号フォント「${name.slice(0, 40)}」`);
    if (props.get('charset')?.get('val') === SYMBOL_CHARSET) bad('記号の文字セット（charset="2"）');
    // Struck-through text reads as deleted (LibreOffice draws <strike/> through every character):
    // a struck 承認済み no longer says what was signed. <strike val="0"/> is plain text.
    if (props.has('strike') && !/^(0|false)$/.test(props.get('strike')!.get('val') ?? 'true')) bad('取消線（strike）');
    return colour(props.get('color'), BLACK, '文字', where);
  };

  const fonts = items(section('fonts'), 'font').map(({ body }) => fontLook(children(body, FONT_CHILDREN, 'font'), 'name', { sheet: part }));
  const fills = items(section('fills'), 'fill').map(({ body }): Rgb => {
    if (/<gradientFill(?=[\s/>])/.test(body)) return found('グラデーションの塗りつぶし');
    const patterns = items(body, 'patternFill');
    if (patterns.length > 1) found('<fill> の中の <patternFill>（2つ目）');
    const pattern = patterns[0];
    const type = pattern?.attrs.get('patternType') ?? 'none';
    if (type === 'none') return WHITE;
    const props = children(pattern!.body, new Set(['fgColor', 'bgColor']), 'patternFill');
    const fg = colour(props.get('fgColor'), BLACK, '塗りつぶし');
    const bg = colour(props.get('bgColor'), WHITE, '塗りつぶし');
    if (type === 'solid') return fg;
    // Excel's reserved sparse patterns show the background; any other pattern must be plain one way and the other.
    if (type === 'gray125' || type === 'gray0625') return bg;
    return contrast(fg, bg) < MIN_CONTRAST ? fg : found(`模様の塗りつぶし（${type.slice(0, 20)}）`);
  });

  // A diagonal line across a cell reads as void (斜線: 該当なし, 取消): diagonalUp and diagonalDown drew
  // an X over every cell of the ledger (LibreOffice 7, PDF export). A diagonal with neither is not drawn.
  for (const { attrs, body } of items(section('borders'), 'border')) {
    const style = /<diagonal(?=[\s/>])([^>]*?)\/?>/.exec(body);
    const drawn = style ? (parseAttributes(style[1]!, part).get('style') ?? 'none') !== 'none' : false;
    if (drawn && (/^(1|true)$/.test(attrs.get('diagonalUp') ?? '') || /^(1|true)$/.test(attrs.get('diagonalDown') ?? ''))) found('斜線の罫線（diagonal）');
  }

  const usedFills = new Set<Rgb>();
  const wrapping: Record<string, boolean[]> = { cellStyleXfs: [], cellXfs: [] };
  for (const name of ['cellStyleXfs', 'cellXfs']) {
    for (const { attrs, body } of items(section(name), 'xf')) {
      const font = fonts[numberOf(attrs, 'fontId', 0, INTEGER)] ?? BLACK;
      const fill = fills[numberOf(attrs, 'fillId', 0, INTEGER)] ?? WHITE;
      if (name === 'cellXfs') usedFills.add(fill);
      if (contrast(font, fill) < MIN_CONTRAST) found(`文字色 ${rgbText(font)} と塗りつぶし ${rgbText(fill)}（見分けにくい組み合わせ）`);
      const alignment = children(body, new Set(['alignment', 'protection']), 'xf').get('alignment');
      if (alignment?.get('horizontal') === 'fill') found('横位置「繰り返し」（horizontal="fill"）');
      const own = /^(1|true)$/.test(alignment?.get('wrapText') ?? '') || /^(justify|distributed)$/.test(alignment?.get('vertical') ?? '');
      const xfId = attrs.get('xfId');
      wrapping[name]!.push(own || (name === 'cellXfs' && xfId !== undefined && wrapping.cellStyleXfs![INTEGER.test(xfId) ? Number(xfId) : 0] === true));
      // Rotated text in a row of ordinary height shows a few letters of each cell; a deep indent pushes
      // the text out of its cell (LibreOffice: indent="60" left 2% of the page's ink, indent="8" 55%).
      const rotation = numberOf(alignment, 'textRotation', 0, DECIMAL);
      if (rotation !== 0) found(`文字の回転（textRotation="${rotation}"）`);
      const indent = numberOf(alignment, 'indent', 0, DECIMAL);
      if (!(indent <= MAX_INDENT)) found(`字下げ ${indent}（indent）`);
      // Shrunk to its column's width, a note of 200 characters in a column of 10 is drawn at a twentieth
      // of its size, a line like a 1-point font (ECMA-376 Part 1, 18.8.1; Excel shrinks, a precaution:
      // LibreOffice 7's PDF export drew it cut, not shrunk). LibreOffice writes shrinkToFit="false".
      if (/^(1|true)$/.test(alignment?.get('shrinkToFit') ?? '')) found('縮小して全体を表示（shrinkToFit）');
      // Right-to-left reading order (ECMA-376 Part 1, 18.8.1): the bidirectional algorithm then shows
      // "5 年" as "年 5" and "1 / 2" as "2 / 1", the signed characters in another order. A precaution.
      if (alignment?.has('readingOrder') && alignment.get('readingOrder') !== '0' && alignment.get('readingOrder') !== '1') found(`右から左の文字方向（readingOrder="${alignment.get('readingOrder')!.slice(0, 10)}"）`);
    }
  }
  if (usedFills.size === 0) usedFills.add(WHITE);
  const run: RunLook = (rPr, where) => {
    const text = fontLook(children(rPr, RUN_CHILDREN, 'rPr', where), 'rFont', where);
    for (const fill of usedFills) {
      if (contrast(text, fill) < MIN_CONTRAST) refuse({ reason: 'unexpected-content', where, element: `文字列の一部の文字色 ${rgbText(text)} と塗りつぶし ${rgbText(fill)}（見分けにくい組み合わせ）` });
    }
  };
  const { cellStyleXfs: styleWraps, cellXfs: cellWraps } = wrapping as { cellStyleXfs: boolean[]; cellXfs: boolean[] };
  // Unknown indexes count as wrapping: the reader refuses them as number formats anyway.
  const wraps = (style: number) => (style < 0 ? cellWraps[0] === true || styleWraps[0] === true : cellWraps[style] !== false);
  return { run, lowestRow: () => (largest * DEFAULT_ROW_POINTS) / MAX_FONT_POINTS, wraps };
}
