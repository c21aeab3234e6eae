/** The section's settings (first-run setup, the section's default date style) and each account's own display preference. */
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

/** Settings records holding one account's display preferences, keyed by user ID. */
export const PREFERENCES_PREFIX = 'preferences:';

/** What one person prefers to see; nothing here changes the ledger or what anyone else sees. */
export interface PersonalPreferences {
  dateStyle: DateStyle;
}

/** The account's own date style, or null when it never chose one (the section's default applies). */
export async function getDateStylePreference(db: DaichoDb, userId: string): Promise<DateStyle | null> {
  const value = (await db.settings.get(`${PREFERENCES_PREFIX}${userId}`))?.value as Partial<PersonalPreferences> | undefined;
  return value?.dateStyle === 'wareki' || value?.dateStyle === 'seireki' ? value.dateStyle : null;
}

/**
 * Switches 和暦 / 西暦 for the signed-in account only (its own preference, like a font size): the
 * section's settings stay as they are, so nobody else's screen changes. Not an organisation setting,
 * so not an audit event (【07】第17条 asks for changes to the ledger and its security, and a display
 * preference is neither). The account comes from the session, so one cannot set another's preference.
 */
export function saveDateStyle(db: DaichoDb, dateStyle: DateStyle, at: WriteContext): Promise<WriteResult<DateStyle>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.settings, async () => {
      const context = await signedContext(db, 'settings.dateStyle', at);
      if (dateStyle !== 'seireki' && dateStyle !== 'wareki') throw new WriteAbort('failed');
      const preferences: PersonalPreferences = { dateStyle };
      await db.settings.put({ key: `${PREFERENCES_PREFIX}${context.userId}`, value: preferences });
      return dateStyle;
    }),
  );
}
