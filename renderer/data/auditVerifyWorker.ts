/**
 * An audit worker: verifies one range of the audit log's hash chain, or runs the last-export check
 * over the subtrees the ranges built, off the UI thread (issue 15: a million entries, several
 * workers at once, the window stays usable). It opens the same database by name (IndexedDB is shared
 * by the window and its workers of one origin) and runs the same repository code the in-thread path
 * runs. Cancel is the window terminating it.
 */
import { DaichoDb } from './db';
import { checkRangesAgainstLastExport, verifyAuditRange } from './auditRepository';
import type { AuditVerifyRequest, AuditVerifyResponse } from './auditVerifier';

const scope = self as unknown as { onmessage: ((event: MessageEvent<AuditVerifyRequest>) => void) | null; postMessage(message: AuditVerifyResponse, transfer?: Transferable[]): void };

let opened: DaichoDb | null = null;
/** One connection per worker: the coordinator sends the tree check to a worker that verified a range. */
function database(name: string): Promise<DaichoDb> {
  if (opened?.name === name) return Promise.resolve(opened);
  opened?.close();
  const db = new DaichoDb(name);
  opened = db;
  return db.open().then(() => db);
}

scope.onmessage = (event) => {
  const request = event.data;
  let lastPost = 0;
  const work = database(request.dbName).then(async (db): Promise<AuditVerifyResponse> => {
    if (request.kind === 'range') {
      const value = await verifyAuditRange(db, request.range, request.cuts, (read) => {
        // At most about ten messages a second per worker: the window only draws a bar.
        const now = performance.now();
        if (now - lastPost < 100) return;
        lastPost = now;
        scope.postMessage({ kind: 'progress', read });
      });
      return { kind: 'range-done', value };
    }
    return { kind: 'tree-done', value: await checkRangesAgainstLastExport(db, request.last, request.entrySubtrees, request.contiguous, request.since) };
  });
  void work
    .catch((error: unknown): AuditVerifyResponse => ({ kind: 'error', error: error instanceof Error ? error.message : String(error) }))
    .then((response) => scope.postMessage(response));
};
