/**
 * Stock-take (棚卸) sessions in the database. A scanner sends about 10 codes a second, so the screen
 * collects scans in memory and appends them here in batches (one small transaction per batch, never
 * one per keystroke); finishing matches the stored scans against the ledger inside the transaction, so
 * the counts recorded in the audit log are the database's, not the screen's. Every write goes through
 * the permission gate (session.ts).
 */
import { z } from 'zod';
import type { Asset } from '../../shared/domain/asset';
import type { FieldChange } from '../../shared/domain/assetLifecycle';
import { matchStockTake, readStockTakeSession, readStockTakeSessions, summariseStockTake, type StockTakeResult, type StockTakeScan, type StockTakeScope, type StockTakeSession } from '../../shared/domain/stockTake';
import { sanitizeText } from '../../shared/domain/sanitizeText';
import { appendAudit } from './auditRepository';
import type { DaichoDb } from './db';
import { signedContext, type WriteContext } from './session';
import { runWrite, WriteAbort, type WriteResult } from './writeResult';

/** Longest scanned text kept (a mis-scan of a long code is listed, not stored whole). */
const maxCodeLength = 200;
/** Most scans one session keeps: far above any section's media, low enough to refuse a runaway key. */
export const maxScansPerSession = 200_000;

const scopeSchema = z.union([
  z.strictObject({ kind: z.literal('location'), location: z.string().transform((v) => sanitizeText(v)).pipe(z.string().min(1).max(100)) }),
  z.strictObject({ kind: z.literal('section') }),
]);

/** The sessions, newest first: those that can be read, and the numbers of those that cannot (edited by hand). */
export async function listStockTakes(db: DaichoDb): Promise<{ sessions: StockTakeSession[]; unreadable: string[] }> {
  return readStockTakeSessions(await db.stockTakes.orderBy('startedAt').reverse().toArray());
}

/** One session, or null when there is none or it cannot be read. */
export async function getStockTake(db: DaichoDb, id: number): Promise<StockTakeSession | null> {
  return readStockTakeSession(await db.stockTakes.get(id));
}

export function listStockTakeScans(db: DaichoDb, sessionId: number): Promise<StockTakeScan[]> {
  return db.stockTakeScans.where('sessionId').equals(sessionId).sortBy('id');
}

/** The session's matching as of now (scans stored so far against the current ledger). */
export async function getStockTakeResult(db: DaichoDb, sessionId: number): Promise<StockTakeResult | null> {
  const session = await getStockTake(db, sessionId);
  if (!session) return null;
  return matchStockTake(await db.assets.toArray(), session.scope, await listStockTakeScans(db, sessionId), session.section);
}

/** Starts a session for one 所在 or the whole section, recorded in the audit log. */
export function startStockTake(db: DaichoDb, scope: StockTakeScope, section: string, at: WriteContext): Promise<WriteResult<StockTakeSession>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.stockTakes, db.audit, async () => {
      const context = await signedContext(db, 'stockTake.record', at);
      const parsed = scopeSchema.safeParse(scope);
      if (!parsed.success) throw new WriteAbort('failed');
      const session: StockTakeSession = {
        scope: parsed.data,
        section,
        state: 'open',
        startedAt: context.now,
        startedBy: context.actor,
        startedByUserId: context.userId,
        finishedAt: null,
        finishedBy: null,
        summary: null,
        missingAssetIds: [],
      };
      const id = await db.stockTakes.add(session);
      await appendAudit(db, [{ at: context.now, actor: context.actor, action: 'stockTake.start', target: String(id), outcome: 'success', detail: { scope: parsed.data } }]);
      return { ...session, id };
    }),
  );
}

/** The session a step works on; one edited by hand is not advanced ('wrong-state'). */
async function storedSession(db: DaichoDb, sessionId: number): Promise<StockTakeSession> {
  const stored = await db.stockTakes.get(sessionId);
  if (!stored) throw new WriteAbort('not-found');
  const session = readStockTakeSession(stored);
  if (!session) throw new WriteAbort('wrong-state');
  return session;
}

