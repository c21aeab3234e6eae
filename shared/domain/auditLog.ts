/**
 * The audit log as an append-only Merkle tree (RFC 9162 §2.1, Certificate Transparency), so the
 * central office can check, off the terminal, that the log it sees now extends the one it saw before
 * (【07】第17条: logs protected from change or deletion; the terminal itself is not trusted to keep
 * its own log honest).
 *
 * Why a Merkle log and not the plain hash chain alone: the receiver may have missed exports (a file
 * that never reached the office, a section that exported to another destination). With the plain
 * chain, proving that today's head extends a head seen months ago needs every entry hash in between
 * (64 hex characters per entry: 6.4 MB for 100,000 entries), and the terminal cannot know which head
 * the receiver last saw, so each export would have to carry all of them. A Merkle tree head
 * {size, rootHash} plus one consistency proof per earlier exported size proves the same in
 * O(log n) hashes per proof (about 17 hashes for 100,000 entries), so every export can carry proofs
 * from each of the last MAX_PROOFS exported sizes and a receiver that missed some still checks its
 * last known head. The hash chain stays as it is (each entry's `hash`); the tree's leaves are those
 * entry hashes in sequence order, archived entries included, so nothing about the chain changes.
 *
 * Leaves and nodes are domain-separated as RFC 9162 requires (0x00 for a leaf, 0x01 for a node), so
 * a node can never be passed off as a leaf or the reverse.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { newDigestWords, sha256Words, writeHex, writeWords } from './sha256Scratch';

export const AUDIT_HEAD_FORMAT = 'daicho-audit-head/1';
/** Proofs an export carries: from each of the last MAX_PROOFS distinct sizes this terminal exported. */
export const MAX_PROOFS = 64;
/** A proof has at most 2 * log2(size) hashes; 128 covers trees far beyond any terminal's log. */
const MAX_PROOF_HASHES = 128;

