/**
 * The ledger list's sort and search index in steps (issue 15): they must give exactly what the
 * one-pass versions give (the list on screen must not change order), on inputs that cross the run
 * boundaries, with ties and with hostile texts.
 */
import { describe, expect, it } from 'vitest';
import type { Asset } from '../../../../shared/domain/asset';
import { buildSearchIndex, buildSearchIndexInSteps, sortAssets, sortAssetsInSteps, type LedgerSort } from '../../../../shared/domain/filterAssets';
import { runSteps } from '../../../../shared/domain/firstDaySteps';
import { makeAsset } from '../../../fixtures/assets';

const sorts: LedgerSort[] = [
  { field: 'managementNumber', direction: 'asc' },
  { field: 'managementNumber', direction: 'desc' },
  { field: 'name', direction: 'asc' },
  { field: 'location', direction: 'desc' },
  { field: 'kind', direction: 'asc' },
  { field: 'updatedAt', direction: 'desc' },
  { field: 'status', direction: 'asc' },
];

/** A ledger of `size` in a scrambled order, with many equal sort keys and some hostile texts. */
function ledger(size: number): Asset[] {
  const hostile = ['', ' ', '=SUM(A1)', '\u0000', '𠮷野家', 'ｶﾅ', 'SM-01', 'SM-1', '１２３', 'a'.repeat(500)];
  return Array.from({ length: size }, (_, i) => {
    const j = (i * 7919) % Math.max(size, 1);
    return makeAsset(j, {
      // Few distinct names and locations: long runs of ties, broken by 管理番号 (itself sometimes equal under numeric collation).
      name: i % 13 === 0 ? hostile[i % hostile.length]! : `資産 ${j % 5}`,
      location: `書庫${j % 3}`,
      managementNumber: i % 29 === 0 ? 'SM-1' : i % 31 === 0 ? 'SM-01' : `SM-${j}`,
    });
  });
}

/** Counts the pauses a generator makes and returns its result. */
function drain<T>(steps: Generator<void, T, void>): { value: T; pauses: number } {
  let pauses = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return { value: step.value, pauses };
    pauses++;
  }
}

describe('sortAssetsInSteps', () => {
  it.each([0, 1, 2, 255, 256, 257, 1_023, 1_025, 2_049, 3_100])('returns the order sortAssets returns for %i assets, in every sort', (size) => {
    const assets = ledger(size);
    // Every order on the small ledgers, three on the larger ones (the machine running tests is shared).
    for (const sort of size > 2_000 ? sorts.slice(1, 4) : sorts) {
      const stepped = runSteps(sortAssetsInSteps(assets, sort));
      // Same objects in the same places: stable ties included.
      expect(stepped.map((a) => a.id)).toEqual(sortAssets(assets, sort).map((a) => a.id));
    }
  });

  it('returns the order sortAssets returns by risk value, with assets that have none', () => {
    const assets = ledger(3_000);
    const riskOf = (a: Asset) => (a.id.endsWith('3') ? -1 : Number(a.id.slice(3)) % 7);
    const sort: LedgerSort = { field: 'risk', direction: 'desc' };
    expect(runSteps(sortAssetsInSteps(assets, sort, riskOf))).toEqual(sortAssets(assets, sort, riskOf));
  });

  it('pauses many times on a large ledger and does not change its input', () => {
    const assets = ledger(4_000);
    const before = assets.slice();
    const { pauses } = drain(sortAssetsInSteps(assets, sorts[2]!));
    expect(pauses).toBeGreaterThan(30);
    expect(assets).toEqual(before);
  });
});

describe('buildSearchIndexInSteps', () => {
  it.each([0, 1, 256, 257, 3_000])('returns the index buildSearchIndex returns for %i assets', (size) => {
    const assets = ledger(size);
    const { value, pauses } = drain(buildSearchIndexInSteps(assets));
    expect([...value]).toEqual([...buildSearchIndex(assets)]);
    expect(pauses).toBe(Math.ceil(size / 256));
  });
});

describe('buildSearchIndex', () => {
  it('returns the entries added to the index it is given, keeping the ones there', () => {
    const index = buildSearchIndex([makeAsset(1)]);
    buildSearchIndex([makeAsset(2)], index);
    expect([...index.keys()]).toEqual(['id-1', 'id-2']);
  });
});
