/**
 * The UI thread's side of the worker protocol, driven by a fake worker that answers as scripted: every
 * way a worker can end (answer, throw, crash, broken or malformed message, silence, 中止, a failed
 * signature) must resolve to a value, and the worker must be terminated afterwards.
 */
import { describe, expect, it } from 'vitest';
import { runWorkerJob, type WorkerLike } from '../../../../renderer/workers/workerClient';
import type { ToWorker } from '../../../../renderer/workers/protocol';

type Script = (worker: FakeWorker, message: ToWorker) => void;

class FakeWorker implements WorkerLike {
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: ((event: MessageEvent) => void) | null = null;
  terminated = false;
  received: ToWorker[] = [];
  transfers: Transferable[][] = [];
  constructor(private readonly script: Script) {}
  postMessage(message: ToWorker, transfer: Transferable[] = []) {
    this.received.push(message);
    this.transfers.push(transfer);
    queueMicrotask(() => this.script(this, message));
  }
  terminate() {
    this.terminated = true;
  }
  send(data: unknown) {
    if (!this.terminated) this.onmessage?.({ data } as MessageEvent);
  }
}

function fake(script: Script) {
  const holder: { worker?: FakeWorker } = {};
  const createWorker = () => (holder.worker = new FakeWorker(script));
  return { createWorker, get worker() { return holder.worker!; } };
}

const backupInput = { bytes: new Uint8Array([1, 2, 3]), password: 'p', schemaVersion: 6, acceptedKeys: [] };
const exportOutput = { ok: true, bytes: new Uint8Array([80, 75]), signed: { meta: {} } };
const publicKey = 'ab'.repeat(32);

