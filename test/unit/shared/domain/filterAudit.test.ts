import { describe, expect, it } from 'vitest';
import { auditCountText, hasResidual, meetsResidual, planAuditQuery, type AuditFilter } from '../../../../shared/domain/filterAudit';

describe('planAuditQuery', () => {
  it('reads everything from the time index when there is no condition', () => {
    expect(planAuditQuery({}, undefined)).toEqual({ index: '[at+seq]', prefix: [], lower: null, upper: null, residual: {} });
  });

  it('turns Tokyo calendar days into instants: 1 April starts at 15:00 UTC on 31 March, and the end day is included', () => {
    expect(planAuditQuery({ from: '2026-04-01', to: '2026-04-01' }, undefined)).toMatchObject({ lower: '2026-03-31T15:00:00.000Z', upper: '2026-04-01T15:00:00.000Z' });
    expect(planAuditQuery({ to: '2026-03-31' }, undefined)).toMatchObject({ lower: null, upper: '2026-03-31T15:00:00.000Z' });
  });

  it.each<[string, AuditFilter, string | null | undefined, object]>([
    ['an actor', { actor: '山田' }, undefined, { index: '[actor+at+seq]', prefix: ['山田'], residual: {} }],
    ['an action', { action: 'auth.login' }, undefined, { index: '[action+at+seq]', prefix: ['auth.login'], residual: {} }],
    ['actor and action: the action picks the index, the actor is checked per entry', { actor: '山田', action: 'auth.login' }, undefined, { index: '[action+at+seq]', prefix: ['auth.login'], residual: { actor: '山田' } }],
    ['an asset, with the others checked per entry', { managementNumber: 'sm-1', actor: '山田', action: 'asset.update' }, 'id-1', { index: '[target+at+seq]', prefix: ['id-1'], residual: { actor: '山田', action: 'asset.update' } }],
    ['a blank 管理番号 (ignored)', { managementNumber: '   ' }, undefined, { index: '[at+seq]' }],
  ])('plans %s', (_what, filter, assetId, expected) => {
    expect(planAuditQuery(filter, assetId)).toMatchObject(expected);
  });

  it.each<[string, AuditFilter, string | null | undefined]>([
    ['a 管理番号 not in the ledger', { managementNumber: 'SM-99999' }, null],
    ['a period that ends before it starts', { from: '2026-04-02', to: '2026-04-01' }, undefined],
    ['a day that does not exist', { from: '2026-02-30' }, undefined],
    ['a date in another format', { to: '2026/04/01' }, undefined],
    ['script in a date', { from: '<script>' }, undefined],
  ])('returns null (nothing can match) for %s', (_what, filter, assetId) => {
    expect(planAuditQuery(filter, assetId)).toBeNull();
  });
});

describe('meetsResidual and hasResidual', () => {
  it('checks only the conditions the index did not answer', () => {
    const plan = planAuditQuery({ actor: '山田', action: 'auth.login' }, undefined)!;
    expect(hasResidual(plan)).toBe(true);
    expect(meetsResidual({ actor: '山田', action: 'auth.login' }, plan.residual)).toBe(true);
    expect(meetsResidual({ actor: '佐藤', action: 'auth.login' }, plan.residual)).toBe(false);
    expect(hasResidual(planAuditQuery({ actor: '山田', from: '2026-04-01' }, undefined)!)).toBe(false);
    expect(meetsResidual({ actor: 'x', action: 'y' }, {})).toBe(true);
  });
});

describe('auditCountText', () => {
  it.each<[string, Parameters<typeof auditCountText>[0], number, string]>([
    ['a counted total', { total: 42, totalAtLeast: false, shown: 42, more: false }, 0, '42 件'],
    ['a total at the cap', { total: 1000, totalAtLeast: true, shown: 100, more: true }, 0, '1,000 件以上'],
    ['a counted total on a later page', { total: 1000, totalAtLeast: true, shown: 100, more: true }, 3, '1,000 件以上'],
    ['no total, the first page of more', { total: null, totalAtLeast: false, shown: 100, more: true }, 0, '100 件以上'],
    ['no total, a middle page', { total: null, totalAtLeast: false, shown: 100, more: true }, 1, '200 件以上'],
    ['no total, the last page after 100', { total: null, totalAtLeast: false, shown: 30, more: false }, 1, '130 件'],
    ['no total, an empty last page', { total: null, totalAtLeast: false, shown: 0, more: false }, 12, '1,200 件'],
  ])('says %s', (_, count, pagesBefore, text) => {
    expect(auditCountText(count, pagesBefore, 100)).toBe(text);
  });
});
