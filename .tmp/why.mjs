import { build } from 'esbuild';
const entry = process.argv[2] ?? 'renderer/main.tsx';
const r = await build({ entryPoints: [entry], bundle: true, splitting: true, format: 'esm', outdir: '/tmp/wt-workers-esb', metafile: true, write: false, loader: { '.json': 'json', '.css': 'empty', '.ttf':'empty', '.woff2':'empty', '.png':'empty' }, logLevel: 'error', define: { 'import.meta.env.VITE_APP_VERSION': '"x"', 'import.meta.env.PROD': 'true' } });
const inputs = r.metafile.inputs;
const seen = new Map(); const q = [entry]; seen.set(q[0], null);
while (q.length) { const f = q.shift(); for (const i of inputs[f]?.imports ?? []) { if (i.kind === 'dynamic-import') continue; if (!seen.has(i.path)) { seen.set(i.path, f); q.push(i.path); } } }
const sizes = {};
for (const k of seen.keys()) { const pkg = k.startsWith('node_modules/') ? k.split('/').slice(0, k.includes('/@') ? 3 : 2).join('/') : k.split('/').slice(0,2).join('/'); sizes[pkg] = (sizes[pkg] ?? 0) + (inputs[k]?.bytes ?? 0); }
console.log(Object.entries(sizes).sort((a,b)=>b[1]-a[1]).slice(0,25).map(([k,v])=>`${(v/1024).toFixed(0)}K ${k}`).join('\n'));
for (const pat of (process.argv[3] ?? 'xlsx|bwip').split(',')) { const t = [...seen.keys()].find((k) => new RegExp(pat).test(k)); if (!t) continue; let c = t; const chain = []; while (c) { chain.push(c); c = seen.get(c); } console.log(chain.join(' <- ')); }