async function openSession(db: DaichoDb, sessionId: number): Promise<StockTakeSession> {
  const session = await storedSession(db, sessionId);
  if (session.state !== 'open') throw new WriteAbort('wrong-state');
  return session;
}

/**
 * Appends a batch of scans to an open session (one transaction for the batch). Not in the audit log
 * one by one (ten entries a second would bury everything else); the finish entry carries the counts.
 */
export function recordScans(db: DaichoDb, sessionId: number, scans: readonly StockTakeScan[], limit = maxScansPerSession): Promise<WriteResult<number>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.stockTakes, db.stockTakeScans, async () => {
      await signedContext(db, 'stockTake.record', { now: '' });
      // Their own reasons: the screen stops retrying a batch that can never be saved, and says why.
      if ((await storedSession(db, sessionId)).state !== 'open') throw new WriteAbort('session-closed');
      if (scans.length === 0) return 0;
      const stored = await db.stockTakeScans.where('sessionId').equals(sessionId).count();
      if (stored + scans.length > limit) throw new WriteAbort('scan-limit');
      await db.stockTakeScans.bulkAdd(scans.map((s) => ({ sessionId, code: String(s.code).slice(0, maxCodeLength), at: String(s.at).slice(0, 40) })));
      return scans.length;
    }),
  );
}

/**
 * Ends a session: matches every stored scan against the ledger, keeps the counts and the assets not
 * found, and records the session in the audit log (counts and 管理番号 of what moved or is missing).
 */
export function finishStockTake(db: DaichoDb, sessionId: number, at: WriteContext): Promise<WriteResult<{ session: StockTakeSession; result: StockTakeResult }>> {
  return runWrite(() =>
    db.transaction('rw', [db.accounts, db.stockTakes, db.stockTakeScans, db.assets, db.audit], async () => {
      const context = await signedContext(db, 'stockTake.record', at);
      const session = await openSession(db, sessionId);
      const result = matchStockTake(await db.assets.toArray(), session.scope, await listStockTakeScans(db, sessionId), session.section);
      const summary = summariseStockTake(result);
      const finished: StockTakeSession = { ...session, state: 'finished', finishedAt: context.now, finishedBy: context.actor, summary, missingAssetIds: result.missing.map((a) => a.id) };
      await db.stockTakes.put(finished);
      await appendAudit(db, [
        {
          at: context.now,
          actor: context.actor,
          action: 'stockTake.finish',
          target: String(sessionId),
          outcome: 'success',
          detail: {
            scope: session.scope,
            ...summary,
            missing: result.missing.map((a) => a.managementNumber),
            moved: result.moved.map((m) => m.asset.managementNumber),
            otherSection: result.otherSection.map((o) => o.code),
            unknown: result.unknown.map((u) => u.code).slice(0, 100),
            // The lists above replace the counts of the same name; this one lists only the first 100.
            unknownScans: summary.unknown,
          },
        },
      ]);
      return { session: finished, result };
    }),
  );
}

async function finishedSession(db: DaichoDb, sessionId: number): Promise<StockTakeSession> {
  const session = await storedSession(db, sessionId);
  if (session.state !== 'finished') throw new WriteAbort('wrong-state');
  return session;
}

/**
 * Follow-up: the assets found here that the ledger places elsewhere get this session's 所在 (a location
 * session only). Only assets this session really found moved are changed, whatever the caller passes.
 */
