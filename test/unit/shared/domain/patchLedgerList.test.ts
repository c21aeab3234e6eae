import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Asset } from '../../../../shared/domain/asset';
import { buildSearchIndex, sortAssets, type LedgerSort } from '../../../../shared/domain/filterAssets';
import { patchSearchIndex, patchSorted, type ListChange } from '../../../../shared/domain/patchLedgerList';
import { makeAsset } from '../../../fixtures/assets';

const sorts: LedgerSort[] = [
  { field: 'managementNumber', direction: 'asc' },
  { field: 'name', direction: 'desc' },
  { field: 'location', direction: 'asc' },
  { field: 'updatedAt', direction: 'desc' },
  { field: 'status', direction: 'asc' },
];

/** A ledger and a batch of edits, additions and removals applied to it. */
function scenario(size: number, edits: { index: number; name: string; location: string }[], added: number, removed: number[]) {
  const before = Array.from({ length: size }, (_, i) => makeAsset(i));
  const changes: ListChange[] = [];
  const after = before.slice();
  const seen = new Set<number>();
  for (const edit of edits) {
    const i = edit.index % size;
    if (seen.has(i)) continue;
    seen.add(i);
    const next: Asset = { ...after[i]!, name: edit.name, location: edit.location, updatedAt: `2027-0${(i % 9) + 1}-01T00:00:00.000Z` };
    changes.push({ before: after[i]!, after: next });
    after[i] = next;
  }
  for (const r of removed) {
    const i = r % size;
    if (seen.has(i)) continue;
    seen.add(i);
    changes.push({ before: after[i]!, after: null });
  }
  const kept = after.filter((a) => !changes.some((c) => c.after === null && c.before === a));
  const extra = Array.from({ length: added }, (_, i) => makeAsset(size + i, { name: `追加 ${i}` }));
  for (const a of extra) changes.push({ before: null, after: a });
  return { before, after: [...kept, ...extra], changes };
}

const edit = fc.record({ index: fc.nat(), name: fc.string({ unit: fc.constantFrom(...'あい漢字ab 1２'.split('')), maxLength: 6 }), location: fc.constantFrom('本庁舎', '書庫A', '別館2階', '') });

describe('patchSorted', () => {
  it('returns the order a full sort gives, for edits, additions and removals in every sort order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.array(edit, { maxLength: 8 }), fc.nat({ max: 3 }), fc.array(fc.nat(), { maxLength: 3 }), fc.constantFrom(...sorts), (size, edits, added, removed, sort) => {
        const { before, after, changes } = scenario(size, edits, added, removed);
        expect(patchSorted(sortAssets(before, sort), after, changes, sort).map((a) => a.id)).toEqual(sortAssets(after, sort).map((a) => a.id));
      }),
      { numRuns: 150 },
    );
  });

  it('returns a full sort when the list given was not derived from the same ledger', () => {
    const { after, changes } = scenario(10, [{ index: 3, name: '変更', location: '' }], 0, []);
    const unrelated = [makeAsset(50)];
    expect(patchSorted(unrelated, after, changes, sorts[0]!).map((a) => a.id)).toEqual(sortAssets(after, sorts[0]!).map((a) => a.id));
  });

  it('does not change the list it is given', () => {
    const { before, after, changes } = scenario(10, [{ index: 3, name: '変更', location: '' }], 1, [4]);
    const sorted = sortAssets(before, sorts[0]!);
    const copy = sorted.slice();
    patchSorted(sorted, after, changes, sorts[0]!);
    expect(sorted).toEqual(copy);
  });
});

describe('patchSearchIndex', () => {
  it('returns the index a full build gives, and leaves the old index as it was', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.array(edit, { maxLength: 6 }), fc.nat({ max: 2 }), fc.array(fc.nat(), { maxLength: 2 }), (size, edits, added, removed) => {
        const { before, after, changes } = scenario(size, edits, added, removed);
        const index = buildSearchIndex(before);
        const old = new Map(index);
        expect(patchSearchIndex(index, changes)).toEqual(buildSearchIndex(after));
        expect(index).toEqual(old);
      }),
      { numRuns: 100 },
    );
  });
});
