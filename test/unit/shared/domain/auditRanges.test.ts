import { describe, expect, it, vi } from 'vitest';
import { chainAuditEntries, chainAuditEntry, genesisHash, hashAuditEntry, verifyAuditChain, type AuditEntry } from '../../../../shared/domain/auditChain';
import { addAuditRangePage, auditEntryCanonical, computeAuditHashes, emptyAuditRange, mergeAuditRanges, splitAuditRanges, type AuditRangeResult } from '../../../../shared/domain/auditRanges';
import type { AuditAnchor } from '../../../../shared/domain/auditArchive';
import { canonicalJson } from '../../../../shared/domain/canonicalJson';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

const digestHex = (text: string) => bytesToHex(sha256(utf8ToBytes(text)));

const event = (i: number) => ({ at: new Date(Date.UTC(2026, 3, 1) + i * 60_000).toISOString(), actor: i % 2 ? '山田 花子' : '佐藤 一郎', action: 'asset.update' as const, target: `id-${i}`, outcome: 'success' as const, detail: { i, note: `変更${i}` } });

/** A chain of `n` entries (after `anchor`, when given as the entry before the first). */
function chain(n: number, before?: AuditEntry): AuditEntry[] {
  return chainAuditEntries(before, Array.from({ length: n }, (_, i) => event(i)));
}

/** What the database holds: entries by primary key (seq), so in seq order whatever was done to them. */
const stored = (entries: AuditEntry[]) => [...entries].sort((a, b) => a.seq - b.seq);

/** Verifies `entries` (as stored) the parallel way: split by seq, each range on its own, then merged. */
function verifyInRanges(entries: AuditEntry[], anchor: AuditAnchor, parts: number, pageSize = 3) {
  const rows = stored(entries);
  if (rows.length === 0) return mergeAuditRanges(anchor, []);
  const ranges = splitAuditRanges(rows[0]!.seq, rows.at(-1)!.seq, parts);
  const results = ranges.map(({ from, to }) => {
    const inRange = rows.filter((e) => e.seq >= from && e.seq <= to);
    let result: AuditRangeResult = emptyAuditRange;
    for (let i = 0; i < inRange.length; i += pageSize) {
      const page = inRange.slice(i, i + pageSize);
      result = addAuditRangePage(result, page, page.map(hashAuditEntry));
    }
    return result;
  });
  return mergeAuditRanges(anchor, results);
}

const genesis: AuditAnchor = { seq: 0, hash: genesisHash };
/** A tampered copy: `change` edits the copy of the 20-entry chain in place. */
const tampered = (change: (entries: AuditEntry[]) => void) => {
  const entries = chain(20).map((e) => ({ ...e, detail: { ...e.detail } }));
  change(entries);
  return entries;
};
const rehash = (e: AuditEntry) => Object.assign(e, { hash: hashAuditEntry(e) });

describe('splitAuditRanges', () => {
  it.each([
    [1, 10, 3, [{ from: 1, to: 3 }, { from: 4, to: 6 }, { from: 7, to: 10 }]],
    [1, 2, 4, [{ from: 1, to: 1 }, { from: 2, to: 2 }]],
    [5, 5, 8, [{ from: 5, to: 5 }]],
    [1, 1_000_000, 2, [{ from: 1, to: 500_000 }, { from: 500_001, to: 1_000_000 }]],
    [3, 2, 2, []],
    [1, 10, 0, []],
    [1, 10, Number.NaN, []],
  ])('splits %i..%i into %i parts as %j', (first, last, parts, expected) => {
    expect(splitAuditRanges(first, last, parts)).toEqual(expected);
  });

  it('covers every number exactly once, in order, for many sizes', () => {
    for (const [first, last, parts] of [[1, 97, 7], [10, 11, 3], [1, 1000, 16]] as const) {
      const seen = splitAuditRanges(first, last, parts).flatMap(({ from, to }) => Array.from({ length: to - from + 1 }, (_, i) => from + i));
      expect(seen).toEqual(Array.from({ length: last - first + 1 }, (_, i) => first + i));
    }
  });
});