export function updateFoundLocations(db: DaichoDb, sessionId: number, assetIds: readonly string[], at: WriteContext): Promise<WriteResult<Asset[]>> {
  return runWrite(() =>
    db.transaction('rw', [db.accounts, db.stockTakes, db.stockTakeScans, db.assets, db.history, db.audit], async () => {
      const context = await signedContext(db, 'asset.update', at);
      const session = await finishedSession(db, sessionId);
      if (session.scope.kind !== 'location') throw new WriteAbort('wrong-state');
      const location = session.scope.location;
      const result = matchStockTake(await db.assets.toArray(), session.scope, await listStockTakeScans(db, sessionId), session.section);
      const moved = new Set(result.moved.map((m) => m.asset.id));
      if (assetIds.some((id) => !moved.has(id))) throw new WriteAbort('wrong-state');
      const updated: Asset[] = [];
      for (const id of new Set(assetIds)) {
        const before = (await db.assets.get(id))!;
        const asset: Asset = { ...before, location, updatedAt: context.now, updatedBy: context.actor };
        await db.assets.put(asset);
        // The same change in the history and the audit log, with its label: the audit screen reads a change without one as a bare record.
        const changes: FieldChange[] = [{ field: 'location', label: '所在', from: before.location, to: location }];
        await db.history.add({ assetId: id, at: context.now, actor: context.actor, action: 'update', changes });
        await appendAudit(db, [{ at: context.now, actor: context.actor, action: 'asset.update', target: id, outcome: 'success', detail: { managementNumber: before.managementNumber, stockTakeId: sessionId, changes } }]);
        updated.push(asset);
      }
      return updated;
    }),
  );
}

/**
 * Follow-up: the assets not found are put up for review today (next review date = `today`), so they
 * appear at the top of 見直し until someone records what became of them.
 */
export function startReviewOfMissing(db: DaichoDb, sessionId: number, assetIds: readonly string[], at: WriteContext & { today: string }): Promise<WriteResult<number>> {
  return runWrite(() =>
    db.transaction('rw', [db.accounts, db.stockTakes, db.assets, db.history, db.audit], async () => {
      const context = await signedContext(db, 'asset.review', at);
      const session = await finishedSession(db, sessionId);
      const missing = new Set(session.missingAssetIds);
      if (assetIds.some((id) => !missing.has(id))) throw new WriteAbort('wrong-state');
      for (const id of new Set(assetIds)) {
        const before = await db.assets.get(id);
        if (!before) throw new WriteAbort('not-found');
        // Retired or disposed since the end (written off as lost): not put up for review, as no review is (all or nothing).
        if (before.status !== 'active') throw new WriteAbort('not-active');
        await db.assets.put({ ...before, nextReviewDate: at.today, updatedAt: context.now, updatedBy: context.actor });
        await db.history.add({ assetId: id, at: context.now, actor: context.actor, action: 'review', changes: [{ field: 'nextReviewDate', label: '次回見直し日', from: before.nextReviewDate, to: at.today }] });
        await appendAudit(db, [{ at: context.now, actor: context.actor, action: 'asset.review', target: id, outcome: 'success', detail: { managementNumber: before.managementNumber, nextReviewDate: at.today, stockTakeId: sessionId } }]);
      }
      return new Set(assetIds).size;
    }),
  );
}

/**
 * Follow-up: reports the assets not found as possibly lost (【10】第6条: staff report a suspected
 * incident to the security manager and the 事務局). Recorded in the audit log with the numbers and the
 * note; the report itself goes on by the section's usual route.
 */
export function reportLoss(db: DaichoDb, sessionId: number, assetIds: readonly string[], note: string, at: WriteContext): Promise<WriteResult<string[]>> {
  return runWrite(() =>
    db.transaction('rw', [db.accounts, db.stockTakes, db.assets, db.audit], async () => {
      const context = await signedContext(db, 'stockTake.reportLoss', at);
      const session = await finishedSession(db, sessionId);
      const missing = new Set(session.missingAssetIds);
      const ids = [...new Set(assetIds)];
      if (ids.length === 0 || ids.some((id) => !missing.has(id))) throw new WriteAbort('wrong-state');
      const numbers = (await db.assets.bulkGet(ids)).map((a, i) => a?.managementNumber ?? ids[i]!);
      await appendAudit(db, [{ at: context.now, actor: context.actor, action: 'stockTake.lossReport', target: String(sessionId), outcome: 'success', detail: { managementNumbers: numbers, note: sanitizeText(note, { multiline: true }).slice(0, 2000) } }]);
      return numbers;
    }),
  );
}
