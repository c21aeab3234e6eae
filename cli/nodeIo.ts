/**
 * The daicho command's real files, environment and terminal, shared by the Node build (`npx daicho`,
 * cli/main.ts) and the desktop app's command-line mode (`Daicho.exe --cli …`, electron/deploy/cliMode.ts).
 */
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { CliIo } from './daicho';

async function askSecret(prompt: string): Promise<string | undefined> {
  if (!process.stdin.isTTY) return undefined;
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // Echo nothing while the secret is typed.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
    if (s.includes(prompt)) process.stderr.write(prompt);
  };
  const answer = await new Promise<string>((resolve) => rl.question(prompt, resolve));
  rl.close();
  process.stderr.write('\n');
  return answer;
}

export function nodeCliIo(version: string): CliIo {
  return {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
    readFile: (path) => new Uint8Array(readFileSync(path)),
    fileSize: (path) => statSync(path).size,
    readText: (path) => readFileSync(path, 'utf8'),
    writeFile: (path, data) => writeFileSync(path, data, { mode: 0o600 }),
    rename: (from, to) => renameSync(from, to),
    listDir: (path) => (statSync(path, { throwIfNoEntry: false })?.isDirectory() ? readdirSync(path) : null),
    env: process.env,
    askSecret,
    now: () => new Date(),
    version,
  };
}
