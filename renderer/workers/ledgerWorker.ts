/**
 * The ledger worker: runs one job (workerJobs.ts) off the UI thread and answers once. It holds no
 * state between jobs; the client starts one per job and terminates it after the answer, so a stuck
 * or cancelled job is simply ended and its memory returned.
 */
import type { FromWorker, ToWorker } from './protocol';
import { runJob, transferablesOf, type JobContext } from './workerJobs';

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
};

let nextSignature = 0;
const pendingSignatures = new Map<number, { resolve(signature: Uint8Array): void; reject(error: Error): void }>();

const context: JobContext = {
  progress: (stage, fraction) => scope.postMessage({ type: 'progress', stage, fraction: Math.min(1, Math.max(0, fraction)) }),
  sign: (publicKey, message) =>
    new Promise<Uint8Array>((resolve, reject) => {
      const id = nextSignature++;
      pendingSignatures.set(id, { resolve, reject });
      scope.postMessage({ type: 'sign', id, publicKey, message });
    }),
  random: (length) => crypto.getRandomValues(new Uint8Array(length)),
};

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'signature') {
    const pending = pendingSignatures.get(message.id);
    pendingSignatures.delete(message.id);
    if (message.ok) pending?.resolve(message.signature);
    else pending?.reject(new Error(message.error));
    return;
  }
  void runJob(message.job, message.input as never, context).then(
    (output) => scope.postMessage({ type: 'done', output }, transferablesOf(output)),
    (error: unknown) => scope.postMessage({ type: 'failed', error: error instanceof Error ? error.message : String(error) }),
  );
};
