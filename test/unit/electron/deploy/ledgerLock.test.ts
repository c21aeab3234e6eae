import { describe, expect, it } from 'vitest';
import {
  acquireLedgerLock,
  formatOpenedAt,
  ledgerInUseMessage,
  lockFileText,
  parseLock,
  pidAlive,
  releaseLedgerLock,
  type LockFs,
  type LockOwner,
} from '../../../../electron/deploy/ledgerLock';

const LOCK = 'C:\\ProgramData\\Daicho\\daicho.lock';

/** An in-memory folder with exclusive create, as the real open(…, 'wx') behaves. */
function memoryFs(files: Record<string, string> = {}) {
  const fs: LockFs & { files: Record<string, string>; removed: number } = {
    files,
    removed: 0,
    createExclusive(path, text) {
      if (path in fs.files) return false;
      fs.files[path] = text;
      return true;
    },
    read: (path) => fs.files[path] ?? null,
    remove(path) {
      delete fs.files[path];
      fs.removed += 1;
    },
  };
  return fs;
}

const yamada: LockOwner = { windowsUser: 'yamada', pid: 4100, host: 'PC-KIKAKU-01', openedAt: '2026-11-30T00:05:00.000Z' };
const sato: LockOwner = { windowsUser: 'sato', pid: 5200, host: 'PC-KIKAKU-01', openedAt: '2026-11-30T01:00:00.000Z' };
const alive = (...pids: number[]) => (pid: number) => pids.includes(pid);

describe('acquireLedgerLock', () => {
  it('takes a free ledger and writes who, which process, which host and when', () => {
    const fs = memoryFs();
    expect(acquireLedgerLock(fs, LOCK, yamada, alive())).toEqual({ ok: true, tookOverStale: null });
    expect(parseLock(fs.files[LOCK]!)).toEqual(yamada);
  });

  it('refuses a second Windows user while the first one\'s app runs, naming the first user and time — never a second writer', () => {
    const fs = memoryFs();
    acquireLedgerLock(fs, LOCK, yamada, alive());
    const second = acquireLedgerLock(fs, LOCK, sato, alive(yamada.pid, sato.pid));
    expect(second).toEqual({ ok: false, reason: 'held', holder: yamada, sameUser: false });
    expect(parseLock(fs.files[LOCK]!)).toEqual(yamada); // untouched
    if (second.ok) throw new Error('expected refusal');
    const message = ledgerInUseMessage(second, LOCK);
    expect(message).toContain('「yamada」');
    expect(message).toContain('2026年11月30日 09:05'); // Japan time
  });

  it('marks the same Windows user (a second launch in the same session) so the caller can hand over the focus', () => {
    const fs = memoryFs({ [LOCK]: lockFileText(yamada) });
    expect(acquireLedgerLock(fs, LOCK, { ...yamada, pid: 4999, windowsUser: 'YAMADA' }, alive(4100, 4999))).toMatchObject({ ok: false, reason: 'held', sameUser: true });
  });

  it('takes over a stale lock whose process is gone on this host (crash, power cut)', () => {
    const fs = memoryFs({ [LOCK]: lockFileText(yamada) });
    expect(acquireLedgerLock(fs, LOCK, sato, alive(sato.pid))).toEqual({ ok: true, tookOverStale: yamada });
    expect(parseLock(fs.files[LOCK]!)).toEqual(sato);
  });

  it('takes over a lock from an earlier start of the terminal even when its PID now belongs to another process', () => {
    const before = { ...yamada, bootedAt: '2026-11-29T23:00:00.000Z' };
    const fs = memoryFs({ [LOCK]: lockFileText(before) });
    const now = { ...sato, bootedAt: '2026-11-30T00:50:00.000Z' };
    expect(acquireLedgerLock(fs, LOCK, now, () => true)).toEqual({ ok: true, tookOverStale: before });
  });

  it('boot times read a little apart are the same start: a live holder still wins', () => {
    const fs = memoryFs({ [LOCK]: lockFileText({ ...yamada, bootedAt: '2026-11-30T00:00:00.400Z' }) });
    expect(acquireLedgerLock(fs, LOCK, { ...sato, bootedAt: '2026-11-30T00:00:01.300Z' }, alive(yamada.pid))).toMatchObject({ ok: false, reason: 'held' });
    // A lock without a boot time (or an unreadable one) falls back to the PID check.
    const old = memoryFs({ [LOCK]: lockFileText(yamada) });
    expect(acquireLedgerLock(old, LOCK, { ...sato, bootedAt: '2026-11-30T00:50:00.000Z' }, alive(yamada.pid))).toMatchObject({ ok: false, reason: 'held' });
    const garbled = memoryFs({ [LOCK]: lockFileText({ ...yamada, bootedAt: 'yesterday' }) });
    expect(acquireLedgerLock(garbled, LOCK, { ...sato, bootedAt: '2026-11-30T00:50:00.000Z' }, alive(yamada.pid))).toMatchObject({ ok: false, reason: 'held' });
  });

  it('takes over its own leftover lock (same user, same PID after a restart) without asking the OS', () => {
    const fs = memoryFs({ [LOCK]: lockFileText(yamada) });
    expect(acquireLedgerLock(fs, LOCK, { ...yamada, openedAt: '2026-12-01T00:00:00Z' }, () => true)).toMatchObject({ ok: true });
  });

  it('never takes over a lock from another host, whatever the PID says', () => {
    const fs = memoryFs({ [LOCK]: lockFileText({ ...yamada, host: 'PC-OTHER' }) });
    const result = acquireLedgerLock(fs, LOCK, sato, alive());
    expect(result).toMatchObject({ ok: false, reason: 'other-host' });
    expect(fs.removed).toBe(0);
    if (result.ok) throw new Error('expected refusal');
    expect(ledgerInUseMessage(result, LOCK)).toContain(LOCK);
  });

  it.each([['', 'empty'], ['{', 'half written'], ['{"format":"daicho-ledger-lock/1","windowsUser":"x","pid":-1,"host":"h","openedAt":"t"}', 'negative pid'], ['{"windowsUser":"x","pid":1,"host":"h","openedAt":"t"}', 'no format'], ['null', 'null']])(
    'does not overwrite a lock it cannot read (%j, %s)',
    (text) => {
      const fs = memoryFs({ [LOCK]: text });
      expect(acquireLedgerLock(fs, LOCK, sato, alive())).toEqual({ ok: false, reason: 'unreadable' });
      expect(fs.files[LOCK]).toBe(text);
    },
  );

  it('when two sessions race for a stale lock, the one that creates the file wins and the other is refused', () => {
    const fs = memoryFs({ [LOCK]: lockFileText(yamada) });
    const remove = fs.remove.bind(fs);
    // Between our removal and our create, 佐藤's session creates its own lock.
    fs.remove = (path) => {
      remove(path);
      fs.files[path] = lockFileText(sato);
    };
    const tanaka: LockOwner = { windowsUser: 'tanaka', pid: 6300, host: 'PC-KIKAKU-01', openedAt: '2026-11-30T02:00:00Z' };
    expect(acquireLedgerLock(fs, LOCK, tanaka, alive(sato.pid, tanaka.pid))).toMatchObject({ ok: false, reason: 'held', holder: sato });
  });
});

