import { afterEach, describe, expect, it } from 'vitest';
import { changeAccount, changePassword, createAccount, getAccount, login } from '../../../../renderer/data/accountRepository';
import { listAudit } from '../../../../renderer/data/auditRepository';
import type { DaichoDb } from '../../../../renderer/data/db';
import { freshDb } from './testDb';

let db: DaichoDb;
afterEach(() => db?.close());
const now = '2026-04-01T00:00:00.000Z';
const manager = { userId: 'tanaka', name: '田中 課長', role: 'securityManager' as const };

async function withAccounts() {
  db = await freshDb();
  await createAccount(db, { userId: 'tanaka', displayName: '田中 課長', role: 'securityManager', password: '課長の長いパスワード2026', temporary: false }, { actor: '田中 課長', now });
  await createAccount(db, { userId: 'sato', displayName: '佐藤 一郎', role: 'staff', password: '仮パスワードです2026春', temporary: true }, { actor: '田中 課長', now });
}

describe('createAccount', () => {
  it('stores only a salted hash, never the password, and audits the creation', async () => {
    await withAccounts();
    const account = await getAccount(db, 'sato');
    expect(account).toMatchObject({ role: 'staff', mustChangePassword: true, failedAttempts: 0 });
    expect(JSON.stringify(await db.accounts.toArray())).not.toContain('仮パスワード');
    expect(JSON.stringify(await listAudit(db))).not.toContain('仮パスワード');
    expect((await listAudit(db)).map((e) => e.action)).toEqual(['account.create', 'account.create']);
  });

  it('refuses a weak password, a taken user ID and a second account for the same person', async () => {
    await withAccounts();
    expect(await createAccount(db, { userId: 'suzuki', displayName: '鈴木', role: 'staff', password: 'password1234', temporary: true }, { actor: '田中', now })).toMatchObject({ ok: false, reason: 'weak-password' });
    expect(await createAccount(db, { userId: 'sato', displayName: '別人', role: 'staff', password: '別人の長いパスワード99', temporary: true }, { actor: '田中', now })).toEqual({ ok: false, reason: 'user-exists' });
    expect(await createAccount(db, { userId: 'sato2', displayName: '佐藤 一郎', role: 'securityManager', password: '別人の長いパスワード99', temporary: true }, { actor: '田中', now })).toEqual({ ok: false, reason: 'person-has-account' });
  });
});

describe('login', () => {
  it('locks after five wrong passwords, refuses even the right one while locked, and a manager unlocks', async () => {
    await withAccounts();
    const at = new Date('2026-04-01T09:00:00Z');
    for (let i = 0; i < 4; i++) expect(await login(db, 'sato', 'wrong-password-x', at)).toEqual({ ok: false, reason: 'invalid' });
    expect(await login(db, 'sato', 'wrong-password-x', at)).toEqual({ ok: false, reason: 'locked', lockedNow: true });
    expect(await login(db, 'sato', '仮パスワードです2026春', at)).toEqual({ ok: false, reason: 'locked' });
    expect((await listAudit(db)).filter((e) => e.action === 'account.lock')).toHaveLength(1);

    await changeAccount(db, 'sato', { kind: 'unlock' }, manager, at.toISOString());
    expect(await login(db, 'sato', '仮パスワードです2026春', at)).toMatchObject({ ok: true, account: { userId: 'sato', mustChangePassword: true } });
    expect((await listAudit(db)).at(-1)).toMatchObject({ action: 'auth.login', outcome: 'success' });
  });

  it('unlocks by itself when the lock period has passed', async () => {
    await withAccounts();
    const at = new Date('2026-04-01T09:00:00Z');
    for (let i = 0; i < 5; i++) await login(db, 'sato', 'wrong-password-x', at);
    expect((await login(db, 'sato', '仮パスワードです2026春', new Date('2026-04-01T09:31:00Z'))).ok).toBe(true);
  });

  it('answers an unknown user like a wrong password, and logs both', async () => {
    await withAccounts();
    expect(await login(db, 'nobody', 'whatever-password', new Date())).toEqual({ ok: false, reason: 'invalid' });
    expect((await listAudit(db)).at(-1)).toMatchObject({ action: 'auth.login', outcome: 'failure', detail: { reason: 'unknown-user' } });
  });
});

describe('changePassword / changeAccount', () => {
  it('replaces a temporary password after checking the current one', async () => {
    await withAccounts();
    expect(await changePassword(db, 'sato', 'wrong', '新しく長いパスワード2026', { actor: '佐藤', now })).toEqual({ ok: false, reason: 'wrong-password' });
    expect(await changePassword(db, 'sato', '仮パスワードです2026春', 'sato-password-2026', { actor: '佐藤', now })).toMatchObject({ ok: false, reason: 'weak-password' });
    expect(await changePassword(db, 'sato', '仮パスワードです2026春', '新しく長いパスワード2026', { actor: '佐藤', now })).toMatchObject({ ok: true, value: { mustChangePassword: false } });
    expect((await login(db, 'sato', '新しく長いパスワード2026', new Date())).ok).toBe(true);
  });

  it('refuses manager actions by staff and a manager lowering their own role', async () => {
    await withAccounts();
    expect(await changeAccount(db, 'sato', { kind: 'unlock' }, { userId: 'sato', name: '佐藤', role: 'staff' }, now)).toEqual({ ok: false, reason: 'not-manager' });
    expect(await changeAccount(db, 'tanaka', { kind: 'role', role: 'staff' }, manager, now)).toEqual({ ok: false, reason: 'own-account' });
    expect(await changeAccount(db, 'sato', { kind: 'role', role: 'auditor' }, manager, now)).toMatchObject({ ok: true, value: { role: 'auditor' } });
    expect((await listAudit(db)).at(-1)).toMatchObject({ action: 'account.role', detail: { from: 'staff', to: 'auditor' } });
  });
});

describe('saveSecurityPolicy', () => {
  it('keeps limits within bounds (never a password shorter than 10) and records the change; staff cannot change it', async () => {
    await withAccounts();
    const { saveSecurityPolicy, getSecurityPolicy } = await import('../../../../renderer/data/accountRepository');
    expect(await saveSecurityPolicy(db, { minLength: 6, maxFailures: 100, lockMinutes: 1, idleMinutes: 0 }, { actor: '鈴木', role: 'staff', now })).toEqual({ ok: false, reason: 'not-manager' });
    expect(await saveSecurityPolicy(db, { minLength: 6, maxFailures: 100, lockMinutes: 1, idleMinutes: 0 }, { actor: '田中', role: 'securityManager', now })).toEqual({ ok: true, value: { minLength: 10, maxFailures: 10, lockMinutes: 5, idleMinutes: 1 } });
    expect(await getSecurityPolicy(db)).toEqual({ minLength: 10, maxFailures: 10, lockMinutes: 5, idleMinutes: 1 });
    expect((await listAudit(db)).at(-1)).toMatchObject({ action: 'settings.security', detail: { before: { minLength: 12 }, after: { minLength: 10 } } });
  });
});
