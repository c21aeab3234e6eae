import { describe, expect, it } from 'vitest';
import type { Asset } from '../../../../shared/domain/asset';
import { assetHandling, deriveClass } from '../../../../shared/domain/deriveClass';
import { micProfile, nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import {
  describePermission,
  destinationMedia,
  destinationProblem,
  ledgerAssetClassification,
  ledgerAssetInput,
  MIN_OFF_LEDGER_REASON,
  mediumIneligibility,
  permitMedium,
  withContent,
  withdrawMediumPermission,
} from '../../../../shared/registers/approvedMedia';
import { makeAsset } from '../../../fixtures/assets';

const manager = { actor: '山田 花子', userId: 'yamada', now: '2026-04-01T09:00:00.000Z' };
const permission = { grantedBy: '山田 花子', grantedByUserId: 'yamada', grantedAt: '2026-04-01T09:00:00.000Z', note: '' };
/** makeAsset(6) is a USB memory (recordingMedium). */
const usb = (overrides: Partial<Asset> = {}): Asset => makeAsset(6, { id: 'usb', ...overrides });

describe('permitMedium', () => {
  it('records who permitted the medium, when and the note, and a history line', () => {
    const result = permitMedium(usb(), ' 事務局への提出用 ', manager);
    if (!result.ok) throw new Error(result.reason);
    expect(result.asset.mediumPermission).toEqual({ grantedBy: '山田 花子', grantedByUserId: 'yamada', grantedAt: manager.now, note: '事務局への提出用' });
    expect(result.change).toEqual({ field: 'mediumPermission', label: '記録媒体の使用許可', from: 'なし', to: '許可（山田 花子、2026-04-01、事務局への提出用）' });
    expect(result.asset.updatedBy).toBe('山田 花子');
  });

  it.each([
    ['information', { kind: 'information' as const }, 'not-medium'],
    ['a system', { kind: 'system' as const }, 'not-medium'],
    ['a retired medium', { status: 'retired' as const }, 'not-active'],
    ['a disposed medium', { status: 'disposed' as const }, 'not-active'],
    ['a medium already permitted', { mediumPermission: permission }, 'already-permitted'],
  ])('refuses %s', (_what, overrides, reason) => {
    expect(permitMedium(usb(overrides), '', manager)).toEqual({ ok: false, reason });
  });

  it.each([
    ['control characters', 'メモ\u0000\u0007です', 'メモです'],
    ['an overlong note', 'あ'.repeat(500), 'あ'.repeat(200)],
  ])('cleans %s from the note', (_what, note, stored) => {
    const result = permitMedium(usb(), note, manager);
    expect(result.ok && result.asset.mediumPermission?.note).toBe(stored);
  });
});

describe('withdrawMediumPermission', () => {
  it('clears the permission and keeps the old one and the reason in the history', () => {
    const result = withdrawMediumPermission(usb({ mediumPermission: permission }), '紛失のため', manager);
    if (!result.ok) throw new Error(result.reason);
    expect(result.asset.mediumPermission).toBeNull();
    expect(result.change).toMatchObject({ from: '許可（山田 花子、2026-04-01）', to: '取消し（紛失のため）' });
  });

  it('refuses a medium that has no permission (absent on records stored before it existed)', () => {
    expect(withdrawMediumPermission(usb(), '', manager)).toEqual({ ok: false, reason: 'not-permitted' });
    expect(withdrawMediumPermission(usb({ mediumPermission: null }), '', manager)).toEqual({ ok: false, reason: 'not-permitted' });
  });
});

describe('describePermission', () => {
  it.each([
    [null, 'なし'],
    [undefined, 'なし'],
    [{ ...permission, note: '提出用' }, '許可（山田 花子、2026-04-01、提出用）'],
  ])('describes %j', (value, text) => expect(describePermission(value)).toBe(text));
});

describe('mediumIneligibility', () => {
  const labelled = new Set(['usb']);
  it('returns nothing for a permitted, labelled medium in use', () => {
    expect(mediumIneligibility(usb({ mediumPermission: permission }), labelled)).toEqual([]);
  });

  it.each([
    ['no permission', {}, labelled, ['not-permitted']],
    ['a permission withdrawn (null)', { mediumPermission: null }, labelled, ['not-permitted']],
    ['no label printed', { mediumPermission: permission }, new Set<string>(), ['not-labelled']],
    ['retired', { mediumPermission: permission, status: 'retired' as const }, labelled, ['not-active']],
    ['not a medium', { mediumPermission: permission, kind: 'equipment' as const }, labelled, ['not-medium']],
    ['nothing right', { kind: 'information' as const, status: 'disposed' as const }, new Set<string>(), ['not-medium', 'not-active', 'not-permitted', 'not-labelled']],
  ])('names every reason for %s', (_what, overrides, ids, reasons) => {
    expect(mediumIneligibility(usb(overrides), ids)).toEqual(reasons);
  });
});

describe('destinationMedia', () => {
  it('splits media in use into eligible and ineligible (with reasons), sorted by 管理番号, leaving out other kinds and retired media', () => {
    const assets = [
      usb({ id: 'b', managementNumber: 'SM-00009', mediumPermission: permission }),
      usb({ id: 'a', managementNumber: 'SM-00002', mediumPermission: permission }),
      usb({ id: 'c', managementNumber: 'SM-00005' }),
      usb({ id: 'old', managementNumber: 'SM-00001', status: 'retired', mediumPermission: permission }),
      makeAsset(0, { id: 'info' }),
    ];
    const result = destinationMedia(assets, new Set(['a', 'b', 'c', 'old', 'info']));
    expect(result.eligible.map((a) => a.id)).toEqual(['a', 'b']);
    expect(result.ineligible).toEqual([{ asset: assets[2], reasons: ['not-permitted'] }]);
  });

  it('returns empty lists for an empty ledger', () => {
    expect(destinationMedia([], new Set())).toEqual({ eligible: [], ineligible: [] });
  });
});

describe('destinationProblem', () => {
  const eligible = new Set(['usb']);
  const reason = 'あ'.repeat(MIN_OFF_LEDGER_REASON);
  it.each([
    ['a permitted medium', { kind: 'ledgerMedium', assetId: 'usb' }, null],
    ['a medium not (or no longer) eligible', { kind: 'ledgerMedium', assetId: 'other' }, 'medium-not-eligible'],
    ['nothing chosen', null, 'no-medium'],
    ['an empty id', { kind: 'ledgerMedium', assetId: '' }, 'no-medium'],
    ['a forged kind', { kind: 'anything', assetId: 'usb' }, 'no-medium'],
    ['a prototype key', { kind: '__proto__' }, 'no-medium'],
    ['a number', 42, 'no-medium'],
    ['off the ledger with a reason', { kind: 'offLedger', description: '事務局のUSBメモリ', reason }, null],
    ['off the ledger without a description', { kind: 'offLedger', description: '  ', reason }, 'description-required'],
    ['off the ledger with a short reason', { kind: 'offLedger', description: '事務局のUSBメモリ', reason: 'なし' }, 'reason-required'],
    ['off the ledger with a reason of spaces', { kind: 'offLedger', description: '事務局のUSBメモリ', reason: ' '.repeat(20) }, 'reason-required'],
    ['off the ledger with control characters for a reason', { kind: 'offLedger', description: 'USB', reason: '\u0000'.repeat(20) }, 'reason-required'],
    ['off the ledger with an overlong reason', { kind: 'offLedger', description: 'USB', reason: 'あ'.repeat(301) }, 'reason-required'],
  ])('returns the problem for %s', (_what, choice, problem) => {
    expect(destinationProblem(choice, eligible)).toBe(problem);
  });
});

describe('ledgerAssetInput and ledgerAssetClassification', () => {
  it('registers the ledger as information with personal data, proposed (not approved) at class A under the default profile (【03】第4条 職員名簿)', () => {
    const input = ledgerAssetInput({ managementNumber: 'SM-00042', section: '市民課', custodian: '山田 花子' });
    expect(input).toMatchObject({ managementNumber: 'SM-00042', kind: 'information', personalInfoKind: 'personal', owningSection: '市民課', custodian: '山田 花子' });
    const classification = ledgerAssetClassification(nishinomiyaProfile, input, manager);
    expect(classification).toMatchObject({ profileId: 'nishinomiya', levels: { importance: 'A' }, state: 'proposed', proposedBy: '山田 花子', proposedByUserId: 'yamada', approvedBy: null });
  });

  it('follows the profile: under the guideline profile the class is what that profile gives personal information', () => {
    const input = ledgerAssetInput({ managementNumber: 'X-1', section: '税務課', custodian: '課長' });
    const classification = ledgerAssetClassification(micProfile, input, manager);
    expect(classification.profileId).toBe('mic');
    expect(Object.keys(classification.levels).sort()).toEqual(micProfile.objectives.map((o) => o.id).sort());
  });

  it('keeps a very long section name within the field limits', () => {
    const input = ledgerAssetInput({ managementNumber: 'X-1', section: '課'.repeat(300), custodian: '長'.repeat(300) });
    expect(input.name.length).toBeLessThanOrEqual(200);
    expect(input.owningSection.length).toBeLessThanOrEqual(100);
    expect(input.custodian.length).toBeLessThanOrEqual(100);
  });

  it('makes a medium holding only class-C information class A once the ledger is on it (【03】第8条3)', () => {
    const approvedC = { profileId: 'nishinomiya', profileVersion: '1', levels: { importance: 'C' }, recommended: { importance: 'C' }, answers: {}, reasons: [], justification: '', referredToManager: false, state: 'approved' as const, proposedBy: 'x', proposedAt: '', approvedBy: 'y', approvedAt: '' };
    const public1 = makeAsset(4, { id: 'pub', personalInfoKind: 'none', classification: approvedC });
    const input = ledgerAssetInput({ managementNumber: 'SM-09999', section: '市民課', custodian: '山田 花子' });
    const ledger: Asset = { ...makeAsset(0, { id: 'ledger', ...input }), classification: ledgerAssetClassification(nishinomiyaProfile, input, manager) };
    const before = usb({ contents: ['pub'], mediumPermission: permission });
    const after = { ...before, contents: withContent(before.contents, 'ledger') };
    const nodes = (medium: Asset) => new Map<string, Asset>([[medium.id, medium], ['pub', public1], ['ledger', ledger]]);
    expect(deriveClass(nishinomiyaProfile, nodes(before), 'usb')?.levels).toEqual({ importance: 'C' });
    const derived = deriveClass(nishinomiyaProfile, nodes(after), 'usb');
    expect(derived).toMatchObject({ levels: { importance: 'A' }, sources: { importance: ['SM-09999'] }, handling: { importance: 'A' }, undecided: [] });
    expect(assetHandling(nishinomiyaProfile, { ...after, derived }).levels).toEqual({ importance: 'A' });
  });
});

describe('withContent', () => {
  it.each([
    [[], 'x', ['x']],
    [['a'], 'x', ['a', 'x']],
    [['a', 'x'], 'x', ['a', 'x']],
  ])('adds the id once to %j', (contents, id, expected) => expect(withContent(contents, id)).toEqual(expected));
});
