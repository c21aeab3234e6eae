// `npm start`: builds and opens the desktop app. Electron fetches its runtime on first use; where that
// cannot happen (no internet, as on this project's build machines), say so in one line and point to
// the browser preview instead of printing a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = path.dirname(require.resolve('electron/package.json'));

function electronBinary() {
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
  console.error('Electron の実行ファイルを取得できませんでした（ネットワークに接続できません）。ブラウザーで試すには npm run preview を実行してください。 / Electron runtime unavailable (no network): run `npm run preview` to use the app in a browser.');
  process.exit(1);
}
const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
if (build.status !== 0) process.exit(build.status ?? 1);
const child = spawn(binary, ['.'], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
