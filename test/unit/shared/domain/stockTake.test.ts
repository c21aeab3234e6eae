import { describe, expect, it } from 'vitest';
import { addToTally, classifyScan, emptyScanTally, indexAssets, inScope, matchStockTake, normaliseLocation, summariseStockTake, type StockTakeAsset } from '../../../../shared/domain/stockTake';

const asset = (n: number, location: string, status: StockTakeAsset['status'] = 'active'): StockTakeAsset => ({ id: `id-${n}`, managementNumber: `SM-${String(n).padStart(5, '0')}`, name: `資産${n}`, location, status });
const assets = [asset(1, '書庫A'), asset(2, '書庫A'), asset(3, '書庫B'), asset(4, '書庫A', 'retired'), asset(5, '書庫A', 'disposed'), asset(6, '書庫Ａ ')];
const at = (i: number) => `2026-11-29T01:00:0${i}Z`;
const scans = (...codes: string[]) => codes.map((code, i) => ({ code, at: at(i) }));

describe('normaliseLocation / inScope', () => {
  it.each([
    ['書庫A', '書庫Ａ', true],
    ['書庫 A', '書庫A', true],
    ['書庫A', '書庫B', false],
    ['', '書庫A', false],
  ])('compares %j and %j as the same place: %s', (a, b, same) => {
    expect(normaliseLocation(a) === normaliseLocation(b)).toBe(same);
    expect(inScope({ kind: 'location', location: a }, b)).toBe(same);
  });
  it('covers every location for a section session', () => {
    expect(inScope({ kind: 'section' }, 'どこでも')).toBe(true);
  });
});

describe('matchStockTake', () => {
  it('returns found, moved, missing and unknown for a location session', () => {
    const result = matchStockTake(assets, { kind: 'location', location: '書庫A' }, scans('SM-00001', 'sm-00003', 'XX-1', 'SM-00001'), '市民課');
    expect(result.found.map((f) => f.asset.id)).toEqual(['id-1']);
    expect(result.moved.map((m) => [m.asset.id, m.ledgerLocation])).toEqual([['id-3', '書庫B']]);
    expect(result.unknown.map((u) => u.code)).toEqual(['XX-1']);
    expect(result.duplicates).toBe(1);
    // id-6 is at 「書庫Ａ 」: the same place written another way, so it is missing here too.
    expect(result.missing.map((a) => a.id)).toEqual(['id-2', 'id-6']);
    expect(result.outcomes).toHaveLength(4);
  });

  it('never lists retired or disposed assets as missing, and lists them when scanned', () => {
    const result = matchStockTake(assets, { kind: 'section' }, scans('SM-00005'), '市民課');
    expect(result.missing.map((a) => a.id)).toEqual(['id-1', 'id-2', 'id-3', 'id-6']);
    expect(result.notActive).toMatchObject([{ asset: { id: 'id-5' }, status: 'disposed' }]);
  });

  it('returns a label of another section as otherSection even when the number exists here', () => {
    const result = matchStockTake(assets, { kind: 'section' }, scans('税務課 SM-00001', '市民課 SM-00002'), '市民課');
    expect(result.otherSection).toMatchObject([{ section: '税務課', managementNumber: 'SM-00001' }]);
    expect(result.found.map((f) => f.asset.id)).toEqual(['id-2']);
    expect(result.missing.map((a) => a.id)).toContain('id-1');
  });

  it('keeps the time of the first scan of an asset', () => {
    const result = matchStockTake(assets, { kind: 'section' }, scans('SM-00002', 'SM-00002'), '市民課');
    expect(result.found[0]!.at).toBe(at(0));
  });

  it.each([[''], ['\u0000\u0007'], ['<script>'], ['SM-00001;DROP'], ['💾']])('returns hostile scan %j as unknown', (code) => {
    const result = matchStockTake(assets, { kind: 'section' }, scans(code), '市民課');
    expect(result.unknown).toHaveLength(1);
    expect(result.found).toHaveLength(0);
  });

  it('summarises counts that add up to the scans', () => {
    const result = matchStockTake(assets, { kind: 'location', location: '書庫A' }, scans('SM-00001', 'SM-00003', 'SM-00004', '他課 Z-1', '???', 'SM-00001'), '市民課');
    const s = summariseStockTake(result);
    expect(s).toEqual({ scans: 6, found: 1, moved: 1, missing: 2, otherSection: 1, notActive: 1, unknown: 1, duplicates: 1 });
    expect(s.found + s.moved + s.otherSection + s.notActive + s.unknown + s.duplicates).toBe(s.scans);
  });
});

describe('classifyScan', () => {
  it('classifies 1,000 scans against 100,000 assets quickly (a scanner sends 10 a second)', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => asset(i, i % 2 ? '書庫A' : '書庫B'));
    const index = indexAssets(many);
    const seen = new Set<string>();
    const started = performance.now();
    for (let i = 0; i < 1000; i++) classifyScan({ code: many[i * 97]!.managementNumber, at: at(0) }, index, { kind: 'location', location: '書庫A' }, '市民課', seen);
    expect(seen.size).toBe(1000);
    // Generous bound for a busy machine; the point is constant time per scan, not a full scan of the ledger.
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('addToTally', () => {
  const index = indexAssets(assets);
  const outcomesOf = (...codes: string[]) => {
    const seen = new Set<string>();
    return scans(...codes).map((scan) => classifyScan(scan, index, { kind: 'location', location: '書庫A' }, '市民課', seen));
  };

  it('returns the same counts and problems one scan at a time as all at once (matchStockTake\'s)', () => {
    const outcomes = outcomesOf('SM-00001', 'XX-1', 'SM-00003', 'SM-00001', 'SM-00004', 'SM-00002');
    const oneByOne = outcomes.reduce((tally, o) => addToTally(tally, [o]), emptyScanTally);
    expect(oneByOne).toEqual(addToTally(emptyScanTally, outcomes));
    expect(oneByOne.total).toBe(6);
    expect(oneByOne.counts).toEqual({ found: 2, moved: 1, otherSection: 0, notActive: 1, unknown: 1, duplicate: 1 });
    expect(oneByOne.last).toBe(outcomes[5]);
    // Newest first, numbered by position in the session.
    expect(oneByOne.problems.map((p) => [p.seq, p.outcome.code])).toEqual([[5, 'SM-00004'], [3, 'SM-00003'], [2, 'XX-1']]);
  });

  it('keeps only the newest problems, and the same array when a scan is not a problem', () => {
    const tally = addToTally(emptyScanTally, outcomesOf('XX-1', 'XX-2', 'XX-3'), 2);
    expect(tally.problems.map((p) => p.outcome.code)).toEqual(['XX-3', 'XX-2']);
    expect(tally.counts.unknown).toBe(3);
    const after = addToTally(tally, outcomesOf('SM-00001'), 2);
    expect(after.problems).toBe(tally.problems);
  });

  it('returns the tally itself for no outcomes', () => {
    expect(addToTally(emptyScanTally, [])).toBe(emptyScanTally);
  });
});
