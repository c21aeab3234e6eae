import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes } from '@noble/hashes/utils.js';
import { auditAnchorForExport, auditAnchorInFileSchema, auditTreeRoot, buildAuditTree, buildAuditTreeInSteps, checkAuditHead, consistencyProof, EMPTY_ROOT, extendFrontier, foldSubtrees, frontierRoot, frontierSpans, MAX_PROOFS, prefixRoot, treeFrontier, SubtreeBuilder, verifyConsistency, type AuditAnchorInFile, type Subtree } from '../../../../shared/domain/auditLog';

const entryHash = (i: number) => bytesToHex(sha256(new TextEncoder().encode(`entry ${i}`)));
const hashes = (n: number, salt = '') => Array.from({ length: n }, (_, i) => (salt ? bytesToHex(sha256(new TextEncoder().encode(`${salt} ${i}`))) : entryHash(i)));

/** RFC 9162 §2.1.1 MTH written out recursively, as the reference the tree is checked against. */
function referenceRoot(entries: readonly string[]): string {
  const mth = (d: readonly string[]): Uint8Array => {
    if (d.length === 0) return sha256(new Uint8Array(0));
    if (d.length === 1) return sha256(concatBytes(Uint8Array.of(0), hexToBytes(d[0]!)));
    let k = 1;
    while (k * 2 < d.length) k *= 2;
    return sha256(concatBytes(Uint8Array.of(1), mth(d.slice(0, k)), mth(d.slice(k))));
  };
  return bytesToHex(mth(entries));
}

describe('buildAuditTree / auditTreeRoot', () => {
  it.each([0, 1, 2, 3, 4, 5, 7, 8, 9, 31, 33, 100])('returns the RFC 9162 root for %i entries', (n) => {
    expect(auditTreeRoot(buildAuditTree(hashes(n)))).toBe(referenceRoot(hashes(n)));
  });

  it('returns, as prefixRoot, the root the log had at every earlier size', () => {
    const tree = buildAuditTree(hashes(37));
    for (let m = 0; m <= 37; m++) expect(prefixRoot(tree, m), String(m)).toBe(referenceRoot(hashes(m)));
  });

  it('returns the same tree when built in steps, pausing between them', async () => {
    let pauses = 0;
    const stepped = await buildAuditTreeInSteps(hashes(100), async () => void pauses++, 16);
    expect(stepped).toEqual(buildAuditTree(hashes(100)));
    expect(pauses).toBeGreaterThanOrEqual(Math.floor(199 / 16));
  });

  it('returns the SHA-256 of nothing for the empty log', () => {
    expect(auditTreeRoot(buildAuditTree([]))).toBe(EMPTY_ROOT);
  });
});

describe('consistencyProof / verifyConsistency', () => {
  it('returns proofs that verify for every pair of sizes up to 40', () => {
    for (let n = 1; n <= 40; n++) {
      const tree = buildAuditTree(hashes(n));
      const root = auditTreeRoot(tree);
      for (let m = 1; m <= n; m++) {
        const old = referenceRoot(hashes(m));
        expect(verifyConsistency(m, n, old, root, consistencyProof(tree, m)), `${m} -> ${n}`).toBe(true);
      }
    }
  });

  it('returns the RFC 9162 example: a proof from 3 to 7 has 4 hashes, from 4 to 7 one', () => {
    const tree = buildAuditTree(hashes(7));
    expect(consistencyProof(tree, 3)).toHaveLength(4);
    expect(consistencyProof(tree, 4)).toHaveLength(1);
    expect(consistencyProof(tree, 6)).toHaveLength(3);
  });

  it('keeps proofs logarithmic: at most 2·log2(n) hashes', () => {
    const tree = buildAuditTree(hashes(5_000));
    for (const m of [1, 2, 4_999, 4_096, 4_097, 1_234]) expect(consistencyProof(tree, m).length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(5_000)));
  });

  const n = 13;
  const m = 6;
  const tree = buildAuditTree(hashes(n));
  const root = auditTreeRoot(tree);
  const old = referenceRoot(hashes(m));
  const proof = consistencyProof(tree, m);
  const flip = (h: string) => (h[0] === '0' ? '1' : '0') + h.slice(1);
  it.each<[string, number, number, string, string, string[]]>([
    ['an altered proof hash', m, n, old, root, [flip(proof[0]!), ...proof.slice(1)]],
    ['a proof hash removed', m, n, old, root, proof.slice(1)],
    ['an extra proof hash', m, n, old, root, [...proof, proof[0]!]],
    ['proofs in another order', m, n, old, root, [...proof].reverse()],
    // (A wrong new size with the right roots is not caught by a proof: the size is bound by the
    // signature over the whole anchor, as RFC 9162 binds it in the signed tree head.)
    ['the wrong old size', m + 1, n, old, root, proof],
    ['another old root (a rewritten history)', m, n, referenceRoot(hashes(m, 'rewritten')), root, proof],
    ['another new root', m, n, old, flip(root), proof],
    ['a truncated hash', m, n, old, root, [proof[0]!.slice(0, 62), ...proof.slice(1)]],
    ['non-hex text', m, n, old, root, ['zz'.repeat(32), ...proof.slice(1)]],
    ['an empty proof', m, n, old, root, []],
    ['a size above the new one', n + 1, n, old, root, proof],
    ['a negative size', -1, n, old, root, proof],
    ['a fractional size', 5.5, n, old, root, proof],
    ['a proof of 200 hashes', m, n, old, root, Array.from({ length: 200 }, () => proof[0]!)],
  ])('returns false for %s', (_name, mm, nn, oldRoot, newRoot, hostile) => {
    expect(verifyConsistency(mm, nn, oldRoot, newRoot, hostile)).toBe(false);
  });

  it('returns false when the proof is valid for a truncated-then-regrown log (same size, other entries)', () => {
    const regrown = buildAuditTree([...hashes(10), ...hashes(3, 'new')]);
    expect(verifyConsistency(m, n, old, root, consistencyProof(regrown, m))).toBe(false);
  });
});

