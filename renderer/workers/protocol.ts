/**
 * The one protocol between the UI thread and the ledger worker (issue 15: heavy work off the UI
 * thread). The UI thread posts one `run` per worker and ends the worker after the answer; in between
 * the worker posts progress, asks the UI thread to sign (see `sign` below) and finally posts `done` or
 * `failed`. Every message from the worker is parsed here before it is believed: a worker whose code
 * or memory went wrong must become a refusal, never a frozen or crashed window.
 *
 * Why signing goes back to the UI thread: the desktop signing key never leaves the main process
 * (electron/ipc/signingKeys.ts), so it cannot be posted to a worker; the browser preview's WebCrypto
 * key could be, but one path for both keeps the key handling where it is reviewed. What is signed is
 * small (metadata, header and row digests for a ledger; a context string and a SHA-256 for a
 * backup), so the signature costs the UI thread well under a millisecond; the expensive part
 * (hashing 100,000 rows, writing and encrypting the workbook) stays in the worker.
 *
 * What the worker reads, it reads itself (issue 15, part "main thread"): it opens the ledger's
 * IndexedDB database by name (IndexedDB works in workers) and reads only, so the UI thread never
 * reads 100,000 assets nor copies them into the worker. Every write stays with the gated
 * repositories on the UI thread; where a job needs a write in the middle (an export's sequence
 * number), it `ask`s the UI thread, which does it through the repository and answers. A large array
 * in an answer (an import's rows, a backup's tables) comes back in `part` messages of a few thousand
 * items, so the UI thread deserialises it in many short tasks instead of one long one.
 */
import { z } from 'zod';

/** The jobs the worker runs; their inputs and outputs are in workerJobs.ts. */
export const jobNames = ['exportLedger', 'openLedger', 'readLegacy', 'mapLegacy', 'writeBackup', 'readBackup', 'testRestore'] as const;
export type JobName = (typeof jobNames)[number];

/** UI thread -> worker. */
export type ToWorker =
  | { type: 'run'; job: JobName; input: unknown }
  | { type: 'signature'; id: number; ok: true; signature: Uint8Array }
  | { type: 'signature'; id: number; ok: false; error: string }
  | { type: 'answer'; id: number; ok: true; value: unknown }
  | { type: 'answer'; id: number; ok: false; error: string };

const bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'bytes expected');

/** Worker -> UI thread, checked before it is believed. */
export const fromWorkerSchema = z.discriminatedUnion('type', [
  /** `fraction` 0..1 of the whole job; `stage` is the Japanese text shown beside the bar. */
  z.object({ type: z.literal('progress'), stage: z.string().max(200), fraction: z.number().min(0).max(1) }),
  z.object({ type: z.literal('sign'), id: z.number().int().nonnegative(), publicKey: z.string().regex(/^[0-9a-f]{64}$/), message: bytes }),
  /** A question the job needs the UI thread to answer (e.g. reserve the export's sequence number). */
  z.object({ type: z.literal('ask'), id: z.number().int().nonnegative(), question: z.string().max(50), payload: z.unknown() }),
  /** A slice of a large array of the answer, at `path` (dot-separated) of the output sent with `done`. */
  z.object({ type: z.literal('part'), path: z.string().max(100).regex(/^[A-Za-z]+(\.[A-Za-z]+)*$/), items: z.array(z.unknown()) }),
  z.object({ type: z.literal('done'), output: z.unknown() }),
  z.object({ type: z.literal('failed'), error: z.string().max(2000) }),
]);
export type FromWorker = z.output<typeof fromWorkerSchema>;

/** Why a job in a worker ended without its answer. */
export type WorkerFailureReason = 'worker-crashed' | 'worker-timeout' | 'worker-malformed' | 'worker-unavailable' | 'signing-failed' | 'cancelled';

export type WorkerResult<T> = { ok: true; value: T } | { ok: false; reason: WorkerFailureReason; detail: string };

/**
 * What the screen says when a worker fails: what happened and what to do next. Nothing was changed
 * in any of these cases, because every job runs before the write it prepares.
 */
export const workerFailureMessages: Record<WorkerFailureReason, string> = {
  'worker-crashed':
    '処理中にエラーが起きたため中止しました（ファイルが壊れているか、端末のメモリが足りない可能性があります）。台帳は変更されていません。ほかの画面を閉じてからもう一度お試しください。繰り返す場合はセキュリティ管理者に連絡してください。',
  'worker-timeout': '処理が制限時間内に終わらなかったため中止しました。台帳は変更されていません。ほかの作業を終えてからもう一度お試しください。繰り返す場合はセキュリティ管理者に連絡してください。',
  'worker-malformed': '処理から想定外の応答があったため中止しました。台帳は変更されていません。アプリを再起動してもう一度お試しください。繰り返す場合はセキュリティ管理者に連絡してください。',
  'worker-unavailable': 'この画面では処理を開始できませんでした。台帳は変更されていません。アプリを再起動してもう一度お試しください。',
  'signing-failed': '署名できなかったため中止しました。台帳は変更されていません。「この端末の署名鍵」で鍵の状態を確かめてください。',
  cancelled: '中止しました。台帳は変更されていません。',
};
