/**
 * `npm start` on a machine where the Electron runtime cannot be downloaded (this project's build
 * machines): it says so in one line, serves the same renderer on 127.0.0.1 and the login/setup screen
 * appears, titled as the browser version; SIGINT (Ctrl+C) stops it. Runs the real scripts/start.mjs.
 */
import { spawn } from 'node:child_process';
import { electronBinary } from './electronBinary';
import { expect, test } from './fixtures';

test('npm start without the Electron download serves the login screen as the browser preview', async ({ page }) => {
  test.setTimeout(60_000);
  // Where Electron can be fetched, npm start opens the desktop app instead: force the fallback there.
  const env = { ...process.env, DAICHO_NO_OPEN: '1', DAICHO_PORT: String(Number(process.env.E2E_PORT ?? 4173) + 1), ...(electronBinary() ? { DAICHO_BROWSER_PREVIEW: '1' } : {}) };
  const child = spawn(process.execPath, ['scripts/start.mjs'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await expect.poll(() => /http:\/\/127\.0\.0\.1:\d+\//.exec(output)?.[0], { timeout: 45_000, message: `no address printed:\n${output}` }).toBeTruthy();
    const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(output)![0];
    if (!electronBinary()) expect(output.split('\n')[0]).toContain('Electron の実行ファイルを取得できない');
    expect(output).toContain('ブラウザー版（試用・デスクトップ版の保護なし）');
    await page.goto(url);
    await expect(page.getByRole('heading', { name: /初期設定|ログイン|情報資産台帳/ }).first()).toBeVisible();
    await expect(page).toHaveTitle(/ブラウザー版（試用・デスクトップ版の保護なし）/);
    process.kill(child.pid!, 'SIGINT');
    expect(await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 5000))])).toBe(0);
  } finally {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL'); // the whole group, whatever happened
  }
});
