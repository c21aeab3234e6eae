// The exchange part of `npm run bench` (issues 5 and 11): bundles test/bench/exchangeBench.ts and
// test/bench/hostileBench.ts with esbuild and runs them in Node beside the built CLI. Prints figures;
// asserts nothing.
import { build } from 'esbuild';
import { buildCli } from './buildCli.mjs';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

await buildCli();
const bundle = async (name) => {
  const outfile = resolve(`dist-bench/${name}.mjs`);
  await build({
    entryPoints: [`test/bench/${name}.ts`],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
    logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
};
const cli = resolve('dist/cli/daicho.mjs');
if (!process.env.BENCH_HOSTILE_ONLY) await (await bundle('exchangeBench')).runExchangeBench(cli);
// daicho verify on a 100,000-row ledger and on hostile files: time and peak RSS (issue 11).
await (await bundle('hostileBench')).runHostileBench(cli);
// daicho verify of 100,000 rows: time with its breakdown (inflate, XML scan, hashing) (issue 15).
if (!process.env.BENCH_HOSTILE_ONLY) await (await bundle('verifyBreakdownBench')).runVerifyBreakdownBench(cli);
// daicho merge of 200 section ledgers of 2,000 assets: time and peak RSS (issue 15).
if (!process.env.BENCH_HOSTILE_ONLY) await (await bundle('mergeBench')).runMergeBench(cli);
// The asset picker's search at 100,000 assets (issue 14 item 5).
if (!process.env.BENCH_HOSTILE_ONLY) await (await bundle('pickerBench')).runPickerBench();
