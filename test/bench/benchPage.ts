/**
 * Runs inside Chromium for `npm run bench`: times the repository's bulk insert against a raw Dexie
 * bulkAdd of the same records, and seeds the app's own database for the first-page and filter figures.
 */
import { DaichoDb } from '../../renderer/data/db';
import { bulkAddAssets } from '../../renderer/data/assetRepository';
import { setupSection } from '../../renderer/data/accountRepository';
import { setSession } from '../../renderer/data/session';
import { makeAsset, makeAssets } from '../fixtures/assets';
import './auditBench';
import './auditReadProfile';

const context = { now: '2026-04-01T00:00:00.000Z' };

/** A manager account put straight into the table and signed in: writes need a session, timing needs no scrypt. */
async function benchManager(db: DaichoDb): Promise<void> {
  await db.accounts.add({
    userId: 'bench', employeeNumber: 'BENCH', displayName: 'ベンチマーク', role: 'securityManager',
    password: { algorithm: 'scrypt', N: 2 ** 17, r: 8, p: 1, salt: '00'.repeat(16), hash: '00'.repeat(32) },
    mustChangePassword: false, failedAttempts: 0, lockedUntil: null, disabled: false, createdAt: context.now, rightsReviewedAt: context.now,
  });
  setSession(db, 'bench');
}

async function fresh(name: string): Promise<DaichoDb> {
  await new DaichoDb(name).delete();
  const db = new DaichoDb(name);
  await db.open();
  return db;
}

async function timeRaw(assets: ReturnType<typeof makeAssets>): Promise<number> {
  const db = await fresh('bench-raw');
  const start = performance.now();
  await db.assets.bulkAdd(assets);
  const ms = performance.now() - start;
  db.close();
  return ms;
}

async function timeRepository(assets: ReturnType<typeof makeAssets>): Promise<number> {
  const db = await fresh('bench-repository');
  await benchManager(db);
  const start = performance.now();
  const result = await bulkAddAssets(db, assets, context);
  const ms = performance.now() - start;
  db.close();
  if (!result.ok) throw new Error(`repository insert failed: ${result.reason}`);
  return ms;
}

/** One round of both inserts; `repositoryFirst` alternates the order so warm-up favours neither. */
async function timeInsert(count: number, repositoryFirst: boolean) {
  const assets = makeAssets(count);
  if (repositoryFirst) {
    const repositoryMs = await timeRepository(assets);
    return { repositoryMs, rawMs: await timeRaw(assets) };
  }
  const rawMs = await timeRaw(assets);
  return { rawMs, repositoryMs: await timeRepository(assets) };
}

/**
 * The app's database with `count` assets. With `media`, the first `media` assets are active recording
 * media and every other one information (the reads bench's label line), set before the bulk add: a
 * cursor rewriting 100,000 stored assets afterwards took minutes and never finished under load.
 */
async function seedApp(count: number, media?: number) {
  const db = await fresh('daicho');
  await setupSection(db, { organisation: '西宮市', section: '市民課', managementPrefix: 'SM-', dateStyle: 'seireki', profileId: 'nishinomiya' }, { userId: 'bench', employeeNumber: 'BENCH', displayName: 'ベンチマーク', password: 'ベンチマーク用の長いパスワード' }, context);
  const assets = media === undefined ? makeAssets(count) : Array.from({ length: count }, (_, i) => makeAsset(i, i < media ? { kind: 'recordingMedium', medium: 'electronic', status: 'active' } : { kind: 'information' }));
  const result = await bulkAddAssets(db, assets, context);
  db.close();
  if (!result.ok) throw new Error(`seeding failed: ${result.reason}`);
}

Object.assign(window, { daichoBench: { timeInsert, seedApp } });
document.getElementById('status')!.textContent = 'ready';
