import { describe, expect, it } from 'vitest';
import { homeViewFor } from '../../../../renderer/features/dashboard/useHomeView';
import { nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import type { InspectionAsset } from '../../../../shared/domain/selfInspection';

const medium: InspectionAsset = { id: 'm1', managementNumber: 'SM-1', name: 'USB', kind: 'recordingMedium', status: 'active', nextReviewDate: '', classification: { state: 'approved', levels: { importance: 'A' } } };
const pastFirstDay = {
  assets: [medium],
  labelledAssetIds: new Set(['m1']),
  backup: { lastBackupAt: '2026-11-01T00:00:00.000Z', intervalDays: 30, lastRestoreTestAt: null },
  takeOuts: [{ managementNumber: 'LEDGER', kind: 'export' as const, state: 'handedOver' as const, expectedReturn: '', destination: '事務局' }],
};
const twoManagers = [{ role: 'securityManager' as const, disabled: false }, { role: 'securityManager' as const, disabled: false }];

describe('homeViewFor', () => {
  it('opens the dashboard for a manager of a section past its first day', () => {
    expect(homeViewFor('securityManager', pastFirstDay, twoManagers, nishinomiyaProfile)).toBe('dashboard');
  });

  it.each([
    ['staff', 'staff' as const, pastFirstDay, twoManagers],
    ['an auditor', 'auditor' as const, pastFirstDay, twoManagers],
    ['a new section (no asset yet)', 'securityManager' as const, { ...pastFirstDay, assets: [] }, twoManagers],
    ['a section with a proposal waiting', 'securityManager' as const, { ...pastFirstDay, assets: [{ ...medium, classification: { state: 'proposed' as const, levels: { importance: 'A' } } }] }, twoManagers],
    ['a medium without its label', 'securityManager' as const, { ...pastFirstDay, labelledAssetIds: new Set<string>() }, twoManagers],
    ['no backup yet', 'securityManager' as const, { ...pastFirstDay, backup: { ...pastFirstDay.backup, lastBackupAt: null } }, twoManagers],
    ['no signed export yet', 'securityManager' as const, { ...pastFirstDay, takeOuts: [] }, twoManagers],
  ])('keeps the ledger with the first-day guide for %s', (_, role, facts, accounts) => {
    expect(homeViewFor(role, facts, accounts, nishinomiyaProfile)).toBe('list');
  });
});
