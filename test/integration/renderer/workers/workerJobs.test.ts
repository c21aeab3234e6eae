/**
 * The job bodies the ledger worker runs, called through the client where no Worker exists (Node), so
 * the same code path the app's worker takes is exercised: export then import of the same ledger,
 * backup write then read, and the refusals a job can end with.
 */
import { describe, expect, it } from 'vitest';
import { runWorkerJob } from '../../../../renderer/workers/workerClient';
import { nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import { keyFingerprint, secretKeySigner } from '../../../../shared/ledgerFile/signature';
import type { TrustedKey } from '../../../../shared/ledgerFile/importLedger';
import { makeAsset } from '../../../fixtures/assets';
import { freshDb, freshFactory } from '../data/testDb';
import { DaichoDb } from '../../../../renderer/data/db';
import { IDBKeyRange } from 'fake-indexeddb';
import type { ExportJobInput, ExportPrepareAnswer } from '../../../../renderer/workers/workerJobs';

const signer = secretKeySigner(Uint8Array.from({ length: 32 }, (_, i) => i + 3));
const sign = async (publicKey: string, message: Uint8Array) => {
  expect(publicKey).toBe(signer.publicKey);
  return signer.sign(message);
};
const trusted: TrustedKey = {
  keyId: keyFingerprint(signer.publicKey), publicKey: signer.publicKey, organisation: '西宮市', section: '市民課',
  addedAt: '2026-04-01T00:00:00.000Z', addedBy: '山田 花子', revokedAt: null, revokedBy: null, lastSequence: 0,
};
const assets = [makeAsset(0), makeAsset(1), makeAsset(2)];
const exportInput: ExportJobInput = {
  database: 'daicho-test', profile: nishinomiyaProfile, organisation: '西宮市', section: '市民課', exportedAt: '2026-11-29T00:00:00.000Z', appVersion: 'test', password: null, unencryptedReason: '試験用の台帳で、相手の端末でも暗号化せずに確かめるため',
};
/** The UI thread's answer to the export's question: sequence 4, this test's key. */
const prepared: ExportPrepareAnswer = { ok: true, sequence: 4, publicKey: signer.publicKey };
const answer = async () => prepared;

/** A test database holding `held` (written directly: the jobs under test only read). */
async function ledgerWith(held: readonly typeof assets[number][]): Promise<DaichoDb> {
  const db = await freshDb();
  await db.assets.bulkAdd([...held]);
  return db;
}

/** Exports the ledger of `db` through the job, as the app's worker does. */
async function exported(db: DaichoDb) {
  const result = await runWorkerJob('exportLedger', exportInput, { createWorker: undefined, database: db, sign, answer });
  if (!result.ok || !result.value.ok) throw new Error('export refused');
  return result.value;
}

describe('exportLedger and openLedger jobs', () => {
  it('exports a signed workbook read from the database that the import job verifies, with progress in order and the difference against the ledger', async () => {
    const stages: number[] = [];
    const asked: unknown[] = [];
    const db = await ledgerWith(assets);
    const result = await runWorkerJob('exportLedger', exportInput, { createWorker: undefined, database: db, sign, answer: async (question, payload) => (asked.push([question, payload]), prepared), onProgress: (p) => stages.push(p.fraction) });
    if (!result.ok || !result.value.ok) throw new Error('export refused');
    expect(result.value.signed.meta).toMatchObject({ sequence: 4, rowCount: 3, keyId: trusted.keyId });
    expect(asked).toEqual([['prepareExport', { rowCount: 3 }]]);
    expect(stages).toEqual([...stages].sort((a, b) => a - b));
    expect(stages.at(-1)).toBeGreaterThan(0);

    await db.assets.delete(assets[2]!.id);
    const opened = await runWorkerJob('openLedger', { bytes: result.value.bytes, trusted: [trusted], profile: nishinomiyaProfile, database: db.name }, { createWorker: undefined, database: db });
    if (!opened.ok || !opened.value.ok) throw new Error('import refused');
    expect(opened.value.rows.map((r) => r.input.managementNumber)).toEqual(assets.map((a) => a.managementNumber).sort());
    expect(opened.value.diff).toMatchObject({ added: 1, changed: 0, addedSample: [{ managementNumber: assets[2]!.managementNumber }] });
  });

  it('exports only the given ids, in the scope the screen chose', async () => {
    const db = await ledgerWith(assets);
    const result = await runWorkerJob('exportLedger', { ...exportInput, ids: [assets[1]!.id, 'no-such-asset'] }, { createWorker: undefined, database: db, sign, answer });
    expect(result).toMatchObject({ ok: true, value: { ok: true, signed: { meta: { rowCount: 1 } } } });
  });

  it.each([
    ['an empty ledger', [] as typeof assets, {}, { ok: false, reason: 'empty' }],
    ['an unencrypted export of B or higher without a reason', [{ ...assets[0]!, classification: null }], { unencryptedReason: '' }, { ok: false, reason: 'needs-reason', undecidedCount: 1 }],
    ['an unencrypted export with too short a reason', [{ ...assets[0]!, classification: null }], { unencryptedReason: '急ぎ' }, { ok: false, reason: 'needs-reason', undecidedCount: 1 }],
  ])('refuses %s before asking the UI thread for a sequence number', async (_name, held, extra, expected) => {
    const db = await ledgerWith(held);
    let asked = 0;
    const result = await runWorkerJob('exportLedger', { ...exportInput, ...extra }, { createWorker: undefined, database: db, sign, answer: async () => (asked++, prepared) });
    expect(result).toMatchObject({ ok: true, value: expected });
    expect(asked).toBe(0);
  });

  it('ends with the UI thread’s reason when it could not reserve a sequence number, and signs nothing', async () => {
    const db = await ledgerWith(assets);
    let signed = 0;
    const result = await runWorkerJob('exportLedger', exportInput, { createWorker: undefined, database: db, sign: async (k, m) => (signed++, sign(k, m)), answer: async () => ({ ok: false, text: '通番を予約できませんでした。' }) });
    expect(result).toEqual({ ok: true, value: { ok: false, reason: 'not-prepared', text: '通番を予約できませんでした。' } });
    expect(signed).toBe(0);
  });

  it('returns worker-crashed when the job is given no database of the name it reads', async () => {
    const db = await ledgerWith(assets);
    const result = await runWorkerJob('exportLedger', { ...exportInput, database: 'another' }, { createWorker: undefined, database: db, sign, answer });
    expect(result).toMatchObject({ ok: false, reason: 'worker-crashed' });
  });

  it('refuses a file from an unknown signer as a value naming the signer, not a crash', async () => {
    const db = await ledgerWith(assets);
    const file = await exported(db);
    const opened = await runWorkerJob('openLedger', { bytes: file.bytes, trusted: [], profile: nishinomiyaProfile, database: db.name }, { createWorker: undefined, database: db });
    expect(opened).toMatchObject({ ok: true, value: { ok: false, refusal: { reason: 'unknown-signer', publicKey: signer.publicKey } } });
  });

  it.each([
    ['random bytes', new Uint8Array(64).fill(7)],
    ['an empty file', new Uint8Array(0)],
    ['a zip signature and nothing else', new Uint8Array([0x50, 0x4b, 0x03, 0x04])],
  ])('refuses %s as a file refusal', async (_name, bytes) => {
    const db = await ledgerWith([]);
    const opened = await runWorkerJob('openLedger', { bytes, trusted: [trusted], profile: nishinomiyaProfile, database: db.name }, { createWorker: undefined, database: db });
    expect(opened.ok && opened.value.ok).toBe(false);
  });

  it('returns signing-failed with the signer’s message when the key cannot sign', async () => {
    const result = await runWorkerJob('exportLedger', exportInput, { createWorker: undefined, database: await ledgerWith(assets), answer, sign: async () => { throw new Error('鍵がありません'); } });
    expect(result).toEqual({ ok: false, reason: 'signing-failed', detail: '鍵がありません' });
  });

  it('returns worker-crashed when the job throws on input it cannot handle', async () => {
    const result = await runWorkerJob('readBackup', { bytes: undefined as never, password: 'x', schemaVersion: 6, acceptedKeys: [] }, { createWorker: undefined });
    expect(result).toMatchObject({ ok: false, reason: 'worker-crashed' });
  });

  it('returns worker-timeout when the job ran past its budget', async () => {
    const result = await runWorkerJob('exportLedger', exportInput, { createWorker: undefined, database: await ledgerWith(assets), answer, sign: async (key, m) => (await new Promise((r) => setTimeout(r, 30)), sign(key, m)), timeoutMs: 5 });
    expect(result).toMatchObject({ ok: false, reason: 'worker-timeout' });
  });
});

describe('mapLegacy job', () => {
  const header = ['管理番号', '名称', '種類', '形式', '所在', '所管課', '管理者', 'ネットワーク区分'];
  const row = (number: string) => [number, '旧台帳の資産', '情報', '電子', '書庫', '市民課', '市民課長', 'マイナンバー利用事務系'];
  const mapping = Object.fromEntries(header.map((h, i) => [['managementNumber', 'name', 'kind', 'medium', 'location', 'owningSection', 'custodian', 'networkSegment'][i]!, { column: h, fixed: '' }]));

  it('checks every row against the numbers the ledger already holds, which it reads itself', async () => {
    const db = await ledgerWith(assets);
    const taken = assets[1]!.managementNumber;
    const sheet = { header, rows: [row('OLD-1'), row(taken), row('OLD-1')], firstRowNumber: 2 };
    const result = await runWorkerJob('mapLegacy', { sheet, mapping, profile: nishinomiyaProfile, database: db.name }, { createWorker: undefined, database: db });
    expect(result).toMatchObject({ ok: true, value: { ok: false } });
    if (!result.ok || result.value.ok) throw new Error('expected row errors');
    expect(result.value.errors.map((e) => [e.row, e.message])).toEqual([
      [3, `管理番号「${taken}」はすでに台帳にあります。`],
      [4, '管理番号「OLD-1」がファイルの中で重複しています。'],
    ]);
  });

  it('gives every asset when no row has an error', async () => {
    const db = await ledgerWith(assets);
    const sheet = { header, rows: [row('OLD-1'), row('OLD-2')], firstRowNumber: 2 };
    const result = await runWorkerJob('mapLegacy', { sheet, mapping, profile: nishinomiyaProfile, database: db.name }, { createWorker: undefined, database: db });
    if (!result.ok || !result.value.ok) throw new Error('expected assets');
    expect(result.value.assets.map((a) => [a.input.managementNumber, a.input.kind, a.status])).toEqual([['OLD-1', 'information', 'active'], ['OLD-2', 'information', 'active']]);
  });
});

describe('writeBackup and readBackup jobs', () => {
  const kdf = { N: 2 ** 10, r: 8, p: 1 };
  const write = async (db?: DaichoDb) => runWorkerJob('writeBackup', { database: 'daicho-test', organisation: '西宮市', section: '市民課', password: 'バックアップ用の長いパスワード', appVersion: 'test', schemaVersion: 6, createdAt: '2026-11-29T00:00:00.000Z', keyId: trusted.keyId, publicKey: signer.publicKey, kdf }, { createWorker: undefined, database: db ?? (await ledgerWith([])), sign });

  it('reads back what it wrote from the database, with the counts for the audit entry and the audit chain checked', async () => {
    const written = await write(await ledgerWith(assets));
    if (!written.ok) throw new Error(written.reason);
    expect(written.value.counts).toMatchObject({ assets: 3 });
    const read = await runWorkerJob('readBackup', { bytes: written.value.bytes, password: 'バックアップ用の長いパスワード', schemaVersion: 6, acceptedKeys: [signer.publicKey] }, { createWorker: undefined });
    expect(read).toMatchObject({ ok: true, value: { ok: true, auditIntact: true, content: { section: '市民課' } } });
    if (read.ok && read.value.ok) expect(read.value.content.tables.assets.map((a) => a.id)).toEqual(assets.map((a) => a.id).sort());
  });

  it.each([
    ['a wrong password', 'ちがうパスワードですちがうパスワード', [signer.publicKey], 'wrong-password'],
    ['a key the section does not hold', 'バックアップ用の長いパスワード', ['cd'.repeat(32)], 'unknown-signer'],
  ])('refuses %s as a value', async (_name, password, acceptedKeys, reason) => {
    const written = await write();
    if (!written.ok) throw new Error(written.reason);
    const read = await runWorkerJob('readBackup', { bytes: written.value.bytes, password, schemaVersion: 6, acceptedKeys }, { createWorker: undefined });
    expect(read).toEqual({ ok: true, value: { ok: false, reason } });
  });

  describe('testRestore job', () => {
    /** A scratch database in its own factory, so the test can see it is gone afterwards. */
    const scratchIn = (factory: IDBFactory) => (name: string) => new DaichoDb(name, { indexedDB: factory, IDBKeyRange });

    it('restores the file into the scratch database, finds every table equal and the audit chain intact, and deletes the scratch copy', async () => {
      const written = await write(await ledgerWith(assets));
      if (!written.ok) throw new Error(written.reason);
      const factory = freshFactory();
      const result = await runWorkerJob('testRestore', { bytes: written.value.bytes, password: 'バックアップ用の長いパスワード', schemaVersion: 6, acceptedKeys: [signer.publicKey], scratch: 'scratch' }, { createWorker: undefined, scratch: scratchIn(factory) });
      if (!result.ok || !result.value.ok) throw new Error('restore test refused');
      expect(result.value.result).toMatchObject({ matches: true, auditChainIntact: true });
      expect(result.value.result.tables.find((t) => t.table === 'assets')).toMatchObject({ expectedCount: 3, actualCount: 3, digestMatches: true });
      expect(result.value.counts).toMatchObject({ assets: 3 });
      expect((await factory.databases()).map((d) => d.name)).not.toContain('scratch');
    });

    it('empties a scratch copy left by an interrupted test before restoring into it', async () => {
      const written = await write(await ledgerWith(assets));
      if (!written.ok) throw new Error(written.reason);
      const factory = freshFactory();
      const left = scratchIn(factory)('scratch');
      await left.assets.bulkAdd([makeAsset(5)]);
      left.close();
      const result = await runWorkerJob('testRestore', { bytes: written.value.bytes, password: 'バックアップ用の長いパスワード', schemaVersion: 6, acceptedKeys: [signer.publicKey], scratch: 'scratch' }, { createWorker: undefined, scratch: scratchIn(factory) });
      expect(result).toMatchObject({ ok: true, value: { ok: true, result: { matches: true } } });
    });

    it('refuses a wrong password as a value, before any scratch database is made', async () => {
      const written = await write();
      if (!written.ok) throw new Error(written.reason);
      const factory = freshFactory();
      const result = await runWorkerJob('testRestore', { bytes: written.value.bytes, password: 'ちがうパスワードですちがうパスワード', schemaVersion: 6, acceptedKeys: [signer.publicKey], scratch: 'scratch' }, { createWorker: undefined, scratch: scratchIn(factory) });
      expect(result).toEqual({ ok: true, value: { ok: false, reason: 'wrong-password' } });
      expect(await factory.databases()).toEqual([]);
    });
  });
});
