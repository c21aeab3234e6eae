/**
 * Full audit verification as an operation the screen can watch and cancel. In the app the chain is
 * split into ranges verified at once by several module Web Workers (auditVerifyWorker.ts), one per
 * core up to a cap; this thread only plans (index reads), adds up progress and merges the ranges'
 * results (shared/domain/auditRanges.ts), then one worker runs the last-export check. Where no Worker
 * exists (Vitest in Node) the same range code runs directly, range after range. A worker that fails
 * or is cancelled is a value, never a throw.
 */
import { completeAuditVerification, planAuditVerification, treeCuts, verifyAuditInRanges, type AuditRangeVerification, type AuditVerifyMode, type AuditVerifyProgress, type ExportAnchors, type FullAuditVerification, type LastExportCheck } from './auditRepository';
import type { AuditCheckpoint } from '../../shared/domain/auditCheckpoint';
import type { MerkleFrontier, Subtree } from '../../shared/domain/auditLog';
import type { SeqRange } from '../../shared/domain/auditRanges';
import type { DaichoDb } from './db';

export type AuditVerifyRequest =
  | { kind: 'range'; dbName: string; range: SeqRange; cuts: number[] | null }
  | { kind: 'tree'; dbName: string; last: ExportAnchors['last']; entrySubtrees: (Subtree[] | null)[] | null; contiguous: boolean; since: AuditCheckpoint | null };

export type AuditVerifyResponse =
  | { kind: 'progress'; read: number }
  | { kind: 'range-done'; value: AuditRangeVerification }
  | { kind: 'tree-done'; value: { check: LastExportCheck; frontier: MerkleFrontier | null } }
  | { kind: 'error'; error: string };

export type AuditVerifyOutcome = { ok: true; value: FullAuditVerification } | { ok: false; reason: 'cancelled' | 'worker-failed' };

export interface RunningVerification {
  result: Promise<AuditVerifyOutcome>;
  cancel(): void;
}

/**
 * How many workers verify at once: one per logical core (the window itself mostly waits), at most
 * MAX_WORKERS (each holds a page of entries and its own database connection).
 */
export const MAX_AUDIT_WORKERS = 4;
export function auditWorkerCount(cores: number | undefined): number {
  return Math.max(1, Math.min(MAX_AUDIT_WORKERS, Math.floor(cores ?? 1) || 1));
}

/** Japanese messages for a verification that did not finish. */
export const auditVerifyFailureMessages: Record<Exclude<AuditVerifyOutcome, { ok: true }>['reason'], string> = {
  cancelled: '検証を中止しました。記録は変更されていません。もう一度「監査ログを検証」を押すと、最初から検証します。',
  'worker-failed': '検証を最後まで行えませんでした（処理が異常終了しました）。画面を再読み込みしてもう一度お試しください。続く場合は情報セキュリティ事務局に連絡してください。',
};

/** Databases whose verification must stay in this thread (a test's in-memory IndexedDB a worker cannot see). */
const inThread = new WeakSet<DaichoDb>();

/** Keeps `db`'s verification in the calling thread (tests and the bench's comparison run). */
export function verifyInThread(db: DaichoDb): void {
  inThread.add(db);
}

function runDirect(db: DaichoDb, onProgress: (p: AuditVerifyProgress) => void, parts: number, mode: AuditVerifyMode): RunningVerification {
  let cancelled = false;
  const result = verifyAuditInRanges(db, parts, (p) => !cancelled && onProgress(p), undefined, mode).then(
    (value): AuditVerifyOutcome => (cancelled ? { ok: false, reason: 'cancelled' } : { ok: true, value }),
    (error: unknown): AuditVerifyOutcome => {
      console.error('[audit] verification failed', error);
      return { ok: false, reason: 'worker-failed' };
    },
  );
  return { result, cancel: () => void (cancelled = true) };
}