describe('runWorkerJob', () => {
  it('returns the answer, forwards progress in order, moves the given buffers and ends the worker', async () => {
    const f = fake((w, m) => {
      if (m.type !== 'run') return;
      w.send({ type: 'progress', stage: '読み込んでいます', fraction: 0 });
      w.send({ type: 'progress', stage: '確かめています', fraction: 0.5 });
      w.send({ type: 'done', output: { ok: false, reason: 'wrong-password' } });
    });
    const progress: string[] = [];
    const buffer = new ArrayBuffer(8);
    const result = await runWorkerJob('readBackup', backupInput, { createWorker: f.createWorker, onProgress: (p) => progress.push(`${p.stage}:${p.fraction}`), transfer: [buffer] });
    expect(result).toEqual({ ok: true, value: { ok: false, reason: 'wrong-password' } });
    expect(progress).toEqual(['読み込んでいます:0', '確かめています:0.5']);
    expect(f.worker.transfers[0]).toEqual([buffer]);
    expect(f.worker.terminated).toBe(true);
  });

  it.each([
    ['a job that threw', (w: FakeWorker) => w.send({ type: 'failed', error: 'RangeError: Invalid array length' }), 'worker-crashed'],
    ['an uncaught error or out-of-memory kill', (w: FakeWorker) => w.onerror?.({ message: 'Uncaught RangeError', preventDefault() {} } as ErrorEvent), 'worker-crashed'],
    ['a message that could not be deserialised', (w: FakeWorker) => w.onmessageerror?.({} as MessageEvent), 'worker-malformed'],
    ['null', (w: FakeWorker) => w.send(null), 'worker-malformed'],
    ['a string', (w: FakeWorker) => w.send('done'), 'worker-malformed'],
    ['an unknown type', (w: FakeWorker) => w.send({ type: 'result', output: {} }), 'worker-malformed'],
    ['progress above 1', (w: FakeWorker) => w.send({ type: 'progress', stage: 'x', fraction: 2 }), 'worker-malformed'],
    ['progress that is not a number', (w: FakeWorker) => w.send({ type: 'progress', stage: 'x', fraction: Number.NaN }), 'worker-malformed'],
    ['a sign request for a key that is not hex', (w: FakeWorker) => w.send({ type: 'sign', id: 0, publicKey: 'zz', message: new Uint8Array(1) }), 'worker-malformed'],
    ['a sign request without bytes', (w: FakeWorker) => w.send({ type: 'sign', id: 0, publicKey, message: [1, 2] }), 'worker-malformed'],
    ['an answer without bytes', (w: FakeWorker) => w.send({ type: 'done', output: { bytes: 'PK', signed: {} } }), 'worker-malformed'],
    ['an answer that is not an object', (w: FakeWorker) => w.send({ type: 'done', output: 42 }), 'worker-malformed'],
  ] as const)('refuses with %s', async (_name, behave, reason) => {
    const f = fake((w, m) => m.type === 'run' && behave(w));
    const result = await runWorkerJob('exportLedger', {} as never, { createWorker: f.createWorker, sign: async () => new Uint8Array(64) });
    expect(result).toMatchObject({ ok: false, reason });
    expect(f.worker.terminated).toBe(true);
  });

  it('refuses with worker-timeout when the worker passes its budget, and ends it', async () => {
    const f = fake(() => undefined);
    const result = await runWorkerJob('readBackup', backupInput, { createWorker: f.createWorker, timeoutMs: 20 });
    expect(result).toEqual({ ok: false, reason: 'worker-timeout', detail: '20 ms' });
    expect(f.worker.terminated).toBe(true);
  });

  it('returns cancelled at once when 中止 is pressed, ignores a later answer and ends the worker', async () => {
    const controller = new AbortController();
    const f = fake((w, m) => {
      if (m.type !== 'run') return;
      w.send({ type: 'progress', stage: '暗号化しています', fraction: 0.1 });
      controller.abort();
      w.send({ type: 'done', output: { bytes: new Uint8Array(1) } });
    });
    const result = await runWorkerJob('writeBackup', {} as never, { createWorker: f.createWorker, signal: controller.signal });
    expect(result).toMatchObject({ ok: false, reason: 'cancelled' });
    expect(f.worker.terminated).toBe(true);
  });

  it('does not start a worker when already cancelled', async () => {
    let made = 0;
    const controller = new AbortController();
    controller.abort();
    expect(await runWorkerJob('readBackup', backupInput, { createWorker: () => (made++, new FakeWorker(() => undefined)), signal: controller.signal })).toMatchObject({ reason: 'cancelled' });
    expect(made).toBe(0);
  });

  it('refuses with worker-unavailable when the worker cannot be made', async () => {
    const result = await runWorkerJob('readBackup', backupInput, { createWorker: () => { throw new Error('CSP: worker-src'); } });
    expect(result).toEqual({ ok: false, reason: 'worker-unavailable', detail: 'CSP: worker-src' });
  });

  it('signs on this side when asked and hands the signature back to the worker', async () => {
    const f = fake((w, m) => {
      if (m.type === 'run') w.send({ type: 'sign', id: 7, publicKey, message: new Uint8Array([9, 9]) });
      if (m.type === 'signature' && m.ok) w.send({ type: 'done', output: { ...exportOutput, signature: m.signature } });
    });
    const asked: [string, number[]][] = [];
    const result = await runWorkerJob('exportLedger', {} as never, { createWorker: f.createWorker, sign: async (key, message) => (asked.push([key, [...message]]), new Uint8Array(64).fill(5)) });
    expect(asked).toEqual([[publicKey, [9, 9]]]);
    expect(f.worker.received[1]).toMatchObject({ type: 'signature', id: 7, ok: true });
    expect(result.ok && (result.value as unknown as { signature: Uint8Array }).signature[0]).toBe(5);
  });

  it('refuses with signing-failed and the signer’s message when the key cannot sign', async () => {
    const f = fake((w, m) => {
      if (m.type === 'run') w.send({ type: 'sign', id: 0, publicKey, message: new Uint8Array(1) });
      if (m.type === 'signature' && !m.ok) w.send({ type: 'failed', error: m.error });
    });
    const result = await runWorkerJob('exportLedger', {} as never, { createWorker: f.createWorker, sign: async () => { throw new Error('この鍵の秘密鍵はこの端末では使えません'); } });
    expect(result).toEqual({ ok: false, reason: 'signing-failed', detail: 'この鍵の秘密鍵はこの端末では使えません' });
  });

  it('answers the job’s question on this side and hands the answer back to the worker', async () => {
    const f = fake((w, m) => {
      if (m.type === 'run') w.send({ type: 'ask', id: 3, question: 'prepareExport', payload: { rowCount: 2 } });
      if (m.type === 'answer' && m.ok) w.send({ type: 'done', output: { ok: false, reason: 'not-prepared', text: String((m.value as { text: string }).text) } });
    });
    const asked: unknown[] = [];
    const result = await runWorkerJob('exportLedger', {} as never, { createWorker: f.createWorker, answer: async (question, payload) => (asked.push([question, payload]), { ok: false, text: '予約できません' }) });
    expect(asked).toEqual([['prepareExport', { rowCount: 2 }]]);
    expect(f.worker.received[1]).toMatchObject({ type: 'answer', id: 3, ok: true });
    expect(result).toEqual({ ok: true, value: { ok: false, reason: 'not-prepared', text: '予約できません' } });
  });

  it('tells the worker when its question has no answer here, instead of leaving it waiting', async () => {
    const f = fake((w, m) => {
      if (m.type === 'run') w.send({ type: 'ask', id: 0, question: 'prepareExport', payload: null });
      if (m.type === 'answer' && !m.ok) w.send({ type: 'failed', error: m.error });
    });
    expect(await runWorkerJob('exportLedger', {} as never, { createWorker: f.createWorker })).toMatchObject({ ok: false, reason: 'worker-crashed', detail: 'no answer for prepareExport' });
  });

  it('puts the rows sent ahead in parts back into the answer, in order', async () => {
    const f = fake((w, m) => {
      if (m.type !== 'run') return;
      w.send({ type: 'part', path: 'rows', items: [1, 2] });
      w.send({ type: 'part', path: 'rows', items: [3] });
      w.send({ type: 'done', output: { ok: true, rows: [], diff: {} } });
    });
    expect(await runWorkerJob('openLedger', {} as never, { createWorker: f.createWorker })).toEqual({ ok: true, value: { ok: true, rows: [1, 2, 3], diff: {} } });
  });

  it.each([
    ['a path the job does not declare', { type: 'part', path: 'diff', items: [1] }, { ok: true, rows: [], diff: {} }],
    ['a path onto the prototype', { type: 'part', path: '__proto__', items: [1] }, { ok: true, rows: [] }],
    ['a part whose place in the answer already holds rows', { type: 'part', path: 'rows', items: [1] }, { ok: true, rows: [9] }],
    ['a part whose place in the answer is missing', { type: 'part', path: 'rows', items: [1] }, { ok: true }],
  ])('refuses with %s as malformed', async (_name, part, output) => {
    const f = fake((w, m) => {
      if (m.type !== 'run') return;
      w.send(part);
      w.send({ type: 'done', output });
    });
    expect(await runWorkerJob('openLedger', {} as never, { createWorker: f.createWorker })).toMatchObject({ ok: false, reason: 'worker-malformed' });
  });
});
