// `npm start`: builds and opens the desktop app. Electron fetches its runtime on first use; where that
// cannot happen (no internet, as on this project's build machines), it says so in one line and opens
// the same screens as the browser preview instead (scripts/browserPreview.mjs); Ctrl+C stops it.
// DAICHO_NO_OPEN=1 serves without opening a browser; DAICHO_PORT chooses the first port to try.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ELECTRON_MISSING_LINE, startBrowserPreview } from './browserPreview.mjs';

const require = createRequire(import.meta.url);
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = path.dirname(require.resolve('electron/package.json'));

function electronBinary() {
  if (process.env.DAICHO_BROWSER_PREVIEW === '1') return null; // asked for the browser preview directly
  const install = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { stdio: 'ignore', timeout: 300_000 });
  if (install.status !== 0) return null;
  try {
    return require('electron');
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (!binary) {
  console.log(ELECTRON_MISSING_LINE);
  try {
    const { server } = await startBrowserPreview({ root });
    const stop = () => {
      server.close().finally(() => process.exit(0));
      setTimeout(() => process.exit(0), 2000).unref();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (error) {
    console.error(`ブラウザー版を起動できませんでした: ${error.message} / Could not start the browser preview.`);
    process.exit(1);
  }
} else {
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const child = spawn(binary, ['.'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
