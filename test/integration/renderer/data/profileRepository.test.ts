/**
 * The profile editor's write: security managers only (checked inside the write), the loader's strict
 * schema again on whatever arrives, a new version for every change, each recorded; and the switch's
 * review list, computed before the switch and recorded with it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addAsset, getAsset } from '../../../../renderer/data/assetRepository';
import { listAudit, verifyAudit } from '../../../../renderer/data/auditRepository';
import { saveClassification } from '../../../../renderer/data/classificationRepository';
import type { DaichoDb } from '../../../../renderer/data/db';
import { getSwitchReview, listProfiles, saveEditedProfile, switchProfile } from '../../../../renderer/data/profileRepository';
import { saveSettings } from '../../../../renderer/data/settingsRepository';
import type { AssetClassification } from '../../../../shared/domain/classification';
import { blankDraft, validateDraft } from '../../../../shared/domain/profileEditing';
import type { PolicyProfile } from '../../../../shared/domain/policyProfile';
import { assetInput } from '../../../fixtures/assets';
import { freshDb, operator, signIn } from './testDb';

let db: DaichoDb;
afterEach(() => db?.close());

const settings = { organisation: '西宮市', section: '市民課', managementPrefix: 'SM-', dateStyle: 'seireki' as const, profileId: 'nishinomiya' };

/** The blank draft (機密性1・2) under an office id, as the editor would hand it over. */
function officeProfile(version = '1', changeNote = '5段階の分類基準を作成'): PolicyProfile {
  const result = validateDraft({ ...blankDraft(), id: 'kobe', version, changeNote }, { bundledIds: [], stored: [] });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.profile;
}

const proposal = (profile: PolicyProfile, level: string, recommended: string): AssetClassification => ({
  profileId: profile.id, profileVersion: profile.version, levels: { confidentiality: level }, recommended: { confidentiality: recommended }, answers: { personalInfo: 'personal' },
  reasons: [], justification: '', referredToManager: false, state: 'proposed', proposedBy: '', proposedAt: '', approvedBy: null, approvedAt: null,
});

describe('saveEditedProfile', () => {
  it('stores an edited profile, lists it, and records who wrote which version with its change note', async () => {
    db = await freshDb();
    expect(await saveEditedProfile(db, officeProfile(), operator())).toMatchObject({ ok: true, replaced: null, profile: { id: 'kobe', changeNote: '5段階の分類基準を作成' } });
    expect((await listProfiles(db)).map((p) => p.id)).toEqual(['nishinomiya', 'mic', 'kobe']);
    expect((await listAudit(db)).at(-1)).toMatchObject({ action: 'profile.edit', actor: '山田 花子', target: 'kobe', outcome: 'success', detail: { version: '1', changeNote: '5段階の分類基準を作成' } });
    expect((await verifyAudit(db)).ok).toBe(true);
  });

  it.each(['staff', 'auditor'] as const)('refuses %s and changes nothing', async (role) => {
    db = await freshDb(undefined, { signedIn: role });
    const auditBefore = (await listAudit(db)).length;
    expect(await saveEditedProfile(db, officeProfile(), operator())).toEqual({ ok: false, reason: 'not-permitted' });
    expect((await listProfiles(db)).map((p) => p.id)).toEqual(['nishinomiya', 'mic']);
    expect(await listAudit(db)).toHaveLength(auditBefore);
  });

  it('refuses without a session', async () => {
    db = await freshDb(undefined, { signedIn: null });
    expect(await saveEditedProfile(db, officeProfile(), operator())).toEqual({ ok: false, reason: 'not-signed-in' });
  });

  it.each<[string, (p: Record<string, unknown>) => unknown, object]>([
    ['data the schema refuses (an unknown key)', (p) => ({ ...p, extra: 1 }), { reason: 'invalid', field: 'extra' }],
    ['a level the rules name that is gone', (p) => ({ ...p, rules: [{ ...(p.rules as object[])[0], minLevel: '4' }] }), { reason: 'invalid', field: 'rules[0].minLevel' }],
    ['a bundled id', (p) => ({ ...p, id: 'mic' }), { reason: 'bundled-id' }],
    ['no change note', (p) => ({ ...p, changeNote: undefined }), { reason: 'change-note-required' }],
    ['not an object', () => 'kobe', { reason: 'invalid' }],
  ])('refuses %s, whatever the form let through', async (_name, breakIt, refusal) => {
    db = await freshDb();
    const data = breakIt(JSON.parse(JSON.stringify(officeProfile())) as Record<string, unknown>);
    expect(await saveEditedProfile(db, data, operator())).toMatchObject({ ok: false, ...refusal });
    expect(await listProfiles(db)).toHaveLength(2);
  });

  it('refuses the same id and version again, and takes a new version as a recorded switch that marks earlier classes for review', async () => {
    db = await freshDb();
    const v1 = officeProfile();
    await saveEditedProfile(db, v1, operator());
    await saveSettings(db, { ...settings, profileId: 'kobe' }, operator());
    await addAsset(db, assetInput({ managementNumber: 'SM-00001' }), 'a1', operator());
    await saveClassification(db, v1, 'a1', proposal(v1, '2', '2'), operator());

    expect(await saveEditedProfile(db, { ...v1, changeNote: '別の変更' }, operator())).toEqual({ ok: false, reason: 'version-exists' });
    const v2 = officeProfile('2', '3Cの定義を修正');
    expect(await saveEditedProfile(db, v2, operator('2026-05-01T00:00:00.000Z'))).toMatchObject({ ok: true, replaced: { version: '1', markedForReview: 1 } });
    expect((await getAsset(db, 'a1'))?.classification).toMatchObject({ state: 'needsReview', levels: { confidentiality: '2' } });
    expect((await listAudit(db)).slice(-2)).toMatchObject([
      { action: 'profile.edit', detail: { previousVersion: '1', version: '2', changeNote: '3Cの定義を修正' } },
      { action: 'profile.switch', detail: { from: 'kobe 1', to: 'kobe 2', reloaded: true, markedForReview: 1 } },
    ]);
  });
});

