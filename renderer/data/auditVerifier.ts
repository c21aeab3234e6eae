/**
 * Full audit verification as an operation the screen can watch and cancel: in the app it runs in a
 * module Web Worker (auditVerifyWorker.ts) with progress; where no Worker exists (Vitest in Node) the
 * same code runs directly. A worker that fails or is cancelled is a value, never a throw.
 */
import { verifyAuditFully, type AuditVerifyProgress, type FullAuditVerification } from './auditRepository';
import type { DaichoDb } from './db';

export interface AuditVerifyRequest {
  dbName: string;
}

export type AuditVerifyResponse =
  | { kind: 'progress'; progress: AuditVerifyProgress }
  | { kind: 'done'; value: FullAuditVerification }
  | { kind: 'error'; error: string };

export type AuditVerifyOutcome = { ok: true; value: FullAuditVerification } | { ok: false; reason: 'cancelled' | 'worker-failed' };

export interface RunningVerification {
  result: Promise<AuditVerifyOutcome>;
  cancel(): void;
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

function runDirect(db: DaichoDb, onProgress: (p: AuditVerifyProgress) => void): RunningVerification {
  let cancelled = false;
  const result = verifyAuditFully(db, (p) => !cancelled && onProgress(p)).then(
    (value): AuditVerifyOutcome => (cancelled ? { ok: false, reason: 'cancelled' } : { ok: true, value }),
    (error: unknown): AuditVerifyOutcome => {
      console.error('[audit] verification failed', error);
      return { ok: false, reason: 'worker-failed' };
    },
  );
  return { result, cancel: () => void (cancelled = true) };
}

/** Starts verifying the whole log; `onProgress` gets the entries read so far. */
export function startAuditVerification(db: DaichoDb, onProgress: (progress: AuditVerifyProgress) => void): RunningVerification {
  if (typeof Worker === 'undefined' || inThread.has(db)) return runDirect(db, onProgress);
  let worker: Worker;
  try {
    worker = new Worker(new URL('./auditVerifyWorker.ts', import.meta.url), { type: 'module', name: 'daicho-audit' });
  } catch (error) {
    console.error('[audit] worker not started', error);
    return { result: Promise.resolve({ ok: false, reason: 'worker-failed' }), cancel: () => {} };
  }
  let settle: (outcome: AuditVerifyOutcome) => void = () => {};
  const result = new Promise<AuditVerifyOutcome>((resolve) => {
    settle = (outcome) => {
      worker.terminate();
      resolve(outcome);
      settle = () => {};
    };
  });
  worker.onmessage = (event: MessageEvent<AuditVerifyResponse>) => {
    const message = event.data;
    if (message.kind === 'progress') onProgress(message.progress);
    else if (message.kind === 'done') settle({ ok: true, value: message.value });
    else {
      console.error('[audit] verification failed', message.error);
      settle({ ok: false, reason: 'worker-failed' });
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    console.error('[audit] worker error', event.message);
    settle({ ok: false, reason: 'worker-failed' });
  };
  worker.onmessageerror = () => settle({ ok: false, reason: 'worker-failed' });
  worker.postMessage({ dbName: db.name } satisfies AuditVerifyRequest);
  return { result, cancel: () => settle({ ok: false, reason: 'cancelled' }) };
}
