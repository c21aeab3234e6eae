import { describe, expect, it } from 'vitest';
import { checkPassword, MIN_PASSWORD_FLOOR } from '../../../shared/accounts/passwordPolicy';
import { checkStoredHash, dummyHash, hashPassword, needsRehash, passwordHashParams, passwordKdfRange, verifyPassword } from '../../../shared/accounts/passwordHash';
import { isPermitted, isSamePerson, operations, permissionTable, type Operation } from '../../../shared/accounts/permissions';
import { afterFailure, cleared, idleExpired, isLocked } from '../../../shared/accounts/lockout';
import { employeeNumberSchema, userIdSchema, type AccountRole } from '../../../shared/accounts/account';

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

  it('makes new hashes at N = 2^17, r = 8, p = 1 (OWASP), within the accepted range', () => {
    expect(passwordHashParams).toEqual({ N: 2 ** 17, r: 8, p: 1, dkLen: 32 });
    expect(checkStoredHash(dummyHash()).ok).toBe(true);
  });
});

describe('checkStoredHash', () => {
  const good = { algorithm: 'scrypt', N: 2 ** 15, r: 8, p: 1, salt: '00'.repeat(16), hash: '11'.repeat(32) };
  it.each([2 ** 14, 2 ** 15, 2 ** 17, 2 ** 18])('accepts N = %i (older versions and today)', (N) => {
    expect(checkStoredHash({ ...good, N })).toEqual({ ok: true, stored: { ...good, N } });
  });
  it.each<[string, unknown, string]>([
    ['N below 2^14', { ...good, N: 2 ** 13 }, 'unsafe-parameters'],
    ['N above 2^18', { ...good, N: 2 ** 19 }, 'unsafe-parameters'],
    ['N = 2^31 (crafted backup)', { ...good, N: 2 ** 31 }, 'unsafe-parameters'],
    ['N not a power of two', { ...good, N: 20000 }, 'unsafe-parameters'],
    ['N fractional', { ...good, N: 16384.5 }, 'malformed'],
    ['N negative', { ...good, N: -16384 }, 'unsafe-parameters'],
    ['r = 1', { ...good, r: 1 }, 'unsafe-parameters'],
    ['r = 1024', { ...good, r: 1024 }, 'unsafe-parameters'],
    ['p = 3', { ...good, p: 3 }, 'unsafe-parameters'],
    ['p = 0', { ...good, p: 0 }, 'unsafe-parameters'],
    ['an 8-byte salt', { ...good, salt: '00'.repeat(8) }, 'malformed'],
    ['a salt that is not hex', { ...good, salt: 'zz'.repeat(16) }, 'malformed'],
    ['a 16-byte key', { ...good, hash: '11'.repeat(16) }, 'malformed'],
    ['another algorithm', { ...good, algorithm: 'pbkdf2' }, 'malformed'],
    ['a string', 'scrypt$...', 'malformed'],
    ['nothing', undefined, 'malformed'],
  ])('refuses %s', (_what, stored, reason) => {
    expect(checkStoredHash(stored)).toEqual({ ok: false, reason });
  });
  it('takes the accepted range as a parameter (tests use a cheaper floor)', () => {
    expect(checkStoredHash({ ...good, N: 1024 }, { ...passwordKdfRange, minN: 1024 }).ok).toBe(true);
  });
});

