/**
 * Editing a content's ledger facts recomputes the containers above it in the same write: a proposal
 * counts at the strictest of itself and what the ledger's facts give (【03】第6条3), so the medium
 * holding it follows at once (【03】第8条3).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addAsset, getAsset, updateAsset } from '../../../../renderer/data/assetRepository';
import { approveAssetClassification, saveClassification, setContents } from '../../../../renderer/data/classificationRepository';
import type { DaichoDb } from '../../../../renderer/data/db';
import { saveSettings } from '../../../../renderer/data/settingsRepository';
import type { AssetClassification } from '../../../../shared/domain/classification';
import { assetHandling } from '../../../../shared/domain/deriveClass';
import { nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import { assetInput } from '../../../fixtures/assets';
import { freshDb, operator, signIn } from './testDb';

let db: DaichoDb;
afterEach(() => db?.close());

const settings = { organisation: '西宮市', section: '市民課', managementPrefix: 'SM-', dateStyle: 'seireki' as const, profileId: 'nishinomiya' };
const proposedC: AssetClassification = {
  profileId: 'nishinomiya', profileVersion: nishinomiyaProfile.version, levels: { importance: 'C' }, recommended: { importance: 'C' }, answers: {}, reasons: [], justification: '',
  referredToManager: false, state: 'proposed', proposedBy: '', proposedAt: '', approvedBy: null, approvedAt: null,
};

async function mediumHoldingProposal() {
  db = await freshDb();
  await saveSettings(db, settings, operator());
  const file = assetInput({ managementNumber: 'SM-00001', name: '会議資料', personalInfoKind: 'none', networkSegment: 'lgwan' });
  await addAsset(db, file, 'file', operator());
  await addAsset(db, assetInput({ managementNumber: 'SM-00002', name: 'USBメモリ', kind: 'recordingMedium', personalInfoKind: 'none', networkSegment: 'none' }), 'usb', operator());
  await signIn(db, 'staff');
  await saveClassification(db, nishinomiyaProfile, 'file', proposedC, operator());
  await saveClassification(db, nishinomiyaProfile, 'usb', proposedC, operator());
  await signIn(db, 'securityManager');
  await approveAssetClassification(db, nishinomiyaProfile, 'usb', operator());
  await setContents(db, nishinomiyaProfile, 'usb', ['SM-00001'], operator());
  return file;
}

describe('updateAsset and the containers above', () => {
  it('raises the medium when a proposed content turns out to hold personal information', async () => {
    const file = await mediumHoldingProposal();
    expect(assetHandling(nishinomiyaProfile, (await getAsset(db, 'usb'))!).levels).toEqual({ importance: 'C' });
    const result = await updateAsset(db, 'file', { ...file, personalInfoKind: 'personal' }, operator());
    expect(result.ok).toBe(true);
    const usb = (await getAsset(db, 'usb'))!;
    expect(usb.derived?.handling).toEqual({ importance: 'A' });
    expect(assetHandling(nishinomiyaProfile, usb).levels).toEqual({ importance: 'A' });
  });

  it('leaves the medium as it was when a field the rules do not read changes', async () => {
    const file = await mediumHoldingProposal();
    const before = (await getAsset(db, 'usb'))!;
    expect((await updateAsset(db, 'file', { ...file, location: '別館2階' }, operator())).ok).toBe(true);
    expect(await getAsset(db, 'usb')).toEqual(before);
  });
});
