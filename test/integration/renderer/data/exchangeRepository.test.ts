import { afterEach, describe, expect, it } from 'vitest';
import { bulkAddAssets, listAssets } from '../../../../renderer/data/assetRepository';
import { auditAnchorForNextExport, checkAgainstLastExport, getExportAnchors, listAudit, verifyAudit } from '../../../../renderer/data/auditRepository';
import { checkAuditHead } from '../../../../shared/domain/auditLog';
import type { DaichoDb } from '../../../../renderer/data/db';
import { applyLedgerImport, getMappingPresets, importLegacyAssets, listTakenNumbers, recordExport, saveMappingPreset } from '../../../../renderer/data/exchangeRepository';
import { createSigningKey, distrustKey, getActiveSigningKey, listTrustedKeys, reserveSequence, revokeSigningKey, signerFor, trustKey } from '../../../../renderer/data/keyRepository';
import { takenNumbersMessage } from '../../../../renderer/data/writeResult';
import { listTakeOuts } from '../../../../renderer/data/registerRepository';
import { nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import { exportLedger } from '../../../../shared/ledgerFile/exportLedger';
import { checkLedger, importedClassification, openLedgerFile, parseLedgerRows } from '../../../../shared/ledgerFile/importLedger';
import { assetRow, ledgerHeader, RISK_HEADERS } from '../../../../shared/ledgerFile/ledgerColumns';
import { writeLedgerWorkbook } from '../../../../shared/ledgerFile/ledgerWorkbook';
import { keyFingerprint, signLedger } from '../../../../shared/ledgerFile/signature';
import { assetInput, makeAsset, makeAssets } from '../../../fixtures/assets';
import { freshDb, signIn } from './testDb';

const opened: DaichoDb[] = [];
afterEach(() => opened.splice(0).forEach((d) => d.close()));
async function db() {
  const d = await freshDb();
  opened.push(d);
  return d;
}
const manager = (now = '2026-11-22T01:00:00.000Z') => ({ now });
const owner = { organisation: '西宮市', section: '市民課' };
/** The key as the manager confirmed it: the fingerprint typed while its owner read it out. */
const confirmed = <K extends { keyId: string; publicKey: string; organisation: string; section: string }>(key: K) => ({ ...key, typedFingerprint: keyFingerprint(key.publicKey) });
const assets = [
  { ...makeAsset(0), classification: importedClassification(nishinomiyaProfile, { importance: 'A' }, 'approved', { actor: '山田 花子', now: '2026-04-01T00:00:00.000Z', source: 'seed' }) },
  makeAsset(1),
  makeAsset(2, { note: '=SUM(A1)' }),
];

async function exportFrom(source: DaichoDb) {
  const reserved = await reserveSequence(source);
  if (!reserved.ok) throw new Error(reserved.reason);
  return exportLedger({ assets: await listAssets(source), profile: nishinomiyaProfile, ...owner, sequence: reserved.value.sequence, exportedAt: '2026-11-22T01:00:00.000Z', appVersion: 'test', signer: signerFor(reserved.value.key) });
}

async function importInto(target: DaichoDb, bytes: Uint8Array, now = '2026-11-22T02:00:00.000Z', chunkSize?: number) {
  const file = openLedgerFile(bytes);
  if (!file.ok) return { ok: false as const, reason: file.refusal.reason };
  const checked = await checkLedger(file.file, await listTrustedKeys(target), nishinomiyaProfile.id);
  if (!checked.ok) return { ok: false as const, reason: checked.refusal.reason };
  const rows = parseLedgerRows(file.file.header, file.file.rows, nishinomiyaProfile);
  if (!rows.ok) return { ok: false as const, reason: 'rows-invalid' };
  return applyLedgerImport(target, rows.assets, checked.meta, nishinomiyaProfile, 'x.xlsx', manager(now), chunkSize);
}

describe('signing keys', () => {
  it('creates a non-extractable key, trusts it, and rotates: the old key is retired, every event audited', async () => {
    const d = await db();
    const first = await createSigningKey(d, owner, manager());
    expect(first.ok && first.value.privateKey?.extractable).toBe(false);
    const second = await createSigningKey(d, owner, manager('2026-11-22T03:00:00.000Z'));
    expect((await getActiveSigningKey(d))?.keyId).toBe(second.ok && second.value.keyId);
    expect((await d.signingKeys.get(first.ok ? first.value.keyId : ''))?.state).toBe('retired');
    expect((await listTrustedKeys(d)).map((k) => k.revokedAt)).toEqual([null, null]);
    expect((await listAudit(d)).map((e) => e.action)).toEqual(['key.create', 'key.rotate']);
    expect(await verifyAudit(d)).toMatchObject({ ok: true });
  });

  it('refuses key management to anyone but a security manager', async () => {
    const d = await db();
    await signIn(d, 'staff');
    expect(await createSigningKey(d, owner, manager())).toEqual({ ok: false, reason: 'not-permitted' });
    expect(await d.signingKeys.count()).toBe(0);
  });

  it('revokes a key: imports signed with it are refused from then on, and it cannot be trusted again', async () => {
    const d = await db();
    const key = await createSigningKey(d, owner, manager());
    if (!key.ok) throw new Error();
    await bulkAddAssets(d, assets, manager());
    const bytes = (await exportFrom(d)).bytes;
    await revokeSigningKey(d, key.value.keyId, '端末の紛失', manager());
    expect(await importInto(d, bytes)).toEqual({ ok: false, reason: 'revoked-signer' });
    expect(await trustKey(d, confirmed({ ...key.value, ...owner }), manager())).toEqual({ ok: false, reason: 'key-revoked' });
    expect(await reserveSequence(d)).toEqual({ ok: false, reason: 'no-signing-key' });
  });
});


describe('recordExport with the audit anchor', () => {
  it('signs the audit head into the file, records it as the last anchor, and the next export proves it extends it', async () => {
    const source = await db();
    const key = await createSigningKey(source, owner, manager());
    if (!key.ok) throw new Error();
    await bulkAddAssets(source, assets, manager());
    const exportWithAnchor = async (fileName: string) => {
      const made = await auditAnchorForNextExport(source);
      if (!made.ok) throw new Error(made.reason);
      const reserved = await reserveSequence(source);
      if (!reserved.ok) throw new Error(reserved.reason);
      const out = await exportLedger({ assets: await listAssets(source), profile: nishinomiyaProfile, ...owner, sequence: reserved.value.sequence, exportedAt: '2026-11-22T01:00:00.000Z', appVersion: 'test', signer: signerFor(reserved.value.key), audit: made.anchor });
      expect(await recordExport(source, { meta: out.signed.meta, audit: out.signed.audit, fileName, scope: '台帳全体', destination: '情報政策課', medium: 'USB', encrypted: true, unencryptedReason: '' }, manager())).toMatchObject({ ok: true });
      return out;
    };
    const first = await exportWithAnchor('1.xlsx');
    const file = openLedgerFile(first.bytes);
    expect(file.ok && file.file.signed.audit).toEqual(first.signed.audit);
    expect((await listAudit(source)).at(-1)).toMatchObject({ action: 'ledger.export', detail: { auditHead: { size: first.signed.audit!.size } } });
    expect(await getExportAnchors(source)).toMatchObject({ last: { fileName: '1.xlsx', size: first.signed.audit!.size } });

    const second = await exportWithAnchor('2.xlsx');
    const seen = { size: first.signed.audit!.size, rootHash: first.signed.audit!.rootHash };
    expect(second.signed.audit!.proofs.map((p) => p.fromSize)).toEqual([seen.size]);
    expect(checkAuditHead(seen, second.signed.audit!)).toEqual({ ok: true });
    expect(await checkAgainstLastExport(source)).toMatchObject({ ok: true });
  });
});

describe('export and import between two terminals', () => {
  it('records the export as a take-out and audit entry, and the other section imports the same ledger', async () => {
    const source = await db();
    const key = await createSigningKey(source, owner, manager());
    if (!key.ok) throw new Error();
    await bulkAddAssets(source, assets, manager());
    const { bytes, signed } = await exportFrom(source);
    expect(await recordExport(source, { meta: signed.meta, fileName: 'a.xlsx', scope: '台帳全体', destination: '情報政策課', medium: 'USBメモリ（管理番号 SM-9）', encrypted: true, unencryptedReason: '' }, manager())).toMatchObject({ ok: true });
    expect(await listTakeOuts(source)).toMatchObject([{ kind: 'export', encrypted: true, destination: '情報政策課', state: 'handedOver' }]);
    expect((await listAudit(source)).at(-1)).toMatchObject({ action: 'ledger.export', detail: { rows: 3, sequence: 1 } });

    const target = await db();
    expect(await importInto(target, bytes)).toEqual({ ok: false, reason: 'unknown-signer' });
    await trustKey(target, confirmed({ keyId: key.value.keyId, publicKey: key.value.publicKey, ...owner }), manager());
    expect(await importInto(target, bytes)).toEqual({ ok: true, value: { added: 3, changed: 0 } });
    const rows = (list: Awaited<ReturnType<typeof listAssets>>) => list.map((a) => assetRow(a, nishinomiyaProfile)).sort();
    expect(rows(await listAssets(target))).toEqual(rows(await listAssets(source)));
    expect(await importInto(target, bytes)).toEqual({ ok: false, reason: 'replay' });
    expect(await verifyAudit(target)).toMatchObject({ ok: true });
  });

  it('applies nothing when one row cannot be applied (a 管理番号 held by another asset), and keeps the sequence', async () => {
    const source = await db();
    await createSigningKey(source, owner, manager());
    await bulkAddAssets(source, assets, manager());
    const { bytes } = await exportFrom(source);
    const target = await db();
    const [own] = await listTrustedKeys(source);
    await trustKey(target, confirmed(own!), manager());
    await bulkAddAssets(target, [makeAsset(9, { id: 'other', managementNumber: assets[2]!.managementNumber })], manager());
    const before = await listAssets(target);
    expect(await importInto(target, bytes)).toEqual({ ok: false, reason: 'duplicate-number' });
    expect(await listAssets(target)).toEqual(before);
    expect((await listTrustedKeys(target))[0]!.lastSequence).toBe(0);
  });

  it.each([1, 3, 4])('applies a ledger of several write chunks (%i rows each) in one transaction: all rows, or none when a row of the last chunk cannot be applied', async (chunkSize) => {
    const many = makeAssets(11);
    const source = await db();
    await createSigningKey(source, owner, manager());
    await bulkAddAssets(source, many, manager());
    const { bytes } = await exportFrom(source);
    const [own] = await listTrustedKeys(source);

    const blocked = await db();
    await trustKey(blocked, confirmed(own!), manager());
    // The exported rows are in 管理番号 order: the last one falls in the third chunk.
    const last = [...many].sort((a, b) => a.managementNumber.localeCompare(b.managementNumber)).at(-1)!;
    await bulkAddAssets(blocked, [makeAsset(9, { id: 'other', managementNumber: last.managementNumber })], manager());
    expect(await importInto(blocked, bytes, undefined, chunkSize)).toEqual({ ok: false, reason: 'duplicate-number' });
    expect(await blocked.assets.count()).toBe(1);
    expect(await blocked.history.where('assetId').notEqual('other').count()).toBe(0);

    const target = await db();
    await trustKey(target, confirmed(own!), manager());
    expect(await importInto(target, bytes, undefined, chunkSize)).toEqual({ ok: true, value: { added: many.length, changed: 0 } });
    expect(await target.assets.count()).toBe(many.length);
    expect(await target.history.count()).toBe(many.length);
  });

  it('records changed fields in the history when the import updates an existing asset', async () => {
    const source = await db();
    await createSigningKey(source, owner, manager());
    await bulkAddAssets(source, assets, manager());
    const target = await db();
    await trustKey(target, confirmed((await listTrustedKeys(source))[0]!), manager());
    await bulkAddAssets(target, [{ ...assets[1]!, location: '旧庁舎' }], manager());
    expect(await importInto(target, (await exportFrom(source)).bytes)).toEqual({ ok: true, value: { added: 2, changed: 1 } });
    const history = await target.history.where('assetId').equals(assets[1]!.id).toArray();
    expect(history.at(-1)!.changes).toContainEqual({ field: 'location', label: '所在', from: '旧庁舎', to: assets[1]!.location });
  });

  it('takes the risk assessments from a file with the risk columns, and leaves them alone for a file signed before them', async () => {
    const assessed = (threat: 1 | 2 | 3, vulnerability: 1 | 2 | 3, assessedBy = '山田 花子') => ({ riskAssessment: { threat, vulnerability, assessedAt: '2026-05-01T00:00:00.000Z', assessedBy } });
    const source = await db();
    await createSigningKey(source, owner, manager());
    await bulkAddAssets(source, [{ ...assets[0]!, ...assessed(3, 2) }, { ...assets[1]!, ...assessed(1, 1) }, assets[2]!], manager());
    const target = await db();
    await trustKey(target, confirmed((await listTrustedKeys(source))[0]!), manager());
    await bulkAddAssets(target, [{ ...assets[1]!, ...assessed(1, 1, '佐藤 一郎') }, { ...assets[2]!, ...assessed(3, 3, '佐藤 一郎') }], manager());

    // An older file (header ending at 資産ID) saying nothing about risk: the target's assessments stay.
    const reserved = await reserveSequence(source);
    if (!reserved.ok) throw new Error(reserved.reason);
    const width = ledgerHeader(nishinomiyaProfile).length - RISK_HEADERS.length;
    const head = ledgerHeader(nishinomiyaProfile).slice(0, width);
    const rows = (await listAssets(source)).map((a) => assetRow(a, nishinomiyaProfile).slice(0, width));
    const signed = await signLedger(head, rows, { ...owner, sequence: reserved.value.sequence, exportedAt: '2026-11-22T01:00:00.000Z', profileId: nishinomiyaProfile.id, appVersion: '0.1.0' }, signerFor(reserved.value.key));
    expect(await importInto(target, writeLedgerWorkbook(head, rows, signed))).toEqual({ ok: true, value: { added: 1, changed: 0 } });
    const risks = async () => Object.fromEntries((await listAssets(target)).map((a) => [a.id, a.riskAssessment && [a.riskAssessment.threat, a.riskAssessment.vulnerability, a.riskAssessment.assessedBy]]));
    expect(await risks()).toEqual({ [assets[0]!.id]: undefined, [assets[1]!.id]: [1, 1, '佐藤 一郎'], [assets[2]!.id]: [3, 3, '佐藤 一郎'] });

    // Today's file: a new assessment is recorded as imported, the same one is kept, an empty one clears it.
    expect(await importInto(target, (await exportFrom(source)).bytes, '2026-11-22T03:00:00.000Z')).toEqual({ ok: true, value: { added: 0, changed: 2 } });
    const after = await risks();
    expect(after[assets[0]!.id]).toEqual([3, 2, expect.stringContaining('（取込み: 西宮市 市民課 通番2）')]);
    expect(after[assets[1]!.id]).toEqual([1, 1, '佐藤 一郎']);
    expect(after[assets[2]!.id]).toBeUndefined();
    const history = await target.history.where('assetId').equals(assets[2]!.id).toArray();
    expect(history.at(-1)!.changes).toContainEqual({ field: 'riskAssessment', label: 'リスク評価', from: '脅威3・脆弱性3', to: '' });
    expect(await verifyAudit(target)).toMatchObject({ ok: true });
  });

  it('does not let a removed trust be used: distrusted keys are refused', async () => {
    const source = await db();
    await createSigningKey(source, owner, manager());
    await bulkAddAssets(source, assets, manager());
    const target = await db();
    const [key] = await listTrustedKeys(source);
    await trustKey(target, confirmed(key!), manager());
    await distrustKey(target, key!.keyId, manager());
    expect(await importInto(target, (await exportFrom(source)).bytes)).toEqual({ ok: false, reason: 'revoked-signer' });
  });
});

describe('legacy import', () => {
  const legacy = (number: string) => ({ input: assetInput({ managementNumber: number }), status: 'active' as const, levels: { importance: 'A' } });

  it('adds all rows with their classes as proposals, or none when one 管理番号 is taken', async () => {
    const d = await db();
    let n = 0;
    const newId = () => `legacy-${n++}`;
    expect(await importLegacyAssets(d, [legacy('OLD-1'), legacy('OLD-2')], nishinomiyaProfile, '旧台帳.xlsx', newId, manager())).toEqual({ ok: true, value: 2 });
    expect((await listAssets(d)).map((a) => [a.managementNumber, a.classification?.state, a.classification?.levels])).toEqual([
      ['OLD-1', 'proposed', { importance: 'A' }],
      ['OLD-2', 'proposed', { importance: 'A' }],
    ]);
    expect(await importLegacyAssets(d, [legacy('OLD-3'), legacy('OLD-2')], nishinomiyaProfile, '旧台帳.xlsx', newId, manager())).toEqual({ ok: false, reason: 'duplicate-number' });
    expect(await d.assets.count()).toBe(2);
    await signIn(d, 'staff');
    expect(await importLegacyAssets(d, [legacy('OLD-9')], nishinomiyaProfile, '旧台帳.xlsx', newId, manager())).toEqual({ ok: false, reason: 'not-permitted' });
  });

  it('adds rows in several write chunks in one transaction: none when a row of the last chunk repeats a 管理番号 of the first', async () => {
    const d = await db();
    let n = 0;
    const newId = () => `legacy-${n++}`;
    const rows = ['OLD-10', 'OLD-11', 'OLD-12', 'OLD-13', 'OLD-10'].map(legacy);
    // Refused as a taken 管理番号 (the clerk is told which check failed), not as a failed write.
    expect(await importLegacyAssets(d, rows, nishinomiyaProfile, '旧台帳.xlsx', newId, manager(), 2)).toEqual({ ok: false, reason: 'duplicate-number' });
    expect(await d.assets.count()).toBe(0);
    expect(await d.history.count()).toBe(0);
    expect(await importLegacyAssets(d, rows.slice(0, 4), nishinomiyaProfile, '旧台帳.xlsx', newId, manager(), 2)).toEqual({ ok: true, value: 4 });
    expect(await d.history.count()).toBe(4);
  });

  it('names the 管理番号 a refused import shares with the ledger, in the file\'s order', async () => {
    const d = await db();
    let n = 0;
    expect(await importLegacyAssets(d, [legacy('OLD-1'), legacy('OLD-2')], nishinomiyaProfile, '旧台帳.xlsx', () => `legacy-${n++}`, manager())).toMatchObject({ ok: true });
    expect(await listTakenNumbers(d, ['OLD-3', 'OLD-2', 'OLD-1'])).toEqual(['OLD-2', 'OLD-1']);
    expect(await listTakenNumbers(d, ['OLD-3'])).toEqual([]);
  });

  it.each([
    [[], 'ファイルの管理番号が台帳の資産と重複しています。台帳は変更されていません。'],
    [['OLD-2', 'OLD-1'], 'ファイルの管理番号が台帳の資産と重複しています（「OLD-2」「OLD-1」）。台帳は変更されていません。'],
    [['1', '2', '3', '4', '5', '6', '7'], 'ファイルの管理番号が台帳の資産と重複しています（「1」「2」「3」「4」「5」 ほか2件）。台帳は変更されていません。'],
  ])('tells the clerk which 管理番号 are taken (%j) and what to do', (taken, start) => {
    const message = takenNumbersMessage(taken);
    expect(message.startsWith(start)).toBe(true);
    expect(message).toContain('その行を元のブックから除いてから、もう一度取り込んでください');
  });

  it('saves mapping presets by name', async () => {
    const d = await db();
    await saveMappingPreset(d, 'IPA様式', { name: { column: '情報資産名称', fixed: '' } }, manager());
    expect(await getMappingPresets(d)).toEqual({ IPA様式: { name: { column: '情報資産名称', fixed: '' } } });
  });
});
