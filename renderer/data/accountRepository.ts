/**
 * Accounts in the database: first-run setup, creation by a security manager, login with lock-out,
 * logout and screen lock, password change, unlock, role and rights review. Every success and failure
 * is in the audit log. Only salted scrypt hashes are stored; a password is never stored, logged or shown.
 *
 * Login answers every refusal the same way (unknown ID, wrong password, locked, disabled) and spends
 * the same scrypt work on each: an unknown, locked or disabled ID is checked against a stand-in hash at
 * the current parameters. The audit log keeps the true reason.
 */
import type { Account, AccountRole } from '../../shared/accounts/account';
import { afterFailure, cleared, defaultLockoutPolicy, DEFAULT_IDLE_MINUTES, isLocked, type LockoutPolicy } from '../../shared/accounts/lockout';
import { checkStoredHash, dummyHash, needsRehash, type PasswordHash } from '../../shared/accounts/passwordHash';
import { checkPassword, DEFAULT_MIN_PASSWORD, MIN_PASSWORD_FLOOR, type PasswordPolicy } from '../../shared/accounts/passwordPolicy';
import type { Operation } from '../../shared/accounts/permissions';
import type { SectionSettings } from '../../shared/domain/sectionSettings';
import { appendAudit } from './auditRepository';
import type { AuditEvent } from '../../shared/domain/auditChain';
import type { DaichoDb } from './db';
import { passwordHasherFor, type HasherFailure } from './passwordHasher';
import { authorize, clearSession, sessionUserId, setSession, signedContext, type WriteContext } from './session';
import { runWrite, WriteAbort, type WriteResult } from './writeResult';

export interface SecurityPolicy extends PasswordPolicy, LockoutPolicy {
  idleMinutes: number;
}

export const defaultSecurityPolicy: SecurityPolicy = { minLength: DEFAULT_MIN_PASSWORD, ...defaultLockoutPolicy, idleMinutes: DEFAULT_IDLE_MINUTES };

const POLICY_KEY = 'securityPolicy';

export async function getSecurityPolicy(db: DaichoDb): Promise<SecurityPolicy> {
  const record = await db.settings.get(POLICY_KEY);
  return { ...defaultSecurityPolicy, ...(record?.value as Partial<SecurityPolicy> | undefined) };
}

/** The configurable limits, each kept within safe bounds (the password floor is never below 10). */
export function boundedPolicy(policy: SecurityPolicy): SecurityPolicy {
  const clamp = (v: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(Number.isFinite(v) ? v : min)));
  return {
    minLength: clamp(policy.minLength, MIN_PASSWORD_FLOOR, 64),
    maxFailures: clamp(policy.maxFailures, 3, 10),
    lockMinutes: clamp(policy.lockMinutes, 5, 24 * 60),
    idleMinutes: clamp(policy.idleMinutes, 1, 60),
  };
}

/** Saves the security settings (managers only), recorded with before and after. */
export function saveSecurityPolicy(db: DaichoDb, policy: SecurityPolicy, at: WriteContext): Promise<WriteResult<SecurityPolicy>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.settings, db.audit, async () => {
      const context = await signedContext(db, 'securityPolicy.save', at);
      const before = await getSecurityPolicy(db);
      const after = boundedPolicy(policy);
      await db.settings.put({ key: POLICY_KEY, value: after });
      await appendAudit(db, [{ at: context.now, actor: context.actor, action: 'settings.security', target: '', outcome: 'success', detail: { before, after } }]);
      return after;
    }),
  );
}

export function listAccounts(db: DaichoDb): Promise<Account[]> {
  return db.accounts.orderBy('userId').toArray();
}

export async function getAccount(db: DaichoDb, userId: string): Promise<Account | null> {
  return (await db.accounts.get(userId)) ?? null;
}

export function countAccounts(db: DaichoDb): Promise<number> {
  return db.accounts.count();
}

const randomSalt = () => crypto.getRandomValues(new Uint8Array(16));

export type PasswordRefusal = { ok: false; reason: 'weak-password'; problems: string[] };

export interface NewAccount {
  userId: string;
  /** 職員番号, unique among accounts: one person, one account. */
  employeeNumber: string;
  displayName: string;
  role: AccountRole;
  password: string;
  /** True for a temporary password set by a manager; false for the first manager's own. */
  temporary: boolean;
}

