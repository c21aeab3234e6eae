/**
 * The signed-in account of this window, held by the data layer. Login sets it, logout and the screen
 * lock clear it. Every write asks `authorize` inside its own transaction: the account is read again
 * from the accounts table (it must exist, be enabled and not locked) and its role checked against the
 * one permission table (shared/accounts/permissions.ts). The actor recorded in the audit log comes
 * from here, never from the caller, so a screen cannot write under another name or role.
 */
import { isLocked } from '../../shared/accounts/lockout';
import { isPermitted, type Actor, type Operation } from '../../shared/accounts/permissions';
import type { DaichoDb } from './db';
import { WriteAbort } from './writeResult';

const sessions = new WeakMap<DaichoDb, string>();

/** Starts the session of `userId`. Called by login and first-run setup (and by tests). */
export function setSession(db: DaichoDb, userId: string): void {
  sessions.set(db, userId);
}

/** Ends the session: from now on every write is refused until someone signs in. */
export function clearSession(db: DaichoDb): void {
  sessions.delete(db);
}

export function sessionUserId(db: DaichoDb): string | null {
  return sessions.get(db) ?? null;
}

/** Operations an account with a temporary password may still do: change it, or leave. */
const beforeOwnPassword: readonly Operation[] = ['account.ownPassword', 'session.end'];

/**
 * The signed-in actor, if they may do `operation`. Call inside the write's read-write transaction,
 * which must include `db.accounts`: a role changed or an account disabled a moment ago counts.
 * Throws WriteAbort('not-signed-in' | 'not-permitted'), which the write returns as a value.
 */
export async function authorize(db: DaichoDb, operation: Operation): Promise<Actor> {
  const userId = sessions.get(db);
  if (!userId) throw new WriteAbort('not-signed-in');
  const account = await db.accounts.get(userId);
  // The data layer's own clock: a caller's `now` must not be able to end a lock early.
  if (!account || account.disabled || isLocked(account, new Date())) throw new WriteAbort('not-signed-in');
  if (account.mustChangePassword && !beforeOwnPassword.includes(operation)) throw new WriteAbort('not-signed-in');
  if (!isPermitted(account.role, operation)) throw new WriteAbort('not-permitted');
  return { userId: account.userId, name: account.displayName, role: account.role };
}

/**
 * `authorize` plus the write's time, in the shape the repositories record: `actor` is the display
 * name shown in history and audit, `userId` the account compared for separation of duties.
 */
export async function signedContext<T extends { now: string }>(db: DaichoDb, operation: Operation, at: T): Promise<T & { actor: string; userId: string; role: Actor['role'] }> {
  const actor = await authorize(db, operation);
  return { ...at, actor: actor.name, userId: actor.userId, role: actor.role };
}

/** The time of a write; who makes it comes from the session. */
export interface WriteContext {
  now: string;
}
