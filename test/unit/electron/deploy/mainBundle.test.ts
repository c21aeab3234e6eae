/**
 * The bundled main process (dist/electron/main.cjs, as esbuild builds it for the app) run in plain Node
 * with a stand-in for the electron module: the launch goes the right way before any window — the
 * command-line mode runs the daicho command with its exit code; a normal launch takes the terminal's
 * folder and lock; a second Windows user is refused with a dialog naming the first.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { lockFileText } from '../../../../electron/deploy/ledgerLock';

const work = mkdtempSync(path.join(tmpdir(), 'daicho-main-'));
const bundle = path.join(work, 'main.cjs');

beforeAll(async () => {
  await build({ entryPoints: ['electron/main.ts'], outfile: bundle, bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['electron'], logLevel: 'silent' });
}, 60_000);

const runMain = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', pathToFileURL(path.resolve('test/fixtures/fakeElectron/register.mjs')).href, bundle, ...args], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { PATH: process.env.PATH ?? '', HOME: work, FAKE_ELECTRON_HOME: work, ...env },
  });

describe('bundled main process', () => {
  it('--cli runs the daicho command in the console with its exit codes, before any window or ledger', () => {
    const help = runMain(['--cli', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('daicho — 情報資産台帳');
    expect(help.stderr).not.toMatch(/setPath|requestSingleInstanceLock|enableSandbox/);
    const usage = runMain(['--cli', 'no-such-command']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('「no-such-command」というコマンドはありません');
    const refused = runMain(['--cli', 'verify', path.join(work, 'missing.xlsx'), '--trust', work]);
    expect(refused.status).toBe(1);
  }, 30_000);

  it('a normal launch puts the session in the terminal folder, takes the lock, then asks for the single instance', () => {
    const data = path.join(work, 'ledger-a');
    const lock = path.join(data, 'daicho.lock');
    const result = runMain([], { DAICHO_DATA_DIR: data, FAKE_ELECTRON_SHOW_FILE: lock });
    expect(result.stderr).toContain(`setPath sessionData ${data}`);
    expect(result.stderr).not.toContain('setPath userData');
    expect(result.stderr.indexOf('setPath sessionData')).toBeLessThan(result.stderr.indexOf('requestSingleInstanceLock'));
    expect(result.stderr).toMatch(new RegExp(`\\[fake-electron\\] file \\{ "format": "daicho-ledger-lock/1", "windowsUser": "[^"]+", "pid": ${result.pid}, "host": "${os.hostname()}"`));
    expect(existsSync(lock)).toBe(false); // given back when the process ended
  }, 30_000);

  it('a second Windows user is refused with a dialog naming the first and the time, and exits 1', () => {
    const data = path.join(work, 'ledger-b');
    runMain([], { DAICHO_DATA_DIR: data }); // creates the folder (its own lock is left: that process is gone)
    // Another user's live process (this test runner) holds the ledger.
    writeFileSync(path.join(data, 'daicho.lock'), lockFileText({ windowsUser: 'yamada-other', pid: process.pid, host: os.hostname(), openedAt: '2026-11-30T00:05:00Z' }));
    const result = runMain([], { DAICHO_DATA_DIR: data });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/dialog Daichō を起動できません（台帳を使用中） \| .*「yamada-other」が 2026年11月30日 09:05 から開いています/);
    expect(result.stderr).not.toContain('requestSingleInstanceLock');
  }, 30_000);
});
