/**
 * The one permission gate, tested against every write the data layer exports: each is called with
 * each role and with no session. A write the table refuses returns 'not-permitted' (no session:
 * 'not-signed-in') and changes nothing at all; a permitted one gets past the gate (it may still fail
 * for its own reasons, e.g. a wrong password). A last test lists the repositories' exports, so a new
 * write that is not in this table fails here instead of slipping past the gate.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { IDBKeyRange } from 'fake-indexeddb';
import * as accountRepository from '../../../../renderer/data/accountRepository';
import * as assetRepository from '../../../../renderer/data/assetRepository';
import * as auditRepository from '../../../../renderer/data/auditRepository';
import * as backupRepository from '../../../../renderer/data/backupRepository';
import { countBackup } from '../../../../shared/backup/backupContent';
import * as classificationRepository from '../../../../renderer/data/classificationRepository';
import * as exchangeRepository from '../../../../renderer/data/exchangeRepository';
import * as keyRepository from '../../../../renderer/data/keyRepository';
import * as labelRepository from '../../../../renderer/data/labelRepository';
import * as profileRepository from '../../../../renderer/data/profileRepository';
import * as registerRepository from '../../../../renderer/data/registerRepository';
import * as reportRepository from '../../../../renderer/data/reportRepository';
import { buildSelfInspection } from '../../../../shared/domain/selfInspection';
import * as settingsRepository from '../../../../renderer/data/settingsRepository';
import * as workerRefusalRepository from '../../../../renderer/data/workerRefusalRepository';
import * as stockTakeRepository from '../../../../renderer/data/stockTakeRepository';
import * as exceptionRepository from '../../../../renderer/data/exceptionRepository';
import * as riskRepository from '../../../../renderer/data/riskRepository';
import { SCHEMA_VERSION, type DaichoDb } from '../../../../renderer/data/db';
import { clearSession } from '../../../../renderer/data/session';
import { isPermitted, operations, type Operation } from '../../../../shared/accounts/permissions';
import type { AccountRole } from '../../../../shared/accounts/account';
import { micProfile, nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import nishinomiyaJson from '../../../../shared/domain/profiles/nishinomiya.json' with { type: 'json' };
import { defaultLabelProfiles } from '../../../../shared/labels/labelProfile';
import { keyFingerprint } from '../../../../shared/ledgerFile/signature';
import type { AssetClassification } from '../../../../shared/domain/classification';
import { assetInput, makeAsset } from '../../../fixtures/assets';
import { freshDb, freshFactory, signIn } from './testDb';

const now = '2026-04-01T00:00:00.000Z';
const at = { now };
const day = { now, today: '2026-04-01' };
const profile = nishinomiyaProfile;
const settings = { organisation: '西宮市', section: '市民課', managementPrefix: 'SM-', dateStyle: 'seireki' as const, profileId: 'nishinomiya' };
const proposal: AssetClassification = {
  profileId: 'nishinomiya', profileVersion: '1', levels: { importance: 'C' }, recommended: { importance: 'C' }, answers: {}, reasons: [], justification: '',
  referredToManager: false, state: 'proposed', proposedBy: '', proposedAt: '', approvedBy: null, approvedAt: null,
};
const takeOut = (state: string) => ({
  assetId: 'a1', managementNumber: 'SM-00001', kind: 'request' as const, purpose: '説明会', destination: '会議室', medium: 'USB', encrypted: true, unencryptedReason: '',
  expectedReturn: '2026-04-02', state: state as never, requestedBy: '別の 職員', requestedByUserId: 'other', requestedAt: now, decidedBy: null, decidedAt: null, decisionReason: '', handedOverAt: null, returnedAt: null,
});
const disposal = (state: string) => ({
  assetId: 'a1', managementNumber: 'SM-00001', method: 'physical' as const, reason: '故障', state: state as never, requestedBy: '別の 職員', requestedByUserId: 'other', requestedAt: now,
  decidedBy: null, decidedAt: null, decisionReason: '', performedOn: null, performer: null, witness: null, certificateRef: null,
});

/** What every call may use: assets, a proposal and register entries by someone else, a signing key, a backup. */
interface Fixture {
  keyId: string;
  publicKey: string;
  takeOuts: Record<'requested' | 'approved' | 'handedOver', number>;
  disposals: Record<'requested' | 'approved', number>;
  backup: Awaited<ReturnType<typeof backupRepository.snapshotDatabase>>;
  stockTakes: Record<'open' | 'finished', number>;
  exceptions: Record<'requested' | 'approved', number>;
}

