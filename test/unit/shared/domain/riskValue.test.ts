import { describe, expect, it } from 'vitest';
import { micProfile, nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import { parsePolicyProfile, type PolicyProfile } from '../../../../shared/domain/policyProfile';
import { assetRiskValue, importanceScore, likelihoodOf, parseRiskScale, riskSortKey, riskValue, type RiskScale } from '../../../../shared/domain/riskValue';

// IPA 付録7 被害発生可能性: rows 脅威 3/2/1, columns 脆弱性 3/2/1.
const ipaTable: [RiskScale, RiskScale, number][] = [
  [3, 3, 3], [3, 2, 3], [3, 1, 2],
  [2, 3, 3], [2, 2, 2], [2, 1, 1],
  [1, 3, 2], [1, 2, 1], [1, 1, 1],
];

describe('likelihoodOf', () => {
  it.each(ipaTable)('gives 被害発生可能性 for 脅威 %i × 脆弱性 %i = %i in both bundled profiles', (threat, vulnerability, expected) => {
    expect(likelihoodOf(nishinomiyaProfile, threat, vulnerability)).toBe(expected);
    expect(likelihoodOf(micProfile, threat, vulnerability)).toBe(expected);
  });
});

describe('riskValue', () => {
  it.each(ipaTable)('is 重要度 × 被害発生可能性 for 脅威 %i, 脆弱性 %i (A = 3)', (threat, vulnerability, likelihood) => {
    expect(riskValue(nishinomiyaProfile, { importance: 'A' }, { threat, vulnerability })).toMatchObject({ ok: true, importance: 3, likelihood, value: 3 * likelihood });
    expect(riskValue(nishinomiyaProfile, { importance: 'C' }, { threat, vulnerability })).toMatchObject({ ok: true, value: likelihood });
  });

  it('takes 重要度 from the guideline profile importance (機密性3 → 高 → 3)', () => {
    expect(importanceScore(micProfile, { confidentiality: '3', integrity: '1', availability: '1' })).toBe(3);
    expect(importanceScore(micProfile, { confidentiality: '1', integrity: '1', availability: '1' })).toBe(1);
    expect(riskValue(micProfile, { confidentiality: '3', integrity: '1', availability: '1' }, { threat: 3, vulnerability: 3 })).toMatchObject({ ok: true, value: 9, band: { id: 'high', name: '高' } });
  });

  it.each([
    [1, 'low'],
    [3, 'low'],
    [4, 'medium'],
    [6, 'high'],
  ])('puts a value of %i in band %s', (value, band) => {
    const pairs: Record<number, [string, RiskScale, RiskScale]> = { 1: ['C', 1, 1], 3: ['A', 1, 1], 4: ['B', 2, 2], 6: ['A', 2, 2] };
    const [level, threat, vulnerability] = pairs[value]!;
    expect(riskValue(nishinomiyaProfile, { importance: level }, { threat, vulnerability })).toMatchObject({ value, band: { id: band } });
  });

  it('returns a refusal, never a low value, when unassessed or unclassified', () => {
    expect(riskValue(nishinomiyaProfile, { importance: 'A' }, null)).toEqual({ ok: false, reason: 'not-assessed' });
    expect(riskValue(nishinomiyaProfile, null, { threat: 1, vulnerability: 1 })).toEqual({ ok: false, reason: 'no-importance' });
    expect(riskValue(nishinomiyaProfile, { importance: 'S' }, { threat: 1, vulnerability: 1 })).toEqual({ ok: false, reason: 'no-importance' });
    expect(riskValue(nishinomiyaProfile, JSON.parse('{"__proto__":"A"}'), { threat: 1, vulnerability: 1 })).toEqual({ ok: false, reason: 'no-importance' });
    const { risk: _risk, ...noRisk } = nishinomiyaProfile;
    expect(riskValue(noRisk as PolicyProfile, { importance: 'A' }, { threat: 1, vulnerability: 1 })).toEqual({ ok: false, reason: 'no-risk-model' });
  });

  // An assessment edited by hand in IndexedDB (or left by a faulty import): a value off the 1–3 scale
  // made the table lookup miss and the product 0 (「0」 on the panel, sorted above unassessed assets), and
  // a text 「2」 is added as text by a sum formula. It is reported, never computed into a number.
  it.each([
    [{ threat: 7, vulnerability: 2 }],
    [{ threat: 0, vulnerability: 1 }],
    [{ threat: 2.5, vulnerability: 1 }],
    [{ threat: '2', vulnerability: 1 }],
    [{ threat: null, vulnerability: 1 }],
    [{ vulnerability: 1 }],
    ['脅威3'],
  ])('refuses the stored assessment %j instead of computing a value', (assessment) => {
    const result = riskValue(nishinomiyaProfile, { importance: 'A' }, assessment as never);
    expect(result).toEqual({ ok: false, reason: 'invalid-assessment' });
    expect(riskSortKey(result)).toBe(-1);
    const sum = parsePolicyProfile({ ...JSON.parse(JSON.stringify(nishinomiyaProfile)), risk: { ...nishinomiyaProfile.risk, formula: { kind: 'sum', terms: ['importance', 'threat'] } } });
    if (!sum.ok) throw new Error('profile');
    expect(riskValue(sum.profile, { importance: 'A' }, assessment as never)).toEqual({ ok: false, reason: 'invalid-assessment' });
  });

  it.each([
    ['sum', ['importance', 'threat', 'vulnerability'], 3 + 2 + 1],
    ['max', ['importance', 'likelihood'], 3],
    ['product', ['importance', 'threat', 'vulnerability'], 6],
  ] as const)('computes another formula: %s of %j', (kind, terms, expected) => {
    const parsed = parsePolicyProfile({ ...JSON.parse(JSON.stringify(nishinomiyaProfile)), risk: { ...nishinomiyaProfile.risk, formula: { kind, terms } } });
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(riskValue(parsed.profile, { importance: 'A' }, { threat: 2, vulnerability: 1 })).toMatchObject({ ok: true, value: expected });
  });
});

describe('risk in the profile schema', () => {
  const base = () => JSON.parse(JSON.stringify(nishinomiyaProfile)) as Record<string, unknown> & { risk: Record<string, unknown> };
  it.each([
    [(p: ReturnType<typeof base>) => (p.risk.extra = 1), 'risk.extra'],
    [(p: ReturnType<typeof base>) => (p.risk.formula = { kind: 'power', terms: ['importance'] }), 'risk.formula.kind'],
    [(p: ReturnType<typeof base>) => (p.risk.formula = { kind: 'sum', terms: ['eval(1)'] }), 'risk.formula.terms[0]'],
    [(p: ReturnType<typeof base>) => (p.risk.likelihood = { name: '可能性', matrix: [[1, 1], [1, 2, 3], [2, 3, 3]] }), 'risk.likelihood.matrix[0]'],
    [(p: ReturnType<typeof base>) => (p.risk.likelihood = { name: '可能性', matrix: [[1, 1, 2], [1, 2, 3]] }), 'risk.likelihood.matrix'],
    [(p: ReturnType<typeof base>) => (p.risk.importance = { from: { objective: 'importance' }, scores: { A: 3, B: 2 } }), 'risk.importance.scores.C'],
    [(p: ReturnType<typeof base>) => (p.risk.importance = { from: { objective: 'nothing' }, scores: {} }), 'risk.importance.from'],
    [(p: ReturnType<typeof base>) => (p.risk.importance = { from: 'importance', scores: { A: 3 } }), 'risk.importance.from'],
    [(p: ReturnType<typeof base>) => (p.risk.bands = [{ id: 'a', name: '高', min: 6 }, { id: 'b', name: '低', min: 1 }]), 'risk.bands'],
    [(p: ReturnType<typeof base>) => (p.risk.likelihood = { name: '可能性', matrix: [[1, 1, 2], [1, -2, 3], [2, 3, 3]] }), 'risk.likelihood.matrix[1][1]'],
  ])('refuses a broken risk model (%#) naming %s', (breakIt, field) => {
    const profile = base();
    breakIt(profile);
    const parsed = parsePolicyProfile(profile);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.field).toBe(field);
  });
});

