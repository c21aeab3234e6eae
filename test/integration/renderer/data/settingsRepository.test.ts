import { afterEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../../../renderer/data/auditRepository';
import type { DaichoDb } from '../../../../renderer/data/db';
import { getSettings, saveSettings } from '../../../../renderer/data/settingsRepository';
import { freshDb } from './testDb';

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
