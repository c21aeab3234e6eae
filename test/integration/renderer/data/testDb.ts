/**
 * A fresh in-memory IndexedDB for each test (fake-indexeddb), opened through the app's own code.
 *
 * Password hashing: each test database gets a hasher with cheap scrypt parameters for NEW hashes
 * (N = 2^10 instead of the app's 2^17), so tests that create accounts do not sit near Vitest's 5 s
 * timeout on a busy machine. Verification still uses the parameters stored with each hash. The app's
 * real parameters are exercised by one slow test with its own timeout (accountRepository.test.ts).
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { openDatabase } from '../../../../renderer/data/openDatabase';
import type { DaichoDb } from '../../../../renderer/data/db';
import type { Account, AccountRole } from '../../../../shared/accounts/account';
import type { Actor } from '../../../../shared/accounts/permissions';
import { passwordKdfRange } from '../../../../shared/accounts/passwordHash';
import { directRunner, scryptHasher, setPasswordHasher, type PasswordHasher } from '../../../../renderer/data/passwordHasher';
import { setSession } from '../../../../renderer/data/session';

export function freshFactory(): IDBFactory {
  return new IDBFactory();
}

/** Cheap parameters for new hashes in tests, and a range that accepts them. */
export const cheapKdf = { N: 2 ** 10, r: 8, p: 1 };
export const cheapRange = { ...passwordKdfRange, minN: 2 ** 10 };

export function cheapHasher(run = directRunner): PasswordHasher {
  return scryptHasher(cheapKdf, cheapRange, run);
}

/**
 * Opens a fresh test database. Unless `signedIn` says otherwise, the section's security manager
 * 山田 花子 (yamada) is signed in, as in the app after login: tests about the gate itself pass
 * `signedIn: null` (no session) or another role, or switch with `signIn`.
 */
export async function freshDb(factory: IDBFactory = freshFactory(), options: { realKdf?: boolean; signedIn?: AccountRole | null } = {}): Promise<DaichoDb> {
  const result = await openDatabase({ name: 'daicho-test', indexedDB: factory, IDBKeyRange });
  if (!result.ok) throw new Error(`could not open test database: ${result.reason}`);
  if (!options.realKdf) setPasswordHasher(result.db, cheapHasher());
  const role = options.signedIn === undefined ? 'securityManager' : options.signedIn;
  if (role) await signIn(result.db, role);
  return result.db;
}

/** The time of a write (who writes comes from the session). */
export const operator = (now = '2026-04-01T00:00:00.000Z') => ({ now });

const people: Record<AccountRole, { userId: string; displayName: string; employeeNumber: string }> = {
  securityManager: { userId: 'yamada', displayName: '山田 花子', employeeNumber: 'E001' },
  staff: { userId: 'sato', displayName: '佐藤 一郎', employeeNumber: 'E002' },
  auditor: { userId: 'kansa', displayName: '監査 太郎', employeeNumber: 'E003' },
};

/**
 * Puts an account with `role` straight into the table (no password work: nobody logs in with it) and
 * makes it the session's signed-in account. Returns the actor the data layer will record.
 */
export async function signIn(db: DaichoDb, role: AccountRole, who: Partial<{ userId: string; displayName: string; employeeNumber: string }> = {}): Promise<Actor> {
  const person = { ...people[role], ...who };
  const existing = await db.accounts.get(person.userId);
  if (!existing) {
    const account: Account = {
      ...person,
      role,
      password: { algorithm: 'scrypt', N: cheapKdf.N, r: 8, p: 1, salt: '00'.repeat(16), hash: '11'.repeat(32) },
      mustChangePassword: false,
      failedAttempts: 0,
      lockedUntil: null,
      disabled: false,
      createdAt: '2026-04-01T00:00:00.000Z',
      rightsReviewedAt: '2026-04-01T00:00:00.000Z',
    };
    await db.accounts.add(account);
  }
  setSession(db, person.userId);
  return { userId: person.userId, name: existing?.displayName ?? person.displayName, role: existing?.role ?? role };
}
