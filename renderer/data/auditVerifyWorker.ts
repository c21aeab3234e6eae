/**
 * The audit worker: verifies the whole audit log (chain and last-export check) off the UI thread, so a
 * log of a million entries does not freeze the window (issue 15). It opens the same database by name
 * (IndexedDB is shared by the window and its workers of one origin), reads it page by page through the
 * same repository code, reports progress, and answers once. Cancel is the window terminating it.
 */
import { DaichoDb } from './db';
import { verifyAuditFully } from './auditRepository';
import type { AuditVerifyRequest, AuditVerifyResponse } from './auditVerifier';

const scope = self as unknown as { onmessage: ((event: MessageEvent<AuditVerifyRequest>) => void) | null; postMessage(message: AuditVerifyResponse): void };

scope.onmessage = (event) => {
  const db = new DaichoDb(event.data.dbName);
  let lastPost = 0;
  const work = db
    .open()
    .then(() =>
      verifyAuditFully(
        db,
        (progress) => {
          // At most about ten messages a second: the window only draws a bar.
          const now = performance.now();
          if (now - lastPost < 100 && progress.done < progress.total) return;
          lastPost = now;
          scope.postMessage({ kind: 'progress', progress });
        },
        () => Promise.resolve(),
      ),
    )
    .then((value): AuditVerifyResponse => ({ kind: 'done', value }));
  void work
    .catch((error: unknown): AuditVerifyResponse => ({ kind: 'error', error: error instanceof Error ? error.message : String(error) }))
    .then((response) => {
      db.close();
      scope.postMessage(response);
    });
};
