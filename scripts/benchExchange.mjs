// The exchange part of `npm run bench` (issue 5): bundles test/bench/exchangeBench.ts with esbuild and
// runs it in Node beside the built CLI. Prints figures; asserts nothing.
import { build } from 'esbuild';
import { buildCli } from './buildCli.mjs';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

await buildCli();
const outfile = resolve('dist-bench/exchangeBench.mjs');
await build({
  entryPoints: ['test/bench/exchangeBench.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
  logLevel: 'warning',
});
const { runExchangeBench } = await import(pathToFileURL(outfile).href);
await runExchangeBench(resolve('dist/cli/daicho.mjs'));
