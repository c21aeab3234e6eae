/** A fresh in-memory IndexedDB for each test (fake-indexeddb), opened through the app's own code. */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { openDatabase } from '../../../../renderer/data/openDatabase';
import type { DaichoDb } from '../../../../renderer/data/db';

export function freshFactory(): IDBFactory {
  return new IDBFactory();
}

export async function freshDb(factory: IDBFactory = freshFactory()): Promise<DaichoDb> {
  const result = await openDatabase({ name: 'daicho-test', indexedDB: factory, IDBKeyRange });
  if (!result.ok) throw new Error(`could not open test database: ${result.reason}`);
  return result.db;
}

export const operator = (now = '2026-04-01T00:00:00.000Z') => ({ actor: '山田 花子', now });
