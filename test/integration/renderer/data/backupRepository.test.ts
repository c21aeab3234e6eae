import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDBKeyRange } from 'fake-indexeddb';
import { readBackup, writeBackup } from '../../../../shared/backup/backupFile';
import { backupContentSchema, compareRestore } from '../../../../shared/backup/backupContent';
import { addAsset, updateAsset } from '../../../../renderer/data/assetRepository';
import { listAudit, verifyAudit } from '../../../../renderer/data/auditRepository';
import { getBackupSchedule, recordBackup, restoreDatabase, restoreTest, setBackupInterval, snapshotDatabase } from '../../../../renderer/data/backupRepository';
import { SCHEMA_VERSION, type DaichoDb } from '../../../../renderer/data/db';
import { saveSettings } from '../../../../renderer/data/settingsRepository';
import { assetInput } from '../../../fixtures/assets';
import { freshDb, freshFactory, operator } from './testDb';

const kdf = { N: 2 ** 10, r: 8, p: 1 };
const random = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + 3) & 0xff);
const settings = { organisation: '西宮市', section: '市民課', managementPrefix: 'SM-', dateStyle: 'seireki' as const, profileId: 'nishinomiya' };
const opened: DaichoDb[] = [];
afterEach(() => opened.splice(0).forEach((db) => db.close()));

async function populated(): Promise<DaichoDb> {
  const db = await freshDb();
  opened.push(db);
  await saveSettings(db, settings, { now: '2026-04-01T00:00:00.000Z' });
  await addAsset(db, assetInput(), 'a1', operator());
  await addAsset(db, assetInput({ managementNumber: 'SM-00002', name: 'USBメモリ' }), 'a2', operator());
  await updateAsset(db, 'a1', assetInput({ location: '別館' }), operator());
  return db;
}

async function backupOf(db: DaichoDb) {
  const content = await snapshotDatabase(db, '西宮市', '市民課');
  const file = await writeBackup(content, 'バックアップ用の長いパスワード', { appVersion: '0.1.0', schemaVersion: SCHEMA_VERSION, createdAt: '2026-04-02T00:00:00.000Z', random, kdf });
  const read = await readBackup(file, 'バックアップ用の長いパスワード', SCHEMA_VERSION);
  if (!read.ok) throw new Error(read.reason);
  return { content, file, parsed: backupContentSchema.parse(read.content) };
}

describe('backup and restore', () => {
  it('restores into an empty profile with identical data and a valid audit chain', async () => {
    const source = await populated();
    const { content, parsed } = await backupOf(source);
    const target = await freshDb(freshFactory());
    opened.push(target);
    expect(await restoreDatabase(target, parsed, SCHEMA_VERSION, { ...operator(), backupCreatedAt: '2026-04-02T00:00:00.000Z' })).toEqual({ ok: true, value: undefined });

    const restored = await snapshotDatabase(target, '西宮市', '市民課');
    const { audit: restoredAudit, ...restoredRest } = restored.tables;
    const { audit: sourceAudit, ...sourceRest } = content.tables;
    expect(restoredRest).toEqual(sourceRest);
    expect(restoredAudit.slice(0, sourceAudit.length)).toEqual(sourceAudit);
    expect(restoredAudit.at(-1)).toMatchObject({ action: 'backup.restore', outcome: 'success' });
    expect(await verifyAudit(target)).toMatchObject({ ok: true, count: sourceAudit.length + 1 });
  });

  it('leaves the database exactly as it was when the restore fails midway', async () => {
    const source = await populated();
    const { parsed } = await backupOf(source);
    const target = await freshDb(freshFactory());
    opened.push(target);
    await saveSettings(target, { ...settings, section: '税務課' }, { now: 'now' });
    await addAsset(target, assetInput({ name: '課税台帳' }), 'z1', operator());
    const before = await snapshotDatabase(target, '', '');
    const spy = vi.spyOn(target.audit, 'bulkAdd').mockRejectedValueOnce(Object.assign(new Error('full'), { name: 'QuotaExceededError' }));
    expect(await restoreDatabase(target, parsed, SCHEMA_VERSION, { ...operator(), backupCreatedAt: 'x' })).toEqual({ ok: false, reason: 'quota' });
    spy.mockRestore();
    expect(await snapshotDatabase(target, '', '')).toEqual(before);
  });

  it('migrates a backup taken with schema v1 (assets without contents)', async () => {
    const source = await populated();
    const { parsed } = await backupOf(source);
    const v1 = structuredClone(parsed);
    v1.tables.assets.forEach((asset) => {
      delete asset.contents;
      delete asset.derived;
    });
    const target = await freshDb(freshFactory());
    opened.push(target);
    await restoreDatabase(target, v1, 1, { ...operator(), backupCreatedAt: 'x' });
    const assets = await target.assets.toArray();
    expect(assets).toHaveLength(2);
    expect(assets.every((a) => Array.isArray(a.contents) && a.derived === null)).toBe(true);
    expect((await listAudit(target)).at(-1)).toMatchObject({ action: 'backup.restore', detail: { fromSchemaVersion: 1 } });
  });
});