describe('needsRehash / dummyHash', () => {
  it('asks for a new hash only when the stored one is weaker or differs in r or p', () => {
    expect(needsRehash({ N: 2 ** 15, r: 8, p: 1 })).toBe(true);
    expect(needsRehash({ N: 2 ** 17, r: 8, p: 1 })).toBe(false);
    expect(needsRehash({ N: 2 ** 18, r: 8, p: 1 })).toBe(false);
    expect(needsRehash({ N: 2 ** 17, r: 8, p: 2 })).toBe(true);
  });
  it('gives a stand-in at the requested parameters that no password matches', async () => {
    const stand = dummyHash({ N: 1024, r: 8, p: 1 });
    expect(stand).toMatchObject({ N: 1024, r: 8, p: 1 });
    expect(await verifyPassword('', stand)).toBe(false);
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
  it.each([['Yamada', 'yamada'], [' tanaka.k ', 'tanaka.k'], ['ｙａｍａｄａ', 'yamada'], ['Ｔａｎａｋａ．ｋ', 'tanaka.k']])('normalises user ID %j', (input, expected) => {
    expect(userIdSchema.parse(input)).toBe(expected);
  });
  it.each(['ab', '山田', 'a b', '-x1', 'x'.repeat(33), 'ｙａｍａｄａー', 'やまだ'])('refuses user ID %j', (input) => {
    expect(userIdSchema.safeParse(input).success).toBe(false);
  });
  it.each([['e-001', 'E-001'], [' Ｅ００１ ', 'E001'], ['12345', '12345']])('normalises 職員番号 %j', (input, expected) => {
    expect(employeeNumberSchema.parse(input)).toBe(expected);
  });
  it.each(['', '-1', '山田', 'E 0 0 1 ; drop', 'x'.repeat(21), '=1+1'])('refuses 職員番号 %j', (input) => {
    expect(employeeNumberSchema.safeParse(input).success).toBe(false);
  });
});

describe('permissionTable / isPermitted', () => {
  const roles: AccountRole[] = ['securityManager', 'staff', 'auditor'];
  it('lets an auditor do nothing but end their own session, change their own password, choose their own date style and record their look at the log', () => {
    expect(operations.filter((op) => isPermitted('auditor', op)).sort()).toEqual(['account.ownPassword', 'audit.access', 'session.end', 'settings.dateStyle']);
  });
  it('gives every operation to the security manager, and names each in Japanese', () => {
    for (const op of operations) {
      expect(isPermitted('securityManager', op)).toBe(true);
      expect(permissionTable[op].label).toMatch(/[ぁ-んァ-ン一-龥]/u);
    }
  });
  it.each<Operation>([
    'account.create', 'account.change', 'securityPolicy.save', 'settings.save', 'profile.load', 'profile.switch', 'ledger.mappingPreset', 'ledger.export', 'ledger.import',
    'ledger.legacyImport', 'key.create', 'key.revoke', 'key.trust', 'key.distrust', 'classification.approve', 'takeOut.decide', 'disposal.decide', 'audit.archive',
    'backup.create', 'backup.interval', 'backup.restore', 'backup.restoreTest',
  ])('keeps %s to the security manager', (op) => {
    expect(roles.filter((role) => isPermitted(role, op))).toEqual(['securityManager']);
  });
  it.each<Operation>(['asset.create', 'asset.update', 'asset.retire', 'classification.propose', 'takeOut.request', 'disposal.request', 'label.print'])('lets staff do %s', (op) => {
    expect(isPermitted('staff', op)).toBe(true);
    expect(isPermitted('auditor', op)).toBe(false);
  });
  it.each(['toString', '__proto__', 'constructor', 'asset.delete', ''])('refuses an operation not in the table: %j', (op) => {
    for (const role of roles) expect(isPermitted(role, op as Operation)).toBe(false);
  });
  it.each(['admin', '', 'SecurityManager'])('refuses an unknown role %j', (role) => {
    expect(isPermitted(role as AccountRole, 'asset.create')).toBe(false);
  });
});

describe('isSamePerson', () => {
  it.each<[string, { userId: string; name: string }, { userId?: string; name: string }, boolean]>([
    ['the same account', { userId: 'sato', name: '佐藤 一郎' }, { userId: 'sato', name: '佐藤 一郎' }, true],
    ['a namesake with another account', { userId: 'sato2', name: '佐藤 一郎' }, { userId: 'sato', name: '佐藤 一郎' }, false],
    ['the same account renamed', { userId: 'sato', name: '佐藤 課長' }, { userId: 'sato', name: '佐藤 一郎' }, true],
    ['an old record, the same name without a space', { userId: 'x', name: '山田花子' }, { name: '山田 花子' }, true],
    ['an old record, a full-width space', { userId: 'x', name: '山田　花子' }, { name: '山田 花子' }, true],
    ['an old record, another name', { userId: 'x', name: '田中 課長' }, { name: '山田 花子' }, false],
  ])('%s', (_what, actor, record, same) => {
    expect(isSamePerson(actor, record)).toBe(same);
  });
});
