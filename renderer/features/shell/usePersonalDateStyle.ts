/** The signed-in account's own 和暦/西暦 choice (a personal preference), live. */
import { useLiveQuery } from 'dexie-react-hooks';
import { getDateStylePreference } from '../../data/settingsRepository';
import { useDatabase } from '../../data/DatabaseContext';
import type { DateStyle } from '../../../shared/domain/formatDate';

/** The account's preference, or null until it has chosen (and while loading). */
export function usePersonalDateStyle(userId: string): DateStyle | null {
  const db = useDatabase();
  return useLiveQuery(() => getDateStylePreference(db, userId), [db, userId]) ?? null;
}
