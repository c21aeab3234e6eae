import { afterEach, describe, expect, it, vi } from 'vitest';
import { changeAccount, changePassword, createAccount, endSession, getAccount, getSecurityPolicy, login, saveSecurityPolicy, setupSection } from '../../../../renderer/data/accountRepository';
import { addAsset } from '../../../../renderer/data/assetRepository';
import { listAudit } from '../../../../renderer/data/auditRepository';
import type { DaichoDb } from '../../../../renderer/data/db';
import { directRunner, scryptHasher, setPasswordHasher, type PasswordRequest } from '../../../../renderer/data/passwordHasher';
import { sessionUserId } from '../../../../renderer/data/session';
import { hashPassword, passwordHashParams, type PasswordHash } from '../../../../shared/accounts/passwordHash';
import { assetInput } from '../../../fixtures/assets';
import { cheapKdf, cheapRange, freshDb, signIn } from './testDb';

let db: DaichoDb;
afterEach(() => db?.close());
const now = '2026-04-01T00:00:00.000Z';
const at = { now };
const settings = { organisation: '西宮市', section: '市民課', managementPrefix: 'SM-', dateStyle: 'seireki' as const, profileId: 'nishinomiya' };
const TANAKA = { userId: 'tanaka', employeeNumber: 'E100', displayName: '田中 課長', password: '課長の長いパスワード2026' };
const SATO = { userId: 'sato', employeeNumber: 'E200', displayName: '佐藤 一郎', role: 'staff' as const, password: '仮パスワードです2026春', temporary: true };

/** First-run setup (田中, manager, signed in), then 佐藤 (staff, temporary password). */
async function withAccounts() {
  db = await freshDb(undefined, { signedIn: null });
  const setup = await setupSection(db, settings, TANAKA, at);
  if (!setup.ok) throw new Error(setup.reason);
  const created = await createAccount(db, SATO, at);
  if (!created.ok) throw new Error(created.reason);
}

/** Wraps the test database's hasher to record each scrypt request. */
function spyOnHasher(target: DaichoDb, params = cheapKdf) {
  const requests: PasswordRequest[] = [];
  setPasswordHasher(target, scryptHasher(params, cheapRange, (request) => {
    requests.push(request);
    return directRunner(request);
  }));
  return requests;
}

describe('setupSection', () => {
  it('saves the settings and the first manager in one write with no session, then signs the manager in', async () => {
    await withAccounts();
    expect(await getAccount(db, 'tanaka')).toMatchObject({ role: 'securityManager', employeeNumber: 'E100', mustChangePassword: false });
    expect((await listAudit(db)).map((e) => [e.action, e.actor])).toEqual([['settings.setup', '田中 課長'], ['account.create', '田中 課長'], ['account.create', '田中 課長']]);
  });

  it('is refused once any account exists: nobody at the keyboard can add a manager that way', async () => {
    await withAccounts();
    await endSession(db, 'logout', at);
    expect(await setupSection(db, null, { ...TANAKA, userId: 'intruder', employeeNumber: 'X1' }, at)).toEqual({ ok: false, reason: 'setup-done' });
    expect(await getAccount(db, 'intruder')).toBeNull();
  });
});