describe('restoreTest', () => {
  it('restores into a scratch copy, reports a match, records it, and leaves the live ledger alone', async () => {
    const db = await populated();
    const { parsed } = await backupOf(db);
    await addAsset(db, assetInput({ managementNumber: 'SM-00003', name: 'バックアップ後の資産' }), 'a3', operator());
    const liveBefore = await db.assets.count();
    const factory = freshFactory();
    const result = await restoreTest(db, parsed, SCHEMA_VERSION, { ...operator(), backupCreatedAt: '2026-04-02' }, { name: 'scratch', indexedDB: factory, IDBKeyRange });
    expect(result).toMatchObject({ ok: true, value: { matches: true, auditChainIntact: true } });
    expect(await db.assets.count()).toBe(liveBefore);
    expect((await listAudit(db)).at(-1)).toMatchObject({ action: 'backup.restoreTest', outcome: 'success', detail: { matches: true } });
    expect((await factory.databases()).map((d) => d.name)).not.toContain('scratch');
  });

  it('reports a broken audit chain inside the backup', async () => {
    const db = await populated();
    const { parsed } = await backupOf(db);
    parsed.tables.audit[1]!.actor = '改ざん';
    const result = await restoreTest(db, parsed, SCHEMA_VERSION, { ...operator(), backupCreatedAt: 'x' }, { name: 'scratch2', indexedDB: freshFactory(), IDBKeyRange });
    expect(result).toMatchObject({ ok: true, value: { matches: true, auditChainIntact: false } });
    expect((await listAudit(db)).at(-1)).toMatchObject({ action: 'backup.restoreTest', outcome: 'failure' });
  });
});

describe('backup schedule', () => {
  it('returns the interval and the last backup time, both recorded', async () => {
    const db = await populated();
    expect(await getBackupSchedule(db)).toEqual({ intervalDays: 30, lastBackupAt: null });
    await setBackupInterval(db, 7, operator());
    const { content } = await backupOf(db);
    await recordBackup(db, content, '市民課_2026-04-02.daicho-backup', operator('2026-04-02T00:00:00.000Z'));
    expect(await getBackupSchedule(db)).toEqual({ intervalDays: 7, lastBackupAt: '2026-04-02T00:00:00.000Z' });
    expect((await listAudit(db)).slice(-3).map((e) => e.action)).toEqual(['backup.interval', 'backup.create', 'takeOut.authorised']);
    expect(await db.takeOuts.toArray()).toMatchObject([{ kind: 'backup', state: 'handedOver', encrypted: true, managementNumber: '（台帳全体）' }]);
    expect(compareRestore(content.tables, content.tables).matches).toBe(true);
  });
});