/** Sends one request to a worker and waits for its answer (progress goes to `onProgress`). */
function ask<T extends AuditVerifyResponse['kind']>(worker: Worker, request: AuditVerifyRequest, expect: T, onProgress: (read: number) => void = () => {}): Promise<Extract<AuditVerifyResponse, { kind: T }>> {
  return new Promise((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<AuditVerifyResponse>) => {
      const message = event.data;
      if (message.kind === 'progress') onProgress(message.read);
      else if (message.kind === expect) resolve(message as Extract<AuditVerifyResponse, { kind: T }>);
      else reject(new Error(message.kind === 'error' ? message.error : `unexpected ${message.kind}`));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      reject(new Error(event.message || 'worker error'));
    };
    worker.onmessageerror = () => reject(new Error('message could not be read'));
    worker.postMessage(request);
  });
}

/**
 * Starts verifying the log (every entry, or with `mode` since-checkpoint only the entries since the
 * last full verification when its checkpoint still holds); `onProgress` gets the entries read so far
 * (all workers together). `parts` defaults to the machine's cores (capped); tests and the bench may
 * pass their own.
 */
export function startAuditVerification(db: DaichoDb, onProgress: (progress: AuditVerifyProgress) => void, mode: AuditVerifyMode = { kind: 'full' }, parts = auditWorkerCount(globalThis.navigator?.hardwareConcurrency)): RunningVerification {
  if (typeof Worker === 'undefined' || inThread.has(db)) return runDirect(db, onProgress, parts, mode);
  const workers: Worker[] = [];
  let settled = false;
  let settle: (outcome: AuditVerifyOutcome) => void = () => {};
  const result = new Promise<AuditVerifyOutcome>((resolve) => {
    settle = (outcome) => {
      if (settled) return;
      settled = true;
      for (const worker of workers) worker.terminate();
      resolve(outcome);
    };
  });
  const newWorker = () => new Worker(new URL('./auditVerifyWorker.ts', import.meta.url), { type: 'module', name: `daicho-audit-${workers.length + 1}` });
  const run = async (): Promise<FullAuditVerification> => {
    const plan = await planAuditVerification(db, parts, mode);
    if (settled) throw new Error('cancelled while planning'); // start no worker after a cancel
    const read = plan.ranges.map(() => 0);
    let lastShown = 0;
    const report = () => {
      // The workers each post about ten times a second; the bar needs no more than that in all.
      const now = performance.now();
      if (now - lastShown < 100) return;
      lastShown = now;
      onProgress({ phase: 'chain', done: Math.min(plan.total, read.reduce((a, b) => a + b, 0)), total: plan.total });
    };
    onProgress({ phase: 'chain', done: 0, total: plan.total });
    for (const _ of plan.ranges) workers.push(newWorker());
    const results = await Promise.all(
      plan.ranges.map(async (range, i) => {
        const done = await ask(workers[i]!, { kind: 'range', dbName: db.name, range, cuts: treeCuts(plan) }, 'range-done', (n) => {
          read[i] = n;
          report();
        });
        read[i] = done.value.result.count;
        report();
        return done.value;
      }),
    );
    // For the bench (scripts/benchAudit.mjs reads it): where each worker's time went.
    console.info(`[audit] ranges ${JSON.stringify(results.map((r) => ({ count: r.result.count, ...r.timing })))}`);
    return completeAuditVerification(plan, results, onProgress, async (since) => {
      // The last-export check in a worker too (the archived leaves are read and hashed there); one is
      // started for it when the log had no entries to hand out. The ranges built the tree over their
      // own entries: a few dozen subtree roots travel, not a million leaves.
      if (workers.length === 0) workers.push(newWorker());
      const entrySubtrees = plan.checkTree ? results.map((r) => r.subtrees) : null;
      const started = performance.now();
      const tree = await ask(workers[0]!, { kind: 'tree', dbName: db.name, last: plan.lastExport, entrySubtrees, contiguous: plan.contiguous, since }, 'tree-done');
      console.info(`[audit] tree check ${Math.round(performance.now() - started)} ms`);
      return tree.value;
    });
  };
  run().then(
    (value) => settle({ ok: true, value }),
    (error: unknown) => {
      console.error('[audit] verification failed', error);
      settle({ ok: false, reason: 'worker-failed' });
    },
  );
  return { result, cancel: () => settle({ ok: false, reason: 'cancelled' }) };
}