/** A stock-take session (open, or finished with SM-00002 missing) and exceptions requested by someone else. */
const stockTake = (state: 'open' | 'finished') => ({
  scope: { kind: 'section' as const }, section: '市民課', state, startedAt: now, startedBy: '別の 職員', startedByUserId: 'other',
  finishedAt: state === 'finished' ? now : null, finishedBy: null, summary: null, missingAssetIds: state === 'finished' ? ['a2'] : [],
});
const exception = (state: 'requested' | 'approved') => ({
  rule: '【03】第7条4', reason: '暗号化ソフトの更新待ちのため', assetIds: ['a1'], managementNumbers: ['SM-00001'], compensatingMeasures: '施錠保管庫に保管する',
  periodFrom: '2026-04-01', periodTo: '2026-03-31', checkIntervalDays: 30, state, requestedBy: '別の 職員', requestedByUserId: 'other', requestedAt: now,
  decidedBy: null, decidedByUserId: null, decidedAt: null, decisionReason: '', checks: [], closedAt: null, closedBy: null,
});

async function seed(db: DaichoDb): Promise<Fixture> {
  await settingsRepository.saveSettings(db, settings, at);
  await assetRepository.addAsset(db, assetInput({ managementNumber: 'SM-00001' }), 'a1', at);
  await assetRepository.addAsset(db, assetInput({ managementNumber: 'SM-00002' }), 'a2', at);
  await signIn(db, 'staff', { userId: 'other', displayName: '別の 職員', employeeNumber: 'E900' });
  await classificationRepository.saveClassification(db, profile, 'a2', proposal, at);
  await signIn(db, 'securityManager');
  const key = await keyRepository.createSigningKey(db, settings, at);
  if (!key.ok) throw new Error(key.reason);
  const ids = async (table: DaichoDb['takeOuts'] | DaichoDb['disposals'], records: object[]) => Promise.all(records.map((r) => table.add(r as never)));
  const [requested, approved, handedOver] = await ids(db.takeOuts, [takeOut('requested'), takeOut('approved'), takeOut('handedOver')]);
  const [dRequested, dApproved] = await ids(db.disposals, [disposal('requested'), disposal('approved')]);
  const [stOpen, stFinished] = await Promise.all([db.stockTakes.add(stockTake('open')), db.stockTakes.add(stockTake('finished'))]);
  // The approved one's period ended the day before: expiring it gets past the state machine.
  const [exRequested, exApproved] = await Promise.all([db.exceptions.add({ ...exception('requested'), periodTo: '2026-06-30' }), db.exceptions.add(exception('approved'))]);
  return {
    keyId: key.value.keyId,
    publicKey: key.value.publicKey,
    takeOuts: { requested: requested!, approved: approved!, handedOver: handedOver! },
    disposals: { requested: dRequested!, approved: dApproved! },
    backup: await backupRepository.snapshotDatabase(db, '西宮市', '市民課'),
    stockTakes: { open: stOpen, finished: stFinished },
    exceptions: { requested: exRequested, approved: exApproved },
  };
}

type Call = (db: DaichoDb, f: Fixture) => Promise<unknown>;

