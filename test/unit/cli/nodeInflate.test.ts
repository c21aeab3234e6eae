import { describe, expect, it } from 'vitest';
import { deflateRawSync } from 'node:zlib';
import { nodeInflateRaw } from '../../../cli/nodeInflate';
import { pakoInflateRaw, type InflateRaw } from '../../../shared/ledgerFile/xlsxPackage';

/** Pseudo-random text, so the compressed stream spans many output pieces. */
const text = new TextEncoder().encode(Array.from({ length: 120_000 }, (_, i) => `<c r="A${i}"><t>台帳${(i * 7919) % 1013}</t></c>`).join(''));
const stream = deflateRawSync(text);

type Outcome = { result: 'done' | 'over-limit'; bytes: number } | { threw: true };

function run(inflate: InflateRaw, compressed: Uint8Array, limit: number): Outcome & { output?: Uint8Array } {
  const pieces: Uint8Array[] = [];
  try {
    const result = inflate(compressed, limit, (chunk) => pieces.push(chunk.slice()));
    const output = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of pieces) {
      output.set(p, at);
      at += p.length;
    }
    return { result, bytes: output.length, output };
  } catch {
    return { threw: true };
  }
}

describe('nodeInflateRaw (the CLI\'s zlib) agrees with pakoInflateRaw (the app\'s)', () => {
  it('inflates a multi-megabyte stream to exactly its bytes, in pieces', () => {
    const node = run(nodeInflateRaw, stream, text.length);
    expect(node).toMatchObject({ result: 'done', bytes: text.length });
    // Compared as one Buffer: an element-wise toEqual of 3 MB is very slow.
    expect(Buffer.compare(Buffer.from(node.output!), Buffer.from(text))).toBe(0);
    expect(run(pakoInflateRaw, stream, text.length)).toMatchObject({ result: 'done', bytes: text.length });
  });

  it.each([
    ['output past the limit (a lying declared size)', stream, 1_000, 'over-limit'],
    ['a truncated stream', stream.subarray(0, stream.length - 20), text.length, 'threw'],
    ['bytes that are not deflate', new TextEncoder().encode('PK not a deflate stream, nothing to inflate here'), 1_000, 'threw'],
    ['a bomb: 16 MB of zeros under a 1 MB limit', deflateRawSync(new Uint8Array(16 * 1024 * 1024)), 1024 * 1024, 'over-limit'],
  ])('%s', (_name, compressed, limit, expected) => {
    for (const inflate of [nodeInflateRaw, pakoInflateRaw]) {
      const outcome = run(inflate, compressed, limit);
      if (expected === 'threw') expect(outcome).toEqual({ threw: true });
      else expect(outcome).toMatchObject({ result: expected });
    }
  });
});
