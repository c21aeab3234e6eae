/**
 * The password hasher the data layer uses: scrypt off the UI thread. In the app every hash and check
 * runs in a module Web Worker (a 128 MiB scrypt takes seconds and would freeze the window); where no
 * Worker exists (Vitest in Node) the same shared code runs directly.
 *
 * The hasher travels with the database (`setPasswordHasher`), so tests can give their database cheap
 * parameters for NEW hashes. Verification always uses the parameters stored with a hash, and only
 * within the hasher's accepted range. A production build refuses a hasher weaker than the app's.
 */
import {
  hashPassword,
  passwordHashParams,
  passwordKdfRange,
  verifyPassword,
  type KdfRange,
  type PasswordHash,
  type ScryptParams,
} from '../../shared/accounts/passwordHash';
import type { DaichoDb } from './db';

/** What the worker is asked: hash a new password, or check one against a stored hash. */
export type PasswordRequest =
  | { kind: 'hash'; password: string; salt: Uint8Array; params: ScryptParams }
  | { kind: 'verify'; password: string; stored: PasswordHash };

/** What the worker answers; it never throws across the boundary. */
export type PasswordResponse = { ok: true; hash: PasswordHash } | { ok: true; matches: boolean } | { ok: false; error: string };

/** A worker that failed (crashed, timed out, ran out of memory): a refusal, its message in writeResult.ts. */
export type HasherFailure = { ok: false; reason: 'hasher-failed' };
export type HasherResult<T> = { ok: true; value: T } | HasherFailure;

export interface PasswordHasher {
  /** Parameters for new hashes. */
  readonly params: ScryptParams;
  /** Stored parameters accepted for verification. */
  readonly range: KdfRange;
  hash(password: string, salt: Uint8Array): Promise<HasherResult<PasswordHash>>;
  /** Checks a password against a hash whose parameters are already known to be within `range`. */
  verify(password: string, stored: PasswordHash): Promise<HasherResult<boolean>>;
}

/** Runs one request: in a fresh module worker in the browser, directly where there is none. */
type Runner = (request: PasswordRequest) => Promise<PasswordResponse>;

async function runDirect(request: PasswordRequest): Promise<PasswordResponse> {
  try {
    if (request.kind === 'hash') return { ok: true, hash: await hashPassword(request.password, request.salt, request.params) };
    return { ok: true, matches: await verifyPassword(request.password, request.stored) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** A worker per request: its 128 MiB are returned when it ends, and a stuck one is simply terminated. */
function runInWorker(timeoutMs: number): Runner {
  return (request) =>
    new Promise<PasswordResponse>((resolve) => {
      let worker: Worker;
      try {
        worker = new Worker(new URL('./passwordWorker.ts', import.meta.url), { type: 'module', name: 'daicho-password' });
      } catch (error) {
        resolve({ ok: false, error: error instanceof Error ? error.message : String(error) });
        return;
      }
      const finish = (response: PasswordResponse) => {
        window.clearTimeout(timer);
        worker.terminate();
        resolve(response);
      };
      const timer = window.setTimeout(() => finish({ ok: false, error: 'timeout' }), timeoutMs);
      worker.onmessage = (event: MessageEvent<PasswordResponse>) => finish(event.data);
      worker.onerror = (event) => {
        event.preventDefault();
        finish({ ok: false, error: event.message || 'worker error' });
      };
      worker.onmessageerror = () => finish({ ok: false, error: 'message error' });
      worker.postMessage(request);
    });
}

/** A hasher over a runner; any failure of the runner becomes a refusal value, never a throw. */
export function scryptHasher(params: ScryptParams = passwordHashParams, range: KdfRange = passwordKdfRange, run: Runner = typeof Worker === 'undefined' ? runDirect : runInWorker(120_000)): PasswordHasher {
  const fail = (response: PasswordResponse): HasherFailure => {
    console.error('[password] hashing failed', 'error' in response ? response.error : 'unexpected answer');
    return { ok: false, reason: 'hasher-failed' };
  };
  const own = { N: params.N, r: params.r, p: params.p };
  return {
    params: own,
    range,
    async hash(password, salt) {
      const response = await run({ kind: 'hash', password, salt, params: own });
      return response.ok && 'hash' in response ? { ok: true, value: response.hash } : fail(response);
    },
    async verify(password, stored) {
      const response = await run({ kind: 'verify', password, stored });
      return response.ok && 'matches' in response ? { ok: true, value: response.matches } : fail(response);
    },
  };
}

const hashers = new WeakMap<DaichoDb, PasswordHasher>();
let appHasher: PasswordHasher | null = null;

/**
 * Gives a database its own hasher (tests: cheap parameters for new hashes). A production build refuses
 * one weaker than the app's parameters, so a test helper bundled by mistake cannot weaken real accounts.
 */
export function setPasswordHasher(db: DaichoDb, hasher: PasswordHasher): void {
  const weaker = hasher.params.N < passwordHashParams.N || hasher.range.minN < passwordKdfRange.minN;
  if (weaker && import.meta.env.PROD) throw new Error('setPasswordHasher: weaker than the app parameters');
  hashers.set(db, hasher);
}

/**
 * The end-to-end tests' build only (mode 'e2e', test/e2e/vite.config.ts, built by `npm run test:e2e`):
 * new hashes at N = 2^10, so the sixty Playwright tests do not each spend seconds of scrypt on every
 * setup, login and account (a lockout test alone took 40 s). Hashing still runs in the password worker.
 * A test opts back into the app's parameters by setting `daichoE2eRealKdf` before the page loads
 * (`realKdf` in test/e2e/fixtures.ts; one test does, and checks the stored cost). In every other build
 * Vite replaces `import.meta.env.MODE` by a constant other than 'e2e', so this whole branch is dropped
 * from the bundle (test/e2e/security.spec.ts checks the production bundle): nothing a user, a page or a
 * file can set reaches it, and the production build keeps refusing weaker hashers (setPasswordHasher).
 */
function endToEndHasher(): PasswordHasher | null {
  if (import.meta.env.MODE !== 'e2e') return null;
  if ((globalThis as { daichoE2eRealKdf?: unknown }).daichoE2eRealKdf === true) return null;
  return scryptHasher({ N: 2 ** 10, r: 8, p: 1 }, { ...passwordKdfRange, minN: 2 ** 10 });
}

/** The hasher of this database: its own, or the app's (N = 2^17, in a worker). */
export function passwordHasherFor(db: DaichoDb): PasswordHasher {
  return hashers.get(db) ?? (appHasher ??= endToEndHasher() ?? scryptHasher());
}

/** The direct runner, for tests that wrap it (e.g. to count scrypt calls). */
export const directRunner: Runner = runDirect;