describe('mergeAuditRanges with addAuditRangePage', () => {
  // Each hostile change, verified in 1..25 ranges (so breaks fall on, just after and inside range
  // boundaries), must give exactly what one pass over the whole chain gives.
  const cases: [string, AuditEntry[], ReturnType<typeof verifyAuditChain>['ok']][] = [
    ['an intact chain', chain(20), true],
    ['a single entry', chain(1), true],
    ['content edited in the middle (seq 11)', tampered((e) => void (e[10]!.actor = '改ざん者')), false],
    ['the first entry of the chain edited', tampered((e) => void (e[0]!.detail = { i: 999 })), false],
    ['the last entry edited', tampered((e) => void (e[19]!.outcome = 'failure')), false],
    ['an entry edited and its hash recomputed (the next link breaks)', tampered((e) => void rehash(Object.assign(e[7]!, { target: 'id-x' }))), false],
    ['an entry forged with a new prevHash and hash (a break at its own link)', tampered((e) => void rehash(Object.assign(e[10]!, { prevHash: 'f'.repeat(64) }))), false],
    ['an entry deleted in the middle', tampered((e) => void e.splice(10, 1)), false],
    ['the first entry deleted', tampered((e) => void e.splice(0, 1)), false],
    ['the last entry deleted (truncation is the last-export check\'s job)', tampered((e) => void e.splice(19, 1)), true],
    ['several entries deleted at once', tampered((e) => void e.splice(5, 6)), false],
    ['two entries reordered (bodies swapped, numbers kept)', tampered((e) => {
      const a = e[6]!;
      const b = e[7]!;
      e[6] = { ...b, seq: a.seq };
      e[7] = { ...a, seq: b.seq };
    }), false],
    ['two entries swapped with their numbers (the store re-sorts them: nothing moved)', tampered((e) => void ([e[3], e[4]] = [e[4]!, e[3]!])), true],
    ['an entry renumbered into a gap', tampered((e) => void (e[12]!.seq = 30)), false],
    ['the hash field of an entry replaced', tampered((e) => void (e[14]!.hash = '0'.repeat(64))), false],
    ['an entry inserted (a forged one, re-chained to its predecessor) with the rest renumbered', (() => {
      const entries = chain(20);
      const forged = chainAuditEntry(entries[4], event(99));
      return [...entries.slice(0, 5), forged, ...entries.slice(5).map((e) => ({ ...e, seq: e.seq + 1 }))];
    })(), false],
    ['an empty log', [], true],
  ];

  it.each(cases)('answers as one pass does for %s', (_, entries, ok) => {
    const single = verifyAuditChain(stored(entries), genesis);
    expect(single.ok).toBe(ok);
    for (const parts of [1, 2, 3, 4, 5, 7, 10, 19, 20, 25]) {
      for (const pageSize of [1, 3, 50]) expect({ parts, pageSize, result: verifyInRanges(entries, genesis, parts, pageSize) }).toEqual({ parts, pageSize, result: single });
    }
  });

  it('reports the break at a range boundary, not the later ones, when several ranges are broken', () => {
    const entries = tampered((e) => {
      e[10]!.actor = '改ざん者'; // seq 11: first entry of the second range when split in two
      e[15]!.actor = '改ざん者';
      e[3]!.actor = '改ざん者';
    });
    expect(verifyInRanges(entries, genesis, 2)).toEqual({ ok: false, brokenSeq: 4, reason: 'hash-mismatch' });
    expect(verifyInRanges(entries.map((e, i) => (i === 3 ? chain(20)[3]! : e)), genesis, 2)).toEqual({ ok: false, brokenSeq: 11, reason: 'hash-mismatch' });
  });

  it('reports a boundary link that does not join: the first entry of a range re-chained from elsewhere', () => {
    const entries = tampered((e) => void rehash(Object.assign(e[10]!, { prevHash: e[5]!.hash })));
    expect(verifyInRanges(entries, genesis, 2)).toEqual({ ok: false, brokenSeq: 11, reason: 'prev-hash-mismatch' });
  });

  it('verifies from an archive anchor, and refuses a chain that does not start at it', () => {
    const full = chain(20);
    const anchor = { seq: full[5]!.seq, hash: full[5]!.hash };
    const rest = full.slice(6);
    for (const parts of [1, 3, 14]) {
      expect(verifyInRanges(rest, anchor, parts)).toEqual({ ok: true, count: 14, lastHash: full[19]!.hash });
      expect(verifyInRanges(rest, { seq: 6, hash: full[4]!.hash }, parts)).toEqual({ ok: false, brokenSeq: 7, reason: 'prev-hash-mismatch' });
      expect(verifyInRanges(rest.slice(1), anchor, parts)).toEqual({ ok: false, brokenSeq: 7, reason: 'sequence-gap' });
    }
  });

  it('refuses a page whose computed hashes do not match its entries one to one', () => {
    expect(() => addAuditRangePage(emptyAuditRange, chain(2), [])).toThrow(RangeError);
  });
});

