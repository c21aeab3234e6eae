import { describe, expect, it } from 'vitest';
import {
  dataFolderRefusal,
  dataFolderRefusedMessage,
  decodeInstallConfig,
  driveKindFromWin32,
  driveOf,
  driveRefusal,
  linuxDriveKind,
  readInstallConfig,
  resolveDataFolder,
  type DataFolderInputs,
} from '../../../../electron/deploy/dataFolder';

const win = (over: Partial<DataFolderInputs> = {}): DataFolderInputs => ({
  platform: 'win32',
  env: { ProgramData: 'C:\\ProgramData' },
  installConfig: null,
  homeDir: 'C:\\Users\\yamada',
  ...over,
});
const linux = (over: Partial<DataFolderInputs> = {}): DataFolderInputs => ({ platform: 'linux', env: {}, installConfig: null, homeDir: '/home/yamada', ...over });

describe('resolveDataFolder', () => {
  it('uses one per-machine folder on Windows whoever signs in: %ProgramData%\\Daicho, not the user profile', () => {
    const a = resolveDataFolder(win({ homeDir: 'C:\\Users\\yamada', env: { ProgramData: 'C:\\ProgramData', APPDATA: 'C:\\Users\\yamada\\AppData\\Roaming' } }));
    const b = resolveDataFolder(win({ homeDir: 'C:\\Users\\sato', env: { ProgramData: 'C:\\ProgramData', APPDATA: 'C:\\Users\\sato\\AppData\\Roaming' } }));
    expect(a).toEqual({ ok: true, folder: 'C:\\ProgramData\\Daicho', source: 'default', portable: false });
    expect(b).toEqual(a);
  });

  it('falls back to C:\\ProgramData when the variable is missing, and accepts the upper-case spelling', () => {
    expect(resolveDataFolder(win({ env: {} }))).toMatchObject({ ok: true, folder: 'C:\\ProgramData\\Daicho' });
    expect(resolveDataFolder(win({ env: { PROGRAMDATA: 'D:\\PD\\' } }))).toMatchObject({ ok: true, folder: 'D:\\PD\\Daicho' });
  });

  it('prefers the installer\'s file beside the exe over the environment, so a user cannot point the installed app elsewhere', () => {
    const result = resolveDataFolder(win({ installConfig: '[Daicho]\r\nDataFolder=D:\\台帳データ\\\r\n', env: { DAICHO_DATA_DIR: 'E:\\mine', ProgramData: 'C:\\ProgramData' } }));
    expect(result).toEqual({ ok: true, folder: 'D:\\台帳データ', source: 'install-config', portable: false });
  });

  it('refuses an install config that names no folder, or two, rather than guessing', () => {
    expect(resolveDataFolder(win({ installConfig: '[Other]\nDataFolder=D:\\x\n' }))).toMatchObject({ ok: false, reason: 'config-unreadable' });
    expect(resolveDataFolder(win({ installConfig: '[Daicho]\nDataFolder=D:\\x\nDataFolder=E:\\y\n' }))).toMatchObject({ ok: false, reason: 'config-unreadable' });
    expect(resolveDataFolder(win({ installConfig: '' }))).toMatchObject({ ok: false, reason: 'config-unreadable' });
  });

  it('keeps the portable (evaluation) build\'s data beside its exe', () => {
    expect(resolveDataFolder(win({ env: { PORTABLE_EXECUTABLE_DIR: 'C:\\評価\\' } }))).toEqual({ ok: true, folder: 'C:\\評価\\Daicho-data', source: 'portable', portable: true });
  });

  it('takes DAICHO_DATA_DIR when there is no installer file (development, Linux)', () => {
    expect(resolveDataFolder(linux({ env: { DAICHO_DATA_DIR: '/srv/daicho/' } }))).toEqual({ ok: true, folder: '/srv/daicho', source: 'environment', portable: false });
  });

  it('defaults on Linux to XDG_DATA_HOME/daicho or ~/.local/share/daicho, ignoring a relative XDG_DATA_HOME', () => {
    expect(resolveDataFolder(linux())).toMatchObject({ ok: true, folder: '/home/yamada/.local/share/daicho' });
    expect(resolveDataFolder(linux({ env: { XDG_DATA_HOME: '/data/x' } }))).toMatchObject({ ok: true, folder: '/data/x/daicho' });
    expect(resolveDataFolder(linux({ env: { XDG_DATA_HOME: 'rel' } }))).toMatchObject({ ok: true, folder: '/home/yamada/.local/share/daicho' });
  });

  it.each([
    ['\\\\fileserver\\share\\daicho', 'unc'],
    ['//fileserver/share/daicho', 'unc'],
    ['\\\\?\\C:\\daicho', 'device'],
    ['\\\\.\\PhysicalDrive0', 'device'],
    ['daicho', 'relative'],
    ['.\\daicho', 'relative'],
    ['\\daicho', 'relative'],
    ['C:daicho', 'relative'],
    ['C:\\ProgramData\\..\\Users\\yamada', 'parent-segment'],
    ['C:\\data\\.\\x', 'parent-segment'],
    ['C:\\da|cho', 'device'],
    ['C:\\daicho:stream', 'device'],
    ['C:\\dai\tcho', 'control-character'],
    [`C:\\${'a'.repeat(300)}`, 'too-long'],
  ])('Windows refuses %j (%s) from the installer file', (given, reason) => {
    expect(resolveDataFolder(win({ installConfig: `[Daicho]\nDataFolder=${given}` }))).toMatchObject({ ok: false, reason, source: 'install-config' });
  });

  it.each([
    ['relative/daicho', 'relative'],
    ['~/daicho', 'relative'],
    ['/var/lib/../../etc', 'parent-segment'],
    ['C:\\daicho', 'relative'],
    ['/var/lib/dai\ncho', 'control-character'],
  ])('Linux refuses %j (%s)', (given, reason) => {
    expect(resolveDataFolder(linux({ env: { DAICHO_DATA_DIR: given } }))).toMatchObject({ ok: false, reason });
  });

  it('says what, where it came from and what to do', () => {
    const refused = resolveDataFolder(win({ installConfig: '[Daicho]\nDataFolder=\\\\srv\\share' }));
    if (refused.ok) throw new Error('expected a refusal');
    const message = dataFolderRefusedMessage(refused);
    expect(message).toContain('\\\\srv\\share');
    expect(message).toContain('daicho-install.ini');
    expect(message).toContain('/DATA=');
    expect(dataFolderRefusedMessage({ ok: false, reason: 'removable', given: 'E:\\Daicho-data', source: 'portable' })).toContain('コピーしてから');
  });
});

