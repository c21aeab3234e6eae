import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assetIdHash, createAssetIdTable } from '../../../../shared/ledgerFile/assetIdTable';

/** The table against a plain Map doing the same adds and finds: same entries, in the same order. */
function agreesWithMap(ids: readonly string[], probes: readonly string[], hash?: (id: string) => number) {
  const table = createAssetIdTable(hash);
  const map = new Map<string, number>();
  for (const id of ids) {
    const expected = map.get(id);
    const got = table.add(id);
    if (expected === undefined) {
      map.set(id, map.size);
      expect(got).toEqual({ entry: map.size - 1, added: true });
    } else expect(got).toEqual({ entry: expected, added: false });
    expect(table.size).toBe(map.size);
  }
  for (const id of [...ids, ...probes]) expect(table.find(id)).toBe(map.get(id) ?? -1);
}

// IDs as they come (UUIDs, management-style text), and hostile ones: empty, Japanese, code units above
// U+00FF and lone surrogates (stored two bytes each), U+00FF itself, NUL, one ID a prefix of another.
const idText = fc.oneof(
  fc.uuid(),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom('', 'id-1', 'id-10', 'id-1\u0000', '\u00ff', '\u0100', '\u00ff\u0000', '\u0000\u00ff', '資産-1', '\ud800', '\udc00x'),
);

describe('createAssetIdTable', () => {
  it.each<[string, ((id: string) => number) | undefined]>([
    ['its own hash', undefined],
    // Every ID on one hash: only the exact comparison of code units tells them apart.
    ['every ID on one hash', () => 7],
    ['a few hashes, by length', (id) => id.length % 3],
    ['the top bit set (unsigned hashes)', () => 0xffffffff],
  ])('numbers IDs as a Map would, with %s', (_name, hash) => {
    fc.assert(
      fc.property(fc.array(idText, { maxLength: 60 }), fc.array(idText, { maxLength: 20 }), (ids, probes) => {
        // Repeats, so that found and added both happen.
        agreesWithMap([...ids, ...ids.slice(0, ids.length >> 1)], probes, hash);
      }),
      { numRuns: 200 },
    );
  });

  it.each<[string, ((id: string) => number) | undefined, number]>([
    ['its own hash', undefined, 6_000],
    ['every ID on one hash', () => 0, 1_500],
  ])('keeps every ID apart past several growths of its arrays, with %s', (_name, hash, count) => {
    const ids = Array.from({ length: count }, (_, i) => (i % 3 === 0 ? `id-${i}` : i % 3 === 1 ? `資産-${i}` : `${'x'.repeat(i % 50)}${i}`));
    agreesWithMap([...ids, ...ids.filter((_, i) => i % 7 === 0)], ['id--1', '資産-', `id-${count}`], hash);
  });

  it.each([
    // Stored one byte each, '¢' is the byte A2; stored two bytes each, 'ア' (U+30A2) begins with it.
    ['a one-byte ID and a wide ID whose first byte it is', '\u00a2', '\u30a2'],
    ['a wide ID, then the one-byte ID of its first byte', '\u30a2', '\u00a2'],
    ['a wide ID, then the one-byte ID of its two bytes', '\u30a2', '\u00a2\u0030'],
    ['an ID and the same text with one more character', 'SM-000001', 'SM-0000010'],
    ['two Japanese IDs that differ in their upper byte only', '\u3042', '\u3142'],
  ])('tells apart %s', (_name, a, b) => {
    const table = createAssetIdTable(() => 1);
    expect(table.add(a)).toEqual({ entry: 0, added: true });
    expect(table.add(b)).toEqual({ entry: 1, added: true });
    expect([table.find(a), table.find(b), table.find(`${a}${b}`)]).toEqual([0, 1, -1]);
  });
});

describe('assetIdHash', () => {
  it('gives an unsigned 32-bit integer, the same for the same text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (id) => {
        const h = assetIdHash(id);
        expect(Number.isInteger(h) && h >= 0 && h <= 0xffffffff).toBe(true);
        expect(assetIdHash(`${id}`)).toBe(h);
      }),
    );
  });

  it('spreads sequential IDs over the low bits (the table probes by them)', () => {
    const buckets = new Set(Array.from({ length: 4096 }, (_, i) => assetIdHash(`id-${i}`) & 4095));
    // A fair hash fills about 63% of 4,096 buckets with 4,096 keys; a bad one far fewer.
    expect(buckets.size).toBeGreaterThan(2400);
  });
});
