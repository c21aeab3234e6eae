/**
 * The audit part of the bench page (issue 15): fills the app's database with a section and a million
 * audit entries, fast. The chain is computed here once, in order (each hash needs the one before),
 * and stored with bulkAdd in large batches: no per-entry transaction, no re-reading the last entry.
 * Timed by scripts/benchAudit.mjs, which then opens the real audit screen on this database.
 */
import { DaichoDb } from '../../renderer/data/db';
import { setupSection } from '../../renderer/data/accountRepository';
import { chainAuditEntries, type AuditEntry, type AuditEvent } from '../../shared/domain/auditChain';
import type { AuditAction } from '../../shared/domain/auditActions';
import { makeAsset } from '../fixtures/assets';

const actors = ['ベンチマーク', '山田 花子', '佐藤 一郎', '田中 次郎', '鈴木 三郎', '高橋 四郎', '伊藤 五郎', '渡辺 六子'];
/** A realistic mix: mostly asset edits and logins, a few rare actions (one filter finds 1 in 1,000). */
const mix: AuditAction[] = ['asset.update', 'asset.update', 'asset.update', 'auth.login', 'auth.login', 'asset.create', 'classification.propose', 'classification.approve', 'label.print', 'takeOut.request'];
const BATCH = 20_000;

/** The i-th synthetic event: every 30 seconds from 2025-06-01, cycling people, actions and 100,000 assets. */
function event(i: number): AuditEvent {
  const action: AuditAction = i % 1000 === 999 ? 'key.revoke' : mix[i % mix.length]!;
  const asset = (i * 7919) % 100_000;
  return {
    at: new Date(Date.UTC(2025, 5, 1) + i * 30_000).toISOString(),
    actor: actors[(i >> 3) % actors.length]!,
    action,
    target: action === 'auth.login' ? 'bench' : `id-${asset}`,
    outcome: i % 97 === 0 ? 'failure' : 'success',
    detail: action === 'auth.login' ? { userId: 'bench', ...(i % 97 === 0 ? { reason: 'wrong-password' } : {}) } : { managementNumber: `SM-${String(asset + 1).padStart(6, '0')}`, changes: [{ field: 'location', label: '所在', from: '書庫A', to: `書庫${i % 26}` }] },
  };
}

/** A fresh app database ('daicho') with the bench section, its manager, and `count` chained audit entries. */
async function seedAudit(count: number): Promise<{ hashMs: number; storeMs: number; entries: number }> {
  await new DaichoDb('daicho').delete();
  const db = new DaichoDb('daicho');
  await db.open();
  const setup = await setupSection(db, { organisation: '西宮市', section: '市民課', managementPrefix: 'SM-', dateStyle: 'seireki', profileId: 'nishinomiya' }, { userId: 'bench', employeeNumber: 'BENCH', displayName: 'ベンチマーク', password: 'ベンチマーク用の長いパスワード' }, { now: '2025-05-31T00:00:00.000Z' });
  if (!setup.ok) throw new Error(`setup failed: ${setup.reason}`);
  // The asset the bench's 管理番号 filter names (SM-012346 is id-12345), so that filter reads its entries.
  await db.assets.add(makeAsset(12_345));
  let last: Pick<AuditEntry, 'seq' | 'hash'> | undefined = await db.audit.orderBy('seq').last();
  let hashMs = 0;
  let storeMs = 0;
  for (let from = 0; from < count; from += BATCH) {
    let start = performance.now();
    const events = Array.from({ length: Math.min(BATCH, count - from) }, (_, k) => event(from + k));
    const entries = chainAuditEntries(last, events);
    hashMs += performance.now() - start;
    start = performance.now();
    await db.audit.bulkAdd(entries);
    storeMs += performance.now() - start;
    last = entries.at(-1);
  }
  const entries = await db.audit.count();
  db.close();
  return { hashMs, storeMs, entries };
}

/** Adds `count` more chained entries after the newest (the entries a check from the checkpoint reads). */
async function appendEntries(count: number): Promise<number> {
  const db = new DaichoDb('daicho');
  await db.open();
  const last = await db.audit.orderBy('seq').last();
  await db.audit.bulkAdd(chainAuditEntries(last, Array.from({ length: count }, (_, k) => event((last?.seq ?? 0) + k))));
  const entries = await db.audit.count();
  db.close();
  return entries;
}

/** The entries in the log (a profile seeded by an earlier run). */
async function countEntries(): Promise<number> {
  const db = new DaichoDb('daicho');
  await db.open();
  const entries = await db.audit.count();
  db.close();
  return entries;
}

Object.assign(window, { daichoAuditBench: { seedAudit, appendEntries, countEntries } });
