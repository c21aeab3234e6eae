import { afterEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../../../renderer/data/auditRepository';
import type { DaichoDb } from '../../../../renderer/data/db';
import { getSettings, saveSettings } from '../../../../renderer/data/settingsRepository';
import { freshDb } from './testDb';

let db: DaichoDb;
afterEach(() => db?.close());
const settings = { organisation: '西宮市', section: '市民課', managementPrefix: 'SM-', operator: '山田 花子', dateStyle: 'seireki' as const };

describe('saveSettings', () => {
  it('returns the settings, and records setup then update in the audit log', async () => {
    db = await freshDb();
    expect(await getSettings(db)).toBeNull();
    expect(await saveSettings(db, settings, '2026-04-01T00:00:00.000Z')).toEqual({ ok: true, value: settings });
    expect(await getSettings(db)).toEqual(settings);
    await saveSettings(db, { ...settings, dateStyle: 'wareki' }, '2026-04-02T00:00:00.000Z');
    expect((await listAudit(db)).map((e) => e.action)).toEqual(['settings.setup', 'settings.update']);
    expect((await listAudit(db))[1]!.detail).toMatchObject({ before: { dateStyle: 'seireki' }, after: { dateStyle: 'wareki' } });
  });
});