/** Every exported write, the operation it must be checked against, and a call that reaches it. */
const writes: Record<string, [Operation, Call]> = {
  saveSecurityPolicy: ['securityPolicy.save', (db) => accountRepository.saveSecurityPolicy(db, accountRepository.defaultSecurityPolicy, at)],
  createAccount: ['account.create', (db) => accountRepository.createAccount(db, { userId: 'newone', employeeNumber: 'N1', displayName: '新人', role: 'securityManager', password: '新しい人の長いパスワード', temporary: true }, at)],
  changeAccount: ['account.change', (db) => accountRepository.changeAccount(db, 'other', { kind: 'role', role: 'securityManager' }, at)],
  changePassword: ['account.ownPassword', (db) => accountRepository.changePassword(db, 'いまのパスワードです', '新しいパスワードです2026', at)],
  recordAuditAccess: ['audit.access', (db) => auditRepository.recordAuditAccess(db, { at: now, action: 'audit.verify', outcome: 'success', detail: {} })],
  recordAuditVerification: ['audit.access', async (db) => auditRepository.recordAuditVerification(db, await auditRepository.verifyAuditFully(db), now)],
  recordSelfInspection: ['report.selfInspection', async (db) => {
    const facts = await reportRepository.loadInspectionFacts(db, profile);
    return reportRepository.recordSelfInspection(db, buildSelfInspection({ ...facts, audit: reportRepository.auditStateOf(await auditRepository.verifyAuditInRanges(db, 1)), organisation: '西宮市', section: '市民課', profile }, '2026-04-01'), 'print', at);
  }],
  completeAuditArchive: ['audit.archive', async (db) => {
    const entries = (await auditRepository.listAudit(db)).slice(0, 1);
    return auditRepository.completeAuditArchive(db, { format: 'daicho-audit-archive/1', anchor: await auditRepository.getAuditAnchor(db), entries }, at);
  }],
  addAsset: ['asset.create', (db) => assetRepository.addAsset(db, assetInput({ managementNumber: 'SM-00099' }), 'a99', at)],
  updateAsset: ['asset.update', (db) => assetRepository.updateAsset(db, 'a1', assetInput({ managementNumber: 'SM-00001', name: '書き換え' }), at)],
  retireAsset: ['asset.retire', (db) => assetRepository.retireAsset(db, 'a1', '不要になったため', at)],
  registerAssets: ['asset.create', (db) => assetRepository.registerAssets(db, [{ input: assetInput({ managementNumber: 'SM-00098' }), status: 'active', levels: {} }], profile, () => 'a98', at)],
  bulkAddAssets: ['asset.bulkCreate', (db) => assetRepository.bulkAddAssets(db, [makeAsset(50)], at)],
  setMediumPermission: ['medium.permit', (db) => assetRepository.setMediumPermission(db, 'a1', { grant: true, note: '' }, at)],
  completeAssetReviews: ['asset.review', (db) => assetRepository.completeAssetReviews(db, ['a1'], '2027-04-01', at)],
  setContents: ['asset.contents', (db) => classificationRepository.setContents(db, profile, 'a1', ['SM-00002'], at)],
  saveClassification: ['classification.propose', (db) => classificationRepository.saveClassification(db, profile, 'a1', { ...proposal, state: 'approved' }, at)],
  approveAssetClassification: ['classification.approve', (db) => classificationRepository.approveAssetClassification(db, profile, 'a2', at)],
  approveAssetClassifications: ['classification.approve', (db) => classificationRepository.approveAssetClassifications(db, profile, ['a2'], at)],
  rejectAssetClassification: ['classification.reject', (db) => classificationRepository.rejectAssetClassification(db, profile, 'a2', '個人情報が含まれています', at)],
  saveClassifications: ['classification.propose', (db) => classificationRepository.saveClassifications(db, profile, [{ assetId: 'a1', classification: proposal }], at)],
  requestTakeOutFor: ['takeOut.request', (db) => registerRepository.requestTakeOutFor(db, profile, 'SM-00001', { purpose: '説明会', destination: '会議室', medium: 'USB', encrypted: true, unencryptedReason: '', expectedReturn: '2026-04-02' }, day)],
  'advanceTakeOut(decide)': ['takeOut.decide', (db, f) => registerRepository.advanceTakeOut(db, f.takeOuts.requested, { kind: 'decide', approve: true, reason: '' }, day)],
  'advanceTakeOut(handOver)': ['takeOut.handOver', (db, f) => registerRepository.advanceTakeOut(db, f.takeOuts.approved, { kind: 'handOver' }, day)],
  'advanceTakeOut(return)': ['takeOut.return', (db, f) => registerRepository.advanceTakeOut(db, f.takeOuts.handedOver, { kind: 'return' }, day)],
  requestDisposalFor: ['disposal.request', (db) => registerRepository.requestDisposalFor(db, profile, 'SM-00001', { method: 'physical', reason: '故障のため' }, day)],
  'advanceDisposal(decide)': ['disposal.decide', (db, f) => registerRepository.advanceDisposal(db, f.disposals.requested, { kind: 'decide', approve: true, reason: '' }, day)],
  'advanceDisposal(complete)': ['disposal.complete', (db, f) => registerRepository.advanceDisposal(db, f.disposals.approved, { kind: 'complete', completion: { performedOn: '2026-04-01', performer: '佐藤', witness: '田中', certificateRef: '' } }, day)],
  saveLabelProfile: ['label.profile', (db) => labelRepository.saveLabelProfile(db, { ...defaultLabelProfiles[0], id: 'mine', name: '課のラベル' }, at)],
  savePrintOffset: ['label.profile', (db) => labelRepository.savePrintOffset(db, { xMm: 1, yMm: -1 }, at)],
  recordLabelPrint: ['label.print', (db) => labelRepository.recordLabelPrint(db, { at: now, labelProfileId: 'standard-24', labelProfileName: '標準', templateId: 'a4-24', assetIds: ['a1'], skip: 0, output: 'print' })],
  saveSettings: ['settings.save', (db) => settingsRepository.saveSettings(db, { ...settings, section: '乗っ取り課' }, at)],
  saveDateStyle: ['settings.dateStyle', (db) => settingsRepository.saveDateStyle(db, 'wareki', at)],
  loadProfile: ['profile.load', (db) => profileRepository.loadProfile(db, { ...structuredClone(nishinomiyaJson), id: 'kobe', name: '神戸市 分類基準' }, at)],
  saveEditedProfile: ['profile.edit', (db) => profileRepository.saveEditedProfile(db, { ...structuredClone(nishinomiyaJson), id: 'kobe', name: '神戸市 分類基準', changeNote: '神戸市の対策基準に合わせた' }, at)],
  switchProfile: ['profile.switch', (db) => profileRepository.switchProfile(db, settings, micProfile, at)],
  createSigningKey: ['key.create', (db) => keyRepository.createSigningKey(db, settings, at)],
  revokeSigningKey: ['key.revoke', (db, f) => keyRepository.revokeSigningKey(db, f.keyId, '紛失', at)],
  trustKey: ['key.trust', (db, f) => keyRepository.trustKey(db, { keyId: f.keyId, publicKey: f.publicKey, ...settings, typedFingerprint: keyFingerprint(f.publicKey) }, at)],
  distrustKey: ['key.distrust', (db, f) => keyRepository.distrustKey(db, f.keyId, at)],
  reserveSequence: ['ledger.export', (db) => keyRepository.reserveSequence(db)],
  recordExport: ['ledger.export', (db, f) => exchangeRepository.recordExport(db, {
    meta: { format: 'daicho-ledger/1' as never, organisation: '西宮市', section: '市民課', keyId: f.keyId, sequence: 1, exportedAt: now, profileId: 'nishinomiya', appVersion: '0', rowCount: 2 },
    fileName: 'x.xlsx', scope: '全体', destination: '事務局', medium: 'USB', encrypted: true, unencryptedReason: '',
  }, at)],
  recordImportRefusal: ['ledger.import', (db) => exchangeRepository.recordImportRefusal(db, 'x.xlsx', 'bad-signature', at)],
  applyLedgerImport: ['ledger.import', (db, f) => exchangeRepository.applyLedgerImport(db, [], { format: 'daicho-ledger/1' as never, organisation: '西宮市', section: '市民課', keyId: f.keyId, sequence: 1, exportedAt: now, profileId: 'nishinomiya', appVersion: '0', rowCount: 0 }, profile, 'x.xlsx', at)],
  importLegacyAssets: ['ledger.legacyImport', (db) => exchangeRepository.importLegacyAssets(db, [], profile, 'old.xlsx', () => 'id', at)],
  saveMappingPreset: ['ledger.mappingPreset', (db) => exchangeRepository.saveMappingPreset(db, 'IPA', {}, at)],
  setBackupInterval: ['backup.interval', (db) => backupRepository.setBackupInterval(db, 7, at)],
  recordBackup: ['backup.create', (db, f) => backupRepository.recordBackup(db, f.backup, 'backup.daicho', at)],
  'recordBackupFailure(restore)': ['backup.restore', (db) => backupRepository.recordBackupFailure(db, 'backup.restore', 'wrong-password', at)],
  'recordBackupFailure(restoreTest)': ['backup.restoreTest', (db) => backupRepository.recordBackupFailure(db, 'backup.restoreTest', 'wrong-password', at)],
  'recordWorkerFailure(export)': ['ledger.export', (db) => workerRefusalRepository.recordWorkerFailure(db, 'ledger.export', 'worker-crashed', 'RangeError', at)],
  'recordWorkerFailure(import)': ['ledger.import', (db) => workerRefusalRepository.recordWorkerFailure(db, 'ledger.import', 'worker-timeout', '300000 ms', at)],
  'recordWorkerFailure(legacy)': ['ledger.legacyImport', (db) => workerRefusalRepository.recordWorkerFailure(db, 'ledger.legacyImport', 'worker-malformed', 'x', at)],
  'recordWorkerFailure(backup)': ['backup.create', (db) => workerRefusalRepository.recordWorkerFailure(db, 'backup.create', 'worker-crashed', 'x', at)],
  'recordWorkerFailure(restore)': ['backup.restore', (db) => workerRefusalRepository.recordWorkerFailure(db, 'backup.restore', 'worker-crashed', 'x', at)],
  restoreDatabase: ['backup.restore', (db, f) => backupRepository.restoreDatabase(db, f.backup, SCHEMA_VERSION, { ...at, backupCreatedAt: now })],
  startStockTake: ['stockTake.record', (db) => stockTakeRepository.startStockTake(db, { kind: 'location', location: '書庫A' }, '市民課', at)],
  recordScans: ['stockTake.record', (db, f) => stockTakeRepository.recordScans(db, f.stockTakes.open, [{ code: 'SM-00001', at: now }])],
  finishStockTake: ['stockTake.record', (db, f) => stockTakeRepository.finishStockTake(db, f.stockTakes.open, at)],
  updateFoundLocations: ['asset.update', (db, f) => stockTakeRepository.updateFoundLocations(db, f.stockTakes.finished, [], at)],
  startReviewOfMissing: ['asset.review', (db, f) => stockTakeRepository.startReviewOfMissing(db, f.stockTakes.finished, ['a2'], day)],
  reportLoss: ['stockTake.reportLoss', (db, f) => stockTakeRepository.reportLoss(db, f.stockTakes.finished, ['a2'], '見つかりません', at)],
  requestExceptionFor: ['exception.request', (db) => exceptionRepository.requestExceptionFor(db, { rule: '【03】第7条4', reason: '暗号化ソフトの更新待ちのため', compensatingMeasures: '施錠保管庫に保管する', periodFrom: '2026-04-01', periodTo: '2026-06-30', checkIntervalDays: 30, assetIds: ['a1'] }, day)],
  'advanceException(decide)': ['exception.decide', (db, f) => exceptionRepository.advanceException(db, f.exceptions.requested, { kind: 'decide', approve: true, reason: '' }, day)],
  'advanceException(check)': ['exception.check', (db, f) => exceptionRepository.advanceException(db, f.exceptions.approved, { kind: 'check', stillNeeded: true, note: '' }, day)],
  'advanceException(withdraw)': ['exception.withdraw', (db, f) => exceptionRepository.advanceException(db, f.exceptions.requested, { kind: 'withdraw' }, day)],
  'advanceException(expire)': ['exception.withdraw', (db, f) => exceptionRepository.advanceException(db, f.exceptions.approved, { kind: 'expire' }, day)],
  saveRiskAssessment: ['asset.update', (db) => riskRepository.saveRiskAssessment(db, 'a1', { threat: 2, vulnerability: 2 }, at)],
  restoreTest: ['backup.restoreTest', (db, f) => backupRepository.restoreTest(db, f.backup, SCHEMA_VERSION, { ...at, backupCreatedAt: now }, { name: 'scratch', indexedDB: freshFactory(), IDBKeyRange })],
  // The app's restore test: permission checked before the worker starts, the result recorded after.
  authorizeRestoreTest: ['backup.restoreTest', (db) => backupRepository.authorizeRestoreTest(db)],
  recordRestoreTest: ['backup.restoreTest', (db, f) => backupRepository.recordRestoreTest(db, { matches: true, tables: [], auditChainIntact: true, counts: countBackup(f.backup) }, { ...at, backupCreatedAt: now })],
};

