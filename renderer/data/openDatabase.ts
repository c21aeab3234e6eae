/**
 * Opens the ledger database and turns the ways that can fail into messages a person can act on.
 * A database written by a newer app version is closed untouched: opening it with an older schema
 * could lose data.
 */
import Dexie from 'dexie';
import { DaichoDb, DEFAULT_DB_NAME, SCHEMA_VERSION } from './db';

export type OpenFailure = 'newer-version' | 'blocked' | 'unavailable' | 'closed-for-upgrade';

export type OpenResult = { ok: true; db: DaichoDb } | { ok: false; reason: OpenFailure; detail: string };

export const openFailureMessages: Record<OpenFailure, string> = {
  'newer-version':
    'この台帳は新しいバージョンの Daichō で保存されています。データを守るため開きませんでした。新しいバージョンの Daichō で開いてください。',
  blocked: '別の画面で Daichō が開いているため、台帳を開けませんでした。ほかの Daichō の画面を閉じてから、再読み込みしてください。',
  'closed-for-upgrade':
    '別の画面で新しいバージョンの Daichō が台帳を更新するため、この画面では台帳を閉じました。保存済みの内容は失われていません。この画面を閉じて、新しい画面をお使いください。',
  unavailable:
    '台帳のデータベースを開けませんでした。ディスクの空き容量を確認し、Daichō を再起動してください。解決しない場合はシステム管理者に連絡してください。',
};

/** Reads the version of an existing database without upgrading it (0 when it does not exist). */
async function installedVersion(indexedDB: IDBFactory, name: string): Promise<number> {
  const databases = await indexedDB.databases?.();
  const found = databases?.find((d) => d.name === name);
  return found?.version ?? 0;
}

export interface OpenOptions {
  name?: string;
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof globalThis.IDBKeyRange;
  /** Called when another window (e.g. a newer app version) needs the database; it has been closed. */
  onClosedForUpgrade?: () => void;
}

export async function openDatabase(options: OpenOptions = {}): Promise<OpenResult> {
  const { name = DEFAULT_DB_NAME, indexedDB = globalThis.indexedDB, IDBKeyRange = globalThis.IDBKeyRange } = options;
  try {
    // Dexie stores version n as n * 10 in IndexedDB.
    const existing = await installedVersion(indexedDB, name);
    if (existing / 10 > SCHEMA_VERSION) {
      return { ok: false, reason: 'newer-version', detail: `schema ${existing / 10} > ${SCHEMA_VERSION}` };
    }
    const db = new DaichoDb(name, { indexedDB, IDBKeyRange });
    await db.open();
    // Another window or a newer app version wants to upgrade: close so it can, and tell the user.
    db.on('versionchange', () => {
      db.close();
      options.onClosedForUpgrade?.();
      return false;
    });
    return { ok: true, db };
  } catch (error) {
    if (error instanceof Dexie.VersionError) return { ok: false, reason: 'newer-version', detail: error.message };
    if (error instanceof Dexie.DatabaseClosedError || (error instanceof Error && error.name === 'BlockedError')) {
      return { ok: false, reason: 'blocked', detail: error.message };
    }
    return { ok: false, reason: 'unavailable', detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}
