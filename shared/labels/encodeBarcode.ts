/**
 * QR codes and Code128 barcodes as module data (dark squares / bar widths) with the quiet zone each
 * standard requires, so the renderer draws them at exact millimetre sizes and the quiet zone is part
 * of the symbol's box, never cut by the label edge. Encoding is done by bwip-js.
 */
import bwipjs from 'bwip-js';
import { encodeQrMatrix } from './qrEncode';

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
 * Encodes text as a QR code (error correction M or better: survives some dirt on a label). A 管理番号
 * goes through qrEncode.ts (the same symbol as bwip-js, a hundred times faster: 1,000 labels spent
 * seconds in bwip-js, issue 15); any other text through bwip-js.
 */
export function encodeQr(text: string): QrSymbol {
  const fast = encodeQrMatrix(text);
  if (fast) return { kind: 'qr', size: fast.size, modules: fast.modules, totalModules: fast.size + 2 * QR_QUIET_MODULES };
  const [symbol] = bwipjs.raw('qrcode', text, 'eclevel=M') as unknown as [{ pixs: number[]; pixx: number }];
  return { kind: 'qr', size: symbol.pixx, modules: symbol.pixs, totalModules: symbol.pixx + 2 * QR_QUIET_MODULES };
}

/** Encodes text as Code128. */
export function encodeCode128(text: string): Code128Symbol {
  const [symbol] = bwipjs.raw('code128', text) as unknown as [{ sbs: number[] }];
  const width = symbol.sbs.reduce((sum, w) => sum + w, 0);
  return { kind: 'code128', widths: symbol.sbs, totalModules: width + 2 * CODE128_QUIET_MODULES };
}