describe('dataFolderRefusal', () => {
  it.each([['C:\\ProgramData\\Daicho'], ['D:/Daicho'], ['C:\\']])('accepts %j on Windows', (folder) => expect(dataFolderRefusal(folder, 'win32')).toBeNull());
  it.each([['/var/lib/daicho'], ['/']])('accepts %j on Linux', (folder) => expect(dataFolderRefusal(folder, 'linux')).toBeNull());
});

describe('install config', () => {
  it('reads the UTF-16LE file with BOM that NSIS writes, including a Japanese folder name', () => {
    const text = '[Daicho]\r\nDataFolder=D:\\情報資産台帳\r\n';
    const bytes = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
    expect(readInstallConfig(decodeInstallConfig(bytes))).toBe('D:\\情報資産台帳');
  });

  it('reads UTF-8 with or without BOM (edited in Notepad), ignoring comments, case of names and quotes', () => {
    expect(readInstallConfig(decodeInstallConfig(new Uint8Array(Buffer.from('\uFEFF; IT\n[daicho]\ndatafolder = "E:\\Ledger"\n'))))).toBe('E:\\Ledger');
    expect(readInstallConfig('[Daicho]\nOther=1\n')).toBeNull();
    expect(readInstallConfig('DataFolder=C:\\x\n')).toBeNull();
  });
});

describe('drive kinds', () => {
  it.each([
    [2, 'removable', 'removable'],
    [3, 'fixed', null],
    [4, 'network', 'unc'],
    [5, 'optical', 'unc'],
    [6, 'ram', null],
    [0, 'unknown', null],
    [null, 'unknown', null],
  ] as const)('Win32 DriveType %s is %s (refusal %s)', (code, kind, refusal) => {
    expect(driveKindFromWin32(code)).toBe(kind);
    expect(driveRefusal(driveKindFromWin32(code))).toBe(refusal);
  });

  it.each([
    ['/media/yamada/USB/daicho', 'removable'],
    ['/run/media/yamada/USB', 'removable'],
    ['/mnt/data/daicho', 'fixed'],
    ['/home/yamada/.local/share/daicho', 'fixed'],
    ['/mediafiles/daicho', 'fixed'],
  ])('Linux %s is %s', (folder, kind) => expect(linuxDriveKind(folder)).toBe(kind));

  it('finds the drive letter to ask about', () => {
    expect(driveOf('e:\\Daicho-data')).toBe('E:');
    expect(driveOf('\\\\srv\\x')).toBeNull();
  });
});
