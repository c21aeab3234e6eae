import { afterEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../../../renderer/data/auditRepository';
import type { DaichoDb } from '../../../../renderer/data/db';
import { getDateStylePreference, getSettings, saveDateStyle, saveSettings } from '../../../../renderer/data/settingsRepository';
import { clearSession } from '../../../../renderer/data/session';
import type { AccountRole } from '../../../../shared/accounts/account';
import { freshDb, signIn } from './testDb';

let db: DaichoDb;
afterEach(() => db?.close());
const settings = { organisation: '西宮市', section: '市民課', managementPrefix: 'SM-', dateStyle: 'seireki' as const, profileId: 'nishinomiya' };
const by = (now: string) => ({ actor: '山田 花子', now });

describe('saveSettings', () => {
  it('returns the settings, and records setup then update in the audit log', async () => {
    db = await freshDb();
    expect(await getSettings(db)).toBeNull();
    expect(await saveSettings(db, settings, by('2026-04-01T00:00:00.000Z'))).toEqual({ ok: true, value: settings });
    expect(await getSettings(db)).toEqual(settings);
    await saveSettings(db, { ...settings, dateStyle: 'wareki' }, by('2026-04-02T00:00:00.000Z'));
    expect((await listAudit(db)).map((e) => e.action)).toEqual(['settings.setup', 'settings.update']);
    expect((await listAudit(db))[1]!.detail).toMatchObject({ before: { dateStyle: 'seireki' }, after: { dateStyle: 'wareki' } });
  });

  it('returns defaults for fields that settings saved by an earlier version lack, and drops retired ones', async () => {
    db = await freshDb();
    await db.settings.put({ key: 'section', value: { organisation: '西宮市', section: '市民課', managementPrefix: 'SM-', operator: '山田 花子', operatorRole: 'staff', dateStyle: 'wareki' } });
    expect(await getSettings(db)).toEqual({ organisation: '西宮市', section: '市民課', managementPrefix: 'SM-', dateStyle: 'wareki', profileId: 'nishinomiya' });
  });
});

describe('saveDateStyle', () => {
  it('keeps 和暦 as the signed-in account\'s own choice: the section settings, other accounts and the audit log stay as they were', async () => {
    db = await freshDb();
    await saveSettings(db, settings, by('2026-04-01T00:00:00.000Z'));
    const auditBefore = await listAudit(db);
    expect(await saveDateStyle(db, 'wareki', by('2026-04-02T00:00:00.000Z'))).toEqual({ ok: true, value: 'wareki' });
    expect(await getDateStylePreference(db, 'yamada')).toBe('wareki');
    expect(await getDateStylePreference(db, 'sato')).toBeNull();
    expect(await getSettings(db)).toEqual(settings);
    expect(await listAudit(db)).toEqual(auditBefore);
    await signIn(db, 'staff');
    expect(await saveDateStyle(db, 'seireki', by('2026-04-03T00:00:00.000Z'))).toEqual({ ok: true, value: 'seireki' });
    expect(await getDateStylePreference(db, 'sato')).toBe('seireki');
    expect(await getDateStylePreference(db, 'yamada')).toBe('wareki');
    expect(await listAudit(db)).toEqual(auditBefore);
  });

  it.each<AccountRole>(['securityManager', 'staff', 'auditor'])('lets a %s choose for themselves (a display preference changes nothing that is audited)', async (role) => {
    db = await freshDb(undefined, { signedIn: role });
    expect((await saveDateStyle(db, 'wareki', by('2026-04-02T00:00:00.000Z'))).ok).toBe(true);
  });

  it.each([
    ['no session', null, 'wareki', { ok: false, reason: 'not-signed-in' }],
    ['an unknown style', 'securityManager', 'julian', { ok: false, reason: 'failed' }],
  ] as const)('refuses with %s and stores nothing', async (_what, role, style, expected) => {
    db = await freshDb(undefined, { signedIn: role });
    if (!role) clearSession(db);
    expect(await saveDateStyle(db, style as never, by('2026-04-02T00:00:00.000Z'))).toEqual(expected);
    expect(await getDateStylePreference(db, 'yamada')).toBeNull();
  });

  it('ignores a stored preference that is not a known style (read as not chosen)', async () => {
    db = await freshDb();
    await db.settings.put({ key: 'preferences:yamada', value: { dateStyle: '<script>' } });
    expect(await getDateStylePreference(db, 'yamada')).toBeNull();
  });
});
