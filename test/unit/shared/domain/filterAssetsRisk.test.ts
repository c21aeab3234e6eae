import { describe, expect, it } from 'vitest';
import { buildSearchIndex, filterAssets, narrowsFilter, sortAssets } from '../../../../shared/domain/filterAssets';
import { nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import { assetRiskValue, riskSortKey, type RiskScale } from '../../../../shared/domain/riskValue';
import { makeAsset } from '../../../fixtures/assets';

const approved = (level: string) => ({ profileId: 'nishinomiya', profileVersion: '1', levels: { importance: level }, recommended: {}, answers: {}, reasons: [], justification: '', referredToManager: false, state: 'approved' as const, proposedBy: 'x', proposedAt: '', approvedBy: 'y', approvedAt: '' });
const assess = (threat: RiskScale, vulnerability: RiskScale) => ({ threat, vulnerability, assessedAt: '', assessedBy: '' });
// Values: a0 = A × 3 = 9, a1 = B × 2 = 4, a2 = C × 1 = 1, a3 not assessed.
const assets = [
  makeAsset(0, { classification: approved('A'), riskAssessment: assess(3, 3) }),
  makeAsset(1, { classification: approved('B'), riskAssessment: assess(2, 2) }),
  makeAsset(2, { classification: approved('C'), riskAssessment: assess(1, 1) }),
  makeAsset(3, { classification: approved('A') }),
];
const riskOf = (asset: (typeof assets)[number]) => riskSortKey(assetRiskValue(nishinomiyaProfile, asset));
const index = buildSearchIndex(assets);

describe('filterAssets by risk', () => {
  it.each([
    [0, ['id-0', 'id-1', 'id-2', 'id-3']],
    [1, ['id-0', 'id-1', 'id-2']],
    [4, ['id-0', 'id-1']],
    [6, ['id-0']],
    [10, []],
  ])('keeps assets with a risk value of at least %i', (minRisk, ids) => {
    expect(filterAssets(assets, index, { text: '', fields: {}, minRisk }, riskOf).map((a) => a.id)).toEqual(ids);
  });
  it('ignores the risk filter without a way to compute risk', () => {
    expect(filterAssets(assets, index, { text: '', fields: {}, minRisk: 6 })).toHaveLength(4);
  });
  it('does not narrow when the risk filter changes', () => {
    expect(narrowsFilter({ text: '', fields: {}, minRisk: 4 }, { text: '', fields: {}, minRisk: 6 })).toBe(false);
    expect(narrowsFilter({ text: 'a', fields: {}, minRisk: 4 }, { text: 'ab', fields: {}, minRisk: 4 })).toBe(true);
  });
});

describe('sortAssets by risk', () => {
  it('sorts by number, unassessed below every value', () => {
    expect(sortAssets(assets, { field: 'risk', direction: 'desc' }, riskOf).map((a) => a.id)).toEqual(['id-0', 'id-1', 'id-2', 'id-3']);
    expect(sortAssets(assets, { field: 'risk', direction: 'asc' }, riskOf).map((a) => a.id)).toEqual(['id-3', 'id-2', 'id-1', 'id-0']);
  });
});