/** Refuses early (before seconds of scrypt) when the signed-in person may not do this at all. */
async function precheck(db: DaichoDb, operation: Operation): Promise<WriteResult<void>> {
  return runWrite(() => db.transaction('r', db.accounts, async () => void (await authorize(db, operation))));
}

function accountRecord(input: NewAccount, password: PasswordHash, now: string): Account {
  return {
    userId: input.userId,
    employeeNumber: input.employeeNumber,
    displayName: input.displayName,
    role: input.role,
    password,
    mustChangePassword: input.temporary,
    failedAttempts: 0,
    lockedUntil: null,
    disabled: false,
    createdAt: now,
    rightsReviewedAt: now,
  };
}

async function addAccount(db: DaichoDb, account: Account): Promise<void> {
  if (await db.accounts.get(account.userId)) throw new WriteAbort('user-exists');
  if (await db.accounts.where('employeeNumber').equals(account.employeeNumber!).first()) throw new WriteAbort('employee-number-exists');
  await db.accounts.add(account);
}

/**
 * A security manager creates an account. Refuses a weak password, a taken user ID, and a second
 * account for the same 職員番号: one person holds one account and one role (【01】第11条).
 */
export async function createAccount(db: DaichoDb, input: NewAccount, at: WriteContext): Promise<WriteResult<Account> | PasswordRefusal | HasherFailure> {
  const allowed = await precheck(db, 'account.create');
  if (!allowed.ok) return allowed;
  const problems = checkPassword(input.password, input.userId, await getSecurityPolicy(db));
  if (problems.length > 0) return { ok: false, reason: 'weak-password', problems };
  const password = await passwordHasherFor(db).hash(input.password, randomSalt());
  if (!password.ok) return password;
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.audit, async () => {
      const context = await signedContext(db, 'account.create', at);
      const account = accountRecord(input, password.value, context.now);
      await addAccount(db, account);
      await appendAudit(db, [{ at: context.now, actor: context.actor, action: 'account.create', target: input.userId, outcome: 'success', detail: { userId: input.userId, employeeNumber: input.employeeNumber, displayName: input.displayName, role: input.role } }]);
      return account;
    }),
  );
}

const SECTION_KEY = 'section';

/**
 * First run (or the first start after accounts were introduced): the section's settings, if given, and
 * the first account, which is the section's security manager (【01】第9条), in one transaction. Only
 * while the database has no account at all; the new manager is signed in.
 */
export async function setupSection(db: DaichoDb, settings: SectionSettings | null, manager: Omit<NewAccount, 'role' | 'temporary'>, at: WriteContext): Promise<WriteResult<Account> | PasswordRefusal | HasherFailure> {
  if ((await db.accounts.count()) > 0) return { ok: false, reason: 'setup-done' };
  const problems = checkPassword(manager.password, manager.userId, await getSecurityPolicy(db));
  if (problems.length > 0) return { ok: false, reason: 'weak-password', problems };
  const password = await passwordHasherFor(db).hash(manager.password, randomSalt());
  if (!password.ok) return password;
  const result = await runWrite(() =>
    db.transaction('rw', db.accounts, db.settings, db.audit, async () => {
      if ((await db.accounts.count()) > 0) throw new WriteAbort('setup-done');
      const events: AuditEvent[] = [];
      if (settings) {
        const before = (await db.settings.get(SECTION_KEY))?.value ?? null;
        await db.settings.put({ key: SECTION_KEY, value: settings });
        events.push({ at: at.now, actor: manager.displayName, action: before ? 'settings.update' : 'settings.setup', target: '', outcome: 'success', detail: { before, after: settings } });
      }
      const account = accountRecord({ ...manager, role: 'securityManager', temporary: false }, password.value, at.now);
      await addAccount(db, account);
      events.push({ at: at.now, actor: manager.displayName, action: 'account.create', target: manager.userId, outcome: 'success', detail: { userId: manager.userId, employeeNumber: manager.employeeNumber, displayName: manager.displayName, role: 'securityManager', firstRun: true } });
      await appendAudit(db, events);
      return account;
    }),
  );
  if (result.ok) setSession(db, result.value.userId);
  return result;
}

/** Every refused login looks like this: no hint whether the ID exists, is locked or is disabled. */
export type LoginResult = { ok: true; account: Account } | { ok: false; reason: 'refused' } | HasherFailure;

