/**
 * Japanese text that must fit a label box without being cut: the largest font size at which the text
 * wraps to the allowed number of lines. Widths are estimated per character (full-width = 1 em,
 * half-width = 0.62 em: bold digits of Noto Sans CJK are about 0.57 em), erring on the wide side.
 *
 * Lines are broken here, not by the browser, so the preview, the printed label and the fit check agree,
 * and so words stay whole: a Latin run (「USB」「DVD-R」) or a katakana word (「クラウドサービス」) is never
 * split unless it is longer than a whole line, and closing brackets and punctuation never start a line
 * (禁則処理). The browser's `word-break: break-all` printed 「US/Bメモリ」.
 */

const PT_TO_MM = 25.4 / 72;
const LINE_HEIGHT = 1.2;

const isHalfWidth = (code: number) => code <= 0xff || (code >= 0xff61 && code <= 0xff9f);

/** Estimated width of text in em. */
export function textWidthEm(text: string): number {
  let width = 0;
  for (const char of text) width += isHalfWidth(char.codePointAt(0)!) ? 0.62 : 1;
  return width;
}

/** Latin letters, digits and the marks inside such words (USB3.0, DVD-R, No.12, 1/2). */
const latinRun = /^[A-Za-z0-9Ａ-Ｚａ-ｚ０-９.\-_/&+#'’]+/;
/** A katakana word, with its long-vowel mark and middle dot (half-width kana too). */
const katakanaRun = /^[\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f]+/;
/** Characters that may not start a line (closing brackets, punctuation, small kana are rare here). */
const noLineStart = /^[、。，．,.)）」』】〕〉》・：；:;!?！？ー～]/;
/** Characters that may not end a line (opening brackets). */
const noLineEnd = /[(（「『【〔〈《]$/;

/** Splits text into pieces that are kept whole on a line: words, single characters, attached punctuation. */
export function breakPieces(text: string): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > 0) {
    const word = latinRun.exec(rest)?.[0] ?? katakanaRun.exec(rest)?.[0] ?? String.fromCodePoint(rest.codePointAt(0)!);
    rest = rest.slice(word.length);
    const last = pieces.length - 1;
    if (last >= 0 && (noLineStart.test(word) || noLineEnd.test(pieces[last]!))) pieces[last] += word;
    else pieces.push(word);
  }
  return pieces;
}

/** Splits a piece longer than a line by characters (a 40-letter serial number must still print). */
function splitLong(piece: string, maxEm: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const char of piece) {
    if (current !== '' && textWidthEm(current + char) > maxEm + 1e-9) {
      parts.push(current);
      current = '';
    }
    current += char;
  }
  if (current !== '') parts.push(current);
  return parts;
}

/** Greedy line breaking at `maxEm` width, keeping pieces whole where they fit on a line; spaces at a break are dropped. */
export function wrapText(text: string, maxEm: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const piece of breakPieces(text)) {
    const candidate = line + piece;
    if (textWidthEm(candidate.trimEnd()) <= maxEm + 1e-9) {
      line = candidate;
      continue;
    }
    if (line.trim() !== '') lines.push(line.trimEnd());
    const trimmed = piece.trimStart();
    if (textWidthEm(trimmed) <= maxEm + 1e-9) {
      line = trimmed;
      continue;
    }
    const parts = splitLong(trimmed, maxEm);
    lines.push(...parts.slice(0, -1));
    line = parts.at(-1) ?? '';
  }
  if (line.trim() !== '' || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}

export interface FittedText {
  fontPt: number;
  /** The text as it is printed, one entry per line. */
  lines: string[];
  /** False when even the smallest size needs more lines than allowed: the caller must warn. */
  fits: boolean;
}

/** The largest size in [minPt, maxPt] (0.5 pt steps) at which `text` fits `maxLines` in the box. */
export function fitText(text: string, boxWidthMm: number, boxHeightMm: number, options: { maxPt: number; minPt: number; maxLines: number }): FittedText {
  const linesAt = (pt: number) => wrapText(text, boxWidthMm / (pt * PT_TO_MM));
  for (let pt = options.maxPt; pt >= options.minPt - 1e-9; pt -= 0.5) {
    const lines = linesAt(pt);
    if (lines.length <= options.maxLines && lines.length * LINE_HEIGHT * pt * PT_TO_MM <= boxHeightMm + 1e-9) return { fontPt: pt, lines, fits: true };
  }
  return { fontPt: options.minPt, lines: linesAt(options.minPt), fits: false };
}

/** Height in mm of `lines` lines at `pt`. */
export function textHeightMm(pt: number, lines: number): number {
  return lines * LINE_HEIGHT * pt * PT_TO_MM;
}