describe('auditAnchorForExport', () => {
  it('returns the head and a proof from each earlier exported size, newest first, without repeats or sizes above the current', () => {
    const tree = buildAuditTree(hashes(20));
    const anchor = auditAnchorForExport(tree, hashes(20)[19]!, [3, 8, 8, 15, 25]);
    expect(anchor).toMatchObject({ size: 20, rootHash: referenceRoot(hashes(20)), head: { seq: 20, hash: hashes(20)[19] } });
    expect(anchor.proofs.map((p) => p.fromSize)).toEqual([15, 8, 3]);
    expect(anchor.proofs.map((p) => p.fromRoot)).toEqual([15, 8, 3].map((m) => referenceRoot(hashes(m))));
    expect(auditAnchorInFileSchema.safeParse(anchor).success).toBe(true);
  });

  it('returns at most MAX_PROOFS proofs', () => {
    const tree = buildAuditTree(hashes(200));
    expect(auditAnchorForExport(tree, null, Array.from({ length: 150 }, (_, i) => i + 1)).proofs).toHaveLength(MAX_PROOFS);
  });
});

describe('checkAuditHead', () => {
  const log = hashes(30);
  const headAt = (size: number, entries = log) => ({ size, rootHash: referenceRoot(entries.slice(0, size)) });
  const exportAt = (size: number, exported: number[], entries = log): AuditAnchorInFile =>
    auditAnchorForExport(buildAuditTree(entries.slice(0, size)), entries[size - 1] ?? null, exported);

  it('returns ok for a first sighting, an unchanged head, and a head that extends the last one', () => {
    expect(checkAuditHead(null, exportAt(10, []))).toEqual({ ok: true });
    expect(checkAuditHead(headAt(10), exportAt(10, [10]))).toEqual({ ok: true });
    expect(checkAuditHead(headAt(10), exportAt(20, [10]))).toEqual({ ok: true });
  });

  it('returns ok for a receiver that missed exports (its head is an older exported size)', () => {
    expect(checkAuditHead(headAt(5), exportAt(30, [5, 12, 20, 25]))).toEqual({ ok: true });
  });

  it('returns went-backwards after the newest entries were deleted (truncation)', () => {
    expect(checkAuditHead(headAt(20), exportAt(15, [10]))).toEqual({ ok: false, reason: 'went-backwards' });
  });

  it('returns forked for a log truncated and regrown to the same size or beyond', () => {
    const regrown = [...log.slice(0, 8), ...hashes(22, 'regrown')];
    expect(checkAuditHead(headAt(12), exportAt(12, [], regrown))).toEqual({ ok: false, reason: 'forked' });
    // The proof from the receiver's size names the root the rewritten log has there: not the one seen.
    expect(checkAuditHead(headAt(12), exportAt(25, [12], regrown))).toEqual({ ok: false, reason: 'forked' });
  });

  it('returns bad-proof when the terminal claims the receiver’s old root but cannot connect it', () => {
    const regrown = [...log.slice(0, 8), ...hashes(22, 'regrown')];
    const forged = exportAt(25, [12], regrown);
    forged.proofs[0]!.fromRoot = headAt(12).rootHash;
    expect(checkAuditHead(headAt(12), forged)).toEqual({ ok: false, reason: 'bad-proof' });
  });

  it('returns lost-entries when no proof from the receiver’s head is carried', () => {
    expect(checkAuditHead(headAt(7), exportAt(20, [10]))).toEqual({ ok: false, reason: 'lost-entries' });
  });

  it.each([
    ['an edited proof hash', (a: AuditAnchorInFile) => (a.proofs[0]!.hashes[0] = '0'.repeat(64))],
    ['a proof with its hashes dropped', (a: AuditAnchorInFile) => (a.proofs[0]!.hashes = [])],
    ['a root replaced', (a: AuditAnchorInFile) => (a.rootHash = 'f'.repeat(64))],
    ['a head whose sequence is not the size', (a: AuditAnchorInFile) => (a.head.seq = 5)],
  ])('returns bad-proof for %s', (_name, tamper) => {
    const anchor = exportAt(20, [10]);
    tamper(anchor);
    expect(checkAuditHead(headAt(10), anchor)).toEqual({ ok: false, reason: 'bad-proof' });
  });
});

