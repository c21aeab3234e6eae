/**
 * The kind of drive a Windows folder is on, without a native module: one PowerShell query of
 * Win32_LogicalDisk (local WMI, no network), run once at startup. Where PowerShell is blocked by
 * policy or answers nothing usable the kind is 'unknown' (allowed; see driveRefusal).
 */
import { driveKindFromWin32, driveOf, linuxDriveKind, type DriveKind } from './dataFolder';

export type ExecFile = (file: string, args: readonly string[], options: { encoding: 'utf8'; timeout: number; windowsHide: boolean }) => string;

/** The PowerShell arguments asking for one drive's DriveType (the drive is `D:` only: no injection). */
export function driveTypeQuery(drive: string): string[] {
  if (!/^[A-Z]:$/.test(drive)) throw new Error(`not a drive: ${drive}`);
  return ['-NoProfile', '-NonInteractive', '-Command', `(Get-CimInstance -ClassName Win32_LogicalDisk -Filter "DeviceID='${drive}'").DriveType`];
}

export function windowsDriveKind(folder: string, execFile: ExecFile): DriveKind {
  const drive = driveOf(folder);
  if (!drive) return 'unknown';
  try {
    const output = execFile('powershell.exe', driveTypeQuery(drive), { encoding: 'utf8', timeout: 15_000, windowsHide: true }).trim();
    return /^\d+$/.test(output) ? driveKindFromWin32(Number(output)) : 'unknown';
  } catch {
    return 'unknown';
  }
}

export function driveKindFor(platform: string, folder: string, execFile: ExecFile): DriveKind {
  if (platform === 'win32') return windowsDriveKind(folder, execFile);
  if (platform === 'linux') return linuxDriveKind(folder);
  return 'unknown';
}
