/**
 * A QR code encoder for the short texts labels carry (ISO/IEC 18004, model 2, error correction M,
 * versions 1-10: up to 311 alphanumeric characters, well above a 管理番号). bwip-js draws the same symbols through its PostScript interpreter, at several milliseconds
 * each: 1,000 labels spent seconds there alone (issue 15); this takes tens of microseconds. Texts too
 * long for version 10 return null and the caller keeps using bwip-js. The tests compare every module
 * with bwip-js's symbol for the same text and mask.
 *
 * One segment, numeric (digits) or alphanumeric (digits, A-Z, space and $%*+-./:), for the texts
 * where bwip-js also writes one segment (see modeOf); other texts return null.
 */

type Blocks = readonly [ecPerBlock: number, groups: readonly (readonly [blocks: number, dataPerBlock: number])[]];
/** Error-correction codewords per block and the blocks' data codewords, by level and version (index 1-10). */
const BLOCKS: Record<QrLevel, readonly Blocks[]> = {
  M: [[0, []], [10, [[1, 16]]], [16, [[1, 28]]], [26, [[1, 44]]], [18, [[2, 32]]], [24, [[2, 43]]], [16, [[4, 27]]], [18, [[4, 31]]], [22, [[2, 38], [2, 39]]], [22, [[3, 36], [2, 37]]], [26, [[4, 43], [1, 44]]]],
  Q: [[0, []], [13, [[1, 13]]], [22, [[1, 22]]], [18, [[2, 17]]], [26, [[2, 24]]], [18, [[2, 15], [2, 16]]], [24, [[4, 19]]], [18, [[2, 14], [4, 15]]], [22, [[4, 18], [2, 19]]], [20, [[4, 16], [4, 17]]], [24, [[6, 19], [2, 20]]]],
  H: [[0, []], [17, [[1, 9]]], [28, [[1, 16]]], [22, [[2, 13]]], [16, [[4, 9]]], [22, [[2, 11], [2, 12]]], [28, [[4, 15]]], [26, [[4, 13], [1, 14]]], [26, [[4, 14], [2, 15]]], [24, [[4, 12], [4, 13]]], [28, [[6, 15], [2, 16]]]],
};
/** The levels this encoder writes, and their format-information bits. */
export type QrLevel = 'M' | 'Q' | 'H';
const LEVEL_BITS: Record<QrLevel, number> = { M: 0b00, Q: 0b11, H: 0b10 };
const dataCapacity = (level: QrLevel, version: number) => BLOCKS[level][version]![1].reduce((n, [blocks, per]) => n + blocks * per, 0);
/** Centre coordinates of alignment patterns, by version. */
const ALIGNMENT: readonly (readonly number[])[] = [[], [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50]];
export const QR_MAX_VERSION = 10;

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

// GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1.
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
for (let i = 0, x = 1; i < 255; i++) {
  EXP[i] = x;
  LOG[x] = i;
  x <<= 1;
  if (x & 0x100) x ^= 0x11d;
}
for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;
const mul = (a: number, b: number) => (a === 0 || b === 0 ? 0 : EXP[LOG[a]! + LOG[b]!]!);

/** Reed-Solomon remainder of `data` for `degree` error-correction codewords. */
function reedSolomon(data: readonly number[], degree: number): number[] {
  // Generator (x - a^0)(x - a^1)...(x - a^(degree-1)), coefficients highest first without the leading 1.
  const gen = new Array<number>(degree).fill(0);
  gen[degree - 1] = 1;
  for (let i = 0, root = 1; i < degree; i++) {
    for (let j = 0; j < degree; j++) gen[j] = mul(gen[j]!, root) ^ (j + 1 < degree ? gen[j + 1]! : 0);
    root = mul(root, 2);
  }
  const rem = new Array<number>(degree).fill(0);
  for (const byte of data) {
    const factor = byte ^ rem.shift()!;
    rem.push(0);
    for (let j = 0; j < degree; j++) rem[j]! ^= mul(gen[j]!, factor);
  }
  return rem;
}

class BitBuffer {
  bits: number[] = [];
  put(value: number, length: number) {
    for (let i = length - 1; i >= 0; i--) this.bits.push((value >>> i) & 1);
  }
}

type Mode = 'numeric' | 'alphanumeric';