/** What a receiver remembers of a log: its size and root (and, for people, the chain head). */
export interface AuditHead {
  size: number;
  rootHash: string;
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** The audit part of a signed export (see signature.ts), as read from an untrusted file. */
export const auditAnchorInFileSchema = z.object({
  format: z.literal(AUDIT_HEAD_FORMAT),
  /** Number of audit entries since the first (sequence of the newest). */
  size: z.number().int().min(0).max(2 ** 40),
  rootHash: hex64,
  /** The newest entry (the chain's head), for people comparing with the audit screen. */
  head: z.object({ seq: z.number().int().min(0), hash: hex64 }),
  /** Consistency proofs from earlier exported tree heads to this one (RFC 9162 §2.1.4). */
  proofs: z
    .array(z.object({ fromSize: z.number().int().min(1), fromRoot: hex64, hashes: z.array(hex64).max(MAX_PROOF_HASHES) }))
    .max(MAX_PROOFS),
});

export type AuditAnchorInFile = z.output<typeof auditAnchorInFileSchema>;

const LEAF = Uint8Array.of(0);
const NODE = Uint8Array.of(1);

function hashParts(prefix: Uint8Array, a: Uint8Array, b?: Uint8Array): Uint8Array {
  const h = sha256.create().update(prefix).update(a);
  if (b) h.update(b);
  return h.digest();
}

/** RFC 9162 leaf hash of an audit entry (its chain hash, hex): SHA-256(0x00 || entry hash). */
export function auditLeafHash(entryHashHex: string): Uint8Array {
  return hashParts(LEAF, hexToBytes(entryHashHex));
}

/** The root of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT = bytesToHex(sha256(new Uint8Array(0)));

/**
 * A whole tree, every level kept (one buffer per level, 32 bytes a node) so that any node a proof needs
 * is a lookup. Level j holds the nodes over 2^j leaves; a last node without a sibling moves up
 * unchanged, which gives exactly RFC 9162's tree (split at the largest power of two below n).
 */
export interface MerkleTree {
  size: number;
  levels: Uint8Array[];
}

/**
 * The tree's construction as steps: it yields after about every `step` hashes so that a caller on the
 * UI thread can let the window draw between them (100,000 entries take about 200,000 SHA-256).
 */
function* treeSteps(entryHashes: readonly string[], step: number): Generator<void, MerkleTree> {
  const size = entryHashes.length;
  const leaves = new Uint8Array(size * 32);
  for (let i = 0; i < size; i++) {
    leaves.set(auditLeafHash(entryHashes[i]!), i * 32);
    if ((i + 1) % step === 0) yield;
  }
  const levels = [leaves];
  let current = leaves;
  let count = size;
  let done = 0;
  while (count > 1) {
    const nextCount = Math.ceil(count / 2);
    const next = new Uint8Array(nextCount * 32);
    for (let i = 0; i < nextCount; i++) {
      const left = current.subarray(2 * i * 32, 2 * i * 32 + 32);
      next.set(2 * i + 1 < count ? hashParts(NODE, left, current.subarray((2 * i + 1) * 32, (2 * i + 2) * 32)) : left, i * 32);
      if (++done % step === 0) yield;
    }
    levels.push(next);
    current = next;
    count = nextCount;
  }
  return { size, levels };
}

/** Builds the tree over the entry hashes (hex) in sequence order: about 2n SHA-256 computations. */
export function buildAuditTree(entryHashes: readonly string[]): MerkleTree {
  const steps = treeSteps(entryHashes, Number.MAX_SAFE_INTEGER);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * The same tree, built in steps of `step` hashes with `pause()` awaited between them (the renderer
 * passes a macrotask so the window keeps answering while a large log is hashed).
 */
export async function buildAuditTreeInSteps(entryHashes: readonly string[], pause: () => Promise<void>, step = 4096): Promise<MerkleTree> {
  const steps = treeSteps(entryHashes, step);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await pause();
  }
}

function ceilLog2(n: number): number {
  let j = 0;
  while (2 ** j < n) j++;
  return j;
}

/** MTH(D[a:b]) for a node of the tree (a perfect aligned subtree, or one ending at the tree's size). */
function node(tree: MerkleTree, a: number, b: number): Uint8Array {
  const j = ceilLog2(b - a);
  if (a % 2 ** j !== 0 || (b !== a + 2 ** j && b !== tree.size)) throw new Error(`auditLog: [${a}, ${b}) is not a node of a tree of size ${tree.size}`);
  const level = tree.levels[j]!;
  const i = a / 2 ** j;
  return level.subarray(i * 32, i * 32 + 32);
}

/** The tree head (RFC 9162 MTH) as hex. */
export function auditTreeRoot(tree: MerkleTree): string {
  return tree.size === 0 ? EMPTY_ROOT : bytesToHex(node(tree, 0, tree.size));
}

/**
 * MTH(D[0:m]): the root the log had when it held its first `m` entries, from the perfect subtrees
 * that make up [0, m) (one per set bit of m), in O(log n) node look-ups.
 */
export function prefixRoot(tree: MerkleTree, m: number): string {
  if (!Number.isInteger(m) || m < 0 || m > tree.size) throw new Error(`auditLog: no prefix of ${m} in a tree of size ${tree.size}`);
  if (m === 0) return EMPTY_ROOT;
  const parts: Uint8Array[] = [];
  let start = 0;
  for (let j = Math.floor(Math.log2(m)); j >= 0; j--) {
    if (m & (2 ** j)) {
      parts.push(node(tree, start, start + 2 ** j));
      start += 2 ** j;
    }
  }
  let root = parts.pop()!;
  while (parts.length > 0) root = hashParts(NODE, parts.pop()!, root);
  return bytesToHex(root);
}

/**
 * The tree's right edge at its current size: the roots of the perfect subtrees that make up [0, size)
 * (one per set bit of the size, largest first), hex. With it, the root at any later size is computed
 * from the leaves added since, without the leaves before (frontierRoot): what lets the audit screen
 * check the last export's head after a full verification without reading the whole log again.
 */
export interface MerkleFrontier {
  size: number;
  nodes: string[];
}

/**
 * The spans of the perfect subtrees that make up [0, size), largest first: one per set bit of the
 * size, found by division (not 32-bit `&`, so sizes past 2^31 come out right).
 */
export function frontierSpans(size: number): number[] {
  const spans: number[] = [];
  for (let j = 52; j >= 0; j--) if (Math.floor(size / 2 ** j) % 2 === 1) spans.push(2 ** j);
  return spans;
}

export function treeFrontier(tree: MerkleTree): MerkleFrontier {
  const nodes: string[] = [];
  let start = 0;
  for (const span of frontierSpans(tree.size)) {
    nodes.push(bytesToHex(node(tree, start, start + span)));
    start += span;
  }
  return { size: tree.size, nodes };
}

/**
 * A perfect subtree of the log's tree: the leaves [start, start + span), span a power of two that
 * divides start (so it is a node of every tree of at least start + span leaves), and its root.
 */
export interface Subtree {
  start: number;
  span: number;
  hash: string;
}

/**
 * The frontier after appending perfect subtrees, in order, the first starting at the frontier's size:
 * each joins the right edge and merges with its left neighbour while the two cover equal spans, as a
 * binary counter carries. Leaves are subtrees of span 1 (extendFrontier). A frontier whose node count
 * does not match its size, or a subtree that does not start where the frontier ends or is not aligned
 * there, is refused (a throw: both come from this terminal's own records and workers).
 */
export function foldSubtrees(frontier: MerkleFrontier, subtrees: readonly Subtree[]): MerkleFrontier {
  const spans = frontierSpans(frontier.size);
  if (spans.length !== frontier.nodes.length) throw new Error(`auditLog: a frontier of size ${frontier.size} has ${spans.length} nodes, not ${frontier.nodes.length}`);
  const nodes: Uint8Array[] = frontier.nodes.map((h) => hexToBytes(h));
  let size = frontier.size;
  for (const subtree of subtrees) {
    const { start, span } = subtree;
    // A power of two dividing start: below (or at) the right edge's smallest span, so it carries correctly.
    if (start !== size || !(span >= 1) || 2 ** Math.round(Math.log2(span)) !== span || start % span !== 0) throw new Error(`auditLog: a subtree [${start}, ${start + span}) does not continue a frontier of size ${size}`);
    let right: Uint8Array = hexToBytes(subtree.hash);
    let current = span;
    while (spans.length > 0 && spans.at(-1) === current) {
      right = hashParts(NODE, nodes.pop()!, right);
      spans.pop();
      current *= 2;
    }
    nodes.push(right);
    spans.push(current);
    size += span;
  }
  return { size, nodes: nodes.map((n) => bytesToHex(n)) };
}

/** The frontier after appending leaves (entry hashes, hex, in sequence order). */
export function extendFrontier(frontier: MerkleFrontier, entryHashes: readonly string[]): MerkleFrontier {
  return foldSubtrees(frontier, entryHashes.map((h, i) => ({ start: frontier.size + i, span: 1, hash: bytesToHex(auditLeafHash(h)) })));
}

/**
 * One range's part of the tree, built as its leaves arrive (a worker's share of a full verification):
 * leaves merge into perfect subtrees aligned in the whole tree, never across a `cut` (a size whose root
 * the caller needs: the last export's), so the ranges' subtrees folded in order (foldSubtrees) give the
 * right edge at each cut and at the end with every leaf hashed once, in the workers, in parallel.
 */
export class SubtreeBuilder {
  private readonly starts: number[] = [];
  private readonly spans: number[] = [];
  /** The subtrees' hashes, 32 bytes each, in a stack that grows by doubling (no array per hash: see sha256Scratch.ts). */
  private hashes = new Uint8Array(32 * 64);
  private next: number;
  /** 0x00 || entry hash (a leaf), or 0x01 || left || right (a node): what is hashed. */
  private readonly input = new Uint8Array(65);
  private readonly digest = newDigestWords();

