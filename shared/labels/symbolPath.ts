/**
 * A QR symbol as SVG path data for the label sheet (【03】第5条2: labels printed at exact sizes).
 * Rectangles over runs of dark modules, not one square per module: about a third of the path
 * commands for the same area, and the PDF of 1,000 labels carries every one of them (issue 15: the
 * QR paths were two thirds of that PDF's bytes).
 */
import { QR_QUIET_MODULES, type QrSymbol } from './encodeBarcode';

/**
 * Path data in module units, offset by the quiet zone (the SVG's view box includes it). Covers
 * exactly the dark modules: each horizontal run of dark modules is a rectangle, and a run that the
 * row below repeats (same start and end) grows down instead of starting another rectangle.
 */
export function qrPath(symbol: Pick<QrSymbol, 'size' | 'modules'>): string {
  const { size, modules } = symbol;
  const rects: { x: number; y: number; w: number; h: number }[] = [];
  /** Rectangles that reached the row above, by run ("start,end"). */
  let open = new Map<string, { x: number; y: number; w: number; h: number }>();
  for (let row = 0; row < size; row++) {
    const next = new Map<string, { x: number; y: number; w: number; h: number }>();
    for (let col = 0; col < size; ) {
      if (!modules[row * size + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && modules[row * size + col]) col++;
      const key = `${start},${col}`;
      let rect = open.get(key);
      if (rect) rect.h += 1;
      else {
        rect = { x: start, y: row, w: col - start, h: 1 };
        rects.push(rect);
      }
      next.set(key, rect);
    }
    open = next;
  }
  let path = '';
  for (const { x, y, w, h } of rects) path += `M${x + QR_QUIET_MODULES} ${y + QR_QUIET_MODULES}h${w}v${h}h-${w}z`;
  return path;
}
