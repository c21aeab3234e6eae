/**
 * Records a job that failed in its worker (threw, ran out of memory, sent a malformed answer or passed
 * its time budget): who tried what, and why, in the audit log. A user's 中止 is not recorded as a
 * failure (nothing went wrong, and nothing was changed). Gated by the operation that was attempted,
 * so an account that may not export cannot write export failures either.
 */
import type { WorkerFailureReason } from '../workers/protocol';
import { appendAudit } from './auditRepository';
import type { DaichoDb } from './db';
import { signedContext, type WriteContext } from './session';
import { runWrite, type WriteResult } from './writeResult';

/** The operations whose heavy part runs in a worker. */
export type WorkerOperation = 'ledger.export' | 'ledger.import' | 'ledger.legacyImport' | 'backup.create' | 'backup.restore' | 'backup.restoreTest';

/** Appends 'worker.failed' (outcome failure) with the operation, the reason and the worker's own message. */
export function recordWorkerFailure(db: DaichoDb, operation: WorkerOperation, reason: Exclude<WorkerFailureReason, 'cancelled'>, detail: string, at: WriteContext): Promise<WriteResult<void>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.audit, async () => {
      const context = await signedContext(db, operation, at);
      await appendAudit(db, [{ at: context.now, actor: context.actor, action: 'worker.failed', target: operation, outcome: 'failure', detail: { operation, reason, detail: detail.slice(0, 500) } }]);
    }),
  );
}
