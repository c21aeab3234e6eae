import { afterEach, describe, expect, it } from 'vitest';
import type { DaichoDb } from '../../../../renderer/data/db';
import { appendAudit, verifyAuditInRanges } from '../../../../renderer/data/auditRepository';
import { addAsset } from '../../../../renderer/data/assetRepository';
import { auditStateOf, listInspectionExceptions, loadInspectionFacts, recordSelfInspection, toInspectionAsset } from '../../../../renderer/data/reportRepository';
import { buildSelfInspection } from '../../../../shared/domain/selfInspection';
import { nishinomiyaProfile, micProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import { assetInput, makeAsset } from '../../../fixtures/assets';
import { requestExceptionFor, advanceException } from '../../../../renderer/data/exceptionRepository';
import { freshDb, operator, signIn } from './testDb';

let db: DaichoDb;
afterEach(() => db?.close());

/** The report's audit state as the screen gets it: a full verification (in this thread here, in workers in the app). */
const loadAuditState = async (db: DaichoDb) => auditStateOf(await verifyAuditInRanges(db, 2));

const restoreTest = (at: string, outcome: 'success' | 'failure') => ({ at, actor: '山田 花子', action: 'backup.restoreTest' as const, target: '', outcome, detail: {} });

describe('loadInspectionFacts', () => {
  it('reads the last matching restore test, labelled assets and an intact audit chain', async () => {
    db = await freshDb();
    await addAsset(db, assetInput({ managementNumber: 'SM-00001', kind: 'recordingMedium' }), 'a1', operator());
    await db.transaction('rw', db.audit, () => appendAudit(db, [restoreTest('2026-05-01T00:00:00.000Z', 'success'), restoreTest('2026-09-01T00:00:00.000Z', 'failure')]));
    await db.labelPrints.add({ at: '2026-04-01T00:00:00.000Z', actor: '山田 花子', labelProfileId: 'x', labelProfileName: 'x', templateId: 'a4-24', assetIds: ['a1'], skip: 0, output: 'pdf' });
    const facts = await loadInspectionFacts(db, nishinomiyaProfile);
    expect(facts.backup).toEqual({ lastBackupAt: null, intervalDays: 30, lastRestoreTestAt: '2026-05-01T00:00:00.000Z' });
    expect([...facts.labelledAssetIds]).toEqual(['a1']);
    const audit = await loadAuditState(db);
    expect(audit.chain).toEqual({ ok: true, entries: await db.audit.count() });
    expect([audit.lastAnchor, audit.sinceAnchor]).toEqual([null, 'ok']);
    expect(facts.exceptions).toEqual(await listInspectionExceptions(db));
  });

  it('reports the first broken entry when the audit log was edited', async () => {
    db = await freshDb();
    await addAsset(db, assetInput(), 'a1', operator());
    const first = (await db.audit.orderBy('seq').first())!;
    await db.audit.put({ ...first, actor: '書き換えた人' });
    expect((await loadAuditState(db)).chain).toEqual({ ok: false, brokenAt: first.seq });
  });
});

describe('listInspectionExceptions', () => {
  it('reads the exceptions register: a request stays open, an approved measure carries its last day and next check, a withdrawn one is closed', async () => {
    db = await freshDb();
    await addAsset(db, assetInput({ managementNumber: 'SM-00001' }), 'a1', operator());
    const day = { now: '2026-04-01T00:00:00.000Z', today: '2026-04-01' };
    const input = { rule: '【03】第7条4', reason: '暗号化ソフトの更新待ちのため', compensatingMeasures: '施錠保管庫に保管する', periodFrom: '2026-04-01', periodTo: '2026-06-30', checkIntervalDays: 30, assetIds: ['a1'] };
    await signIn(db, 'staff');
    const first = await requestExceptionFor(db, input, day);
    const second = await requestExceptionFor(db, input, day);
    const third = await requestExceptionFor(db, input, day);
    if (!first.ok || !second.ok || !third.ok) throw new Error('request refused');
    await signIn(db, 'securityManager', { userId: 'suzuki', displayName: '鈴木 一郎', employeeNumber: 'E-2' });
    expect((await advanceException(db, second.value.id!, { kind: 'decide', approve: true, reason: '' }, day)).ok).toBe(true);
    await signIn(db, 'staff');
    expect((await advanceException(db, third.value.id!, { kind: 'withdraw' }, day)).ok).toBe(true);
    const listed = await listInspectionExceptions(db);
    expect(listed.map((e) => [e.state, e.until, e.nextCheckOn])).toEqual([
      ['requested', '2026-06-30', ''],
      ['approved', '2026-06-30', '2026-05-01'],
      ['closed', '2026-06-30', ''],
    ]);
    expect(listed[0]?.title).toBe('【03】第7条4（SM-00001）');
  });
});

describe('toInspectionAsset', () => {
  it('counts a class made under another profile as waiting for review', () => {
    const asset = makeAsset(1, { classification: { profileId: micProfile.id, profileVersion: '1', levels: { x: '1' }, recommended: {}, answers: {}, reasons: [], justification: '', referredToManager: false, state: 'approved', proposedBy: '', proposedAt: '', approvedBy: null, approvedAt: null } });
    expect(toInspectionAsset(asset, nishinomiyaProfile.id).classification?.state).toBe('needsReview');
    expect(toInspectionAsset(makeAsset(2), nishinomiyaProfile.id).classification).toBeNull();
  });
});

describe('recordSelfInspection', () => {
  it('writes one audit entry with the chosen day, the output and every line\'s count', async () => {
    db = await freshDb();
    const facts = await loadInspectionFacts(db, nishinomiyaProfile);
    const report = buildSelfInspection({ ...facts, audit: await loadAuditState(db), organisation: '西宮市', section: '市民課', profile: nishinomiyaProfile }, '2026-11-29');
    expect(await recordSelfInspection(db, report, 'workbook', operator())).toEqual({ ok: true, value: undefined });
    const entry = (await db.audit.orderBy('seq').last())!;
    expect(entry).toMatchObject({ action: 'report.selfInspection', actor: '山田 花子', target: '2026-11-29', detail: { output: 'workbook', asOf: '2026-11-29' } });
    expect((entry.detail as { lines: string[] }).lines).toEqual(report.lines.map((l) => `${l.title} ${l.value}`));
  });
});
