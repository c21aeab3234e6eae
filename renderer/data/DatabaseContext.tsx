/** Gives screens the open database without letting them call Dexie themselves. */
import { createContext, useContext } from 'react';
import type { DaichoDb } from './db';

export const DatabaseContext = createContext<DaichoDb | null>(null);

export function useDatabase(): DaichoDb {
  const db = useContext(DatabaseContext);
  if (!db) throw new Error('useDatabase outside DatabaseContext');
  return db;
}
