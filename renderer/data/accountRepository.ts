/**
 * Accounts in the database: creation by a security manager (or at first run), login with lock-out,
 * password change, unlock, role and rights review. Every success and failure is in the audit log.
 * Only salted scrypt hashes are stored; a password is never stored, logged or shown.
 */
import type { Account, AccountRole } from '../../shared/accounts/account';
import { afterFailure, cleared, defaultLockoutPolicy, DEFAULT_IDLE_MINUTES, isLocked, type LockoutPolicy } from '../../shared/accounts/lockout';
import { hashPassword, verifyPassword } from '../../shared/accounts/passwordHash';
import { checkPassword, DEFAULT_MIN_PASSWORD, MIN_PASSWORD_FLOOR, type PasswordPolicy } from '../../shared/accounts/passwordPolicy';
import { appendAudit } from './auditRepository';
import type { AuditEvent } from '../../shared/domain/auditChain';
import type { DaichoDb } from './db';
import { requireManager, runWrite, WriteAbort, type WriteResult } from './writeResult';

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
export function saveSecurityPolicy(db: DaichoDb, policy: SecurityPolicy, context: { actor: string; role: AccountRole; now: string }): Promise<WriteResult<SecurityPolicy>> {
  return runWrite(() =>
    db.transaction('rw', db.settings, db.audit, async () => {
      requireManager(context.role);
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

type Context = { actor: string; now: string };

export interface NewAccount {
  userId: string;
  displayName: string;
  role: AccountRole;
  password: string;
  /** True for a temporary password set by a manager; false for the first manager's own. */
  temporary: boolean;
}

/**
 * Creates an account. Refuses a weak password, a taken user ID, and a second account for the same
 * person (same name): one person holds one role (【01】第11条).
 */
export async function createAccount(db: DaichoDb, input: NewAccount, context: Context): Promise<WriteResult<Account> | PasswordRefusal> {
  const policy = await getSecurityPolicy(db);
  const problems = checkPassword(input.password, input.userId, policy);
  if (problems.length > 0) return { ok: false, reason: 'weak-password', problems };
  const password = await hashPassword(input.password, randomSalt());
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.audit, async () => {
      if (await db.accounts.get(input.userId)) throw new WriteAbort('user-exists');
      if ((await db.accounts.filter((a) => a.displayName === input.displayName && !a.disabled).count()) > 0) throw new WriteAbort('person-has-account');
      const account: Account = {
        userId: input.userId,
        displayName: input.displayName,
        role: input.role,
        password,
        mustChangePassword: input.temporary,
        failedAttempts: 0,
        lockedUntil: null,
        disabled: false,
        createdAt: context.now,
        rightsReviewedAt: context.now,
      };
      await db.accounts.add(account);
      await appendAudit(db, [{ at: context.now, actor: context.actor, action: 'account.create', target: input.userId, outcome: 'success', detail: { userId: input.userId, displayName: input.displayName, role: input.role } }]);
      return account;
    }),
  );
}

export type LoginFailure = 'invalid' | 'locked' | 'disabled';
export type LoginResult = { ok: true; account: Account } | { ok: false; reason: LoginFailure; lockedNow?: boolean };

/**
 * Checks a login. An unknown user ID and a wrong password give the same answer (no user enumeration);
 * both are logged. The configured number of failures in a row locks the account.
 */
export async function login(db: DaichoDb, userId: string, password: string, now: Date): Promise<LoginResult> {
  const at = now.toISOString();
  const account = await db.accounts.get(userId);
  const fail = async (reason: LoginFailure | 'unknown-user', extra: Partial<Account> = {}, lockedNow = false): Promise<LoginResult> => {
    await db.transaction('rw', db.accounts, db.audit, async () => {
      if (account && Object.keys(extra).length > 0) await db.accounts.update(userId, extra);
      const events: AuditEvent[] = [{ at, actor: account?.displayName ?? userId, action: 'auth.login', target: userId, outcome: 'failure', detail: { userId, reason } }];
      if (lockedNow) events.push({ at, actor: account!.displayName, action: 'account.lock', target: userId, outcome: 'failure' as const, detail: { userId, reason: 'too-many-failures' } });
      await appendAudit(db, events);
    });
    return { ok: false, reason: reason === 'unknown-user' ? 'invalid' : reason, ...(lockedNow ? { lockedNow } : {}) };
  };
  if (!account) return fail('unknown-user');
  if (account.disabled) return fail('disabled');
  if (isLocked(account, now)) return fail('locked');
  if (!(await verifyPassword(password, account.password))) {
    const next = afterFailure(account, now, await getSecurityPolicy(db));
    return fail(next.locked ? 'locked' : 'invalid', { failedAttempts: next.failedAttempts, lockedUntil: next.lockedUntil }, next.locked);
  }
  const updated = { ...account, ...cleared() };
  await db.transaction('rw', db.accounts, db.audit, async () => {
    await db.accounts.put(updated);
    await appendAudit(db, [{ at, actor: account.displayName, action: 'auth.login', target: userId, outcome: 'success', detail: { userId } }]);
  });
  return { ok: true, account: updated };
}

/** The user changes their own password (required after a temporary one). */
export async function changePassword(db: DaichoDb, userId: string, current: string, next: string, context: Context): Promise<WriteResult<Account> | PasswordRefusal | { ok: false; reason: 'wrong-password' | 'same-password' }> {
  const account = await db.accounts.get(userId);
  if (!account) return { ok: false, reason: 'not-found' };
  if (!(await verifyPassword(current, account.password))) return { ok: false, reason: 'wrong-password' };
  if (current === next) return { ok: false, reason: 'same-password' };
  const problems = checkPassword(next, userId, await getSecurityPolicy(db));
  if (problems.length > 0) return { ok: false, reason: 'weak-password', problems };
  const password = await hashPassword(next, randomSalt());
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.audit, async () => {
      const updated = { ...account, password, mustChangePassword: false };
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
  | { kind: 'temporaryPassword'; password: string };

export async function changeAccount(db: DaichoDb, userId: string, change: AccountChange, manager: { userId: string; name: string; role: AccountRole }, now: string): Promise<WriteResult<Account> | PasswordRefusal> {
  if (manager.role !== 'securityManager') return { ok: false, reason: 'not-manager' };
  let password: Account['password'] | undefined;
  if (change.kind === 'temporaryPassword') {
    const problems = checkPassword(change.password, userId, await getSecurityPolicy(db));
    if (problems.length > 0) return { ok: false, reason: 'weak-password', problems };
    password = await hashPassword(change.password, randomSalt());
  }
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.audit, async () => {
      const account = await db.accounts.get(userId);
      if (!account) throw new WriteAbort('not-found');
      // A manager cannot lower their own rights or disable themselves: the section would lose its manager.
      if (userId === manager.userId && (change.kind === 'role' || change.kind === 'disable')) throw new WriteAbort('own-account');
      let updated: Account = account;
      let detail: Record<string, unknown> = { userId };
      if (change.kind === 'unlock') updated = { ...account, ...cleared() };
      if (change.kind === 'role') {
        updated = { ...account, role: change.role };
        detail = { userId, from: account.role, to: change.role };
      }
      if (change.kind === 'disable') updated = { ...account, disabled: change.disabled };
      if (change.kind === 'rightsReview') updated = { ...account, rightsReviewedAt: now };
      if (change.kind === 'temporaryPassword') updated = { ...account, password: password!, mustChangePassword: true, ...cleared() };
      await db.accounts.put(updated);
      await appendAudit(db, [{ at: now, actor: manager.name, action: `account.${change.kind}`, target: userId, outcome: 'success', detail: change.kind === 'disable' ? { userId, disabled: change.disabled } : detail }]);
      return updated;
    }),
  );
}

