/**
 * A QR symbol as SVG path data for the label sheet (【03】第5条2: labels printed at exact sizes).
 * One rectangle per horizontal run of dark modules, not one per module: about half the path commands
 * for the same area, and the PDF of 1,000 labels carries every one of them (issue 15).
 */
import { QR_QUIET_MODULES, type QrSymbol } from './encodeBarcode';

/**
 * Path data in module units, offset by the quiet zone (the SVG's view box includes it). Covers
 * exactly the dark modules: a run of n dark modules in a row is one n×1 rectangle.
 */
export function qrPath(symbol: Pick<QrSymbol, 'size' | 'modules'>): string {
  let path = '';
  for (let row = 0; row < symbol.size; row++) {
    for (let col = 0; col < symbol.size; ) {
      if (!symbol.modules[row * symbol.size + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < symbol.size && symbol.modules[row * symbol.size + col]) col++;
      path += `M${start + QR_QUIET_MODULES} ${row + QR_QUIET_MODULES}h${col - start}v1h-${col - start}z`;
    }
  }
  return path;
}
