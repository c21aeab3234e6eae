/**
 * Where the desktop app keeps the ledger: one folder per terminal, whatever Windows account signs in.
 *
 * Electron would keep IndexedDB under each Windows user's own profile, so 山田 and 佐藤 signing in to
 * the same terminal would each see a different, partial ledger with its own audit chain and backups.
 * Identity belongs to the app's own accounts; the data belongs to the terminal. The installer writes
 * the folder it created (default %ProgramData%\Daicho, rights for the terminal's Users group) into
 * `daicho-install.ini` beside Daicho.exe, and the main process points Electron's `sessionData` (where IndexedDB lives) at it before the app
 * is ready. These are the rules, as plain functions; main.ts does the reading.
 */
import { z } from 'zod';

/** The file the installer writes beside the executable (UTF-16LE with BOM from NSIS, or UTF-8). */
export const INSTALL_CONFIG_FILE = 'daicho-install.ini';
/** Section and key of the data folder in that file. */
export const INSTALL_CONFIG_SECTION = 'Daicho';
export const INSTALL_CONFIG_KEY = 'DataFolder';
/** Folder beside the portable (evaluation) executable that holds its data. */
export const PORTABLE_DATA_FOLDER = 'Daicho-data';

/** Where the folder came from (shown in the refusal message so IT knows what to fix). */
export type DataFolderSource = 'install-config' | 'environment' | 'portable' | 'default';

export type DataFolderRefusal =
  | 'relative'
  | 'unc'
  | 'device'
  | 'parent-segment'
  | 'control-character'
  | 'too-long'
  | 'config-unreadable'
  | 'removable';

export type DataFolderResult =
  | { ok: true; folder: string; source: DataFolderSource; portable: boolean }
  | { ok: false; reason: DataFolderRefusal; given: string; source: DataFolderSource };

export interface DataFolderInputs {
  platform: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Text of daicho-install.ini beside the executable (decoded), or null when there is none. */
  installConfig: string | null;
  /** The signed-in user's home folder (Linux default). */
  homeDir: string;
}

const MAX_PATH_CHARS = 200; // Chromium adds ~60 characters below the session folder; Windows' classic limit is 260.

/**
 * Decodes the install config's bytes: NSIS writes UTF-16LE with a byte-order mark (a Japanese folder
 * name survives whatever the system code page); an administrator editing it in Notepad may save UTF-8.
 */
