/**
 * Runs a job of workerJobs.ts in a fresh module Web Worker and turns every way it can end into a value:
 * its answer, or a refusal (it threw, its memory or its message broke, it passed its time budget, the
 * user pressed 中止, or its signature could not be made). Nothing here throws, so a failed job can
 * never take the window with it. Where no Worker exists (Vitest in Node) the same job body runs
 * directly, with the same progress, signing and refusal handling.
 */
import { fromWorkerSchema, type FromWorker, type JobName, type ToWorker, type WorkerResult } from './protocol';
import { partPaths, runJob, type JobContext, type Jobs } from './workerJobs';
import { joinParts } from './parts';
import type { DaichoDb } from '../data/db';

/** The part of a Worker the client uses, so tests can hand it a fake one. */
export interface WorkerLike {
  postMessage(message: ToWorker, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  onmessageerror: ((event: MessageEvent) => void) | null;
}

export interface JobProgress {
  stage: string;
  fraction: number;
}

export interface RunOptions {
  onProgress?: (progress: JobProgress) => void;
  /** Signs on the UI thread when the job asks (export and backup). */
  sign?: (publicKey: string, message: Uint8Array) => Promise<Uint8Array>;
  /** Answers the job's questions on the UI thread (an export asks for its sequence number). */
  answer?: (question: string, payload: unknown) => Promise<unknown>;
  /**
   * The database the job reads where it runs directly (tests); the worker opens its own connection by
   * the name in the job's input instead.
   */
  database?: DaichoDb;
  /** The scratch database of a restore test where the job runs directly (tests); the worker makes its own. */
  scratch?: (name: string) => DaichoDb;
  /** 中止: aborting terminates the worker at once. */
  signal?: AbortSignal;
  /** The job's time budget; past it the worker is terminated. */
  timeoutMs?: number;
  /** Buffers of the input to move into the worker instead of copying (the caller gives them up). */
  transfer?: ArrayBuffer[];
  /** Makes the worker; a fake in tests. Undefined where no Worker exists: the job then runs directly. */
  createWorker?: (() => WorkerLike) | undefined;
}

/** The time budgets: far above the slowest measured run at 100,000 assets, so only a stuck job meets them. */
export const jobBudgetsMs: Record<JobName, number> = {
  exportLedger: 300_000,
  openLedger: 300_000,
  readLegacy: 180_000,
  mapLegacy: 180_000,
  writeBackup: 300_000,
  readBackup: 300_000,
  testRestore: 300_000,
};

/** Whether an answer has the shape its job promises (a worker is our code, but its memory may not be). */
const outputLooksRight: Record<JobName, (output: unknown) => boolean> = {
  exportLedger: (o) => isObject(o) && (o.ok === false ? typeof o.reason === 'string' : o.ok === true && o.bytes instanceof Uint8Array && isObject(o.signed)),
  writeBackup: (o) => isObject(o) && o.bytes instanceof Uint8Array && isObject(o.counts),
  openLedger: (o) => isObject(o) && typeof o.ok === 'boolean',
  readLegacy: (o) => isObject(o) && typeof o.ok === 'boolean',
  mapLegacy: (o) => isObject(o) && (o.ok === true ? Array.isArray(o.assets) : o.ok === false && Array.isArray(o.errors)),
  readBackup: (o) => isObject(o) && typeof o.ok === 'boolean',
  testRestore: (o) => isObject(o) && (o.ok === false ? typeof o.reason === 'string' : o.ok === true && isObject(o.result) && isObject(o.counts) && isObject(o.header)),
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The app's worker: the module bundled from ledgerWorker.ts (a chunk of its own, loaded on first use). */
export const ledgerWorkerFactory: (() => WorkerLike) | undefined =
  typeof Worker === 'undefined' ? undefined : () => new Worker(new URL('./ledgerWorker.ts', import.meta.url), { type: 'module', name: 'daicho-ledger' }) as unknown as WorkerLike;

/** Runs `job` off the UI thread; resolves with its answer or a refusal, never rejects. */
export function runWorkerJob<K extends JobName>(job: K, input: Jobs[K]['input'], options: RunOptions = {}): Promise<WorkerResult<Jobs[K]['output']>> {
  const create = 'createWorker' in options ? options.createWorker : ledgerWorkerFactory;
  const timeoutMs = options.timeoutMs ?? jobBudgetsMs[job];
  if (options.signal?.aborted) return Promise.resolve({ ok: false, reason: 'cancelled', detail: 'aborted before start' });
  return create ? runInWorker(job, input, options, create, timeoutMs) : runDirect(job, input, options, timeoutMs);
}

function runInWorker<K extends JobName>(job: K, input: Jobs[K]['input'], options: RunOptions, create: () => WorkerLike, timeoutMs: number): Promise<WorkerResult<Jobs[K]['output']>> {
  return new Promise((resolve) => {
    let worker: WorkerLike;
    try {
      worker = create();
    } catch (error) {
      resolve({ ok: false, reason: 'worker-unavailable', detail: messageOf(error) });
      return;
    }
    let finished = false;
    let signingError: string | null = null;
    const parts = new Map<string, unknown[]>();
    const finish = (result: WorkerResult<Jobs[K]['output']>) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      worker.terminate();
      resolve(result);
    };
    const onAbort = () => finish({ ok: false, reason: 'cancelled', detail: 'cancelled by the user' });
    const timer = setTimeout(() => finish({ ok: false, reason: 'worker-timeout', detail: `${timeoutMs} ms` }), timeoutMs);
    options.signal?.addEventListener('abort', onAbort);

    const answerSignature = async (request: Extract<FromWorker, { type: 'sign' }>) => {
      let reply: ToWorker;
      try {
        if (!options.sign) throw new Error('no signer for this job');
        reply = { type: 'signature', id: request.id, ok: true, signature: await options.sign(request.publicKey, request.message) };
      } catch (error) {
        signingError = messageOf(error);
        reply = { type: 'signature', id: request.id, ok: false, error: signingError };
      }
      if (!finished) worker.postMessage(reply);
    };

    const answerQuestion = async (request: Extract<FromWorker, { type: 'ask' }>) => {
      let reply: ToWorker;
      try {
        if (!options.answer) throw new Error(`no answer for ${request.question}`);
        reply = { type: 'answer', id: request.id, ok: true, value: await options.answer(request.question, request.payload) };
      } catch (error) {
        reply = { type: 'answer', id: request.id, ok: false, error: messageOf(error) };
      }
      if (!finished) worker.postMessage(reply);
    };

    worker.onmessage = (event) => {
      const parsed = fromWorkerSchema.safeParse(event.data);
      if (!parsed.success) return finish({ ok: false, reason: 'worker-malformed', detail: parsed.error.issues[0]?.message ?? 'malformed' });
      const message = parsed.data;
      if (message.type === 'progress') return options.onProgress?.({ stage: message.stage, fraction: message.fraction });
      if (message.type === 'sign') return void answerSignature(message);
      if (message.type === 'ask') return void answerQuestion(message);
      if (message.type === 'part') {
        if (!partPaths[job].includes(message.path)) return finish({ ok: false, reason: 'worker-malformed', detail: `unexpected part ${message.path}` });
        const items = parts.get(message.path) ?? [];
        // push per item: a spread of thousands of arguments can overflow the stack.
        for (const item of message.items) items.push(item);
        return void parts.set(message.path, items);
      }
      if (message.type === 'failed') return finish(signingError !== null ? { ok: false, reason: 'signing-failed', detail: signingError } : { ok: false, reason: 'worker-crashed', detail: message.error });
      if (!joinParts(message.output, parts, partPaths[job])) return finish({ ok: false, reason: 'worker-malformed', detail: `parts of the ${job} answer do not fit` });
      if (!outputLooksRight[job](message.output)) return finish({ ok: false, reason: 'worker-malformed', detail: `unexpected ${job} answer` });
      finish({ ok: true, value: message.output as Jobs[K]['output'] });
    };
    // A throw outside the job's promise, a failed module load, or an out-of-memory kill.
    worker.onerror = (event) => {
      event.preventDefault?.();
      finish({ ok: false, reason: 'worker-crashed', detail: event.message || 'worker error' });
    };
    worker.onmessageerror = () => finish({ ok: false, reason: 'worker-malformed', detail: 'message could not be deserialised' });
    try {
      worker.postMessage({ type: 'run', job, input }, options.transfer ?? []);
    } catch (error) {
      finish({ ok: false, reason: 'worker-unavailable', detail: messageOf(error) });
    }
  });
}

/** No Worker here (tests): the same body, the same refusals; 中止 and the budget are checked between steps. */
async function runDirect<K extends JobName>(job: K, input: Jobs[K]['input'], options: RunOptions, timeoutMs: number): Promise<WorkerResult<Jobs[K]['output']>> {
  const started = Date.now();
  let signingError: string | null = null;
  const stop = (): WorkerResult<never> | null =>
    options.signal?.aborted ? { ok: false, reason: 'cancelled', detail: 'cancelled by the user' } : Date.now() - started > timeoutMs ? { ok: false, reason: 'worker-timeout', detail: `${timeoutMs} ms` } : null;
  const context: JobContext = {
    progress: (stage, fraction) => options.onProgress?.({ stage, fraction }),
    sign: async (publicKey, message) => {
      try {
        if (!options.sign) throw new Error('no signer for this job');
        return await options.sign(publicKey, message);
      } catch (error) {
        signingError = messageOf(error);
        throw error;
      }
    },
    random: (length) => crypto.getRandomValues(new Uint8Array(length)),
    ask: async (question, payload) => {
      if (!options.answer) throw new Error(`no answer for ${question}`);
      return options.answer(question, payload);
    },
    database: async (name) => {
      if (!options.database || options.database.name !== name) throw new Error(`no database ${name} given to the job`);
      return options.database;
    },
    scratch: (name) => {
      if (!options.scratch) throw new Error(`no scratch database ${name} given to the job`);
      return options.scratch(name);
    },
  };
  try {
    const output = await runJob(job, input, context);
    return stop() ?? { ok: true, value: output };
  } catch (error) {
    return stop() ?? (signingError !== null ? { ok: false, reason: 'signing-failed', detail: signingError } : { ok: false, reason: 'worker-crashed', detail: messageOf(error) });
  }
}
