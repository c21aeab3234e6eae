import { describe, expect, it } from 'vitest';
import { run, type CliIo } from '../../../../cli/daicho';
import { nodeCliIo } from '../../../../cli/nodeIo';
import { cliArguments, runCliMode } from '../../../../electron/deploy/cliMode';
import { driveTypeQuery, windowsDriveKind, type ExecFile } from '../../../../electron/deploy/driveType';

const exe = 'C:\\Program Files\\Daicho\\Daicho.exe';

describe('cliArguments', () => {
  it.each([
    [[exe, '--cli', 'verify', 'a.xlsx'], true, ['verify', 'a.xlsx']],
    [[exe, '--CLI', '--help'], true, ['--help']],
    [[exe, '--cli'], true, []],
    [[exe], true, null],
    [[exe, 'a.xlsx', '--cli'], true, null],
    [[exe, '--cli-verify'], true, null],
    [['electron', '.', '--cli', 'diff', 'a', 'b'], false, ['diff', 'a', 'b']],
    [['electron', '--cli', 'verify'], false, null],
  ])('%j (packaged %s) → %j', (argv, packaged, expected) => expect(cliArguments(argv, packaged)).toEqual(expected));
});

function memoryIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out, err,
    stdout: (line) => out.push(line),
    stderr: (line) => err.push(line),
    readFile: () => { throw Object.assign(new Error('nope'), { code: 'ENOENT', path: 'missing.xlsx' }); },
    fileSize: () => { throw Object.assign(new Error('nope'), { code: 'ENOENT', path: 'missing.xlsx' }); },
    readText: () => '',
    writeFile: () => undefined,
    rename: () => undefined,
    listDir: () => null,
    env: {},
    askSecret: async () => undefined,
    now: () => new Date('2026-11-30T00:00:00Z'),
    version: '0.1.0',
  };
}

describe('runCliMode', () => {
  it('runs the same daicho command with its exit codes: 0 help, 2 usage, 1 refused file', async () => {
    const io = memoryIo();
    expect(await runCliMode(['--help'], io, run)).toBe(0);
    expect(io.out.join('\n')).toContain('daicho.cmd');
    expect(await runCliMode(['nonsense'], io, run)).toBe(2);
    expect(await runCliMode(['verify', 'missing.xlsx', '--trust', 'keys'], io, run)).toBe(1);
    expect(io.err.at(-1)).toMatch(/ファイルを開けません|keys/);
  });

  it('turns an unexpected throw into exit code 1 with a message', async () => {
    const io = memoryIo();
    expect(await runCliMode([], io, async () => { throw new Error('boom'); })).toBe(1);
    expect(io.err).toEqual(['予期しないエラー: boom']);
  });

  it('the Node IO reads real files and reports a missing one through run', async () => {
    const io = nodeCliIo('9.9.9');
    expect(io.version).toBe('9.9.9');
    expect(io.listDir('/definitely/not/here')).toBeNull();
    expect(io.readText('package.json')).toContain('"name": "daicho"');
  });
});

describe('windowsDriveKind', () => {
  const exec = (output: string | Error): ExecFile & { seen: unknown[][] } => {
    const seen: unknown[][] = [];
    const fn: ExecFile = (file, args) => {
      seen.push([file, ...args]);
      if (output instanceof Error) throw output;
      return output;
    };
    return Object.assign(fn, { seen });
  };

  it.each([['2\r\n', 'removable'], ['3', 'fixed'], ['4', 'network'], ['', 'unknown'], ['Get-CimInstance : Access denied', 'unknown']])('PowerShell says %j → %s', (output, kind) => {
    expect(windowsDriveKind('e:\\Daicho-data', exec(output))).toBe(kind);
  });

  it('asks about the folder\'s drive only, and counts a blocked PowerShell as unknown', () => {
    const fake = exec('3');
    windowsDriveKind('d:\\x', fake);
    expect(fake.seen[0]).toEqual(['powershell.exe', ...driveTypeQuery('D:')]);
    expect(fake.seen[0]!.join(' ')).toContain("DeviceID='D:'");
    expect(windowsDriveKind('C:\\x', exec(new Error('ENOENT')))).toBe('unknown');
    expect(() => driveTypeQuery("C:'; Remove-Item")).toThrow();
  });
});
