/**
 * Approved media (【03】第8条1, 第9条) in the database: the manager's permission on the medium's ledger
 * entry (granted and withdrawn by managers only, in history and audit), the media a backup or export
 * may go to, and what writing the ledger to one records: the take-out, the medium's contents and class.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addAsset, getAsset, listHistory, setMediumPermission } from '../../../../renderer/data/assetRepository';
import { listAudit } from '../../../../renderer/data/auditRepository';
import { recordBackup, snapshotDatabase } from '../../../../renderer/data/backupRepository';
import type { DaichoDb } from '../../../../renderer/data/db';
import { recordExport } from '../../../../renderer/data/exchangeRepository';
import { recordLabelPrint } from '../../../../renderer/data/labelRepository';
import { listDestinationMedia, listTakeOuts, requestDisposalFor, requestTakeOutFor } from '../../../../renderer/data/registerRepository';
import { saveSettings } from '../../../../renderer/data/settingsRepository';
import { nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import type { DestinationChoice } from '../../../../shared/registers/approvedMedia';
import { assetInput } from '../../../fixtures/assets';
import { freshDb, operator, signIn } from './testDb';

const profile = nishinomiyaProfile;
const at = operator();
const settings = { organisation: '西宮市', section: '市民課', managementPrefix: 'SM-', dateStyle: 'seireki' as const, profileId: 'nishinomiya' };
const meta = { format: 'daicho-ledger/1' as never, organisation: '西宮市', section: '市民課', keyId: 'KEY', sequence: 1, exportedAt: at.now, profileId: 'nishinomiya', appVersion: '0', rowCount: 2 };

let db: DaichoDb;
afterEach(() => db?.close());

/** A section with a public class-C leaflet on a USB memory (SM-00002), labelled, not yet permitted. */
async function section(): Promise<DaichoDb> {
  const d = await freshDb();
  await saveSettings(d, settings, at);
  await addAsset(d, assetInput({ managementNumber: 'SM-00001', name: '広報原稿', personalInfoKind: 'none' }), 'leaflet', at);
  await addAsset(d, assetInput({ managementNumber: 'SM-00002', name: 'USBメモリ（提出用）', kind: 'recordingMedium', personalInfoKind: 'none' }), 'usb', at);
  await recordLabelPrint(d, { at: at.now, labelProfileId: 'standard-24', labelProfileName: '標準', templateId: 'a4-24', assetIds: ['usb'], skip: 0, output: 'print' });
  return d;
}

const exportTo = (d: DaichoDb, choice: DestinationChoice) =>
  recordExport(d, { meta, fileName: '市民課_台帳.xlsx', scope: '台帳全体', destination: '情報政策課', medium: '', encrypted: true, unencryptedReason: '', destinationMedium: { choice, profile } }, at);