/** Exports that are not gated writes, and why. */
const notGatedWrites: Record<string, string> = {
  login: 'signs in: there is no session yet (tested in accountRepository.test.ts)',
  setupSection: 'first run only, refused once any account exists (accountRepository.test.ts)',
  endSession: "the signed-in person's own sign-out, checked as session.end (accountRepository.test.ts)",
  appendAudit: 'runs only inside a gated transaction',
  recomputeDerived: 'runs only inside a gated transaction',
  storeLedgerOnMedium: 'runs inside the gated recordExport / recordBackup transaction and checks ledger.export / backup.create itself (approvedMedia.test.ts)',
  recordAuthorisedTakeOut: 'runs inside the gated backup transaction and checks backup.create / ledger.export itself',
  snapshotDatabase: 'reads',
  backupAuditIntact: 'pure check',
  boundedPolicy: 'pure check',
  summariseClassification: 'pure formatting',
  signerFor: 'signs with a key; writes nothing',
  recordExportAnchor: 'runs only inside the gated recordExport transaction',
  isAuditSettingKey: 'pure check',
  auditLeafHashes: 'reads',
  auditAnchorForNextExport: 'reads',
  checkAgainstLastExport: 'reads',
  prepareAuditArchive: 'reads (the archive file); completeAuditArchive is the gated write',
  planAuditVerification: 'reads',
  checkRangesAgainstLastExport: 'reads',
  finishAuditVerification: 'reads',
  treeCuts: 'pure: the sizes a range\'s subtrees stop at',
  completeAuditVerification: 'reads',
  firstFinding: 'pure check',
  checkpointInUse: 'reads (plans a check without running it)',
  backupSigningKeys: 'reads',
  openBackup: 'reads and decrypts a file; writes nothing',
  toInspectionAsset: 'pure mapping',
  loadInspectionFacts: 'reads',
  loadInspectionRegisters: 'reads',
  loadHomeRegisters: 'reads',
  proposedOf: 'pure filter of assets already read',
  auditStateOf: 'pure formatting',
};

