import { afterEach, describe, expect, it } from 'vitest';
import { proposeClassification, type AssetClassification } from '../../../../shared/domain/classification';
import { micProfile, nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import { recommendClassification } from '../../../../shared/domain/recommendClassification';
import { addAsset, getAsset, listHistory } from '../../../../renderer/data/assetRepository';
import { listAudit, verifyAudit } from '../../../../renderer/data/auditRepository';
import { approveAssetClassification, approveAssetClassifications, listProposedAssets, proposedOf, rejectAssetClassification, saveClassification, saveClassifications, setContents } from '../../../../renderer/data/classificationRepository';
import type { DaichoDb } from '../../../../renderer/data/db';
import { loadProfile, listProfiles, switchProfile } from '../../../../renderer/data/profileRepository';
import { saveSettings, getSettings } from '../../../../renderer/data/settingsRepository';
import nishinomiyaJson from '../../../../shared/domain/profiles/nishinomiya.json' with { type: 'json' };
import { assetInput } from '../../../fixtures/assets';
import { freshDb, operator, signIn } from './testDb';

let db: DaichoDb;
afterEach(() => db?.close());

const noAnswers = {
  personalInfo: 'none', secrecyDuty: 'no', corporateSecret: 'no', trustDamage: 'no', businessImpactHigh: 'no', published: 'no',
  nd1_law: 'no', nd2_private: 'no', nd3_corporate: 'no', nd4_intergovernmental: 'no', nd5_deliberation: 'no', nd6_affairs: 'no', nd7_safety: 'no', businessImpactMedium: 'no', receivedFrom: 'none',
};

/** A classification at `level` proposed by 佐藤 (staff), through the real wizard logic. */
function classifiedAs(level: 'A' | 'B' | 'C'): AssetClassification {
  const answers = { ...noAnswers, ...(level === 'A' ? { personalInfo: 'personal' } : level === 'B' ? { nd6_affairs: 'yes' } : {}) };
  const recommendation = recommendClassification(nishinomiyaProfile, answers);
  const result = proposeClassification(nishinomiyaProfile, recommendation, answers, { importance: level }, '', { actor: '佐藤 一郎', now: '2026-04-01T00:00:00.000Z' });
  if (!result.ok) throw new Error(result.reason);
  return result.classification;
}

/** TAPE and USB are media (they may hold assets); everything else is information. */
async function ledgerWith(...numbers: string[]) {
  db = await freshDb();
  for (const [i, number] of numbers.entries()) {
    const kind = number === 'TAPE' || number === 'USB' ? 'recordingMedium' : 'information';
    await addAsset(db, assetInput({ managementNumber: number, name: `資産${i}`, kind }), number, operator());
  }
}

describe('saveClassification', () => {
  it('stores the proposal with history and audit, and derives the class of the containers above', async () => {
    await ledgerWith('TAPE', 'USB', 'FILE');
    await setContents(db, nishinomiyaProfile, 'TAPE', ['USB'], operator());
    await setContents(db, nishinomiyaProfile, 'USB', ['FILE'], operator());
    await signIn(db, 'staff');
    await saveClassification(db, nishinomiyaProfile, 'FILE', classifiedAs('A'), { now: '2026-04-01T00:00:00.000Z' });

    expect((await getAsset(db, 'FILE'))?.classification).toMatchObject({ state: 'proposed', levels: { importance: 'A' }, proposedBy: '佐藤 一郎', proposedByUserId: 'sato' });
    expect((await getAsset(db, 'USB'))?.derived).toEqual({ levels: { importance: 'A' }, sources: { importance: ['FILE'] }, handling: { importance: 'A' }, undecided: [] });
    // The USB memory itself is not classified: the tape holding it is handled as undecided until it is.
    expect((await getAsset(db, 'TAPE'))?.derived).toEqual({ levels: { importance: 'A' }, sources: { importance: ['USB'] }, handling: { importance: 'A' }, undecided: ['USB'] });
    expect((await listHistory(db, 'FILE')).at(-1)).toMatchObject({ action: 'classify', changes: [{ from: '未分類', to: '重要性分類A（提案中）' }] });
    expect((await listAudit(db)).at(-1)).toMatchObject({ action: 'classification.propose', target: 'FILE' });
    expect(await verifyAudit(db)).toMatchObject({ ok: true });
  });

  it('never overwrites the manual class of a container', async () => {
    await ledgerWith('USB', 'FILE');
    await saveClassification(db, nishinomiyaProfile, 'USB', classifiedAs('C'), operator());
    await setContents(db, nishinomiyaProfile, 'USB', ['FILE'], operator());
    await saveClassification(db, nishinomiyaProfile, 'FILE', classifiedAs('B'), operator());
    const usb = await getAsset(db, 'USB');
    expect(usb?.classification?.levels).toEqual({ importance: 'C' });
    expect(usb?.derived?.levels).toEqual({ importance: 'B' });
  });
});

describe('approveAssetClassification', () => {
  it('approves as a manager who did not propose it, and refuses (and logs) the proposer', async () => {
    await ledgerWith('FILE');
    // 佐藤 proposes as staff, then (promoted) tries to approve it himself.
    await signIn(db, 'staff');
    await saveClassification(db, nishinomiyaProfile, 'FILE', classifiedAs('A'), operator());
    expect(await approveAssetClassification(db, nishinomiyaProfile, 'FILE', operator())).toEqual({ ok: false, reason: 'not-permitted' });
    await db.accounts.update('sato', { role: 'securityManager' });
    expect(await approveAssetClassification(db, nishinomiyaProfile, 'FILE', operator())).toEqual({ ok: false, reason: 'own-proposal' });
    expect((await listAudit(db)).filter((e) => e.outcome === 'failure').map((e) => e.detail.reason)).toEqual(['own-proposal']);
    expect((await getAsset(db, 'FILE'))?.classification?.state).toBe('proposed');

    await signIn(db, 'securityManager', { userId: 'tanaka', displayName: '田中 課長', employeeNumber: 'E010' });
    const approved = await approveAssetClassification(db, nishinomiyaProfile, 'FILE', { now: '2026-04-02T00:00:00.000Z' });
    expect(approved).toMatchObject({ ok: true, value: { classification: { state: 'approved', approvedBy: '田中 課長', proposedBy: '佐藤 一郎' } } });
    expect(await verifyAudit(db)).toMatchObject({ ok: true });
  });
});

describe('approveAssetClassification under another profile', () => {
  it('refuses (and logs) approving a class proposed under a profile other than the section\'s, whose levels the approver cannot read', async () => {
    // Proposed in a window still on the Nishinomiya profile after the section switched to the MIC one.
    await ledgerWith('FILE');
    await signIn(db, 'staff');
    await saveClassification(db, nishinomiyaProfile, 'FILE', classifiedAs('A'), operator());
    await signIn(db, 'securityManager', { userId: 'tanaka', displayName: '田中 課長', employeeNumber: 'E010' });
    expect(await approveAssetClassification(db, micProfile, 'FILE', operator())).toEqual({ ok: false, reason: 'other-profile' });
    expect(await approveAssetClassifications(db, micProfile, ['FILE'], operator())).toEqual({ ok: false, reason: 'other-profile' });
    expect((await getAsset(db, 'FILE'))?.classification?.state).toBe('proposed');
    expect((await listAudit(db)).filter((e) => e.action === 'classification.approve').map((e) => [e.outcome, e.detail.reason])).toEqual([
      ['failure', 'other-profile'],
      ['failure', 'other-profile'],
    ]);
    // Sending it back stays possible: the proposer proposes again under the section's profile.
    expect((await rejectAssetClassification(db, micProfile, 'FILE', '分類基準が変わったため提案し直してください', operator())).ok).toBe(true);
  });
});

describe('approveAssetClassifications (まとめて承認)', () => {
  it('approves every proposal, each with its own history line and audit entry', async () => {
    await ledgerWith('F1', 'F2', 'F3');
    await signIn(db, 'staff');
    await saveClassifications(db, nishinomiyaProfile, ['F1', 'F2', 'F3'].map((assetId) => ({ assetId, classification: classifiedAs('A') })), operator());
    await signIn(db, 'securityManager', { userId: 'tanaka', displayName: '田中 課長', employeeNumber: 'E010' });
    const result = await approveAssetClassifications(db, nishinomiyaProfile, ['F1', 'F2', 'F3'], operator('2026-04-02T00:00:00.000Z'));
    expect(result.ok && result.value.map((a) => [a.id, a.classification?.state, a.classification?.approvedBy])).toEqual([
      ['F1', 'approved', '田中 課長'],
      ['F2', 'approved', '田中 課長'],
      ['F3', 'approved', '田中 課長'],
    ]);
    for (const id of ['F1', 'F2', 'F3']) expect((await listHistory(db, id)).at(-1)).toMatchObject({ action: 'approve', actor: '田中 課長' });
    expect((await listAudit(db)).filter((e) => e.action === 'classification.approve').map((e) => [e.target, e.outcome])).toEqual([
      ['F1', 'success'],
      ['F2', 'success'],
      ['F3', 'success'],
    ]);
    expect(await verifyAudit(db)).toMatchObject({ ok: true });
  });

  it('approves none when one of them is the approver\'s own proposal, and logs that refusal', async () => {
    await ledgerWith('F1', 'F2');
    await signIn(db, 'staff');
    await saveClassification(db, nishinomiyaProfile, 'F1', classifiedAs('A'), operator());
    await signIn(db, 'securityManager', { userId: 'tanaka', displayName: '田中 課長', employeeNumber: 'E010' });
    await saveClassification(db, nishinomiyaProfile, 'F2', classifiedAs('B'), operator());
    expect(await approveAssetClassifications(db, nishinomiyaProfile, ['F1', 'F2'], operator())).toEqual({ ok: false, reason: 'own-proposal' });
    for (const id of ['F1', 'F2']) expect((await getAsset(db, id))?.classification?.state).toBe('proposed');
    expect((await listAudit(db)).filter((e) => e.action === 'classification.approve').map((e) => [e.target, e.outcome, e.detail.reason])).toEqual([['F2', 'failure', 'own-proposal']]);
  });

  it.each([
    ['one asset is missing', ['F1', 'GONE'], 'not-found'],
    ['nothing is selected', [], 'not-found'],
  ])('approves none when %s', async (_name, ids, reason) => {
    await ledgerWith('F1');
    await signIn(db, 'staff');
    await saveClassification(db, nishinomiyaProfile, 'F1', classifiedAs('A'), operator());
    await signIn(db, 'securityManager', { userId: 'tanaka', displayName: '田中 課長', employeeNumber: 'E010' });
    expect(await approveAssetClassifications(db, nishinomiyaProfile, ids, operator())).toEqual({ ok: false, reason });
    expect((await getAsset(db, 'F1'))?.classification?.state).toBe('proposed');
  });
});

describe('proposedOf / listProposedAssets (承認待ち and its count)', () => {
  it('lists only proposals, oldest first, the same from the database and from the ledger in memory', async () => {
    await ledgerWith('F1', 'F2', 'F3', 'F4');
    await signIn(db, 'staff');
    await saveClassification(db, nishinomiyaProfile, 'F3', classifiedAs('A'), operator('2026-04-01T00:00:00.000Z'));
    await saveClassification(db, nishinomiyaProfile, 'F1', classifiedAs('B'), operator('2026-04-03T00:00:00.000Z'));
    await saveClassification(db, nishinomiyaProfile, 'F2', classifiedAs('C'), operator('2026-04-02T00:00:00.000Z'));
    await signIn(db, 'securityManager', { userId: 'tanaka', displayName: '田中 課長', employeeNumber: 'E010' });
    await approveAssetClassification(db, nishinomiyaProfile, 'F2', operator());
    const stored = await listProposedAssets(db);
    expect(stored.map((a) => a.id)).toEqual(['F3', 'F1']);
    expect(proposedOf(await db.assets.toArray()).map((a) => a.id)).toEqual(['F3', 'F1']);
  });

  // The top bar counts proposals on every screen: a proposal whose proposedAt was removed by hand in
  // IndexedDB threw in the sort (undefined.localeCompare) and blanked the whole window.
  it('still lists a proposal whose proposedAt was edited away by hand, last', async () => {
    await ledgerWith('F1', 'F2', 'F3');
    await signIn(db, 'staff');
    for (const [i, id] of ['F1', 'F2', 'F3'].entries()) await saveClassification(db, nishinomiyaProfile, id, classifiedAs('A'), operator(`2026-04-0${i + 1}T00:00:00.000Z`));
    const f2 = (await getAsset(db, 'F2'))!;
    await db.assets.put({ ...f2, classification: { ...f2.classification!, proposedAt: undefined as unknown as string } });
    expect(proposedOf(await db.assets.toArray()).map((a) => a.id)).toEqual(['F1', 'F3', 'F2']);
    expect((await listProposedAssets(db)).map((a) => a.id)).toEqual(['F1', 'F3', 'F2']);
  });
});

describe('rejectAssetClassification', () => {
  it('sends the proposal back with a comment the proposer reads on the asset, recorded in history and audit', async () => {
    await ledgerWith('FILE');
    await signIn(db, 'staff');
    await saveClassification(db, nishinomiyaProfile, 'FILE', classifiedAs('C'), operator());
    // Staff may not send back; the proposer (promoted) may not either; a comment too short says nothing.
    expect(await rejectAssetClassification(db, nishinomiyaProfile, 'FILE', '個人情報が含まれています', operator())).toEqual({ ok: false, reason: 'not-permitted' });
    await db.accounts.update('sato', { role: 'securityManager' });
    expect(await rejectAssetClassification(db, nishinomiyaProfile, 'FILE', '個人情報が含まれています', operator())).toEqual({ ok: false, reason: 'own-proposal' });
    await db.accounts.update('sato', { role: 'staff' });
    await signIn(db, 'securityManager', { userId: 'tanaka', displayName: '田中 課長', employeeNumber: 'E010' });
    for (const comment of ['', '   ', 'だめ']) expect(await rejectAssetClassification(db, nishinomiyaProfile, 'FILE', comment, operator())).toEqual({ ok: false, reason: 'comment-required' });
    expect((await getAsset(db, 'FILE'))?.classification).toMatchObject({ state: 'proposed' });

    const rejected = await rejectAssetClassification(db, nishinomiyaProfile, 'FILE', '  申請者の住所が含まれるためAです  ', { now: '2026-04-02T00:00:00.000Z' });
    expect(rejected).toMatchObject({ ok: true, value: { classification: { state: 'needsReview', rejection: { by: '田中 課長', byUserId: 'tanaka', at: '2026-04-02T00:00:00.000Z', comment: '申請者の住所が含まれるためAです' } } } });
    expect((await listHistory(db, 'FILE')).at(-1)).toMatchObject({ action: 'reject', actor: '田中 課長', changes: [{ from: '重要性分類C（提案中）', to: '重要性分類C（要見直し）（差戻しの理由: 申請者の住所が含まれるためAです）' }] });
    const audit = (await listAudit(db)).filter((e) => e.action === 'classification.reject');
    expect(audit.map((e) => [e.outcome, e.detail.reason ?? e.detail.comment])).toEqual([
      ['failure', 'own-proposal'],
      ['failure', 'comment-required'],
      ['failure', 'comment-required'],
      ['failure', 'comment-required'],
      ['success', '申請者の住所が含まれるためAです'],
    ]);
    // Nothing to send back twice; approving a sent-back class is refused until it is proposed again.
    expect(await rejectAssetClassification(db, nishinomiyaProfile, 'FILE', 'もう一度差し戻します', operator())).toEqual({ ok: false, reason: 'not-proposed' });
    expect(await approveAssetClassification(db, nishinomiyaProfile, 'FILE', operator())).toEqual({ ok: false, reason: 'not-proposed' });

    // The next proposal answers the comment: it clears it, whatever the caller passes.
    await signIn(db, 'staff');
    await saveClassification(db, nishinomiyaProfile, 'FILE', { ...classifiedAs('A'), rejection: { by: 'x', byUserId: 'x', at: 'x', comment: '偽の差戻し' } }, operator());
    const again = (await getAsset(db, 'FILE'))?.classification;
    expect(again).toMatchObject({ state: 'proposed', levels: { importance: 'A' } });
    expect(again?.rejection).toBeUndefined();
    expect(await verifyAudit(db)).toMatchObject({ ok: true });
  });
});

describe('saveClassifications (bulk)', () => {
  it('records one proposal per asset, each in history and audit, with the batch size', async () => {
    await ledgerWith('F1', 'F2', 'F3');
    await signIn(db, 'staff');
    const result = await saveClassifications(db, nishinomiyaProfile, ['F1', 'F2', 'F3'].map((assetId) => ({ assetId, classification: classifiedAs('B') })), operator());
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(result.value.map((a) => [a.id, a.classification?.state, a.classification?.proposedByUserId])).toEqual([
      ['F1', 'proposed', 'sato'],
      ['F2', 'proposed', 'sato'],
      ['F3', 'proposed', 'sato'],
    ]);
    for (const id of ['F1', 'F2', 'F3']) expect((await listHistory(db, id)).at(-1)).toMatchObject({ action: 'classify', changes: [{ to: '重要性分類B（提案中）' }] });
    expect((await listAudit(db)).filter((e) => e.action === 'classification.propose').map((e) => [e.target, e.detail.batch])).toEqual([
      ['F1', 3],
      ['F2', 3],
      ['F3', 3],
    ]);
    // Each is approved on its own, and not by the proposer.
    await db.accounts.update('sato', { role: 'securityManager' });
    expect(await approveAssetClassification(db, nishinomiyaProfile, 'F2', operator())).toEqual({ ok: false, reason: 'own-proposal' });
    expect(await verifyAudit(db)).toMatchObject({ ok: true });
  });

  it.each([
    ['one asset missing', ['F1', 'GONE'], 'not-found'],
    ['the same asset twice', ['F1', 'F1'], 'failed'],
    ['nothing selected', [], 'failed'],
  ])('stores nothing when %s', async (_name, ids, reason) => {
    await ledgerWith('F1', 'F2');
    const auditBefore = (await listAudit(db)).length;
    const result = await saveClassifications(db, nishinomiyaProfile, ids.map((assetId) => ({ assetId, classification: classifiedAs('A') })), operator());
    expect(result).toEqual({ ok: false, reason });
    expect((await getAsset(db, 'F1'))?.classification).toBeNull();
    expect(await listHistory(db, 'F1')).toHaveLength(1);
    expect((await listAudit(db)).length).toBe(auditBefore);
  });

  it('is refused to an auditor and without a session, and changes nothing', async () => {
    await ledgerWith('F1');
    await signIn(db, 'auditor');
    expect(await saveClassifications(db, nishinomiyaProfile, [{ assetId: 'F1', classification: classifiedAs('A') }], operator())).toEqual({ ok: false, reason: 'not-permitted' });
    expect((await getAsset(db, 'F1'))?.classification).toBeNull();
  });
});

describe('setContents', () => {
  it('refuses a containment cycle and leaves everything as it was', async () => {
    await ledgerWith('TAPE', 'USB', 'FILE');
    await setContents(db, nishinomiyaProfile, 'TAPE', ['USB'], operator());
    await setContents(db, nishinomiyaProfile, 'USB', ['FILE'], operator());
    expect(await setContents(db, nishinomiyaProfile, 'USB', ['FILE', 'TAPE'], operator())).toEqual({ ok: false, reason: 'cycle' });
    expect(await setContents(db, nishinomiyaProfile, 'USB', ['USB'], operator())).toEqual({ ok: false, reason: 'cycle' });
    expect((await getAsset(db, 'USB'))?.contents).toEqual(['FILE']);
  });

  it('refuses contents for a kind that cannot hold assets, but lets them be removed', async () => {
    await ledgerWith('USB', 'FILE', 'MEMO');
    expect(await setContents(db, nishinomiyaProfile, 'FILE', ['MEMO'], operator())).toEqual({ ok: false, reason: 'not-container' });
    expect((await getAsset(db, 'FILE'))?.contents).toEqual([]);
    // An entry stored before the rule keeps what it has until someone removes it.
    await db.assets.update('FILE', { contents: ['MEMO', 'USB'] });
    expect(await setContents(db, nishinomiyaProfile, 'FILE', ['USB'], operator())).toMatchObject({ ok: true, value: { contents: ['USB'] } });
  });

  it('marks a container whose content is unclassified as undecided', async () => {
    await ledgerWith('USB', 'FILE');
    await setContents(db, nishinomiyaProfile, 'USB', ['FILE'], operator());
    expect((await getAsset(db, 'USB'))?.derived).toEqual({ levels: {}, sources: {}, handling: { importance: 'A' }, undecided: ['FILE'] });
  });

  it('refuses an unknown management number', async () => {
    await ledgerWith('USB');
    expect(await setContents(db, nishinomiyaProfile, 'USB', ['NOPE'], operator())).toEqual({ ok: false, reason: 'unknown-asset' });
  });

  it('clears the derived class when the contents are removed', async () => {
    await ledgerWith('USB', 'FILE');
    await saveClassification(db, nishinomiyaProfile, 'FILE', classifiedAs('A'), operator());
    await setContents(db, nishinomiyaProfile, 'USB', ['FILE'], operator());
    expect((await getAsset(db, 'USB'))?.derived?.levels).toEqual({ importance: 'A' });
    await setContents(db, nishinomiyaProfile, 'USB', [], operator());
    expect((await getAsset(db, 'USB'))?.derived).toBeNull();
  });
});

describe('profiles', () => {
  const settings = { organisation: '西宮市', section: '市民課', managementPrefix: 'SM-', dateStyle: 'seireki' as const, profileId: 'nishinomiya' };

  it('loads a distributed profile file and refuses a broken one, naming the field', async () => {
    db = await freshDb();
    const custom = { ...structuredClone(nishinomiyaJson), id: 'kobe', name: '神戸市 分類基準' };
    expect(await loadProfile(db, custom, operator())).toMatchObject({ ok: true, profile: { id: 'kobe' } });
    expect((await listProfiles(db)).map((p) => p.id)).toEqual(['nishinomiya', 'mic', 'kobe']);
    const broken = structuredClone(custom);
    broken.rules[2]!.minLevel = 'AA';
    expect(await loadProfile(db, broken, operator())).toMatchObject({ ok: false, reason: 'invalid', field: 'rules[2].minLevel' });
    expect(await loadProfile(db, { ...custom, id: 'mic' }, operator())).toEqual({ ok: false, reason: 'bundled-id' });
  });

  it('records reloading a profile under an id already in use as a switch, marking earlier-version classes for review', async () => {
    await ledgerWith('FILE', 'USB');
    const v1 = { ...structuredClone(nishinomiyaJson), id: 'kobe', name: '神戸市 分類基準', version: '1' };
    const loaded = await loadProfile(db, v1, operator());
    if (!loaded.ok) throw new Error(loaded.reason);
    const kobeSettings = { ...settings, profileId: 'kobe' };
    await saveSettings(db, kobeSettings, operator('now'));
    await saveClassification(db, loaded.profile, 'FILE', { ...classifiedAs('A'), profileId: 'kobe', profileVersion: '1' }, operator());
    await setContents(db, loaded.profile, 'USB', ['FILE'], operator());

    const v2 = { ...v1, version: '2' };
    expect(await loadProfile(db, v2, operator('later'))).toMatchObject({ ok: true, profile: { id: 'kobe', version: '2' } });
    expect((await listProfiles(db)).filter((p) => p.id === 'kobe').map((p) => p.version)).toEqual(['2']);
    expect((await getAsset(db, 'FILE'))?.classification).toMatchObject({ state: 'needsReview', levels: { importance: 'A' }, profileVersion: '1' });
    expect((await listAudit(db)).at(-1)).toMatchObject({ action: 'profile.switch', actor: '山田 花子', target: 'kobe', detail: { from: 'kobe 1', to: 'kobe 2', reloaded: true, markedForReview: 1 } });
    expect(await verifyAudit(db)).toMatchObject({ ok: true });
  });

  it('loads a profile stored before the schema was strict (reviewIntervalMonths) and refuses an unknown key', async () => {
    db = await freshDb();
    const { review: _review, ...rest } = structuredClone(nishinomiyaJson) as Record<string, unknown>;
    const legacy = { ...rest, id: 'legacy', reviewIntervalMonths: 6 };
    expect(await loadProfile(db, legacy, operator())).toMatchObject({ ok: true, profile: { id: 'legacy', review: { intervalMonths: 6 } } });
    expect(await loadProfile(db, { ...legacy, id: 'other', colour: 'red' }, operator())).toMatchObject({ ok: false, reason: 'invalid', field: 'colour' });
  });

  it('lists a profile stored in the database before the schema was strict, migrated on read', async () => {
    db = await freshDb();
    const { review: _review, ...rest } = structuredClone(nishinomiyaJson) as Record<string, unknown>;
    await db.settings.put({ key: 'customProfiles', value: [{ ...rest, id: 'stored', reviewIntervalMonths: 24 }, { ...rest, id: 'broken', extra: true }] });
    const listed = await listProfiles(db);
    expect(listed.find((p) => p.id === 'stored')?.review.intervalMonths).toBe(24);
    // A stored copy that no longer validates is left out rather than used with parts dropped.
    expect(listed.map((p) => p.id)).not.toContain('broken');
  });

  it('switching marks other-profile classifications for review, keeps their levels and is audited', async () => {
    await ledgerWith('FILE', 'USB');
    await saveSettings(db, settings, { now: 'now' });
    await saveClassification(db, nishinomiyaProfile, 'FILE', classifiedAs('A'), operator());
    const result = await switchProfile(db, settings, micProfile, operator());
    expect(result).toMatchObject({ ok: true, value: { markedForReview: 1, review: { checked: 1 } } });
    expect((await getAsset(db, 'FILE'))?.classification).toMatchObject({ state: 'needsReview', levels: { importance: 'A' }, profileId: 'nishinomiya' });
    expect((await getSettings(db))?.profileId).toBe('mic');
    expect((await listAudit(db)).at(-1)).toMatchObject({ action: 'profile.switch', detail: { from: 'nishinomiya', to: 'mic', markedForReview: 1 } });
  });

  it('refuses a switch by staff', async () => {
    await ledgerWith('FILE');
    await signIn(db, 'staff');
    expect(await switchProfile(db, settings, micProfile, operator())).toEqual({ ok: false, reason: 'not-permitted' });
  });
});
