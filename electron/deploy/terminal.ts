/**
 * Startup of the desktop app on a terminal: choose the ledger's folder, take the ledger, decide
 * whether to open a window. Every decision is here as a function over injected effects, so the order
 * (folder → lock → single instance) is tested without Electron; main.ts passes the real ones.
 */
import {
  DATA_FOLDER_REFUSED_TITLE,
  dataFolderRefusedMessage,
  driveRefusal,
  resolveDataFolder,
  type DataFolderInputs,
  type DriveKind,
} from './dataFolder';
import { acquireLedgerLock, LEDGER_IN_USE_TITLE, ledgerInUseMessage, LOCK_FILE_NAME, type LockFs, type LockOwner } from './ledgerLock';

export interface TerminalStartDeps extends DataFolderInputs {
  /** The kind of drive the folder is on (Windows: asked once; Linux: from the path). */
  driveKind(folder: string): DriveKind;
  /** Creates the folder (and parents) when missing; false when it cannot be created. */
  ensureFolder(folder: string): boolean;
  join(folder: string, name: string): string;
  fs: LockFs;
  me: Omit<LockOwner, 'openedAt'>;
  now(): string;
  isAlive(pid: number): boolean;
  /** app.requestSingleInstanceLock() (Electron checks this Windows user's session): false when it already runs the app. */
  requestSingleInstance(): boolean;
}

export type TerminalStart =
  | { action: 'open'; folder: string; lockPath: string; owner: LockOwner; portable: boolean; tookOverStaleFrom: LockOwner | null }
  /** Another window of this app runs in this session: it gets the focus, this launch ends quietly. */
  | { action: 'quit-quietly' }
  | { action: 'refuse'; title: string; message: string };

export const FOLDER_UNAVAILABLE_MESSAGE = (folder: string) =>
  `台帳のデータフォルダー「${folder}」を作成できないか、書き込めません。この端末の Users グループに変更の権限があるか、情報システム担当に確認してください。`;

/**
 * Which of Electron's folders are the terminal's. Only `sessionData` (IndexedDB, i.e. the ledger, and
 * the rest of the session's storage) moves to the shared folder. `userData` stays per Windows account
 * on purpose: it holds Chromium's "Local State", whose encryption key (the one safeStorage and cookie
 * encryption use) is wrapped with DPAPI for the Windows user. Shared, the second account to start the
 * app could not unwrap it, Chromium would replace it with its own, and the first account's signing keys
 * would be lost for good. The signing-key file itself lives in the shared folder (each key records its
 * account: electron/ipc/signingKeys.ts).
 */
export const SHARED_ELECTRON_PATHS = ['sessionData'] as const;

/**
 * `useDataFolder(folder)` is called once the folder is accepted and before the lock (main.ts points the
 * SHARED_ELECTRON_PATHS at it). When the ledger is refused, nothing has been written to it: the refused
 * launch exits before the app is ready, so Chromium never opens the session's storage.
 */
export function startTerminal(deps: TerminalStartDeps, useDataFolder: (folder: string) => void): TerminalStart {
  const resolved = resolveDataFolder(deps);
  if (!resolved.ok) return { action: 'refuse', title: DATA_FOLDER_REFUSED_TITLE, message: dataFolderRefusedMessage(resolved) };
  const onDrive = driveRefusal(deps.driveKind(resolved.folder));
  if (onDrive) {
    return { action: 'refuse', title: DATA_FOLDER_REFUSED_TITLE, message: dataFolderRefusedMessage({ ok: false, reason: onDrive, given: resolved.folder, source: resolved.source }) };
  }
  if (!deps.ensureFolder(resolved.folder)) return { action: 'refuse', title: DATA_FOLDER_REFUSED_TITLE, message: FOLDER_UNAVAILABLE_MESSAGE(resolved.folder) };
  useDataFolder(resolved.folder);

  const lockPath = deps.join(resolved.folder, LOCK_FILE_NAME);
  const owner: LockOwner = { ...deps.me, openedAt: deps.now() };
  const lock = acquireLedgerLock(deps.fs, lockPath, owner, deps.isAlive);
  if (!lock.ok) {
    // The same Windows user launching twice in one session: Electron's own check hands the focus to
    // the window already open. (Another session of the same user, e.g. over remote desktop, gets the message.)
    if (lock.reason === 'held' && lock.sameUser && !deps.requestSingleInstance()) return { action: 'quit-quietly' };
    return { action: 'refuse', title: LEDGER_IN_USE_TITLE, message: ledgerInUseMessage(lock, lockPath) };
  }
  if (!deps.requestSingleInstance()) {
    // Chromium refused the profile although our lock was free: give the lock back and end quietly.
    deps.fs.remove(lockPath);
    return { action: 'quit-quietly' };
  }
  return { action: 'open', folder: resolved.folder, lockPath, owner, portable: resolved.portable, tookOverStaleFrom: lock.tookOverStale };
}
