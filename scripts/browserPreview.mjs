// The browser preview `npm start` falls back to where the Electron runtime cannot be fetched: the same
// renderer, built once, served on 127.0.0.1 and opened in the machine's browser. It runs without the
// desktop shell's protections (no app:// protocol, no network block in the main process, signing keys
// in the browser profile), which the console line and the page title say.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const PREVIEW_HOST = '127.0.0.1';
export const PREVIEW_DEFAULT_PORT = 4173;

/** The line printed once the preview is up. */
export const previewReadyLine = (url) =>
  `ブラウザー版（試用・デスクトップ版の保護なし）を ${url} で表示しています。終了は Ctrl+C。 / Browser preview (no desktop-shell protections) at ${url} — Ctrl+C stops it.`;

export const ELECTRON_MISSING_LINE =
  'Electron の実行ファイルを取得できないため（ネットワークに接続できません）、同じ画面をブラウザー版で開きます。 / Electron runtime unavailable (no network): opening the browser preview instead.';

/**
 * The command that opens `url` in the default browser, or null where there is none to try.
 * Windows: `start` is a cmd built-in; its first quoted argument is the window title, hence "".
 */
export function openCommand(platform, url) {
  if (!/^http:\/\/127\.0\.0\.1:\d+\/?$/.test(url)) return null; // only our own address ever reaches a shell
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url] };
  if (platform === 'darwin') return { command: 'open', args: [url] };
  if (platform === 'linux' || platform.endsWith('bsd')) return { command: 'xdg-open', args: [url] };
  return null;
}

/** The port to try first: DAICHO_PORT when it is a valid port, else 4173 (the next free one is taken when busy). */
export function preferredPort(env) {
  const value = Number(env.DAICHO_PORT);
  return Number.isInteger(value) && value >= 1024 && value <= 65535 ? value : PREVIEW_DEFAULT_PORT;
}

function newestFile(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestFile(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when dist/renderer is missing or older than the sources it is built from. */
export function rendererStale(root) {
  const built = join(root, 'dist', 'renderer', 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return ['renderer', 'shared', 'assets/web'].some((dir) => existsSync(join(root, dir)) && newestFile(join(root, dir)) > builtAt)
    || ['vite.config.ts', 'package.json'].some((file) => existsSync(join(root, file)) && statSync(join(root, file)).mtimeMs > builtAt);
}

/** Opens the browser; says where to go when that fails. Resolves true when a browser was started. */
export function openBrowser(url, platform = process.platform, log = console.log) {
  const cmd = openCommand(platform, url);
  const fallback = () => log(`ブラウザーを開けませんでした。ブラウザーで ${url} を開いてください。 / Could not open a browser: open ${url}`);
  if (!cmd) {
    fallback();
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    const child = spawn(cmd.command, cmd.args, { stdio: 'ignore', detached: platform !== 'win32', windowsHide: true });
    child.on('error', () => {
      fallback();
      resolve(false);
    });
    child.on('exit', (code) => {
      if (code === 0) resolve(true);
      else {
        fallback();
        resolve(false);
      }
    });
    child.unref();
  });
}

/** Builds if needed, serves dist/renderer on 127.0.0.1 and opens it. Returns the server (close() stops it). */
export async function startBrowserPreview({ root, env = process.env, log = console.log }) {
  const vite = await import('vite');
  if (rendererStale(root)) {
    log('画面を組み立てています（初回は1分ほどかかります）… / Building the renderer…');
    await vite.build({ root: join(root, 'renderer'), configFile: join(root, 'vite.config.ts'), logLevel: 'error' });
  }
  const server = await vite.preview({
    configFile: join(root, 'vite.config.ts'),
    root: join(root, 'renderer'),
    logLevel: 'warn',
    preview: { host: PREVIEW_HOST, port: preferredPort(env), strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local?.[0] ?? `http://${PREVIEW_HOST}:${server.config.preview.port}/`;
  log(previewReadyLine(url));
  if (env.DAICHO_NO_OPEN !== '1') await openBrowser(url, process.platform, log);
  return { server, url };
}