describe('createAccount', () => {
  it('stores only a salted hash, never the password, and audits the creation under the signed-in manager', async () => {
    await withAccounts();
    expect(await getAccount(db, 'sato')).toMatchObject({ role: 'staff', mustChangePassword: true, failedAttempts: 0, employeeNumber: 'E200' });
    expect(JSON.stringify(await db.accounts.toArray())).not.toContain('仮パスワード');
    expect(JSON.stringify(await listAudit(db))).not.toContain('仮パスワード');
    expect((await listAudit(db)).at(-1)).toMatchObject({ action: 'account.create', actor: '田中 課長', detail: { userId: 'sato', employeeNumber: 'E200' } });
  });

  it('refuses a weak password, a taken user ID and a second account for the same 職員番号; a namesake is a different person', async () => {
    await withAccounts();
    expect(await createAccount(db, { ...SATO, userId: 'suzuki', employeeNumber: 'E300', password: 'password1234' }, at)).toMatchObject({ ok: false, reason: 'weak-password' });
    expect(await createAccount(db, { ...SATO, employeeNumber: 'E300', password: '別人の長いパスワード99' }, at)).toEqual({ ok: false, reason: 'user-exists' });
    expect(await createAccount(db, { ...SATO, userId: 'sato2', role: 'securityManager', password: '別人の長いパスワード99' }, at)).toEqual({ ok: false, reason: 'employee-number-exists' });
    expect((await createAccount(db, { ...SATO, userId: 'sato.b', employeeNumber: 'E201', password: '別人の長いパスワード99' }, at)).ok).toBe(true);
  });

  it.each([['staff' as const], ['auditor' as const]])('refuses %s before any password work', async (role) => {
    db = await freshDb(undefined, { signedIn: role });
    const requests = spyOnHasher(db);
    expect(await createAccount(db, { ...SATO, userId: 'new1', employeeNumber: 'N1' }, at)).toEqual({ ok: false, reason: 'not-permitted' });
    expect(requests).toEqual([]);
  });
});