/** The one message for every refused login (the audit log has the true reason). */
export const loginRefusedMessage =
  'ユーザーIDかパスワードが違うか、このアカウントは今は使えません。入力を確かめてもう一度お試しください。続けて間違えるとロックされます。使えない場合はセキュリティ管理者に確認してください。';

type LoginFailureReason = 'unknown-user' | 'disabled' | 'locked' | 'wrong-password' | 'unsafe-hash' | 'hasher-failed';

/**
 * Checks a login and, on success, starts the data layer's session for the account. Unknown, locked and
 * disabled IDs cost a full scrypt at the current parameters like a real check; a stored hash whose
 * parameters are out of range is refused before any work. A hash made with older parameters is
 * replaced at the current ones after a correct password.
 */
export async function login(db: DaichoDb, userId: string, password: string, now: Date): Promise<LoginResult> {
  const at = now.toISOString();
  const hasher = passwordHasherFor(db);
  const account = await db.accounts.get(userId);
  const fail = async (reason: LoginFailureReason, extra: Partial<Account> = {}, lockedNow = false): Promise<LoginResult> => {
    await db.transaction('rw', db.accounts, db.audit, async () => {
      if (account && Object.keys(extra).length > 0) await db.accounts.update(userId, extra);
      const events: AuditEvent[] = [{ at, actor: account?.displayName ?? userId, action: 'auth.login', target: userId, outcome: 'failure', detail: { userId, reason } }];
      if (lockedNow) events.push({ at, actor: account!.displayName, action: 'account.lock', target: userId, outcome: 'failure' as const, detail: { userId, reason: 'too-many-failures' } });
      await appendAudit(db, events);
    });
    return reason === 'hasher-failed' ? { ok: false, reason: 'hasher-failed' } : { ok: false, reason: 'refused' };
  };
  const usable = account !== undefined && !account.disabled && !isLocked(account, now);
  let stored: PasswordHash = dummyHash(hasher.params);
  if (usable) {
    // Untrusted numbers (an edited database, a crafted backup): checked before any scrypt work.
    const check = checkStoredHash(account.password, hasher.range);
    if (!check.ok) return fail('unsafe-hash');
    stored = check.stored;
  }
  const verified = await hasher.verify(password, stored);
  if (!verified.ok) return fail('hasher-failed');
  if (!account) return fail('unknown-user');
  if (account.disabled) return fail('disabled');
  if (!usable) return fail('locked');
  if (!verified.value) {
    const next = afterFailure(account, now, await getSecurityPolicy(db));
    return fail('wrong-password', { failedAttempts: next.failedAttempts, lockedUntil: next.lockedUntil }, next.locked);
  }
  let rehashed: PasswordHash | null = null;
  if (needsRehash(stored, hasher.params)) {
    const fresh = await hasher.hash(password, randomSalt());
    // A failed re-hash keeps the old (still valid) hash; the next login tries again.
    if (fresh.ok) rehashed = fresh.value;
  }
  const updated: Account = { ...account, ...cleared(), ...(rehashed ? { password: rehashed } : {}) };
  await db.transaction('rw', db.accounts, db.audit, async () => {
    await db.accounts.put(updated);
    await appendAudit(db, [{ at, actor: account.displayName, action: 'auth.login', target: userId, outcome: 'success', detail: rehashed ? { userId, rehashed: { fromN: stored.N, toN: rehashed.N } } : { userId } }]);
  });
  setSession(db, userId);
  return { ok: true, account: updated };
}

/** Ends the session (logout, or the idle lock), recorded in the audit log; further writes are refused. */
export async function endSession(db: DaichoDb, kind: 'logout' | 'lock', at: WriteContext): Promise<void> {
  if (sessionUserId(db)) {
    const result = await runWrite(() =>
      db.transaction('rw', db.accounts, db.audit, async () => {
        const context = await signedContext(db, 'session.end', at);
        await appendAudit(db, [{ at: context.now, actor: context.actor, action: kind === 'logout' ? 'auth.logout' : 'auth.lock', target: context.userId, outcome: 'success', detail: { userId: context.userId } }]);
      }),
    );
    // An account disabled meanwhile cannot record its logout; the session ends all the same.
    if (!result.ok && result.reason !== 'not-signed-in') console.error('[session] could not record the end of the session', result.reason);
  }
  clearSession(db);
}

