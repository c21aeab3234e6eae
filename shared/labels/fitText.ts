/**
 * Japanese text that must fit a label box without being cut: the largest font size at which the text
 * wraps to the allowed number of lines. Widths are estimated per character (full-width = 1 em,
 * half-width = 0.62 em: bold digits of Noto Sans CJK are about 0.57 em), erring on the wide side.
 */

const PT_TO_MM = 25.4 / 72;
const LINE_HEIGHT = 1.2;

/** Estimated width of text in em. */
export function textWidthEm(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const halfWidth = code <= 0xff || (code >= 0xff61 && code <= 0xff9f);
    width += halfWidth ? 0.62 : 1;
  }
  return width;
}

export interface FittedText {
  fontPt: number;
  lines: number;
  /** False when even the smallest size needs more lines than allowed: the caller must warn. */
  fits: boolean;
}

/** The largest size in [minPt, maxPt] (0.5 pt steps) at which `text` fits `maxLines` in the box. */
export function fitText(text: string, boxWidthMm: number, boxHeightMm: number, options: { maxPt: number; minPt: number; maxLines: number }): FittedText {
  const width = textWidthEm(text);
  const linesAt = (pt: number) => Math.max(1, Math.ceil((width * pt * PT_TO_MM) / boxWidthMm - 1e-9));
  for (let pt = options.maxPt; pt >= options.minPt - 1e-9; pt -= 0.5) {
    const lines = linesAt(pt);
    if (lines <= options.maxLines && lines * LINE_HEIGHT * pt * PT_TO_MM <= boxHeightMm + 1e-9) return { fontPt: pt, lines, fits: true };
  }
  return { fontPt: options.minPt, lines: linesAt(options.minPt), fits: false };
}

/** Height in mm of `lines` lines at `pt`. */
export function textHeightMm(pt: number, lines: number): number {
  return lines * LINE_HEIGHT * pt * PT_TO_MM;
}