const roles: (AccountRole | null)[] = ['securityManager', 'staff', 'auditor', null];
const cases = Object.entries(writes).flatMap(([name, [operation, call]]) => roles.map((role) => [name, role ?? 'no session', operation, call, role] as const));
const gateReasons = ['not-signed-in', 'not-permitted'];

let db: DaichoDb;
afterEach(() => db?.close());

/** Everything in the database, to show a refused write changed nothing. */
async function dump(target: DaichoDb) {
  return Object.fromEntries(await Promise.all(target.tables.map(async (t) => [t.name, JSON.stringify(await t.toArray(), (_k, v: unknown) => (v instanceof CryptoKey ? 'key' : v))])));
}

describe('the permission gate', () => {
  it.each(cases)('%s as %s (%s)', { timeout: 20_000 }, async (_name, _who, operation, call, role) => {
    db = await freshDb();
    const fixture = await seed(db);
    if (role) await signIn(db, role, role === 'securityManager' ? {} : { userId: `${role}-tester`, displayName: `${role} 試験`, employeeNumber: `T-${role.length}` });
    else clearSession(db);
    const before = await dump(db);
    const result = (await call(db, fixture)) as { ok: boolean; reason?: string };
    if (role && isPermitted(role, operation)) {
      expect(gateReasons).not.toContain(result.reason);
    } else {
      expect(result).toEqual({ ok: false, reason: role ? 'not-permitted' : 'not-signed-in' });
      expect(await dump(db)).toEqual(before);
    }
  });

  it('covers every exported write of every repository and every operation of the table', () => {
    const modules = [accountRepository, assetRepository, auditRepository, backupRepository, classificationRepository, exchangeRepository, keyRepository, labelRepository, profileRepository, registerRepository, reportRepository, settingsRepository, workerRefusalRepository, stockTakeRepository, exceptionRepository, riskRepository];
    const reads = /^(get|list|count|verify|use)/;
    const exported = modules.flatMap((m) => Object.entries(m).filter(([, v]) => typeof v === 'function').map(([k]) => k)).filter((k) => !reads.test(k));
    const covered = new Set([...Object.keys(writes).map((k) => k.replace(/\(.*\)$/, '')), ...Object.keys(notGatedWrites)]);
    expect(exported.filter((k) => !covered.has(k))).toEqual([]);
    const tested = new Set([...Object.values(writes).map(([op]) => op), 'session.end']);
    expect(operations.filter((op) => !tested.has(op))).toEqual([]);
  });

  it('does not trust a caller for the proposer: a saved proposal names the signed-in person and is never stored as approved', async () => {
    db = await freshDb(undefined, { signedIn: 'staff' });
    await assetRepository.addAsset(db, assetInput(), 'a1', at);
    await classificationRepository.saveClassification(db, profile, 'a1', { ...proposal, state: 'approved', proposedBy: '田中 課長', proposedByUserId: 'tanaka', approvedBy: '田中 課長', approvedAt: now }, at);
    expect((await assetRepository.getAsset(db, 'a1'))?.classification).toMatchObject({ state: 'proposed', proposedBy: '佐藤 一郎', proposedByUserId: 'sato', approvedBy: null });
  });

  it('separates duties by account ID: a second account with the same display name may approve, the proposer may not', async () => {
    db = await freshDb();
    await assetRepository.addAsset(db, assetInput(), 'a1', at);
    await signIn(db, 'securityManager', { userId: 'yamada2', displayName: '山田 花子', employeeNumber: 'E777' });
    await classificationRepository.saveClassification(db, profile, 'a1', proposal, at);
    await signIn(db, 'securityManager'); // the first 山田 花子 (yamada)
    expect(await classificationRepository.approveAssetClassification(db, profile, 'a1', at)).toMatchObject({ ok: true, value: { classification: { state: 'approved', proposedByUserId: 'yamada2' } } });

    await signIn(db, 'staff');
    const request = await registerRepository.requestTakeOutFor(db, profile, 'SM-00001', { purpose: '説明会', destination: '会議室', medium: 'USB', encrypted: true, unencryptedReason: '', expectedReturn: '2026-04-02' }, day);
    if (!request.ok) throw new Error(request.reason);
    expect(request.value).toMatchObject({ requestedBy: '佐藤 一郎', requestedByUserId: 'sato' });
    await db.accounts.update('sato', { role: 'securityManager', displayName: '佐藤 課長' });
    expect(await registerRepository.advanceTakeOut(db, request.value.id!, { kind: 'decide', approve: true, reason: '' }, day)).toEqual({ ok: false, reason: 'own-request' });
  });

  it.each([
    ['disabled', { disabled: true }],
    ['locked', { lockedUntil: '2999-01-01T00:00:00.000Z' }],
    ['removed', null],
  ])('refuses every write once the signed-in account is %s, even with the session still set', async (_what, change) => {
    db = await freshDb();
    if (change) await db.accounts.update('yamada', change);
    else await db.accounts.delete('yamada');
    expect(await assetRepository.addAsset(db, assetInput(), 'a1', at)).toEqual({ ok: false, reason: 'not-signed-in' });
    expect(await db.assets.count()).toBe(0);
  });

  it('follows a role change at once: the session holds the account, not its role', async () => {
    db = await freshDb();
    expect((await settingsRepository.saveSettings(db, settings, at)).ok).toBe(true);
    await db.accounts.update('yamada', { role: 'auditor' });
    expect(await settingsRepository.saveSettings(db, { ...settings, section: '税務課' }, at)).toEqual({ ok: false, reason: 'not-permitted' });
  });
});
