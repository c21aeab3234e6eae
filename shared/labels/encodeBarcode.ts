/**
 * QR codes and Code128 barcodes as module data (dark squares / bar widths) with the quiet zone each
 * standard requires, so the renderer draws them at exact millimetre sizes and the quiet zone is part
 * of the symbol's box, never cut by the label edge. QR codes are encoded by `qr` (paulmillr/qr, no
 * dependencies, the author of the @noble libraries the app already uses), Code128 by bwip-js. bwip-js
 * also draws QR codes, through its PostScript interpreter, at several milliseconds each: 1,000 labels
 * spent seconds there alone (issue 15); `qr` takes about a tenth of a millisecond.
 */
import bwipjs from 'bwip-js';
import encodeQR from 'qr';

/** QR needs 4 modules of quiet zone on every side (ISO/IEC 18004). */
export const QR_QUIET_MODULES = 4;
/** Code128 needs at least 10 modules of quiet zone left and right (ISO/IEC 15417). */
export const CODE128_QUIET_MODULES = 10;

export interface QrSymbol {
  kind: 'qr';
  /** Modules per side, without the quiet zone. */
  size: number;
  /** Row-major dark (1) / light (0) modules. */
  modules: number[];
  /** Modules per side including the quiet zone. */
  totalModules: number;
}

export interface Code128Symbol {
  kind: 'code128';
  /** Alternating bar / space widths in modules, starting with a bar. */
  widths: number[];
  /** Width in modules including both quiet zones. */
  totalModules: number;
}

/**
 * Encodes text as a QR code with error correction M (survives some dirt on a label) in the smallest
 * version that holds it: a 管理番号 in alphanumeric mode, any other text as UTF-8 bytes.
 */
export function encodeQr(text: string): QrSymbol {
  // The library insists on a quiet zone; one module is asked for and taken off, since the label draws
  // its own four (QR_QUIET_MODULES) as part of the symbol's box.
  const matrix = encodeQR(text, 'raw', { ecc: 'medium', border: 1 });
  const size = matrix.length - 2;
  const modules: number[] = [];
  for (let y = 1; y <= size; y++) for (let x = 1; x <= size; x++) modules.push(matrix[y]![x] ? 1 : 0);
  return { kind: 'qr', size, modules, totalModules: size + 2 * QR_QUIET_MODULES };
}

/** Encodes text as Code128. */
export function encodeCode128(text: string): Code128Symbol {
  const [symbol] = bwipjs.raw('code128', text) as unknown as [{ sbs: number[] }];
  const width = symbol.sbs.reduce((sum, w) => sum + w, 0);
  return { kind: 'code128', widths: symbol.sbs, totalModules: width + 2 * CODE128_QUIET_MODULES };
}
