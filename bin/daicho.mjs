#!/usr/bin/env node
// `npx daicho …`: runs the bundled CLI, building it first from cli/ and shared/ when it is missing or
// older than the sources (a fresh clone after `npm ci`).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'cli', 'daicho.mjs');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const stale = !existsSync(bundle) || ['cli', 'shared'].some((d) => existsSync(join(root, d)) && newestSource(join(root, d)) > statSync(bundle).mtimeMs);
if (stale) {
  const { buildCli } = await import(pathToFileURL(join(root, 'scripts', 'buildCli.mjs')).href);
  await buildCli();
}
await import(pathToFileURL(bundle).href);
