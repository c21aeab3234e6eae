/**
 * One writer per ledger. The data folder is shared by every Windows account on the terminal, so with
 * fast user switching 山田's session can still have the app open when 佐藤 signs in. Two Chromium
 * processes on one IndexedDB would each keep their own view of the audit chain and overwrite each
 * other's work. A lock file in the data folder, created exclusively, names the Windows user, process,
 * host and time; a second session reads it, says who has the ledger open since when, and exits.
 *
 * A lock whose process is gone on this host (the app crashed, the terminal lost power) is stale and
 * taken over. A lock from another host is never taken over automatically (the folder was copied from
 * another machine, or is shared against the rules): the message names the file to delete once IT has
 * confirmed nobody is using it.
 */
import { z } from 'zod';

export const LOCK_FILE_NAME = 'daicho.lock';

/** Who holds (or wants) the ledger. */
export interface LockOwner {
  windowsUser: string;
  pid: number;
  host: string;
  /** ISO time the ledger was opened. */
  openedAt: string;
  /**
   * ISO time this host last started (now − os.uptime()). A lock from an earlier start of the terminal
   * is stale whatever its PID: after a power cut, Windows may have given that PID to another process.
   */
  bootedAt?: string;
}

/** Boot times read at different moments differ by rounding; a real restart differs by far more. */
const BOOT_TOLERANCE_MS = 120_000;

/** True when both locks name a boot time and they are different starts of the terminal. */
export function fromEarlierBoot(holder: LockOwner, me: LockOwner): boolean {
  if (!holder.bootedAt || !me.bootedAt) return false;
  const a = Date.parse(holder.bootedAt);
  const b = Date.parse(me.bootedAt);
  return Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) > BOOT_TOLERANCE_MS;
}

const lockSchema = z.object({
  format: z.literal('daicho-ledger-lock/1'),
  windowsUser: z.string().min(1).max(256),
  pid: z.number().int().positive(),
  host: z.string().min(1).max(256),
  openedAt: z.string().min(1).max(40),
  bootedAt: z.string().min(1).max(40).optional(),
});

export function lockFileText(owner: LockOwner): string {
  return `${JSON.stringify({ format: 'daicho-ledger-lock/1', ...owner }, null, 2)}\n`;
}

/** The owner named by a lock file's text, or null when the text is not a lock this app wrote. */
export function parseLock(text: string): LockOwner | null {
  try {
    const parsed = lockSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return null;
    const { windowsUser, pid, host, openedAt, bootedAt } = parsed.data;
    return { windowsUser, pid, host, openedAt, ...(bootedAt ? { bootedAt } : {}) };
  } catch {
    return null;
  }
}

/** The file operations the lock uses (a fake in tests, node:fs in main). */
export interface LockFs {
  /** Creates the file with `text` only if it does not exist; false when it already exists. */
  createExclusive(path: string, text: string): boolean;
  /** The file's text, or null when there is none. */
  read(path: string): string | null;
  remove(path: string): void;
}

export type LockResult =
  | { ok: true; tookOverStale: LockOwner | null }
  | { ok: false; reason: 'held'; holder: LockOwner; sameUser: boolean }
  | { ok: false; reason: 'other-host'; holder: LockOwner }
  | { ok: false; reason: 'unreadable' };

/** Windows user names compare without case (YAMADA and yamada are one account). */
const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Takes the ledger for `me`, or says who has it. `isAlive(pid)` asks the OS whether a process runs
 * (see `pidAlive`). Two attempts: when a stale lock is removed, another session may create its own
 * in between, and then that one wins.
 */
export function acquireLedgerLock(fs: LockFs, lockPath: string, me: LockOwner, isAlive: (pid: number) => boolean): LockResult {
  let tookOverStale: LockOwner | null = null;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (fs.createExclusive(lockPath, lockFileText(me))) return { ok: true, tookOverStale };
    const text = fs.read(lockPath);
    if (text === null) continue; // removed between our two calls: try once more
    const holder = parseLock(text);
    // Not ours to judge (half written by a crash, or written by someone else): never overwrite silently.
    if (!holder) return { ok: false, reason: 'unreadable' };
    if (!sameName(holder.host, me.host)) return { ok: false, reason: 'other-host', holder };
    const ourOwnOldLock = holder.pid === me.pid && sameName(holder.windowsUser, me.windowsUser);
    if (!ourOwnOldLock && !fromEarlierBoot(holder, me) && isAlive(holder.pid)) return { ok: false, reason: 'held', holder, sameUser: sameName(holder.windowsUser, me.windowsUser) };
    fs.remove(lockPath);
    tookOverStale = holder;
  }
  return { ok: false, reason: 'unreadable' };
}

/** Gives the ledger back at exit: removes the lock only while it is still ours. */
export function releaseLedgerLock(fs: LockFs, lockPath: string, me: LockOwner): boolean {
  const text = fs.read(lockPath);
  const holder = text === null ? null : parseLock(text);
  if (!holder || holder.pid !== me.pid || !sameName(holder.host, me.host) || !sameName(holder.windowsUser, me.windowsUser)) return false;
  fs.remove(lockPath);
  return true;
}

/**
 * Whether a process runs, from `process.kill(pid, 0)` (sends nothing). ESRCH: gone. EPERM: it runs
 * but belongs to another Windows user (libuv's OpenProcess is denied), so it counts as alive. Anything
 * else counts as alive too: a wrong "gone" would let two writers in, a wrong "alive" only asks a
 * person to restart the terminal.
 */
export function pidAlive(kill: (pid: number, signal: 0) => void, pid: number): boolean {
  try {
    kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

export const LEDGER_IN_USE_TITLE = 'Daichō を起動できません（台帳を使用中）';

/** Shows a lock's ISO time as Japan time (yyyy年m月d日 hh:mm), or the raw text when it is not a time. */
export function formatOpenedAt(iso: string): string {
  const time = Date.parse(iso);
  if (!Number.isFinite(time)) return iso;
  const jst = new Date(time + 9 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${jst.getUTCFullYear()}年${jst.getUTCMonth() + 1}月${jst.getUTCDate()}日 ${pad(jst.getUTCHours())}:${pad(jst.getUTCMinutes())}`;
}

/** The dialog's text for a refused lock: who has the ledger open and since when, and what to do. */
export function ledgerInUseMessage(result: Extract<LockResult, { ok: false }>, lockPath: string): string {
  switch (result.reason) {
    case 'held':
      return `この端末の台帳は、Windows ユーザー「${result.holder.windowsUser}」が ${formatOpenedAt(result.holder.openedAt)} から開いています。同じ台帳を同時に2か所から書き換えないよう、Daichō を終了します。「${result.holder.windowsUser}」のセッションで Daichō を閉じてから（または、そのユーザーをサインアウトしてから）起動し直してください。`;
    case 'other-host':
      return `台帳のフォルダーに、別の端末「${result.holder.host}」の Windows ユーザー「${result.holder.windowsUser}」が ${formatOpenedAt(result.holder.openedAt)} に開いた記録があります。台帳のフォルダーは端末ごとに1つで、ほかの端末と共有できません。情報システム担当に連絡してください（だれも使っていないことを確かめたうえで ${lockPath} を削除すると起動できます）。`;
    case 'unreadable':
      return `台帳の使用中の記録（${lockPath}）を読み取れないため、Daichō を終了します。別の Windows ユーザーが開いている可能性があります。情報システム担当に連絡してください（だれも使っていないことを確かめたうえでこのファイルを削除すると起動できます）。`;
  }
}