  constructor(
    start: number,
    private readonly cuts: readonly number[],
  ) {
    this.next = start;
  }

  /** Where the next leaf goes (the range's start plus the leaves added). */
  get end(): number {
    return this.next;
  }

  /** Adds the next leaf; throws (adding nothing) when the entry hash is not 64 hex digits. */
  addLeaf(entryHashHex: string): void {
    const { input, digest } = this;
    input[0] = 0;
    writeHex(entryHashHex, input, 1);
    sha256Words(input, 33, digest);
    let start = this.next;
    let span = 1;
    this.next += 1;
    input[0] = 1;
    for (;;) {
      const at = this.spans.length - 1;
      // Siblings: the left one of equal span starts at a multiple of the merged span; no cut between them.
      if (at < 0 || this.spans[at] !== span || this.starts[at]! % (2 * span) !== 0 || this.cuts.includes(start)) break;
      input.set(this.hashes.subarray(32 * at, 32 * at + 32), 1);
      writeWords(digest, input, 33);
      sha256Words(input, 65, digest);
      start = this.starts[at]!;
      span *= 2;
      this.starts.pop();
      this.spans.pop();
    }
    const top = this.spans.length;
    if (32 * (top + 1) > this.hashes.length) {
      const grown = new Uint8Array(this.hashes.length * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    writeWords(digest, this.hashes, 32 * top);
    this.starts.push(start);
    this.spans.push(span);
  }

  subtrees(): Subtree[] {
    return this.starts.map((start, i) => ({ start, span: this.spans[i]!, hash: bytesToHex(this.hashes.subarray(32 * i, 32 * i + 32)) }));
  }
}

/** The tree head (RFC 9162 MTH) at the frontier's size: its subtrees folded right to left, as prefixRoot does. */
export function frontierRoot(frontier: MerkleFrontier): string {
  if (frontier.nodes.length === 0) return EMPTY_ROOT;
  const nodes: Uint8Array[] = frontier.nodes.map((h) => hexToBytes(h));
  let root = nodes.pop()!;
  while (nodes.length > 0) root = hashParts(NODE, nodes.pop()!, root);
  return bytesToHex(root);
}

const largestPowerOfTwoBelow = (n: number) => 2 ** (Math.ceil(Math.log2(n)) - 1);

/**
 * RFC 9162 §2.1.4.1 consistency proof that the first `m` leaves form the tree the receiver saw at
 * size m. Empty for m = 0 or m = size (nothing to prove beyond equal roots).
 */
export function consistencyProof(tree: MerkleTree, m: number): string[] {
  if (!Number.isInteger(m) || m < 0 || m > tree.size) throw new Error(`auditLog: no proof from ${m} in a tree of size ${tree.size}`);
  if (m === 0 || m === tree.size) return [];
  const proof: Uint8Array[] = [];
  // SUBPROOF(m, D[offset:offset+n], complete) without recursion on the call stack.
  let offset = 0;
  let n = tree.size;
  let complete = true;
  let mm = m;
  const tail: Uint8Array[] = [];
  for (;;) {
    if (mm === n) {
      if (!complete) proof.push(node(tree, offset, offset + n));
      break;
    }
    const k = largestPowerOfTwoBelow(n);
    if (mm <= k) {
      tail.push(node(tree, offset + k, offset + n));
      n = k;
    } else {
      tail.push(node(tree, offset, offset + k));
      offset += k;
      n -= k;
      mm -= k;
      complete = false;
    }
  }
  return [...proof, ...tail.reverse()].map(bytesToHex);
}

/**
 * RFC 9162 §2.1.4.2: whether `proof` shows that the tree of size `m` with root `oldRoot` is a prefix of
 * the tree of size `n` with root `newRoot`. Any malformed input (bad hex, wrong length) is false.
 */
export function verifyConsistency(m: number, n: number, oldRoot: string, newRoot: string, proof: readonly string[]): boolean {
  if (!Number.isInteger(m) || !Number.isInteger(n) || m < 0 || m > n) return false;
  if (m === n) return proof.length === 0 && oldRoot === newRoot;
  if (m === 0) return proof.length === 0;
  if (proof.length === 0 || proof.length > MAX_PROOF_HASHES) return false;
  let path: Uint8Array[];
  try {
    path = proof.map((h) => {
      const bytes = hexToBytes(h);
      if (bytes.length !== 32) throw new Error('length');
      return bytes;
    });
    if ((m & (m - 1)) === 0) path = [hexToBytes(oldRoot), ...path];
  } catch {
    return false;
  }
  let fn = m - 1;
  let sn = n - 1;
  while (fn & 1) {
    fn >>>= 1;
    sn >>>= 1;
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn & 1 || fn === sn) {
      fr = hashParts(NODE, c, fr);
      sr = hashParts(NODE, c, sr);
      if (!(fn & 1)) {
        while (!(fn & 1) && fn !== 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      }
    } else {
      sr = hashParts(NODE, sr, c);
    }
    fn >>>= 1;
    sn >>>= 1;
  }
  return bytesToHex(fr) === oldRoot && bytesToHex(sr) === newRoot && sn === 0;
}

/**
 * The audit part of an export: the tree head, the chain head, and a proof from each size this terminal
 * exported before (newest first, at most MAX_PROOFS; sizes above the current one skipped: they would
 * only show that the log went backwards, which the receiver sees from the sizes anyway). Each proof
 * names the root the log has today at that size, computed from the tree, not a remembered one: a log
 * rewritten since then shows up at the receiver as a fork, not as a proof that merely fails.
 */
export function auditAnchorForExport(tree: MerkleTree, lastEntryHash: string | null, exportedSizes: readonly number[]): AuditAnchorInFile {
  const seen = new Set<number>();
  const proofs: AuditAnchorInFile['proofs'] = [];
  for (const size of [...exportedSizes].reverse()) {
    if (proofs.length >= MAX_PROOFS) break;
    if (size < 1 || size > tree.size || seen.has(size)) continue;
    seen.add(size);
    proofs.push({ fromSize: size, fromRoot: prefixRoot(tree, size), hashes: consistencyProof(tree, size) });
  }
  return { format: AUDIT_HEAD_FORMAT, size: tree.size, rootHash: auditTreeRoot(tree), head: { seq: tree.size, hash: lastEntryHash ?? '0'.repeat(64) }, proofs };
}

export type AuditHeadCheck = { ok: true } | { ok: false; reason: 'went-backwards' | 'forked' | 'lost-entries' | 'bad-proof' };

/**
 * What the receiver (the CLI's state file, or the app against its own last export) concludes from a
 * new audit anchor given the head it saw last:
 * - went-backwards: fewer entries than before (entries deleted, or a log restored over);
 * - forked: the same size with another root, or the terminal's own record of the earlier head differs
 *   from what the receiver saw (the history up to it was rewritten);
 * - lost-entries: the file carries no proof from the head the receiver knows (the terminal no longer
 *   vouches for that head, or the receiver missed more than MAX_PROOFS exports);
 * - bad-proof: a proof that does not connect the two heads (crafted or damaged).
 */
export function checkAuditHead(previous: AuditHead | null, next: AuditAnchorInFile): AuditHeadCheck {
  if (next.head.seq !== next.size) return { ok: false, reason: 'bad-proof' };
  if (!previous || previous.size === 0) return { ok: true };
  if (next.size < previous.size) return { ok: false, reason: 'went-backwards' };
  if (next.size === previous.size) return next.rootHash === previous.rootHash ? { ok: true } : { ok: false, reason: 'forked' };
  const proof = next.proofs.find((p) => p.fromSize === previous.size);
  if (!proof) return { ok: false, reason: 'lost-entries' };
  if (proof.fromRoot !== previous.rootHash) return { ok: false, reason: 'forked' };
  return verifyConsistency(previous.size, next.size, previous.rootHash, next.rootHash, proof.hashes) ? { ok: true } : { ok: false, reason: 'bad-proof' };
}

/** Japanese explanation of each outcome, for the app and the CLI. */
export const auditHeadMessages: Record<Exclude<AuditHeadCheck, { ok: true }>['reason'], string> = {
  'went-backwards': '監査ログの記録数が、前回確認したときより減っています（記録の削除、または古いバックアップでの上書きの可能性）。',
  forked: '監査ログが、前回確認したときの内容と一致しません（過去の記録の書き換えの可能性）。',
  'lost-entries': '前回確認した監査ログとのつながりを示す証明がありません（記録の削除、または書出しを多数受け取っていない可能性）。',
  'bad-proof': '監査ログのつながりの証明が正しくありません（改ざんまたは破損の可能性）。',
};
