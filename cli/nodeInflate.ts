/**
 * Node's native zlib as the package reader's decompressor (see `InflateRaw` in
 * shared/ledgerFile/xlsxPackage.ts). Profiled on a 100,000-row ledger, fflate's pure-JavaScript inflate
 * was about a quarter of `daicho verify`'s CPU time; zlib does the same work in a small fraction of it.
 *
 * The reader is synchronous and Node has no public synchronous *streaming* inflate (`inflateRawSync`
 * returns the whole part: 100 MB for a 100,000-row sheet, which took `daicho verify` from 196 to
 * 350 MB peak RSS). So the engine's own synchronous write, the call `inflateRawSync` makes in a loop,
 * is driven here one output buffer (`PIECE`) at a time: memory stays what the app's inflater uses, and a part that
 * inflates past `limit` stops within one buffer of it ('over-limit', refused by `inflatePart`). A
 * malformed or truncated stream makes the engine fail, which is thrown (read as 'damaged'). Should a
 * future Node lack that internal call, the part is inflated whole by `inflateRawSync`, bounded by
 * `maxOutputLength` = `limit` + 1 (zlib counts while it inflates, so a bomb stops there too).
 */
import { constants, createInflateRaw, inflateRawSync } from 'node:zlib';
import { OUTPUT_PIECE, type InflateRaw } from '../shared/ledgerFile/xlsxPackage';

/**
 * Output handed on at a time: the app's inflater hands on the same pieces, so a reader that refuses
 * on what it was handed sees the same bytes in both. Large enough that per-call costs (UTF-8 decoding,
 * cutting) stay small, small enough that the text decoded from it (at most 64 KB as UTF-16) and the blocks cut from it are
 * ordinary young objects that die in the next scavenge. At 256 KB each decoded piece went straight to
 * V8's large-object space, freed only by a full collection: measured on a 100,000-row ledger
 * (`daicho verify`, load average ~12 on 2 cores, 2 runs each alternated), CPU 3.0–3.1 s -> 2.4–2.5 s
 * and peak RSS 172 -> 132 MB; `daicho merge` of 50 × 2,000 rows, peak RSS 262–337 -> 226–244 MB.
 */
const PIECE = OUTPUT_PIECE;

/** The parts of Node's zlib stream used here (lib/zlib.js `processChunkSync`). */
interface SyncEngine {
  _handle: { writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void } | null;
  _writeState: Uint32Array;
  destroyed: boolean;
  on(event: 'error', listener: (error: Error) => void): void;
  close(): void;
}

class InflateFailed extends Error {}

function streaming(compressed: Uint8Array, limit: number, each: (chunk: Uint8Array) => void): 'done' | 'over-limit' | 'unavailable' {
  // chunkSize: the engine's own output buffer (16 KB by default) is never used here (`out` is), and the
  // destroyed engine stays reachable until its 'close' event is emitted on a next tick, which a long
  // synchronous or await-chained run (`daicho merge` inflating 14 parts a file) only reaches at its
  // end: measured, 2,800 engines and 45 MB of unused buffers held at 200 files. 64 is zlib's minimum.
  const engine = createInflateRaw({ chunkSize: 64 }) as unknown as SyncEngine;
  if (typeof engine._handle?.writeSync !== 'function' || !(engine._writeState instanceof Uint32Array)) {
    engine.close();
    return 'unavailable';
  }
  // A failure is seen synchronously below (the engine is destroyed); its 'error' event, emitted on
  // the next tick, must not become an uncaught exception.
  engine.on('error', () => undefined);
  const out = Buffer.allocUnsafe(PIECE);
  let inOff = 0;
  let availIn = compressed.length;
  let total = 0;
  try {
    for (;;) {
      const handle = engine._handle;
      if (!handle) throw new InflateFailed('zlib engine closed');
      handle.writeSync(constants.Z_FINISH, compressed, inOff, availIn, out, 0, PIECE);
      if (engine.destroyed || engine._handle === null) throw new InflateFailed('malformed deflate stream');
      const availOut = engine._writeState[0]!;
      const availInAfter = engine._writeState[1]!;
      inOff += availIn - availInAfter;
      availIn = availInAfter;
      const have = PIECE - availOut;
      total += have;
      if (total > limit) return 'over-limit';
      // A copy: the buffer is reused for the next piece.
      if (have > 0) each(new Uint8Array(out.subarray(0, have)));
      // The buffer was not filled: the stream has ended (a truncated one fails in writeSync above).
      if (availOut !== 0) return 'done';
    }
  } finally {
    engine.close();
  }
}

export const nodeInflateRaw: InflateRaw = (compressed, limit, each) => {
  const result = streaming(compressed, limit, each);
  if (result !== 'unavailable') return result;
  let whole: Buffer;
  try {
    whole = inflateRawSync(compressed, { maxOutputLength: limit + 1 });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return 'over-limit';
    throw error;
  }
  if (whole.length > limit) return 'over-limit';
  for (let at = 0; at < whole.length; at += PIECE) each(whole.subarray(at, at + PIECE));
  return 'done';
};