/**
 * The mode for a text this encoder writes as bwip-js would, or null. bwip-js mixes modes where that
 * is shorter: from seven digits in a row it switches to numeric inside an alphanumeric text, and
 * any other character needs bytes, which it also mixes. A text of digits only, or of alphanumeric
 * characters with no more than six digits in a row (管理番号 such as SM-000123), is one segment for
 * both; anything else is left to bwip-js.
 */
function modeOf(text: string): Mode | null {
  if (text.length === 0) return null;
  if (/^[0-9]+$/.test(text)) return 'numeric';
  if (!/^[0-9A-Z $%*+\-./:]+$/.test(text) || /[0-9]{7}/.test(text)) return null;
  return 'alphanumeric';
}

/** The data bits of one segment (mode indicator, count, data); versions 10 and up count in more bits. */
function segmentBits(text: string, mode: Mode, version: number): number[] {
  const buffer = new BitBuffer();
  const large = version >= 10;
  if (mode === 'numeric') {
    buffer.put(0b0001, 4);
    buffer.put(text.length, large ? 12 : 10);
    for (let i = 0; i < text.length; i += 3) {
      const chunk = text.slice(i, i + 3);
      buffer.put(Number(chunk), chunk.length * 3 + 1);
    }
  } else {
    buffer.put(0b0010, 4);
    buffer.put(text.length, large ? 11 : 9);
    for (let i = 0; i < text.length; i += 2) {
      const a = ALNUM.indexOf(text[i]!);
      if (i + 1 < text.length) buffer.put(a * 45 + ALNUM.indexOf(text[i + 1]!), 11);
      else buffer.put(a, 6);
    }
  }
  return buffer.bits;
}

/** Data then error-correction codewords, interleaved as the symbol carries them. */
function codewords(bits: readonly number[], version: number, level: QrLevel): number[] {
  const [ecPerBlock, groups] = BLOCKS[level][version]!;
  const capacity = groups.reduce((n, [blocks, per]) => n + blocks * per, 0);
  const stream = [...bits];
  // Terminator (up to four zeros), then to a byte boundary, then the alternating pad bytes.
  for (let i = 0; i < 4 && stream.length < capacity * 8; i++) stream.push(0);
  while (stream.length % 8 !== 0) stream.push(0);
  const data: number[] = [];
  for (let i = 0; i < stream.length; i += 8) data.push(stream.slice(i, i + 8).reduce((v, b) => (v << 1) | b, 0));
  for (let pad = 0xec; data.length < capacity; pad ^= 0xec ^ 0x11) data.push(pad);
  const blocks: number[][] = [];
  let at = 0;
  for (const [count, per] of groups) {
    for (let i = 0; i < count; i++) {
      blocks.push(data.slice(at, at + per));
      at += per;
    }
  }
  const ec = blocks.map((block) => reedSolomon(block, ecPerBlock));
  const out: number[] = [];
  const longest = Math.max(...blocks.map((b) => b.length));
  for (let i = 0; i < longest; i++) for (const block of blocks) if (i < block.length) out.push(block[i]!);
  for (let i = 0; i < ecPerBlock; i++) for (const block of ec) out.push(block[i]!);
  return out;
}

const MASKS: readonly ((row: number, col: number) => boolean)[] = [
  (r, c) => (r + c) % 2 === 0,
  (r) => r % 2 === 0,
  (_, c) => c % 3 === 0,
  (r, c) => (r + c) % 3 === 0,
  (r, c) => (Math.floor(r / 2) + Math.floor(c / 3)) % 2 === 0,
  (r, c) => ((r * c) % 2) + ((r * c) % 3) === 0,
  (r, c) => (((r * c) % 2) + ((r * c) % 3)) % 2 === 0,
  (r, c) => (((r + c) % 2) + ((r * c) % 3)) % 2 === 0,
];

/** The eight mask patterns for a symbol size, row-major (1 = invert), computed once per size. */
const patternCache = new Map<number, Uint8Array[]>();
function maskPatterns(size: number): Uint8Array[] {
  let patterns = patternCache.get(size);
  if (!patterns) {
    patterns = MASKS.map((rule) => {
      const pattern = new Uint8Array(size * size);
      for (let row = 0; row < size; row++) for (let col = 0; col < size; col++) pattern[row * size + col] = rule(row, col) ? 1 : 0;
      return pattern;
    });
    patternCache.set(size, patterns);
  }
  return patterns;
}