describe('setMediumPermission', () => {
  it('lets a security manager permit a medium: who and when on the asset, a history line and an audit entry', async () => {
    db = await section();
    const result = await setMediumPermission(db, 'usb', { grant: true, note: '事務局への提出用' }, at);
    expect(result).toMatchObject({ ok: true, value: { mediumPermission: { grantedBy: '山田 花子', grantedByUserId: 'yamada', grantedAt: at.now, note: '事務局への提出用' } } });
    expect((await listHistory(db, 'usb')).at(-1)?.changes).toEqual([{ field: 'mediumPermission', label: '記録媒体の使用許可', from: 'なし', to: '許可（山田 花子、2026-04-01、事務局への提出用）' }]);
    expect((await listAudit(db)).at(-1)).toMatchObject({ action: 'medium.permit', target: 'usb', outcome: 'success', actor: '山田 花子' });
  });

  it('lets a security manager withdraw it, with the reason in the history and the audit log', async () => {
    db = await section();
    await setMediumPermission(db, 'usb', { grant: true, note: '' }, at);
    expect(await setMediumPermission(db, 'usb', { grant: false, reason: '紛失のため' }, at)).toMatchObject({ ok: true, value: { mediumPermission: null } });
    expect((await listHistory(db, 'usb')).at(-1)?.changes[0]).toMatchObject({ to: '取消し（紛失のため）' });
    expect((await listAudit(db)).at(-1)).toMatchObject({ action: 'medium.withdraw', detail: { reason: '紛失のため' } });
  });

  it.each([
    ['staff', { grant: true as const, note: '' }],
    ['staff', { grant: false as const, reason: '' }],
    ['auditor', { grant: true as const, note: '' }],
  ] as const)('refuses %s (grant or withdraw) and changes nothing', async (role, change) => {
    db = await section();
    if (!change.grant) await setMediumPermission(db, 'usb', { grant: true, note: '' }, at);
    const before = await getAsset(db, 'usb');
    const auditBefore = (await listAudit(db)).length;
    await signIn(db, role);
    expect(await setMediumPermission(db, 'usb', change, at)).toEqual({ ok: false, reason: 'not-permitted' });
    expect(await getAsset(db, 'usb')).toEqual(before);
    expect((await listAudit(db)).length).toBe(auditBefore);
  });

  it('refuses a permission on an asset that is not a recording medium, and logs the attempt', async () => {
    db = await section();
    expect(await setMediumPermission(db, 'leaflet', { grant: true, note: '' }, at)).toEqual({ ok: false, reason: 'not-medium' });
    expect((await getAsset(db, 'leaflet'))?.mediumPermission).toBeUndefined();
    expect((await listAudit(db)).at(-1)).toMatchObject({ action: 'medium.permit', outcome: 'failure', detail: { reason: 'not-medium' } });
  });

  it('returns not-found for an unknown id', async () => {
    db = await section();
    expect(await setMediumPermission(db, 'nope', { grant: true, note: '' }, at)).toEqual({ ok: false, reason: 'not-found' });
  });
});

describe('listDestinationMedia', () => {
  it('offers a medium only once it is permitted and labelled, and says why not before', async () => {
    db = await section();
    await addAsset(db, assetInput({ managementNumber: 'SM-00003', name: 'CD-R', kind: 'recordingMedium' }), 'cd', at);
    let media = await listDestinationMedia(db);
    expect(media.eligible).toEqual([]);
    expect(media.ineligible.map((m) => [m.asset.id, m.reasons])).toEqual([['usb', ['not-permitted']], ['cd', ['not-permitted', 'not-labelled']]]);
    await setMediumPermission(db, 'usb', { grant: true, note: '' }, at);
    media = await listDestinationMedia(db);
    expect(media.eligible.map((m) => m.id)).toEqual(['usb']);
  });
});