/** The signed-in person changes their own password (required after a temporary one). */
export async function changePassword(db: DaichoDb, current: string, next: string, at: WriteContext): Promise<WriteResult<Account> | PasswordRefusal | HasherFailure | { ok: false; reason: 'wrong-password' | 'same-password' }> {
  const allowed = await precheck(db, 'account.ownPassword');
  if (!allowed.ok) return allowed;
  const userId = sessionUserId(db)!;
  const account = await db.accounts.get(userId);
  if (!account) return { ok: false, reason: 'not-signed-in' };
  const hasher = passwordHasherFor(db);
  const check = checkStoredHash(account.password, hasher.range);
  if (!check.ok) return { ok: false, reason: 'wrong-password' };
  const verified = await hasher.verify(current, check.stored);
  if (!verified.ok) return verified;
  if (!verified.value) return { ok: false, reason: 'wrong-password' };
  if (current === next) return { ok: false, reason: 'same-password' };
  const problems = checkPassword(next, userId, await getSecurityPolicy(db));
  if (problems.length > 0) return { ok: false, reason: 'weak-password', problems };
  const password = await hasher.hash(next, randomSalt());
  if (!password.ok) return password;
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.audit, async () => {
      const context = await signedContext(db, 'account.ownPassword', at);
      // The session is someone else's now (another sign-in meanwhile): change nothing.
      if (context.userId !== userId) throw new WriteAbort('not-signed-in');
      const fresh = (await db.accounts.get(userId))!;
      const updated = { ...fresh, password: password.value, mustChangePassword: false };
      await db.accounts.put(updated);
      await appendAudit(db, [{ at: context.now, actor: context.actor, action: 'account.password', target: userId, outcome: 'success', detail: { userId } }]);
      return updated;
    }),
  );
}

/** Manager actions on another account; each is audited with before and after. */
export type AccountChange =
  | { kind: 'unlock' }
  | { kind: 'role'; role: AccountRole }
  | { kind: 'disable'; disabled: boolean }
  | { kind: 'rightsReview' }
  | { kind: 'employeeNumber'; employeeNumber: string }
  | { kind: 'temporaryPassword'; password: string };

export async function changeAccount(db: DaichoDb, userId: string, change: AccountChange, at: WriteContext): Promise<WriteResult<Account> | PasswordRefusal | HasherFailure> {
  const allowed = await precheck(db, 'account.change');
  if (!allowed.ok) return allowed;
  let password: Account['password'] | undefined;
  if (change.kind === 'temporaryPassword') {
    const problems = checkPassword(change.password, userId, await getSecurityPolicy(db));
    if (problems.length > 0) return { ok: false, reason: 'weak-password', problems };
    const hashed = await passwordHasherFor(db).hash(change.password, randomSalt());
    if (!hashed.ok) return hashed;
    password = hashed.value;
  }
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.audit, async () => {
      const context = await signedContext(db, 'account.change', at);
      const account = await db.accounts.get(userId);
      if (!account) throw new WriteAbort('not-found');
      // A manager cannot lower their own rights or disable themselves: the section would lose its manager.
      if (userId === context.userId && (change.kind === 'role' || change.kind === 'disable')) throw new WriteAbort('own-account');
      let updated: Account = account;
      let detail: Record<string, unknown> = { userId };
      if (change.kind === 'unlock') updated = { ...account, ...cleared() };
      if (change.kind === 'role') {
        updated = { ...account, role: change.role };
        detail = { userId, from: account.role, to: change.role };
      }
      if (change.kind === 'disable') {
        updated = { ...account, disabled: change.disabled };
        detail = { userId, disabled: change.disabled };
      }
      if (change.kind === 'rightsReview') updated = { ...account, rightsReviewedAt: context.now };
      if (change.kind === 'employeeNumber') {
        const holder = await db.accounts.where('employeeNumber').equals(change.employeeNumber).first();
        if (holder && holder.userId !== userId) throw new WriteAbort('employee-number-exists');
        updated = { ...account, employeeNumber: change.employeeNumber };
        detail = { userId, from: account.employeeNumber ?? null, to: change.employeeNumber };
      }
      if (change.kind === 'temporaryPassword') updated = { ...account, password: password!, mustChangePassword: true, ...cleared() };
      await db.accounts.put(updated);
      await appendAudit(db, [{ at: context.now, actor: context.actor, action: `account.${change.kind}`, target: userId, outcome: 'success', detail }]);
      return updated;
    }),
  );
}