/** The symbol before masking: function patterns drawn, data placed; `fixed` marks the function modules. */
function baseMatrix(version: number, data: readonly number[]) {
  const size = version * 4 + 17;
  const dark = new Uint8Array(size * size);
  const fixed = new Uint8Array(size * size);
  const set = (row: number, col: number, value: boolean) => {
    dark[row * size + col] = value ? 1 : 0;
    fixed[row * size + col] = 1;
  };
  // Finder patterns with their separators.
  for (const [r0, c0] of [[0, 0], [0, size - 7], [size - 7, 0]] as const) {
    for (let r = -1; r <= 7; r++) {
      for (let c = -1; c <= 7; c++) {
        const row = r0 + r;
        const col = c0 + c;
        if (row < 0 || col < 0 || row >= size || col >= size) continue;
        const ring = Math.max(Math.abs(r - 3), Math.abs(c - 3));
        set(row, col, ring !== 2 && ring !== 4);
      }
    }
  }
  // Timing patterns.
  for (let i = 8; i < size - 8; i++) {
    set(6, i, i % 2 === 0);
    set(i, 6, i % 2 === 0);
  }
  // Alignment patterns, except where they would overlap a finder.
  const centres = ALIGNMENT[version]!;
  for (const r of centres) {
    for (const c of centres) {
      if ((r === 6 && c === 6) || (r === 6 && c === size - 7) || (r === size - 7 && c === 6)) continue;
      for (let dr = -2; dr <= 2; dr++) for (let dc = -2; dc <= 2; dc++) set(r + dr, c + dc, Math.max(Math.abs(dr), Math.abs(dc)) !== 1);
    }
  }
  // Format areas reserved (written once the mask is chosen), and the dark module.
  const formatArea: number[] = [];
  for (let i = 0; i < 9; i++) formatArea.push(8 * size + i, i * size + 8);
  for (let i = 0; i < 8; i++) formatArea.push(8 * size + size - 1 - i, (size - 1 - i) * size + 8);
  for (const at of formatArea) fixed[at] = 1;
  set(size - 8, 8, true);
  const versionArea: number[] = [];
  // Version information (versions 7 and up): 6 bits and a BCH(18,6) remainder, twice.
  if (version >= 7) {
    let rem = version;
    for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25);
    const bits = (version << 12) | rem;
    for (let i = 0; i < 18; i++) {
      const bit = ((bits >>> i) & 1) === 1;
      const a = size - 11 + (i % 3);
      const b = Math.floor(i / 3);
      set(b, a, bit);
      set(a, b, bit);
      versionArea.push(b * size + a, a * size + b);
    }
  }
  // Data in the two-column zigzag from the bottom right, skipping function modules.
  let i = 0;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    const upward = ((right + 1) & 2) === 0;
    for (let vert = 0; vert < size; vert++) {
      const row = upward ? size - 1 - vert : vert;
      for (let j = 0; j < 2; j++) {
        const col = right - j;
        if (fixed[row * size + col]) continue;
        if (i < data.length * 8) dark[row * size + col] = (data[i >>> 3]! >>> (7 - (i & 7))) & 1;
        i++;
      }
    }
  }
  return { size, dark, fixed, formatArea, versionArea };
}

/** The format information (level M, mask) written into both copies. */
function drawFormat(size: number, dark: Uint8Array, level: QrLevel, mask: number) {
  const data = (LEVEL_BITS[level] << 3) | mask;
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  const bits = ((data << 10) | rem) ^ 0x5412;
  const bit = (i: number) => (bits >>> i) & 1;
  const at = (col: number, row: number, value: number) => (dark[row * size + col] = value);
  for (let i = 0; i <= 5; i++) at(8, i, bit(i));
  at(8, 7, bit(6));
  at(8, 8, bit(7));
  at(7, 8, bit(8));
  for (let i = 9; i < 15; i++) at(14 - i, 8, bit(i));
  for (let i = 0; i < 8; i++) at(size - 1 - i, 8, bit(i));
  for (let i = 8; i < 15; i++) at(8, size - 15 + i, bit(i));
}

/**
 * N1 and N3 of one line from its run lengths (`runs[0]` is a light run, possibly empty, then dark and
 * light alternate): five or more of one colour in a row, and a 1:1:3:1:1 dark-light pattern (any
 * scale) with four light modules, or the symbol's edge, on one side. Scored as bwip-js scores it, so
 * both pick the same mask.
 */