describe('switchProfile and getSwitchReview', () => {
  it('shows the review list before the switch, changes nothing while doing so, and records it with the switch', async () => {
    db = await freshDb();
    const office = officeProfile();
    await saveEditedProfile(db, office, operator());
    await saveSettings(db, { ...settings, profileId: 'mic' }, operator());
    await addAsset(db, assetInput({ managementNumber: 'SM-00001' }), 'a1', operator());
    await addAsset(db, assetInput({ managementNumber: 'SM-00002', personalInfoKind: 'none' }), 'a2', operator());
    const mic = (await listProfiles(db)).find((p) => p.id === 'mic')!;
    await saveClassification(db, mic, 'a1', { ...proposal(mic, '3', '2'), profileId: 'mic' }, operator());

    const before = await db.assets.toArray();
    const review = await getSwitchReview(db, office);
    expect(review.entries.map((e) => [e.managementNumber, e.reasons.map((r) => r.kind)])).toEqual([['SM-00001', ['levelMissing']]]);
    expect(await db.assets.toArray()).toEqual(before);

    const result = await switchProfile(db, { ...settings, profileId: 'mic' }, office, operator());
    expect(result).toMatchObject({ ok: true, value: { markedForReview: 1, review } });
    expect((await listAudit(db)).at(-1)).toMatchObject({ action: 'profile.switch', detail: { from: 'mic', to: 'kobe', version: '1', needsReview: 1, reviewNumbers: ['SM-00001'] } });
  });

  // 「確認して切り替える」 double-clicked: the second call still carried the screen's old settings and
  // recorded a second switch (from the old profile again) for a switch already made.
  it('refuses a switch to the profile the section already uses, writing nothing', async () => {
    db = await freshDb();
    const office = officeProfile();
    await saveEditedProfile(db, office, operator());
    await saveSettings(db, settings, operator());
    expect((await switchProfile(db, settings, office, operator())).ok).toBe(true);
    const audited = await db.audit.count();
    expect(await switchProfile(db, settings, office, operator())).toEqual({ ok: false, reason: 'wrong-state' });
    expect(await db.audit.count()).toBe(audited);
    expect((await listAudit(db)).filter((e) => e.action === 'profile.switch')).toHaveLength(1);
  });

  // The screen passes the settings it drew when it opened; another window may have saved others since.
  it('keeps settings saved meanwhile in another window, changing only the profile', async () => {
    db = await freshDb();
    const office = officeProfile();
    await saveEditedProfile(db, office, operator());
    await saveSettings(db, settings, operator());
    const drawn = { ...settings };
    await saveSettings(db, { ...settings, section: '市民課（住民記録係）', dateStyle: 'wareki' }, operator());
    expect((await switchProfile(db, drawn, office, operator())).ok).toBe(true);
    expect((await db.settings.get('section'))?.value).toMatchObject({ section: '市民課（住民記録係）', dateStyle: 'wareki', profileId: office.id });
    expect((await listAudit(db)).at(-1)).toMatchObject({ action: 'profile.switch', detail: { from: 'nishinomiya', to: office.id } });
  });

  it('refuses a switch by staff before anything is computed or written', async () => {
    db = await freshDb();
    await saveEditedProfile(db, officeProfile(), operator());
    await signIn(db, 'staff');
    expect(await switchProfile(db, settings, officeProfile(), operator())).toEqual({ ok: false, reason: 'not-permitted' });
  });
});
