/**
 * The ledger worker: runs one job (workerJobs.ts) off the UI thread and answers once. It holds no
 * state between jobs; the client starts one per job and terminates it after the answer, so a stuck
 * or cancelled job is simply ended and its memory returned. It opens the ledger database itself, for
 * reading (workerJobs.ts), and sends the large arrays of its answer ahead in slices (`part`).
 */
import type { FromWorker, ToWorker } from './protocol';
import { partPaths, runJob, transferablesOf, type JobContext } from './workerJobs';
import { DaichoDb } from '../data/db';
import { splitParts } from './parts';

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
};

let nextRequest = 0;
const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
const databases = new Map<string, DaichoDb>();

function request(message: (id: number) => FromWorker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const id = nextRequest++;
    pending.set(id, { resolve, reject });
    scope.postMessage(message(id));
  });
}

const context: JobContext = {
  progress: (stage, fraction) => scope.postMessage({ type: 'progress', stage, fraction: Math.min(1, Math.max(0, fraction)) }),
  sign: (publicKey, message) => request((id) => ({ type: 'sign', id, publicKey, message })) as Promise<Uint8Array>,
  ask: (question, payload) => request((id) => ({ type: 'ask', id, question, payload })),
  random: (length) => crypto.getRandomValues(new Uint8Array(length)),
  // Its own connection, opened at the schema version the UI thread has already upgraded to; it only reads.
  database: async (name) => {
    let db = databases.get(name);
    if (!db) {
      db = new DaichoDb(name);
      databases.set(name, db);
    }
    if (!db.isOpen()) await db.open();
    return db;
  },
  // A restore test's own database (emptied, filled and deleted by the job), never the ledger's.
  scratch: (name) => new DaichoDb(name),
};

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'signature' || message.type === 'answer') {
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (!message.ok) waiting?.reject(new Error(message.error));
    else waiting?.resolve(message.type === 'signature' ? message.signature : message.value);
    return;
  }
  void runJob(message.job, message.input as never, context).then(
    (output) => {
      for (const db of databases.values()) db.close();
      const { rest, parts } = splitParts(output, partPaths[message.job]);
      for (const part of parts) scope.postMessage({ type: 'part', ...part });
      scope.postMessage({ type: 'done', output: rest }, transferablesOf(rest));
    },
    (error: unknown) => scope.postMessage({ type: 'failed', error: error instanceof Error ? error.message : String(error) }),
  );
};
