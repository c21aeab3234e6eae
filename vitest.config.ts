import { execFileSync } from 'node:child_process';
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
    env: seed === undefined ? {} : { FC_SEED: seed },
  },
});