describe('releaseLedgerLock', () => {
  it('removes only its own lock', () => {
    const fs = memoryFs({ [LOCK]: lockFileText(sato) });
    expect(releaseLedgerLock(fs, LOCK, yamada)).toBe(false);
    expect(fs.files[LOCK]).toBeDefined();
    expect(releaseLedgerLock(fs, LOCK, sato)).toBe(true);
    expect(fs.files[LOCK]).toBeUndefined();
    expect(releaseLedgerLock(fs, LOCK, sato)).toBe(false);
  });
});

describe('pidAlive', () => {
  const throwing = (code: string) => () => {
    throw Object.assign(new Error(code), { code });
  };
  it.each([
    [() => undefined, true, 'signal 0 delivered'],
    [throwing('ESRCH'), false, 'no such process'],
    [throwing('EPERM'), true, 'another Windows user\'s process'],
    [throwing('EINVAL'), true, 'unexpected: counted alive'],
  ])('%#: %s', (kill, expected) => expect(pidAlive(kill, 1234)).toBe(expected));

  it('really tells this process from a finished one', () => {
    const kill = (pid: number, signal: 0) => void process.kill(pid, signal);
    expect(pidAlive(kill, process.pid)).toBe(true);
    expect(pidAlive(kill, 2 ** 22 + 12345)).toBe(false);
  });
});

describe('formatOpenedAt', () => {
  it('shows Japan time, and the raw text for a non-time', () => {
    expect(formatOpenedAt('2026-12-31T15:30:00Z')).toBe('2027年1月1日 00:30');
    expect(formatOpenedAt('not a time')).toBe('not a time');
  });
});
