/**
 * Lock-out after repeated failed logins (【07】第12条): after `maxFailures` failures in a row the account
 * is locked until a manager unlocks it or `lockMinutes` pass. The clock is passed in.
 */
import type { Account } from './account';

export interface LockoutPolicy {
  maxFailures: number;
  lockMinutes: number;
}

export const defaultLockoutPolicy: LockoutPolicy = { maxFailures: 5, lockMinutes: 30 };

export function isLocked(account: Pick<Account, 'lockedUntil'>, now: Date): boolean {
  return account.lockedUntil !== null && new Date(account.lockedUntil).getTime() > now.getTime();
}

/** The account after one more failed login; `locked` says whether this failure locked it. */
export function afterFailure(account: Pick<Account, 'failedAttempts' | 'lockedUntil'>, now: Date, policy: LockoutPolicy = defaultLockoutPolicy): { failedAttempts: number; lockedUntil: string | null; locked: boolean } {
  const failedAttempts = account.failedAttempts + 1;
  if (failedAttempts >= policy.maxFailures) {
    return { failedAttempts, lockedUntil: new Date(now.getTime() + policy.lockMinutes * 60_000).toISOString(), locked: true };
  }
  return { failedAttempts, lockedUntil: account.lockedUntil, locked: false };
}

/** The account after a successful login or a manager's unlock. */
export function cleared(): { failedAttempts: number; lockedUntil: null } {
  return { failedAttempts: 0, lockedUntil: null };
}

/** 【07】: the session locks after this many idle minutes (configurable). */
export const DEFAULT_IDLE_MINUTES = 10;

export function idleExpired(lastActivity: number, now: number, idleMinutes: number): boolean {
  return now - lastActivity >= idleMinutes * 60_000;
}
