/** The section's settings (first-run setup, date style). */
import { settingsDefaults, type SectionSettings } from '../../shared/domain/sectionSettings';
import { appendAudit } from './auditRepository';
import type { DaichoDb } from './db';
import { runWrite, type WriteResult } from './writeResult';

const KEY = 'section';

export async function getSettings(db: DaichoDb): Promise<SectionSettings | null> {
  const record = await db.settings.get(KEY);
  if (!record) return null;
  // Settings saved by an earlier version lack the newer fields (and may carry retired ones).
  const { organisation, section, managementPrefix, dateStyle, profileId } = { ...settingsDefaults, ...(record.value as Partial<SectionSettings>) };
  return { organisation, section, managementPrefix, dateStyle, profileId } as SectionSettings;
}

/** Saves the settings and records the change (old and new values) in the audit log. */
export function saveSettings(db: DaichoDb, settings: SectionSettings, context: { actor: string; now: string }): Promise<WriteResult<SectionSettings>> {
  return runWrite(() =>
    db.transaction('rw', db.settings, db.audit, async () => {
      const before = await getSettings(db);
      await db.settings.put({ key: KEY, value: settings });
      await appendAudit(db, [
        {
          at: context.now,
          actor: context.actor,
          action: before ? 'settings.update' : 'settings.setup',
          target: '',
          outcome: 'success',
          detail: { before, after: settings },
        },
      ]);
      return settings;
    }),
  );
}