describe('computeAuditHashes', () => {
  it('gives the same hashes as hashAuditEntry', () => {
    const entries = [...chain(5), chainAuditEntry(undefined, { ...event(1), actor: '𠮷野 髙橋 ①', detail: { text: 'é\u0301 \u2028 "quoted" \\ 改行\n', nested: { z: 1, a: [null, true, 1.5] } } })];
    expect(computeAuditHashes(entries)).toEqual(entries.map(hashAuditEntry));
  });

  it('gives each entry its own hash when entries of very different lengths are hashed together, across a larger buffer and back', () => {
    const sized = (i: number, text: string) => chainAuditEntry(undefined, { ...event(i), detail: { text } });
    const entries = [
      sized(0, ''),
      sized(1, 'x'.repeat(30_000)), // past the 64 KB buffer at 3 bytes a unit: a larger one, mid-batch
      sized(2, 'a'),
      sized(3, '監'.repeat(25_000)), // 3 bytes a unit in UTF-8: the bound is exact
      sized(4, '\ud83d\ude00'.repeat(9_000)), // surrogate pairs: 4 bytes for 2 units
      sized(5, 'lone \ud800 surrogate'), // replaced by U+FFFD by both encoders
      sized(6, 'short'),
    ];
    expect(computeAuditHashes(entries)).toEqual(entries.map(hashAuditEntry));
    // The small ones after the large: nothing of a longer entry stays in the buffer.
    expect(computeAuditHashes([...entries].reverse())).toEqual([...entries].reverse().map(hashAuditEntry));
  });
});

describe('computeAuditHashes at the hash\'s and the buffer\'s edges', () => {
  const padded = (text: string) => chainAuditEntry(undefined, { ...event(0), detail: { text } });
  const utf8Length = (entry: AuditEntry) => utf8ToBytes(auditEntryCanonical(entry)).length;

  // Canonical forms whose UTF-8 ends exactly at each padding case of SHA-256 (55 and 56 bytes into the
  // last block, a whole block), at small sizes and just past the 64 KB buffer.
  it.each([0, 55, 56, 63, 119, 120, 65_536 + 55, 65_536 + 56, 65_536 + 64])('gives hashAuditEntry\'s hash for a canonical form of 64·k + %i bytes', (rest) => {
    const base = utf8Length(padded(''));
    const target = Math.ceil((base - rest) / 64) * 64 + rest;
    const entry = padded('x'.repeat(target - base));
    expect(utf8Length(entry)).toBe(target);
    expect(computeAuditHashes([entry])).toEqual([hashAuditEntry(entry)]);
  });

  // The buffer grows when 3 bytes per UTF-16 unit would not fit. In a fresh module (a larger entry
  // hashed before would have grown it already): the longest canonical form that still fits in 64 KB,
  // made of units UTF-8 writes in 3 bytes, then one more unit. (Not lone surrogates: the canonical
  // form escapes them as JSON.stringify does, six ASCII bytes each.)
  it.each([
    ['CJK', '監'],
    ['U+FFFF', '\uffff'],
    ['U+FFFD', '\ufffd'],
  ])('gives hashAuditEntry\'s hash on either side of the buffer\'s first growth (%s)', async (_, unit) => {
    vi.resetModules();
    const fresh = await import('../../../../shared/domain/auditRanges');
    const fits = Math.floor((64 * 1024) / 3) - auditEntryCanonical(padded('')).length;
    const entries = [padded(unit.repeat(fits)), padded(unit.repeat(fits + 1)), padded(unit)];
    expect(auditEntryCanonical(entries[0]!).length * 3).toBeLessThanOrEqual(64 * 1024);
    expect(auditEntryCanonical(entries[1]!).length * 3).toBeGreaterThan(64 * 1024);
    expect(fresh.computeAuditHashes(entries)).toEqual(entries.map(hashAuditEntry));
  });

  // A changed entry is never reported intact: every single-unit change to a field (one of each kind) changes its hash.
  it.each([
    ['the actor', (e: AuditEntry) => ({ ...e, actor: `${e.actor}\u0000` })],
    // Were lone surrogates encoded as such, both would be EF BF BD: an edit no hash could see.
    ['the actor\'s lone surrogate to U+FFFD, what UTF-8 encoders write for it', (e: AuditEntry) => ({ ...e, actor: '\ufffd' })],
    ['a detail text', (e: AuditEntry) => ({ ...e, detail: { text: 'x'.repeat(70_000) + 'y' } })],
    ['the time by a millisecond', (e: AuditEntry) => ({ ...e, at: e.at.replace(/\.000Z$/, '.001Z') })],
  ])('gives a different hash when %s changes', (_, change) => {
    const entry = { ...padded('x'.repeat(70_000)), actor: '\ud800' };
    const changed = change(entry);
    expect(computeAuditHashes([changed])).toEqual([hashAuditEntry(changed)]);
    expect(computeAuditHashes([changed])[0]).not.toBe(computeAuditHashes([entry])[0]);
  });
});