describe('login', () => {
  it('locks after five wrong passwords, refuses even the right one while locked, and a manager unlocks', async () => {
    await withAccounts();
    const when = new Date('2026-04-01T09:00:00Z');
    for (let i = 0; i < 5; i++) expect(await login(db, 'sato', 'wrong-password-x', when)).toEqual({ ok: false, reason: 'refused' });
    expect(await login(db, 'sato', SATO.password, when)).toEqual({ ok: false, reason: 'refused' });
    expect((await listAudit(db)).filter((e) => e.action === 'account.lock')).toHaveLength(1);
    expect((await listAudit(db)).filter((e) => e.action === 'auth.login').map((e) => e.detail.reason).slice(-2)).toEqual(['wrong-password', 'locked']);

    await login(db, 'tanaka', TANAKA.password, when);
    await changeAccount(db, 'sato', { kind: 'unlock' }, at);
    expect(await login(db, 'sato', SATO.password, when)).toMatchObject({ ok: true, account: { userId: 'sato', mustChangePassword: true } });
    expect(sessionUserId(db)).toBe('sato');
    expect((await listAudit(db)).at(-1)).toMatchObject({ action: 'auth.login', outcome: 'success' });
  });

  it('unlocks by itself when the lock period has passed', async () => {
    await withAccounts();
    const when = new Date('2026-04-01T09:00:00Z');
    for (let i = 0; i < 5; i++) await login(db, 'sato', 'wrong-password-x', when);
    expect((await login(db, 'sato', SATO.password, new Date('2026-04-01T09:31:00Z'))).ok).toBe(true);
  });

  it('gives unknown, locked, disabled and wrong-password logins the same answer and the same scrypt work; the audit log keeps the reason', async () => {
    await withAccounts();
    await db.accounts.add({ ...(await getAccount(db, 'sato'))!, userId: 'locked', employeeNumber: 'L1', lockedUntil: '2999-01-01T00:00:00.000Z' });
    await db.accounts.add({ ...(await getAccount(db, 'sato'))!, userId: 'disabled', employeeNumber: 'D1', disabled: true });
    const requests = spyOnHasher(db);
    const answers = [];
    for (const userId of ['nobody', 'locked', 'disabled']) answers.push(await login(db, userId, SATO.password, new Date(now)));
    answers.push(await login(db, 'sato', 'wrong-password-x', new Date(now)));
    expect(answers).toEqual(Array(4).fill({ ok: false, reason: 'refused' }));
    // One full check each; the first three against the stand-in hash at the parameters for new hashes.
    expect(requests.map((r) => r.kind)).toEqual(['verify', 'verify', 'verify', 'verify']);
    for (const request of requests.slice(0, 3)) expect(request).toMatchObject({ kind: 'verify', stored: { N: cheapKdf.N, r: 8, p: 1, salt: '00'.repeat(16) } });
    expect(requests[3]).toMatchObject({ stored: (await getAccount(db, 'sato'))!.password });
    expect((await listAudit(db)).slice(-4).map((e) => e.detail.reason)).toEqual(['unknown-user', 'locked', 'disabled', 'wrong-password']);
  });

  const good = (): PasswordHash => ({ algorithm: 'scrypt', N: 2 ** 10, r: 8, p: 1, salt: 'ab'.repeat(16), hash: 'cd'.repeat(32) });
  it.each<[string, unknown]>([
    ['N not a power of two', { ...good(), N: 1000 }],
    ['N below the range', { ...good(), N: 2 ** 9 }],
    ['N above the range (2 GiB per attempt)', { ...good(), N: 2 ** 21 }],
    ['r other than 8', { ...good(), r: 1 }],
    ['r raised to 16', { ...good(), r: 16 }],
    ['p above 2', { ...good(), p: 3 }],
    ['p zero', { ...good(), p: 0 }],
    ['a short salt', { ...good(), salt: 'ab'.repeat(8) }],
    ['a key of the wrong length', { ...good(), hash: 'cd'.repeat(16) }],
    ['another algorithm', { ...good(), algorithm: 'md5' }],
    ['N as a string', { ...good(), N: '1024' }],
    ['no hash at all', null],
  ])('refuses a stored hash with %s before any scrypt work, and audits it', async (_what, stored) => {
    db = await freshDb();
    await db.accounts.update('yamada', { password: stored as PasswordHash });
    const requests = spyOnHasher(db);
    expect(await login(db, 'yamada', 'whatever-password', new Date(now))).toEqual({ ok: false, reason: 'refused' });
    expect(requests).toEqual([]);
    expect((await listAudit(db)).at(-1)).toMatchObject({ action: 'auth.login', outcome: 'failure', detail: { reason: 'unsafe-hash' } });
  });

  it('re-hashes a hash made with weaker parameters at the current ones after a correct password', async () => {
    db = await freshDb();
    await db.accounts.update('yamada', { password: await hashPassword('古いパスワード2026年', new Uint8Array(16).fill(7), { N: 2 ** 10, r: 8, p: 1 }) });
    spyOnHasher(db, { N: 2 ** 11, r: 8, p: 1 });
    expect((await login(db, 'yamada', '古いパスワード2026年', new Date(now))).ok).toBe(true);
    expect((await getAccount(db, 'yamada'))?.password).toMatchObject({ N: 2 ** 11 });
    expect((await listAudit(db)).at(-1)).toMatchObject({ detail: { rehashed: { fromN: 1024, toN: 2048 } } });
    expect((await login(db, 'yamada', '古いパスワード2026年', new Date(now))).ok).toBe(true);
  });

  it('turns a failed worker into a refusal value, not a throw, and records it', async () => {
    await withAccounts();
    setPasswordHasher(db, scryptHasher(cheapKdf, cheapRange, async () => ({ ok: false, error: 'worker crashed' })));
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await login(db, 'sato', SATO.password, new Date(now))).toEqual({ ok: false, reason: 'hasher-failed' });
    expect((await listAudit(db)).at(-1)).toMatchObject({ action: 'auth.login', outcome: 'failure', detail: { reason: 'hasher-failed' } });
    vi.restoreAllMocks();
  });

  it('uses the app parameters (N = 2^17) for real: an old N = 2^15 hash verifies and is replaced at 2^17', { timeout: 120_000 }, async () => {
    db = await freshDb(undefined, { realKdf: true });
    await db.accounts.update('yamada', { password: await hashPassword('以前の版のパスワード', new Uint8Array(16).fill(3), { N: 2 ** 15, r: 8, p: 1 }) });
    expect((await login(db, 'yamada', '以前の版のパスワード', new Date(now))).ok).toBe(true);
    expect((await getAccount(db, 'yamada'))?.password).toMatchObject({ N: 2 ** 17, r: 8, p: 1 });
    expect(passwordHashParams).toMatchObject({ N: 2 ** 17, r: 8, p: 1 });
  });
});

