/**
 * The daicho command's real files, environment and terminal, shared by the Node build (`npx daicho`,
 * cli/main.ts) and the desktop app's command-line mode (`Daicho.exe --cli …`, electron/deploy/cliMode.ts).
 */
import { closeSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
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

/**
 * The text files the CLI reads (key files of a few hundred bytes, the state file with one line per key
 * and terminal) are far below this; a larger one is not ours and is refused before it is read.
 */
export const MAX_TEXT_FILE_BYTES = 16 * 1024 * 1024;

/**
 * Reads a regular file, refusing anything else before a byte is read: a FIFO named key.json in a
 * shared --trust folder blocked the command forever, and a link to /dev/zero read until memory ran
 * out (both report size 0, so the size checks before reading let them through).
 */
function readRegular(path: string, maxBytes: number): Buffer {
  const stat = statSync(path);
  if (stat.isDirectory()) throw Object.assign(new Error(`EISDIR ${path}`), { code: 'EISDIR', path });
  if (!stat.isFile()) throw Object.assign(new Error(`ENOTREG ${path}`), { code: 'ENOTREG', path });
  if (stat.size > maxBytes) throw Object.assign(new Error(`EFBIG ${path}`), { code: 'EFBIG', path });
  return readFileSync(path);
}

export function nodeCliIo(version: string): CliIo {
  return {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
    // Workbooks are size-checked by the caller (fileSize) against the limits of what they are read for.
    readFile: (path) => new Uint8Array(readRegular(path, Number.MAX_SAFE_INTEGER)),
    fileSize: (path) => statSync(path).size,
    readText: (path) => readRegular(path, MAX_TEXT_FILE_BYTES).toString('utf8'),
    writeFile: (path, data) => writeFileSync(path, data, { mode: 0o600 }),
    rename: (from, to) => renameSync(from, to),
    openOutput: (path) => {
      // 'wx': a new file only (the caller names a fresh one), readable by its owner alone, as writeFile.
      let fd: number | null = openSync(path, 'wx', 0o600);
      return {
        write: (chunk) => {
          for (let at = 0; at < chunk.length; ) at += writeSync(fd!, chunk, at);
        },
        close: () => {
          if (fd !== null) closeSync(fd);
          fd = null;
        },
      };
    },
    remove: (path) => rmSync(path, { force: true }),
    listDir: (path) => (statSync(path, { throwIfNoEntry: false })?.isDirectory() ? readdirSync(path) : null),
    env: process.env,
    askSecret,
    now: () => new Date(),
    version,
  };
}
