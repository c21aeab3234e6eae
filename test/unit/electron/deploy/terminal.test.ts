import { describe, expect, it } from 'vitest';
import type { DriveKind } from '../../../../electron/deploy/dataFolder';
import { lockFileText, parseLock, type LockFs } from '../../../../electron/deploy/ledgerLock';
import { SHARED_ELECTRON_PATHS, startTerminal, type TerminalStartDeps } from '../../../../electron/deploy/terminal';

function memoryFs(files: Record<string, string> = {}): LockFs & { files: Record<string, string> } {
  return {
    files,
    createExclusive(path, text) {
      if (path in files) return false;
      files[path] = text;
      return true;
    },
    read: (path) => files[path] ?? null,
    remove: (path) => void delete files[path],
  };
}

const LOCK = 'C:\\ProgramData\\Daicho\\daicho.lock';

function deps(over: Partial<TerminalStartDeps> & { drive?: DriveKind; single?: boolean; alivePids?: number[] } = {}) {
  const calls: string[] = [];
  const d: TerminalStartDeps = {
    platform: 'win32',
    env: { ProgramData: 'C:\\ProgramData' },
    installConfig: null,
    homeDir: 'C:\\Users\\sato',
    driveKind: () => over.drive ?? 'fixed',
    ensureFolder: (folder) => (calls.push(`mkdir ${folder}`), true),
    join: (folder, name) => `${folder}\\${name}`,
    fs: memoryFs(),
    me: { windowsUser: 'sato', pid: 5200, host: 'PC-1' },
    now: () => '2026-11-30T01:00:00.000Z',
    isAlive: (pid) => (over.alivePids ?? []).includes(pid),
    requestSingleInstance: () => (calls.push('single'), over.single ?? true),
    ...over,
  };
  const useDataFolder = (folder: string) => calls.push(`data ${folder}`);
  return { d, calls, useDataFolder };
}

describe('startTerminal', () => {
  it('opens the shared folder: creates it, points Electron at it, takes the lock, then asks Electron for the single instance', () => {
    const { d, calls, useDataFolder } = deps();
    const result = startTerminal(d, useDataFolder);
    expect(result).toMatchObject({ action: 'open', folder: 'C:\\ProgramData\\Daicho', lockPath: LOCK, portable: false });
    expect(calls).toEqual(['mkdir C:\\ProgramData\\Daicho', 'data C:\\ProgramData\\Daicho', 'single']);
    expect(parseLock((d.fs as ReturnType<typeof memoryFs>).files[LOCK]!)).toMatchObject({ windowsUser: 'sato', pid: 5200 });
  });

  it('refuses a second Windows session with the holder\'s name and time, before Electron opens the profile', () => {
    const fs = memoryFs({ [LOCK]: lockFileText({ windowsUser: 'yamada', pid: 4100, host: 'PC-1', openedAt: '2026-11-30T00:05:00Z' }) });
    const { d, calls, useDataFolder } = deps({ fs, alivePids: [4100] });
    const result = startTerminal(d, useDataFolder);
    expect(result).toMatchObject({ action: 'refuse', title: expect.stringContaining('使用中') });
    if (result.action !== 'refuse') throw new Error('expected refusal');
    expect(result.message).toContain('「yamada」');
    expect(result.message).toContain('09:05');
    expect(calls).not.toContain('single');
  });

  it('a second launch by the same user in the same session ends quietly (Electron focuses the open window)', () => {
    const fs = memoryFs({ [LOCK]: lockFileText({ windowsUser: 'sato', pid: 4100, host: 'PC-1', openedAt: '2026-11-30T00:05:00Z' }) });
    const { d, useDataFolder } = deps({ fs, alivePids: [4100], single: false });
    expect(startTerminal(d, useDataFolder)).toEqual({ action: 'quit-quietly' });
  });

  it('the same user from another session (remote desktop) is refused like anyone else', () => {
    const fs = memoryFs({ [LOCK]: lockFileText({ windowsUser: 'sato', pid: 4100, host: 'PC-1', openedAt: '2026-11-30T00:05:00Z' }) });
    const { d, useDataFolder } = deps({ fs, alivePids: [4100], single: true });
    expect(startTerminal(d, useDataFolder)).toMatchObject({ action: 'refuse' });
  });

  it('gives its lock back when Electron refuses the profile anyway', () => {
    const fs = memoryFs();
    const { d, useDataFolder } = deps({ fs, single: false });
    expect(startTerminal(d, useDataFolder)).toEqual({ action: 'quit-quietly' });
    expect(fs.files[LOCK]).toBeUndefined();
  });

  it('the portable build on a USB stick is refused before anything is written there', () => {
    const { d, calls, useDataFolder } = deps({ env: { PORTABLE_EXECUTABLE_DIR: 'E:\\' }, drive: 'removable' });
    const result = startTerminal(d, useDataFolder);
    expect(result).toMatchObject({ action: 'refuse', message: expect.stringContaining('取り外せる') });
    expect(calls).toEqual([]);
  });

  it('a mapped network drive is refused; an unknown drive type is allowed', () => {
    expect(startTerminal(deps({ drive: 'network' }).d, () => undefined)).toMatchObject({ action: 'refuse' });
    expect(startTerminal(deps({ drive: 'unknown' }).d, () => undefined)).toMatchObject({ action: 'open' });
  });

  it('a folder that cannot be created is refused with what to check', () => {
    const { d, useDataFolder } = deps({ ensureFolder: () => false });
    expect(startTerminal(d, useDataFolder)).toMatchObject({ action: 'refuse', message: expect.stringContaining('Users グループ') });
  });

  it('a refused path from the installer never reaches Electron', () => {
    const { d, calls, useDataFolder } = deps({ installConfig: '[Daicho]\nDataFolder=\\\\srv\\share\n' });
    expect(startTerminal(d, useDataFolder)).toMatchObject({ action: 'refuse', title: expect.stringContaining('データフォルダー') });
    expect(calls).toEqual([]);
  });

  it('shares only the session\'s storage: userData (Chromium\'s DPAPI-wrapped key in Local State) stays per Windows account', async () => {
    expect(SHARED_ELECTRON_PATHS).toEqual(['sessionData']);
    const { readFileSync } = await import('node:fs');
    const main = readFileSync('electron/main.ts', 'utf8');
    expect(main).not.toMatch(/setPath\(\s*'userData'/);
    expect(main).toMatch(/for \(const name of SHARED_ELECTRON_PATHS\) app\.setPath\(name, folder\)/);
    expect(main).toContain('diskKeyFile(ledger.folder)');
  });
});