describe('endSession', () => {
  it.each([['logout' as const, 'auth.logout'], ['lock' as const, 'auth.lock']])('records the %s and refuses every write afterwards', async (kind, action) => {
    db = await freshDb(undefined, { signedIn: 'auditor' });
    await endSession(db, kind, at);
    expect(sessionUserId(db)).toBeNull();
    expect((await listAudit(db)).at(-1)).toMatchObject({ action, actor: '監査 太郎', outcome: 'success' });
    expect(await addAsset(db, assetInput(), 'a1', at)).toEqual({ ok: false, reason: 'not-signed-in' });
  });
});

describe('changePassword', () => {
  it('replaces a temporary password of the signed-in person after checking the current one; nothing else is allowed before', async () => {
    await withAccounts();
    await login(db, 'sato', SATO.password, new Date(now));
    expect(await addAsset(db, assetInput(), 'a1', at)).toEqual({ ok: false, reason: 'not-signed-in' });
    expect(await changePassword(db, 'wrong', '新しく長いパスワード2026', at)).toEqual({ ok: false, reason: 'wrong-password' });
    expect(await changePassword(db, SATO.password, 'sato-password-2026', at)).toMatchObject({ ok: false, reason: 'weak-password' });
    expect(await changePassword(db, SATO.password, '新しく長いパスワード2026', at)).toMatchObject({ ok: true, value: { userId: 'sato', mustChangePassword: false } });
    expect((await addAsset(db, assetInput(), 'a1', at)).ok).toBe(true);
    expect((await login(db, 'sato', '新しく長いパスワード2026', new Date())).ok).toBe(true);
  });

  it('is refused without a session', async () => {
    db = await freshDb(undefined, { signedIn: null });
    expect(await changePassword(db, 'a', '新しく長いパスワード2026', at)).toEqual({ ok: false, reason: 'not-signed-in' });
  });
});

describe('changeAccount', () => {
  it('refuses staff, and a manager lowering their own role; records role changes and 職員番号 uniquely', async () => {
    await withAccounts();
    expect(await changeAccount(db, 'tanaka', { kind: 'role', role: 'staff' }, at)).toEqual({ ok: false, reason: 'own-account' });
    expect(await changeAccount(db, 'sato', { kind: 'role', role: 'auditor' }, at)).toMatchObject({ ok: true, value: { role: 'auditor' } });
    expect((await listAudit(db)).at(-1)).toMatchObject({ action: 'account.role', actor: '田中 課長', detail: { from: 'staff', to: 'auditor' } });
    expect(await changeAccount(db, 'sato', { kind: 'employeeNumber', employeeNumber: 'E100' }, at)).toEqual({ ok: false, reason: 'employee-number-exists' });
    expect(await changeAccount(db, 'sato', { kind: 'employeeNumber', employeeNumber: 'E201' }, at)).toMatchObject({ ok: true, value: { employeeNumber: 'E201' } });
    await signIn(db, 'staff', { userId: 'suzuki', displayName: '鈴木', employeeNumber: 'E400' });
    expect(await changeAccount(db, 'sato', { kind: 'unlock' }, at)).toEqual({ ok: false, reason: 'not-permitted' });
  });
});

describe('saveSecurityPolicy', () => {
  it('keeps limits within bounds (never a password shorter than 10) and records the change; staff cannot change it', async () => {
    await withAccounts();
    await signIn(db, 'staff', { userId: 'suzuki', displayName: '鈴木', employeeNumber: 'E400' });
    expect(await saveSecurityPolicy(db, { minLength: 6, maxFailures: 100, lockMinutes: 1, idleMinutes: 0 }, at)).toEqual({ ok: false, reason: 'not-permitted' });
    await login(db, 'tanaka', TANAKA.password, new Date(now));
    expect(await saveSecurityPolicy(db, { minLength: 6, maxFailures: 100, lockMinutes: 1, idleMinutes: 0 }, at)).toEqual({ ok: true, value: { minLength: 10, maxFailures: 10, lockMinutes: 5, idleMinutes: 1 } });
    expect(await getSecurityPolicy(db)).toEqual({ minLength: 10, maxFailures: 10, lockMinutes: 5, idleMinutes: 1 });
    expect((await listAudit(db)).at(-1)).toMatchObject({ action: 'settings.security', actor: '田中 課長', detail: { before: { minLength: 12 }, after: { minLength: 10 } } });
  });
});