export function decodeInstallConfig(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  const text = new TextDecoder('utf-8').decode(bytes);
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

const iniValueSchema = z.string().min(1).max(1000);

/**
 * The DataFolder value of the [Daicho] section, or null when the file does not name one. Only that
 * key of that section counts; anything else in the file is ignored. `undefined` when the file names
 * the key more than once (two answers: refuse rather than guess).
 */
export function readInstallConfig(text: string): string | null | undefined {
  let section = '';
  const found: string[] = [];
  for (const raw of text.split(/\r\n|\n|\r/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const header = /^\[(.*)\]$/.exec(line);
    if (header) {
      section = header[1]!.trim();
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    if (section.toLowerCase() !== INSTALL_CONFIG_SECTION.toLowerCase()) continue;
    if (line.slice(0, eq).trim().toLowerCase() !== INSTALL_CONFIG_KEY.toLowerCase()) continue;
    let value = line.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    found.push(value);
  }
  if (found.length > 1) return undefined;
  const parsed = iniValueSchema.safeParse(found[0]);
  return parsed.success ? parsed.data : null;
}

/**
 * Why `folder` cannot hold the ledger, or null when it can. Windows: a full path on a drive letter
 * (`D:\…`); a network share (`\\server\share`, mapped or not is checked separately by drive type) is
 * refused because IndexedDB on a share corrupts when two machines open it and the lock file below
 * cannot see a process on another machine. `\\?\` and `\\.\` device paths are refused too. Linux: an
 * absolute path. Neither may climb with `..` (the folder must be exactly what IT chose).
 */
export function dataFolderRefusal(folder: string, platform: string): DataFolderRefusal | null {
  if (/[\u0000-\u001f\u007f]/.test(folder)) return 'control-character';
  if (folder.length > MAX_PATH_CHARS) return 'too-long';
  if (platform === 'win32') {
    if (/^[\\/]{2}[?.][\\/]/.test(folder)) return 'device';
    if (/^[\\/]{2}/.test(folder)) return 'unc';
    if (!/^[A-Za-z]:[\\/]/.test(folder)) return 'relative';
    if (/[<>"|?*]/.test(folder.slice(2)) || folder.slice(2).includes(':')) return 'device';
    if (folder.split(/[\\/]/).some((part) => part === '..' || part === '.')) return 'parent-segment';
    return null;
  }
  if (!folder.startsWith('/')) return 'relative';
  if (folder.split('/').some((part) => part === '..' || part === '.')) return 'parent-segment';
  return null;
}

/** Drops trailing separators (but keeps `C:\` and `/`). */
function trimSeparators(folder: string, platform: string): string {
  const separators = platform === 'win32' ? /[\\/]+$/ : /\/+$/;
  const trimmed = folder.replace(separators, '');
  if (platform === 'win32' && /^[A-Za-z]:$/.test(trimmed)) return `${trimmed}\\`;
  return trimmed === '' ? '/' : trimmed;
}

const joinFor = (platform: string, ...parts: string[]) => parts.join(platform === 'win32' ? '\\' : '/');

/**
 * The ledger's folder on this terminal, in this order:
 * 1. the installed app: `DataFolder` in daicho-install.ini beside the executable (written by the
 *    installer; a user cannot point an installed app elsewhere with a variable);
 * 2. the portable (evaluation) build: `Daicho-data` beside the portable executable
 *    (PORTABLE_EXECUTABLE_DIR, set by its launcher) — the drive type is checked afterwards;
 * 3. DAICHO_DATA_DIR (development, or a Linux terminal whose administrator sets it machine-wide);
 * 4. the default: Windows `%ProgramData%\Daicho`; Linux `$XDG_DATA_HOME/daicho` or
 *    `~/.local/share/daicho` (Linux builds are for evaluation and development; there is no installer).
 */
export function resolveDataFolder(inputs: DataFolderInputs): DataFolderResult {
  const { platform, env } = inputs;
  const check = (given: string, source: DataFolderSource, portable = false): DataFolderResult => {
    const reason = dataFolderRefusal(given, platform);
    return reason ? { ok: false, reason, given, source } : { ok: true, folder: trimSeparators(given, platform), source, portable };
  };
  if (inputs.installConfig !== null) {
    const value = readInstallConfig(inputs.installConfig);
    if (!value) return { ok: false, reason: 'config-unreadable', given: INSTALL_CONFIG_FILE, source: 'install-config' };
    return check(value, 'install-config');
  }
  if (platform === 'win32' && env.PORTABLE_EXECUTABLE_DIR) {
    return check(joinFor(platform, trimSeparators(env.PORTABLE_EXECUTABLE_DIR, platform).replace(/\\$/, ''), PORTABLE_DATA_FOLDER), 'portable', true);
  }
  if (env.DAICHO_DATA_DIR) return check(env.DAICHO_DATA_DIR, 'environment');
  if (platform === 'win32') {
    const programData = env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData';
    return check(joinFor(platform, trimSeparators(programData, platform).replace(/\\$/, ''), 'Daicho'), 'default');
  }
  const xdg = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : joinFor(platform, inputs.homeDir, '.local', 'share');
  return check(joinFor(platform, trimSeparators(xdg, platform), 'daicho'), 'default');
}

/**
 * Kinds of drive, as Windows reports them (Win32_LogicalDisk.DriveType): 2 removable (USB memory,
 * SD card), 3 local disk, 4 network drive, 5 CD/DVD, 6 RAM disk; 0/1 unknown.
 */
export type DriveKind = 'removable' | 'fixed' | 'network' | 'optical' | 'ram' | 'unknown';

export function driveKindFromWin32(code: number | null): DriveKind {
  switch (code) {
    case 2: return 'removable';
    case 3: return 'fixed';
    case 4: return 'network';
    case 5: return 'optical';
    case 6: return 'ram';
    default: return 'unknown';
  }
}

/** Linux: folders under the desktop's automount points (/media, /run/media) are removable media; /mnt is often a fixed disk. */
export function linuxDriveKind(folder: string): DriveKind {
  return /^\/(media|run\/media)\//.test(folder) ? 'removable' : 'fixed';
}

/**
 * Whether the ledger may live on a drive of this kind. Removable media are refused (a ledger of
 * personal information on a USB stick leaves the building in a pocket, and a pulled stick corrupts the
 * database); network and optical drives are refused (another machine's writer cannot be excluded;
 * read-only). `unknown` is allowed: Windows did not say (PowerShell blocked by policy), and refusing
 * then would stop every such terminal from working — the path rules above still apply.
 */
export function driveRefusal(kind: DriveKind): DataFolderRefusal | null {
  return kind === 'removable' || kind === 'network' || kind === 'optical' ? (kind === 'removable' ? 'removable' : 'unc') : null;
}

/** The drive letter part of a Windows folder (`D:`), for the drive-type query. */
export function driveOf(folder: string): string | null {
  const match = /^([A-Za-z]):/.exec(folder);
  return match ? `${match[1]!.toUpperCase()}:` : null;
}

const reasonText: Record<DataFolderRefusal, string> = {
  relative: '完全なパス（C:\\ から始まる形）ではありません',
  unc: 'ネットワーク上の場所（共有フォルダーやネットワークドライブ、CD/DVD）です。台帳は端末のディスクに置きます',
  device: 'Windows の特殊なパスか、フォルダー名に使えない文字を含みます',
  'parent-segment': '「..」や「.」を含みます',
  'control-character': '制御文字を含みます',
  'too-long': `長すぎます（${MAX_PATH_CHARS}文字まで）`,
  'config-unreadable': 'インストール設定ファイルにデータフォルダーが1つだけ書かれていません',
  removable: 'USBメモリーなどの取り外せる記憶媒体の上です。個人情報を含む台帳は取り外せる媒体に置けません',
};

const sourceText: Record<DataFolderSource, string> = {
  'install-config': `インストール時の設定（${INSTALL_CONFIG_FILE}）`,
  environment: '環境変数 DAICHO_DATA_DIR',
  portable: '評価用（ポータブル版）の実行ファイルの場所',
  default: '既定の場所',
};

export const DATA_FOLDER_REFUSED_TITLE = 'Daichō を起動できません（データフォルダー）';

/** The one dialog shown when the folder is refused: what, why, what to do. */
export function dataFolderRefusedMessage(result: Extract<DataFolderResult, { ok: false }>): string {
  const next = result.source === 'portable'
    ? '評価用の実行ファイルを端末のディスク（C: など）にコピーしてから起動してください。'
    : '情報システム担当に連絡し、端末のディスク上のフォルダーを指定して再インストールしてもらってください（サイレントインストールでは /DATA=フォルダー）。';
  return `台帳のデータフォルダー「${result.given}」（${sourceText[result.source]}）を使えません: ${reasonText[result.reason]}。${next}`;
}