describe('auditEntryCanonical', () => {
  const base = chain(1)[0]!;
  const { hash: _hash, ...unsigned } = base;
  it.each([
    ['a stored entry', base],
    ['one with hostile text', { ...base, actor: '"},{"x":1', target: '\u0000\n\t', detail: { b: 1, a: { d: [1, { z: null, y: 'y' }], c: undefined } } }],
    ['one with a missing field (an old record)', { ...base, target: undefined } as unknown as AuditEntry],
    ['one whose detail is an array', { ...base, detail: [1, 2] } as unknown as AuditEntry],
    ['one whose detail is null', { ...base, detail: null } as unknown as AuditEntry],
    ['one whose seq is a string', { ...base, seq: '1' } as unknown as AuditEntry],
    ['one with an extra field (not hashed)', { ...base, extra: 'x' } as AuditEntry],
  ])('writes exactly the canonical JSON hashAuditEntry hashes for %s', (_, entry) => {
    const { seq, prevHash, at, actor, action, target, outcome, detail } = entry;
    expect(auditEntryCanonical(entry)).toBe(canonicalJson({ seq, prevHash, at, actor, action, target, outcome, detail }));
  });
  const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays -- a hole, as a structured clone keeps it
  it.each([
    ['keys in UTF-16 order, not locale order', { b: 1, B: 2, a: 3, '10': 4, '2': 5, 'é': 6, 'z': 7, '\ud83d\ude00': 8, 'ｱ': 9 }],
    ['nested objects and arrays', { z: [{ y: 1, x: [2, { w: null }] }], a: { c: { b: {} } } }],
    ['undefined values (dropped in objects, null in arrays)', { a: undefined, b: [undefined, 1], c: { d: undefined } }],
    ['a sparse array', { list: sparse }],
    ['numbers of every shape', { a: -0, b: 1e21, c: 1.5e-7, d: 0.1 + 0.2, e: -1, f: Number.MAX_SAFE_INTEGER }],
    ['strings that need escaping', { '"k"': '\u0000\u001f"\\/\u2028\u2029\ud800', '': '' }],
    ['a Date, a Map and a typed array (cloned objects canonicalJson renders by own keys)', { d: new Date(0), m: new Map([[1, 2]]), t: Uint8Array.of(5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) }],
    ['an empty detail', {}],
    ['booleans', { t: true, f: false }],
  ])('writes the same detail as canonicalJson for %s', (_, detail) => {
    const entry = { ...base, detail } as AuditEntry;
    const { seq, prevHash, at, actor, action, target, outcome } = entry;
    expect(auditEntryCanonical(entry)).toBe(canonicalJson({ seq, prevHash, at, actor, action, target, outcome, detail }));
  });
  it.each([NaN, Infinity, -Infinity])('refuses a detail holding %s, as canonicalJson does', (n) => {
    expect(() => auditEntryCanonical({ ...base, detail: { n } })).toThrow(TypeError);
    expect(() => auditEntryCanonical({ ...base, detail: { list: [1, n] } })).toThrow(TypeError);
  });
  it('is the form the stored hash was made over', () => {
    expect(unsigned.seq).toBe(1);
    expect(digestHex(auditEntryCanonical(base))).toBe(base.hash);
  });
});