describe('treeFrontier / extendFrontier / frontierRoot', () => {
  // Every split of every size up to 48 (sizes across several powers of two), against the reference root.
  it('gives the root of the longer tree from the shorter tree\'s frontier and the leaves added since, for every split', () => {
    const all = hashes(48);
    const frontiers = all.map((_, n) => treeFrontier(buildAuditTree(all.slice(0, n)))).concat(treeFrontier(buildAuditTree(all)));
    for (let m = 0; m <= all.length; m++) {
      const root = referenceRoot(all.slice(0, m));
      for (let n = 0; n <= m; n++) {
        const extended = extendFrontier(frontiers[n]!, all.slice(n, m));
        expect(extended.size).toBe(m);
        expect(frontierRoot(extended)).toBe(root);
        expect(extended).toEqual(frontiers[m]);
      }
    }
  });

  it('gives a different root when any leaf after the frontier differs', () => {
    const all = hashes(40);
    const frontier = treeFrontier(buildAuditTree(all.slice(0, 23)));
    const changed = [...all.slice(23)];
    changed[5] = entryHash(999);
    expect(frontierRoot(extendFrontier(frontier, changed))).not.toBe(referenceRoot(all));
  });

  it('gives a different root when the frontier itself was altered', () => {
    const all = hashes(40);
    const frontier = treeFrontier(buildAuditTree(all.slice(0, 23)));
    const altered = { ...frontier, nodes: [entryHash(7), ...frontier.nodes.slice(1)] };
    expect(frontierRoot(extendFrontier(altered, all.slice(23)))).not.toBe(referenceRoot(all));
  });

  it.each([
    ['too few nodes for its size', { size: 7, nodes: [entryHash(1), entryHash(2)] }],
    ['too many nodes for its size', { size: 8, nodes: [entryHash(1), entryHash(2)] }],
    ['nodes for an empty tree', { size: 0, nodes: [entryHash(1)] }],
  ])('refuses a frontier with %s', (_, frontier) => {
    expect(() => extendFrontier(frontier, hashes(3))).toThrow(/frontier/);
  });

  it('is the empty root for the empty tree', () => {
    expect(treeFrontier(buildAuditTree([]))).toEqual({ size: 0, nodes: [] });
    expect(frontierRoot({ size: 0, nodes: [] })).toBe(EMPTY_ROOT);
  });
});

describe('frontierSpans', () => {
  it.each([
    [0, []],
    [1, [1]],
    [6, [4, 2]],
    [2 ** 31 + 5, [2 ** 31, 4, 1]],
    [2 ** 40 + 2 ** 33, [2 ** 40, 2 ** 33]],
  ])('splits %i into its perfect subtrees, largest first', (size, spans) => {
    expect(frontierSpans(size)).toEqual(spans);
  });
});

