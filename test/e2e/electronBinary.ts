/** Where the Electron runtime is, if it has been downloaded (it cannot be on a machine without internet). */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const electronMissingReason =
  'Electron binary not downloaded (no internet here); run `npx install-electron` where the network allows it';

export function electronBinary(): string | null {
  const require = createRequire(import.meta.url);
  const electronDir = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8'));
  return existsSync(binary) ? binary : null;
}
