// Builds the daicho CLI (cli/ + shared/) into one ESM file for Node, with the app's version inlined.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildCli() {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  await build({
    entryPoints: [join(root, 'cli', 'main.ts')],
    outfile: join(root, 'dist', 'cli', 'daicho.mjs'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    define: { DAICHO_VERSION: JSON.stringify(version) },
    // Some bundled CommonJS (SheetJS helpers) calls require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __daichoRequire } from 'node:module'; const require = __daichoRequire(import.meta.url);" },
    logLevel: 'warning',
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildCli();
