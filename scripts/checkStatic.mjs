// `npm test`'s static checks side by side: both type checks (the app's and shared/'s stricter one) and
// ESLint, each a single-threaded process. One after another they took 60 s on the 2-core CI machine;
// together about as long as the longest. Each one's output is printed whole once it has finished (in
// the order given, never interleaved); the exit code is 1 if any of them failed, naming which.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

const checks = [
  ['tsc -p tsconfig.json', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
  ['tsc -p tsconfig.shared.json', bin('tsc'), ['-p', 'tsconfig.shared.json', '--noEmit']],
  ['eslint .', bin('eslint'), ['.']],
];

function run([name, command, args]) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, shell: process.platform === 'win32' });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ name, code: 1, output: `${output}${error.message}\n` }));
    child.on('close', (code) => resolve({ name, code: code ?? 1, output }));
  });
}

const results = await Promise.all(checks.map(run));
for (const { name, code, output } of results) {
  console.log(`> ${name}${code === 0 ? '' : ` (exit ${code})`}`);
  if (output) process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
}
const failed = results.filter((result) => result.code !== 0).map((result) => result.name);
if (failed.length > 0) {
  console.error(`failed: ${failed.join(', ')}`);
  process.exit(1);
}