function linePenalty(runs: readonly number[]): number {
  let score = 0;
  for (const run of runs) if (run >= 5) score += run - 2;
  for (let j = 3; j <= runs.length - 3; j += 2) {
    const centre = runs[j]!;
    if (centre % 3 !== 0) continue;
    const unit = centre / 3;
    if (runs[j - 2] !== unit || runs[j - 1] !== unit || runs[j + 1] !== unit || runs[j + 2] !== unit) continue;
    if (j === 3 || j + 4 >= runs.length || runs[j - 3]! >= 4 || runs[j + 3]! >= 4) score += 40;
  }
  return score;
}

/** Run lengths of `size` modules read from `start` in steps of `step`, starting with a light run. */
function runLengths(dark: Uint8Array, start: number, step: number, size: number, runs: number[]): number[] {
  runs.length = 0;
  let colour = 0;
  let count = 0;
  for (let i = 0, at = start; i < size; i++, at += step) {
    const v = dark[at]!;
    if (v === colour) count++;
    else {
      runs.push(count);
      colour = v;
      count = 1;
    }
  }
  runs.push(count);
  return runs;
}

/**
 * The standard's penalty score of a masked symbol (lower is easier to read).
 */
function penalty(size: number, dark: Uint8Array): number {
  let score = 0;
  const runs: number[] = [];
  for (let i = 0; i < size; i++) {
    score += linePenalty(runLengths(dark, i, size, size, runs)); // column i
    score += linePenalty(runLengths(dark, i * size, 1, size, runs)); // row i
  }
  // N2: 2x2 blocks of one colour.
  for (let r = 0; r < size - 1; r++) {
    for (let c = 0; c < size - 1; c++) {
      const v = dark[r * size + c];
      if (v === dark[r * size + c + 1] && v === dark[(r + 1) * size + c] && v === dark[(r + 1) * size + c + 1]) score += 3;
    }
  }
  // N4: distance of the dark share from 50%, in 5% steps.
  let darkCount = 0;
  for (const v of dark) darkCount += v;
  score += 10 * Math.floor(Math.abs((darkCount * 100) / (size * size) - 50) / 5);
  return score;
}

/** An encoded QR symbol: modules per side and row-major dark (1) / light (0) modules, without quiet zone. */
export interface QrMatrix {
  size: number;
  modules: number[];
}

/**
 * Encodes `text` in the smallest version that holds it at level M, then at the highest level (H, Q)
 * that still fits that version, as bwip-js does unless told otherwise (more dirt on a label is
 * survived at no cost in size), with the mask of lowest penalty (or `mask` 0-7 when given). Null when
 * the text needs more than version 10 or is not one this encoder writes as bwip-js does (modeOf).
 */
export function encodeQrMatrix(text: string, mask?: number): QrMatrix | null {
  const mode = modeOf(text);
  if (mode === null) return null;
  for (let version = 1; version <= QR_MAX_VERSION; version++) {
    const bits = segmentBits(text, mode, version);
    if (bits.length > dataCapacity('M', version) * 8) continue;
    const level: QrLevel = bits.length <= dataCapacity('H', version) * 8 ? 'H' : bits.length <= dataCapacity('Q', version) * 8 ? 'Q' : 'M';
    const { size, dark, fixed, formatArea, versionArea } = baseMatrix(version, codewords(bits, version, level));
    const patterns = maskPatterns(size);
    const darkModule = (size - 8) * size + 8;
    let best: Uint8Array | null = null;
    let bestScore = Infinity;
    let bestMask = 0;
    for (let m = 0; m < 8; m++) {
      if (mask !== undefined && m !== mask) continue;
      const masked = dark.slice();
      const pattern = patterns[m]!;
      for (let i = 0; i < masked.length; i++) if (!fixed[i]) masked[i]! ^= pattern[i]!;
      let score = 0;
      if (mask === undefined) {
        // Scored as bwip-js scores (so both choose the same mask): format areas dark, version areas
        // and the dark module light, since they are written only after the choice; then put back.
        for (const at of formatArea) masked[at] = 1;
        for (const at of versionArea) masked[at] = 0;
        masked[darkModule] = 0;
        score = penalty(size, masked);
        // Function modules are never masked: the unmasked symbol holds what was there (the format
        // area's list also names the two timing modules it crosses).
        for (const at of formatArea) masked[at] = dark[at]!;
        for (const at of versionArea) masked[at] = dark[at]!;
        masked[darkModule] = dark[darkModule]!;
      }
      if (score < bestScore) {
        best = masked;
        bestScore = score;
        bestMask = m;
      }
    }
    drawFormat(size, best!, level, bestMask);
    return { size, modules: Array.from(best!) };
  }
  return null;
}
