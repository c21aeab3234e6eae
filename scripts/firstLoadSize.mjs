// The size of what the browser must load before the first screen (issue 15, code splitting): the
// entry script of the built index.html, every chunk it preloads, and every chunk those import
// statically, each gzipped as a server or a slow disk would carry it. Dynamic import() is not
// followed: that is what loads on demand. `node scripts/firstLoadSize.mjs [dist/renderer]` prints it.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';

/** Relative module specifiers a chunk imports statically (import … from, bare import, export … from). */
export function staticImports(code) {
  const found = new Set();
  const pattern = /(?:^|[;\s}])(?:import|export)\s*(?:[\w*${}\s,]*?\s*from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g;
  for (const match of code.matchAll(pattern)) found.add(match[1]);
  return [...found];
}

/** Every chunk loaded before the first screen, with raw and gzip bytes, from a built index.html. */
export function firstLoad(distDir) {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const roots = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => resolve(distDir, m[1]));
  const seen = new Map();
  const queue = [...roots];
  while (queue.length > 0) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    const code = readFileSync(file);
    seen.set(file, { raw: code.length, gzip: gzipSync(code, { level: 9 }).length });
    for (const spec of staticImports(code.toString('utf8'))) queue.push(resolve(dirname(file), spec));
  }
  const chunks = [...seen].map(([file, size]) => ({ file: file.slice(resolve(distDir).length + 1), ...size }));
  return { chunks, raw: chunks.reduce((n, c) => n + c.raw, 0), gzip: chunks.reduce((n, c) => n + c.gzip, 0) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = firstLoad(process.argv[2] ?? 'dist/renderer');
  for (const c of result.chunks) console.log(`  ${c.file}: ${(c.raw / 1024).toFixed(1)} KB, gzip ${(c.gzip / 1024).toFixed(1)} KB`);
  console.log(`first load before the login screen: ${(result.raw / 1024).toFixed(1)} KB, gzip ${(result.gzip / 1024).toFixed(1)} KB (target <= 250 KB gzip)`);
}
