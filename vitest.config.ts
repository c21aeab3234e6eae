import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** The commit under test, for fast-check's seed (test/setup/fastCheckSeed.ts); read once here, not per test file. */
function commitSeed(): string | undefined {
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return /^[0-9a-f]{8}/.test(head) ? String(parseInt(head.slice(0, 8), 16) | 0) : undefined;
  } catch {
    return undefined;
  }
}

const seed = process.env.FC_SEED ?? commitSeed();

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['test/setup/fastCheckSeed.ts'],
    // Vitest's default is one worker fewer than the cores: ONE on the 2-core CI machine, where a file
    // waiting on LibreOffice, the CLI or a bundled Electron main in a child process then held up all
    // the others, and each file's start-up (about 1 s of imports, 155 s in all) ran between files.
    // Two workers there (with fewer LibreOffice starts): 6.5 min -> 3.8 min for the whole run, measured
    // on the same machine under a similar load.
    maxWorkers: Math.max(2, availableParallelism()),
    // Child processes (Vitest's default), not worker threads: threads saved about 35 s of 4 min, but
    // ledgerList.test.ts failed in two of four whole runs with them (its build counts depend on when
    // cache snapshots arrive against the list's timer pauses) and in none of five with forks.
    pool: 'forks',
    // With two files at once on two loaded cores, a test takes up to twice as long as alone (measured:
    // 1.7 s -> 3.4 s); 15 s instead of 5 s keeps that from failing a test that has no time limit of
    // its own. Tests about speed assert their own bounds; a hang still fails.
    testTimeout: 15_000,
    env: seed === undefined ? {} : { FC_SEED: seed },
  },
});
