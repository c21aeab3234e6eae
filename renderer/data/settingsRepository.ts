/** The section's settings (first-run setup, date style). */
import type { DateStyle } from '../../shared/domain/formatDate';
import { settingsDefaults, type SectionSettings } from '../../shared/domain/sectionSettings';
import type { Operation } from '../../shared/accounts/permissions';
import { appendAudit } from './auditRepository';
import type { DaichoDb } from './db';
import { signedContext, type WriteContext } from './session';
import { runWrite, WriteAbort, type WriteResult } from './writeResult';

const KEY = 'section';

export async function getSettings(db: DaichoDb): Promise<SectionSettings | null> {
  const record = await db.settings.get(KEY);
  if (!record) return null;
  // Settings saved by an earlier version lack the newer fields (and may carry retired ones).
  const { organisation, section, managementPrefix, dateStyle, profileId } = { ...settingsDefaults, ...(record.value as Partial<SectionSettings>) };
  return { organisation, section, managementPrefix, dateStyle, profileId } as SectionSettings;
}

function putSettings(db: DaichoDb, operation: Operation, at: WriteContext, change: (before: SectionSettings | null) => SectionSettings): Promise<WriteResult<SectionSettings>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.settings, db.audit, async () => {
      const context = await signedContext(db, operation, at);
      const before = await getSettings(db);
      const settings = change(before);
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

/**
 * Saves the section's settings (a security manager's change: it can switch the profile and the
 * section's name) and records old and new values in the audit log. First-run setup goes through
 * accountRepository.setupSection instead.
 */
export function saveSettings(db: DaichoDb, settings: SectionSettings, at: WriteContext): Promise<WriteResult<SectionSettings>> {
  return putSettings(db, 'settings.save', at, () => settings);
}

/** Switches between 和暦 and 西暦 display: only that field changes, whoever keeps the ledger may do it. */
export function saveDateStyle(db: DaichoDb, dateStyle: DateStyle, at: WriteContext): Promise<WriteResult<SectionSettings>> {
  return putSettings(db, 'settings.dateStyle', at, (before) => {
    if (!before) throw new WriteAbort('not-found');
    if (dateStyle !== 'seireki' && dateStyle !== 'wareki') throw new WriteAbort('failed');
    return { ...before, dateStyle };
  });
}
