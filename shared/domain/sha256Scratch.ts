/**
 * SHA-256 (FIPS 180-4) for the two hot loops of a full audit verification (issue 15): an entry's hash
 * recomputed from its canonical bytes, and the Merkle tree's leaf and node hashes, a million of each.
 * Everything else hashes with @noble/hashes or WebCrypto.
 *
 * Why not those two there: both allocate per call. @noble/hashes' one-shot `sha256` makes a hasher,
 * its block buffer, a DataView and the output array; WebCrypto makes a promise and copies the input.
 * Chromium pays for every new ArrayBuffer (measured in the bench page, renderer CPU per entry over
 * 200,000 entries read from disk, scripts/benchAuditProfile.mjs: canonical form plus WebCrypto
 * +18 µs, plus noble +21 µs, plus this +6 µs). This code allocates nothing after loading: one
 * message schedule, one padding block, the state in a caller's Int32Array. Same digests as
 * @noble/hashes for every length (tests compare them over 0–300 bytes and random inputs).
 */

// prettier-ignore
const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV = Int32Array.from([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
const W = new Int32Array(64);
const tail = new Uint8Array(128);

/** A digest: 8 big-endian 32-bit words. */
export type DigestWords = Int32Array;

export const newDigestWords = (): DigestWords => new Int32Array(8);

function compress(state: DigestWords, block: Uint8Array, offset: number): void {
  for (let i = 0, o = offset; i < 16; i++, o += 4) W[i] = (block[o]! << 24) | (block[o + 1]! << 16) | (block[o + 2]! << 8) | block[o + 3]!;
  for (let i = 16; i < 64; i++) {
    const x = W[i - 15]!;
    const y = W[i - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    W[i] = (s1 + W[i - 7]! + s0 + W[i - 16]!) | 0;
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}

/** SHA-256 of `bytes[0, length)` into `out`. */
export function sha256Words(bytes: Uint8Array, length: number, out: DigestWords): DigestWords {
  if (!(length >= 0 && length <= bytes.length && length < 2 ** 29)) throw new RangeError(`sha256Words: length ${length} outside the ${bytes.length} bytes given`);
  out.set(IV);
  const whole = length - (length % 64);
  for (let offset = 0; offset < whole; offset += 64) compress(out, bytes, offset);
  const rest = length - whole;
  tail.fill(0);
  tail.set(bytes.subarray(whole, length));
  tail[rest] = 0x80;
  const end = rest < 56 ? 64 : 128;
  // The length in bits, big-endian in the last 8 bytes (under 2^32 bits here).
  const bits = length * 8;
  tail[end - 4] = bits >>> 24;
  tail[end - 3] = bits >>> 16;
  tail[end - 2] = bits >>> 8;
  tail[end - 1] = bits;
  compress(out, tail, 0);
  if (end === 128) compress(out, tail, 64);
  return out;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lower-case hex of a digest. */
export function wordsToHex(words: DigestWords): string {
  let hex = '';
  for (let i = 0; i < 8; i++) {
    const w = words[i]!;
    hex += HEX[(w >>> 24) & 255]! + HEX[(w >>> 16) & 255]! + HEX[(w >>> 8) & 255]! + HEX[w & 255]!;
  }
  return hex;
}

/** Writes a digest's 32 bytes into `bytes` at `offset`. */
export function writeWords(words: DigestWords, bytes: Uint8Array, offset: number): void {
  for (let i = 0; i < 8; i++) {
    const w = words[i]!;
    bytes[offset + 4 * i] = w >>> 24;
    bytes[offset + 4 * i + 1] = w >>> 16;
    bytes[offset + 4 * i + 2] = w >>> 8;
    bytes[offset + 4 * i + 3] = w;
  }
}

const nibble = (code: number): number => (code >= 48 && code <= 57 ? code - 48 : code >= 97 && code <= 102 ? code - 87 : code >= 65 && code <= 70 ? code - 55 : -1);

/** Writes the 32 bytes of a 64-digit hex digest into `bytes` at `offset` (either case, as noble's hexToBytes reads); throws on anything else. */
export function writeHex(hex: string, bytes: Uint8Array, offset: number): void {
  if (typeof hex !== 'string' || hex.length !== 64) throw new TypeError('writeHex: not a 64-digit hex digest');
  for (let i = 0; i < 32; i++) {
    const hi = nibble(hex.charCodeAt(2 * i));
    const lo = nibble(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) throw new TypeError('writeHex: not a 64-digit hex digest');
    bytes[offset + i] = (hi << 4) | lo;
  }
}