describe('parseRiskScale', () => {
  it.each([
    [1, 1], ['2', 2], ['３', 3], [' 3 ', 3], ['2.0', 2],
    [0, null], [4, null], ['高', null], ['', null], [null, null], ['1e0', null], [2.5, null], ['=1+1', null],
  ])('reads %j as %j', (value, expected) => {
    expect(parseRiskScale(value)).toBe(expected);
  });
});

describe('assetRiskValue', () => {
  const approvedB = { profileId: 'nishinomiya', levels: { importance: 'B' }, state: 'approved' as const };
  it('uses the approved class', () => {
    expect(assetRiskValue(nishinomiyaProfile, { classification: approvedB, derived: null, personalInfoKind: 'none', riskAssessment: { threat: 2, vulnerability: 2 } })).toMatchObject({ ok: true, value: 4, provisional: false });
  });
  it('handles an unclassified asset at the highest importance and says the value is provisional', () => {
    expect(assetRiskValue(nishinomiyaProfile, { classification: null, derived: null, riskAssessment: { threat: 2, vulnerability: 2 } })).toMatchObject({ ok: true, value: 6, importance: 3, provisional: true });
  });
  it('sorts unassessed assets below every assessed one', () => {
    const none = assetRiskValue(nishinomiyaProfile, { classification: approvedB, derived: null });
    expect(none).toMatchObject({ ok: false, reason: 'not-assessed' });
    expect(riskSortKey(none)).toBeLessThan(riskSortKey(riskValue(nishinomiyaProfile, { importance: 'C' }, { threat: 1, vulnerability: 1 })));
  });
});