describe('SubtreeBuilder / foldSubtrees (the tree built by the verification ranges)', () => {
  /** The subtrees of leaves [from, to) of `all`, cut at `cuts`. */
  const part = (all: readonly string[], from: number, to: number, cuts: number[]): Subtree[] => {
    const builder = new SubtreeBuilder(from, cuts);
    for (const hash of all.slice(from, to)) builder.addLeaf(hash);
    expect(builder.end).toBe(to);
    return builder.subtrees();
  };

  // Every split into two ranges and every cut, for sizes around powers of two: the fold gives the reference root
  // at the cut and the same right edge as the whole tree at the end.
  it('gives, folded in order, the root at the cut and the whole tree\'s right edge, for every split and cut', () => {
    for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 23]) {
      const all = hashes(n);
      const whole = treeFrontier(buildAuditTree(all));
      const roots = all.map((_, i) => referenceRoot(all.slice(0, i + 1)));
      for (let split = 0; split <= n; split++) {
        for (let cut = 1; cut <= n; cut++) {
          const subtrees = [...part(all, 0, split, [cut]), ...part(all, split, n, [cut])];
          const atCut = foldSubtrees({ size: 0, nodes: [] }, subtrees.filter((t) => t.start < cut));
          expect(atCut.size, `${n}/${split}/${cut}`).toBe(cut);
          expect(frontierRoot(atCut)).toBe(roots[cut - 1]);
          expect(foldSubtrees(atCut, subtrees.filter((t) => t.start >= cut)), `${n}/${split}/${cut}`).toEqual(whole);
        }
      }
    }
  });

  // What a verification does: from the empty tree or a checkpoint's right edge (size c), 1 to 4 ranges
  // of any lengths (odd ones, empty ones), every range cut at the last export's size; the fold gives
  // the export's root at the cut and the whole tree's right edge at the end.
  it('folds any ranges from any checkpoint to the root at the cut and the whole right edge', () => {
    const all = hashes(80);
    const whole = (n: number) => treeFrontier(buildAuditTree(all.slice(0, n)));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 0, max: 80 }), fc.integer({ min: 0, max: 80 }), fc.array(fc.integer({ min: 0, max: 80 }), { maxLength: 3 }), (n, c0, cut0, splits0) => {
        const c = c0 % (n + 1);
        const cut = c + (cut0 % (n - c + 1));
        const bounds = [c, ...splits0.map((x) => c + (x % (n - c + 1))).sort((a, b) => a - b), n];
        const subtrees = bounds.slice(1).flatMap((to, i) => part(all, bounds[i]!, to, [cut]));
        const atCut = foldSubtrees(whole(c), subtrees.filter((t) => t.start < cut));
        expect(atCut.size).toBe(cut);
        expect(frontierRoot(atCut)).toBe(referenceRoot(all.slice(0, cut)));
        expect(foldSubtrees(atCut, subtrees.filter((t) => t.start >= cut))).toEqual(whole(n));
      }),
    );
  });

  it('continues a checkpoint\'s right edge with a range that starts at its size', () => {
    const all = hashes(45);
    const checkpoint = treeFrontier(buildAuditTree(all.slice(0, 19)));
    expect(foldSubtrees(checkpoint, [...part(all, 19, 30, []), ...part(all, 30, 45, [])])).toEqual(treeFrontier(buildAuditTree(all)));
  });

  it('keeps each subtree aligned: its span a power of two dividing its start', () => {
    for (const t of part(hashes(100), 13, 100, [64])) {
      expect(Number.isInteger(Math.log2(t.span))).toBe(true);
      expect(t.start % t.span).toBe(0);
      expect(t.start < 64 && t.start + t.span > 64).toBe(false);
    }
  });

  it('gives a different root when a leaf in a range differs', () => {
    const all = hashes(30);
    const changed = [...all];
    changed[17] = entryHash(999);
    const folded = foldSubtrees({ size: 0, nodes: [] }, [...part(all, 0, 10, []), ...part(changed, 10, 30, [])]);
    expect(frontierRoot(folded)).not.toBe(referenceRoot(all));
  });

  // Any start (past 2^32 too), any cuts (none, many, outside the range, repeated, one at every leaf: more
  // subtrees than the 64 its hash stack starts with), leaves in either case: each subtree is the reference
  // root of its leaves, they tile the range, none crosses a cut, and none could merge with its left neighbour.
  it('builds, for any start and cuts, aligned subtrees that tile the range, cross no cut, merge as far as the cuts allow, and hash to the reference root', () => {
    const all = hashes(160);
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 2 ** 32 - 100, max: 2 ** 40 })), fc.integer({ min: 0, max: 160 }), fc.array(fc.integer({ min: -2, max: 162 }), { maxLength: 6 }), fc.boolean(), fc.boolean(), (start, n, cutsAt, everyLeaf, upper) => {
        const cuts = everyLeaf ? Array.from({ length: n + 1 }, (_, i) => start + i) : cutsAt.map((c) => start + c);
        const builder = new SubtreeBuilder(start, cuts);
        for (let i = 0; i < n; i++) builder.addLeaf(upper && i % 2 ? all[i]!.toUpperCase() : all[i]!);
        const subtrees = builder.subtrees();
        let at = start;
        subtrees.forEach((t, i) => {
          expect(t.start).toBe(at);
          expect(Number.isInteger(Math.log2(t.span)) && t.start % t.span === 0).toBe(true);
          expect(cuts.some((c) => t.start < c && c < t.start + t.span)).toBe(false);
          expect(t.hash).toBe(referenceRoot(all.slice(t.start - start, t.start - start + t.span)));
          const left = subtrees[i - 1];
          if (left) expect(left.span === t.span && left.start % (2 * t.span) === 0 && !cuts.includes(t.start)).toBe(false);
          at += t.span;
        });
        expect(at).toBe(start + n);
        expect(builder.end).toBe(start + n);
        if (everyLeaf) expect(subtrees.length).toBe(n);
      }),
      { numRuns: 150 },
    );
  });

  // A builder keeps its own input and digest but shares the module's message schedule and padding block.
  it('gives each of two builders fed in turn the subtrees it gives alone', () => {
    const a = hashes(70, 'a');
    const b = hashes(70, 'b');
    const alone = (start: number, leaves: string[], cuts: number[]) => {
      const builder = new SubtreeBuilder(start, cuts);
      for (const h of leaves) builder.addLeaf(h);
      return builder.subtrees();
    };
    const first = new SubtreeBuilder(0, [33]);
    const second = new SubtreeBuilder(5, []);
    for (let i = 0; i < 70; i++) {
      first.addLeaf(a[i]!);
      second.addLeaf(b[i]!);
    }
    expect(first.subtrees()).toEqual(alone(0, a, [33]));
    expect(second.subtrees()).toEqual(alone(5, b, []));
  });

  // What the verification's catch relies on: a stored hash that is not 64 hex digits (a record written by
  // hand) throws and leaves the builder as it was. The one before 2026-11-30 hashed any even number of hex
  // digits (noble's hexToBytes) into a leaf; now such a hash is refused too, so the ranges report the
  // leaves missing where the single pass reports the tree forked (the chain reports the entry either way).
  it.each<[string, unknown]>([
    ['the empty string', ''],
    ['two hex digits', 'ab'],
    ['62 hex digits', 'ab'.repeat(31)],
    ['66 hex digits', 'ab'.repeat(33)],
    ['63 hex digits', 'a'.repeat(63)],
    ['a 0x prefix', `0x${'a'.repeat(62)}`],
    ['a space in place of a digit', `${'a'.repeat(63)} `],
    ['a full-width digit', `${'a'.repeat(63)}０`],
    ['a lone surrogate', `${'a'.repeat(63)}\ud800`],
    ['a number', 12345],
    ['null', null],
    ['an array of 64 digits', Array<string>(64).fill('a')],
  ])('refuses %s as a leaf and adds nothing: the leaves after it give what they give without it', (_, bad) => {
    const all = hashes(9);
    const builder = new SubtreeBuilder(0, []);
    for (const h of all.slice(0, 5)) builder.addLeaf(h);
    const before = builder.subtrees();
    expect(() => builder.addLeaf(bad as string)).toThrow();
    expect(builder.end).toBe(5);
    expect(builder.subtrees()).toEqual(before);
    for (const h of all.slice(5)) builder.addLeaf(h);
    expect(foldSubtrees({ size: 0, nodes: [] }, builder.subtrees())).toEqual(treeFrontier(buildAuditTree(all)));
  });

  it.each([
    ['a range that leaves a gap', (all: string[]) => [...part(all, 0, 10, []), ...part(all, 11, 20, [])]],
    ['a range that overlaps the one before', (all: string[]) => [...part(all, 0, 10, []), ...part(all, 9, 20, [])]],
    ['ranges out of order', (all: string[]) => [...part(all, 10, 20, []), ...part(all, 0, 10, [])]],
    ['a subtree not aligned where it starts', (all: string[]) => [...part(all, 0, 2, []), { start: 2, span: 4, hash: all[0]! }]],
    ['a span that is not a power of two', (all: string[]) => [{ start: 0, span: 3, hash: all[0]! }]],
  ])('refuses %s', (_, subtrees) => {
    expect(() => foldSubtrees({ size: 0, nodes: [] }, subtrees(hashes(20)))).toThrow(/subtree/);
  });
});
