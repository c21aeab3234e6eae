import { describe, expect, it } from 'vitest';
import { checkPassword, MIN_PASSWORD_FLOOR } from '../../../shared/accounts/passwordPolicy';
import { hashPassword, passwordHashParams, verifyPassword } from '../../../shared/accounts/passwordHash';
import { afterFailure, cleared, idleExpired, isLocked } from '../../../shared/accounts/lockout';
import { canWrite, userIdSchema } from '../../../shared/accounts/account';

describe('checkPassword', () => {
  it('accepts a long, uncommon password without the user ID', () => {
    expect(checkPassword('市民課の春は桜2026年', 'yamada')).toEqual([]);
    expect(checkPassword('correct-horse-battery', 'yamada')).toEqual([]);
  });

  it.each([
    ['short1!', 'yamada', /12文字以上/],
    ['Password2026!', 'yamada', /よく使われる/],
    ['qwertyuiop123', 'yamada', /よく使われる/],
    ['nishinomiya2026', 'yamada', /よく使われる/],
    ['aaaaaaaaaaaaaa', 'yamada', /よく使われる/],
    ['12345678901234', 'yamada', /よく使われる/],
    ['my-Yamada-secret-2026', 'yamada', /ユーザーID/],
  ])('refuses %j for user %s', (password, userId, message) => {
    expect(checkPassword(password, userId).join()).toMatch(message);
  });

  it('never goes below the floor of 10 characters, whatever the configuration', () => {
    expect(checkPassword('abcdefghi', 'x', { minLength: 4 }).join()).toMatch(`${MIN_PASSWORD_FLOOR}文字以上`);
    expect(checkPassword('zu-ku-ni-ten', 'x', { minLength: 10 })).toEqual([]);
  });
});

describe('hashPassword / verifyPassword', () => {
  const salt = Uint8Array.from({ length: 16 }, (_, i) => i);
  const fast = { N: 2 ** 10, r: 8, p: 1 };

  it('returns a salted scrypt hash that verifies only the same password', async () => {
    const stored = await hashPassword('市民課の春は桜2026年', salt, fast);
    expect(stored).toMatchObject({ algorithm: 'scrypt', N: 1024, r: 8, p: 1, salt: '000102030405060708090a0b0c0d0e0f' });
    expect(stored.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain('市民課');
    expect(await verifyPassword('市民課の春は桜2026年', stored)).toBe(true);
    expect(await verifyPassword('市民課の春は桜2026', stored)).toBe(false);
  });

  it('returns different hashes for different salts', async () => {
    const other = Uint8Array.from({ length: 16 }, (_, i) => 255 - i);
    expect((await hashPassword('same-password-123', salt, fast)).hash).not.toBe((await hashPassword('same-password-123', other, fast)).hash);
  });

  it('documents memory-hard default parameters', () => {
    expect(passwordHashParams).toEqual({ N: 32768, r: 8, p: 1, dkLen: 32 });
  });
});

describe('lock-out', () => {
  const now = new Date('2026-04-01T09:00:00Z');

  it('locks on the fifth failure in a row for 30 minutes, and not before', () => {
    let state = { failedAttempts: 0, lockedUntil: null as string | null };
    for (let i = 1; i <= 4; i++) {
      const next = afterFailure(state, now);
      expect(next.locked).toBe(false);
      state = next;
    }
    const fifth = afterFailure(state, now);
    expect(fifth).toEqual({ failedAttempts: 5, lockedUntil: '2026-04-01T09:30:00.000Z', locked: true });
    expect(isLocked(fifth, new Date('2026-04-01T09:29:59Z'))).toBe(true);
    expect(isLocked(fifth, new Date('2026-04-01T09:30:00Z'))).toBe(false);
  });

  it('uses a configured number of failures and clears on success or unlock', () => {
    expect(afterFailure({ failedAttempts: 2, lockedUntil: null }, now, { maxFailures: 3, lockMinutes: 5 }).locked).toBe(true);
    expect(cleared()).toEqual({ failedAttempts: 0, lockedUntil: null });
  });

  it('expires an idle session after the configured minutes', () => {
    expect(idleExpired(0, 9 * 60_000, 10)).toBe(false);
    expect(idleExpired(0, 10 * 60_000, 10)).toBe(true);
  });
});

describe('accounts', () => {
  it.each([['Yamada', 'yamada'], [' tanaka.k ', 'tanaka.k']])('normalises user ID %j', (input, expected) => {
    expect(userIdSchema.parse(input)).toBe(expected);
  });
  it.each(['ab', '山田', 'a b', '-x1', 'x'.repeat(33)])('refuses user ID %j', (input) => {
    expect(userIdSchema.safeParse(input).success).toBe(false);
  });
  it('lets only non-auditors write', () => {
    expect([canWrite('securityManager'), canWrite('staff'), canWrite('auditor')]).toEqual([true, true, false]);
  });
});
