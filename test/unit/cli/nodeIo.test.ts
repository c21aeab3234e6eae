import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_TEXT_FILE_BYTES, nodeCliIo } from '../../../cli/nodeIo';

const dir = mkdtempSync(join(tmpdir(), 'daicho-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Each entry made on first use (a FIFO needs mkfifo, which Windows lacks: the runner is Linux). */
const entries: Record<string, () => string> = {
  'a link to /dev/zero (reads forever)': () => {
    const path = join(dir, 'zero.json');
    symlinkSync('/dev/zero', path);
    return path;
  },
  'a named pipe (blocks until someone writes)': () => {
    const path = join(dir, 'pipe.daicho-key');
    execFileSync('mkfifo', [path]);
    return path;
  },
  'a folder named like a key file': () => {
    const path = join(dir, 'folder.daicho-key');
    mkdirSync(path);
    return path;
  },
  'a sparse file one byte over the text limit': () => {
    const path = join(dir, 'huge.json');
    writeFileSync(path, '');
    truncateSync(path, MAX_TEXT_FILE_BYTES + 1);
    return path;
  },
};

describe('nodeCliIo', () => {
  const io = nodeCliIo('test');

  it.each<[string, string]>([
    ['a link to /dev/zero (reads forever)', 'ENOTREG'],
    ['a named pipe (blocks until someone writes)', 'ENOTREG'],
    ['a folder named like a key file', 'EISDIR'],
    ['a sparse file one byte over the text limit', 'EFBIG'],
  ])('refuses to read %s as text, at once, with code %s', (name, code) => {
    const path = entries[name]!();
    expect(() => io.readText(path)).toThrow(expect.objectContaining({ code, path }));
    if (code === 'ENOTREG') expect(() => io.readFile(path)).toThrow(expect.objectContaining({ code }));
  });

  it('reads an ordinary file, as text and as bytes', () => {
    const path = join(dir, 'ok.json');
    writeFileSync(path, '{"鍵":1}');
    expect(io.readText(path)).toBe('{"鍵":1}');
    expect(io.readFile(path)).toEqual(new Uint8Array(Buffer.from('{"鍵":1}')));
  });
});