describe('recordExport to a medium', () => {
  it('records the take-out for that medium and puts the ledger in its contents, so its class becomes A (【03】第8条3)', async () => {
    db = await section();
    await setMediumPermission(db, 'usb', { grant: true, note: '' }, at);
    const result = await exportTo(db, { kind: 'ledgerMedium', assetId: 'usb' });
    expect(result.ok).toBe(true);
    const usb = (await getAsset(db, 'usb'))!;
    expect(usb.contents).toHaveLength(1);
    const ledger = (await getAsset(db, usb.contents[0]!))!;
    expect(ledger).toMatchObject({ managementNumber: 'SM-00003', kind: 'information', personalInfoKind: 'personal', classification: { state: 'proposed', levels: { importance: 'A' }, proposedByUserId: 'yamada' } });
    expect(usb.derived).toMatchObject({ levels: { importance: 'A' }, sources: { importance: ['SM-00003'] } });
    const [takeOut] = await listTakeOuts(db);
    expect(takeOut).toMatchObject({ kind: 'export', assetId: ledger.id, managementNumber: 'SM-00003', mediumAssetId: 'usb', medium: 'SM-00002 USBメモリ（提出用）', destination: '情報政策課' });
    expect(takeOut!.purpose).toContain('市民課_台帳.xlsx');
    const actions = (await listAudit(db)).map((e) => e.action);
    expect(actions.slice(-3)).toEqual(['asset.create', 'medium.store', 'ledger.export']);
  });

  it('reuses the ledger asset on the next export and lists it once on the medium', async () => {
    db = await section();
    await setMediumPermission(db, 'usb', { grant: true, note: '' }, at);
    await exportTo(db, { kind: 'ledgerMedium', assetId: 'usb' });
    await exportTo(db, { kind: 'ledgerMedium', assetId: 'usb' });
    expect((await getAsset(db, 'usb'))?.contents).toHaveLength(1);
    expect(await db.assets.count()).toBe(3);
    expect(await db.takeOuts.count()).toBe(2);
  });

  it.each([
    ['not permitted', async () => undefined, 'usb'],
    ['permission withdrawn', async (d: DaichoDb) => {
      await setMediumPermission(d, 'usb', { grant: true, note: '' }, at);
      await setMediumPermission(d, 'usb', { grant: false, reason: '' }, at);
    }, 'usb'],
    ['not labelled', async (d: DaichoDb) => {
      await addAsset(d, assetInput({ managementNumber: 'SM-00009', name: 'CD-R', kind: 'recordingMedium' }), 'cd', at);
      await setMediumPermission(d, 'cd', { grant: true, note: '' }, at);
    }, 'cd'],
    ['not a medium', async () => undefined, 'leaflet'],
    ['unknown', async () => undefined, 'nope'],
  ])('refuses a medium that is %s and writes nothing', async (_what, prepare, id) => {
    db = await section();
    await prepare(db);
    const counts = async () => [await db.takeOuts.count(), await db.assets.count(), (await listAudit(db)).length, JSON.stringify(await db.assets.toArray())];
    const before = await counts();
    expect(await exportTo(db, { kind: 'ledgerMedium', assetId: id })).toEqual({ ok: false, reason: 'medium-not-approved' });
    expect(await counts()).toEqual(before);
  });

  it('records a medium outside the ledger with the reason, and adds nothing to the ledger', async () => {
    db = await section();
    const result = await exportTo(db, { kind: 'offLedger', description: '事務局から借りたUSBメモリ', reason: '許可した媒体が故障したため' });
    expect(result.ok).toBe(true);
    expect(await db.assets.count()).toBe(2);
    expect((await listTakeOuts(db))[0]).toMatchObject({ medium: '事務局から借りたUSBメモリ', offLedgerReason: '許可した媒体が故障したため', assetId: '' });
    expect((await listAudit(db)).at(-1)).toMatchObject({ action: 'ledger.export', detail: { medium: '事務局から借りたUSBメモリ', offLedgerReason: '許可した媒体が故障したため' } });
  });

  it('refuses staff before anything is written', async () => {
    db = await section();
    await setMediumPermission(db, 'usb', { grant: true, note: '' }, at);
    await signIn(db, 'staff');
    expect(await exportTo(db, { kind: 'ledgerMedium', assetId: 'usb' })).toEqual({ ok: false, reason: 'not-permitted' });
    expect((await getAsset(db, 'usb'))?.contents).toEqual([]);
  });
});

describe('recordBackup to a medium', () => {
  it('records the backup take-out for the chosen medium, which then holds the ledger', async () => {
    db = await section();
    await setMediumPermission(db, 'usb', { grant: true, note: '' }, at);
    const content = await snapshotDatabase(db, '西宮市', '市民課');
    expect((await recordBackup(db, content, 'b.daicho-backup', at, { choice: { kind: 'ledgerMedium', assetId: 'usb' }, profile })).ok).toBe(true);
    expect((await listTakeOuts(db))[0]).toMatchObject({ kind: 'backup', mediumAssetId: 'usb', medium: 'SM-00002 USBメモリ（提出用）' });
    expect((await getAsset(db, 'usb'))?.derived?.levels).toEqual({ importance: 'A' });
  });
});

describe('take-out and disposal by 管理番号', () => {
  it('says that the one number asked for is not in the ledger', async () => {
    db = await section();
    const day = { now: at.now, today: '2026-04-01' };
    expect(await requestTakeOutFor(db, profile, 'SM-99999', { purpose: '説明会', destination: '会議室', medium: 'USB', encrypted: true, unencryptedReason: '', expectedReturn: '2026-04-02' }, day)).toEqual({ ok: false, reason: 'unknown-number' });
    expect(await requestDisposalFor(db, profile, 'SM-99999', { method: 'physical', reason: '故障のため' }, day)).toEqual({ ok: false, reason: 'unknown-number' });
  });
});
