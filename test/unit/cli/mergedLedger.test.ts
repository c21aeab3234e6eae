/**
 * `daicho merge` writing the merged ledger to disk as it is made, and the CLI reading a merged ledger
 * past a section's row limit (the limits lowered through `CliIo.readLimits`: no test builds 250,000
 * rows). The file system is in memory; `openOutput` gathers the pieces as the real one writes them.
 */
import { describe, expect, it } from 'vitest';
import { run, type CliIo } from '../../../cli/daicho';
import { SIGN_MAX_INFLATED_BYTES } from '../../../cli/workbookTable';
import { nishinomiyaProfile } from '../../../shared/domain/profiles/bundledProfiles';
import { exportLedger } from '../../../shared/ledgerFile/exportLedger';
import { publicKeyFileText } from '../../../shared/ledgerFile/keyFiles';
import { CLI_READ_LIMITS, openWorkbook } from '../../../shared/ledgerFile/ledgerWorkbook';
import { openLedgerFile } from '../../../shared/ledgerFile/importLedger';
import { secretKeySigner } from '../../../shared/ledgerFile/signature';
import { makeAsset } from '../../fixtures/assets';

const signer = secretKeySigner(Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 2));
const ledger = async (section: string, first: number, count: number, sequence = 3) =>
  (await exportLedger({ assets: Array.from({ length: count }, (_, i) => makeAsset(first + i)), profile: nishinomiyaProfile, organisation: '西宮市', section, sequence, exportedAt: '2026-11-20T00:00:00.000Z', appVersion: 'test', signer })).bytes;

function fakeIo(files: Record<string, Uint8Array | string>, streamed: boolean) {
  const fs = new Map(Object.entries(files));
  const out: string[] = [];
  const err: string[] = [];
  const opened: string[] = [];
  const removed: string[] = [];
  const missing = (path: string) => Object.assign(new Error(`ENOENT ${path}`), { code: 'ENOENT', path });
  const bytesOf = (path: string) => {
    const f = fs.get(path);
    if (f === undefined) throw missing(path);
    return typeof f === 'string' ? new TextEncoder().encode(f) : f;
  };
  const io: CliIo = {
    stdout: (line) => out.push(line),
    stderr: (line) => err.push(line),
    readFile: bytesOf,
    fileSize: (path) => bytesOf(path).length,
    readText: (path) => new TextDecoder().decode(bytesOf(path)),
    writeFile: (path, data) => void fs.set(path, data),
    rename: (from, to) => {
      fs.set(to, bytesOf(from));
      fs.delete(from);
    },
    listDir: () => null,
    env: { DAICHO_PASSPHRASE: '事務局のとても長いパスフレーズ' },
    askSecret: async () => undefined,
    now: () => new Date('2026-11-29T03:00:00.000Z'),
    version: 'test',
    costs: { keyKdf: { N: 2 ** 14, r: 1, p: 1 }, fileSpinCount: 1000 },
    // A section's ledger may hold 2 rows here, a merged one 4.
    readLimits: { ...CLI_READ_LIMITS, maxRows: 2, maxMergedRows: 4 },
  };
  if (streamed) {
    io.openOutput = (path) => {
      opened.push(path);
      const pieces: Uint8Array[] = [];
      fs.set(path, new Uint8Array(0));
      return {
        write: (chunk) => {
          pieces.push(chunk.slice());
          const all = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
          let at = 0;
          for (const p of pieces) {
            all.set(p, at);
            at += p.length;
          }
          fs.set(path, all);
        },
        close: () => undefined,
      };
    };
    io.remove = (path) => {
      removed.push(path);
      fs.delete(path);
    };
  }
  return { io, fs, out, err, opened, removed };
}

async function setUp(streamed: boolean) {
  const files = {
    'a.xlsx': await ledger('市民課', 0, 2),
    'b.xlsx': await ledger('税務課', 2, 2),
    'sections.daicho-key': publicKeyFileText({ publicKey: signer.publicKey, organisation: '西宮市', section: '各課', createdAt: '' }),
  };
  const setup = fakeIo(files, streamed);
  expect(await run(['keygen', '-o', 'office.key', '--organisation', '西宮市', '--section', '情報政策課'], setup.io)).toBe(0);
  expect(await run(['export-key', 'office.key', '-o', 'office.daicho-key'], setup.io)).toBe(0);
  return setup;
}

const merge = (io: CliIo) => run(['merge', 'a.xlsx', 'b.xlsx', '-o', 'all.xlsx', '--key', 'office.key', '--trust', 'sections.daicho-key', '--sequence', '9'], io);

describe('daicho merge and verify of a merged ledger', () => {
  it('streams the merged ledger to a file beside the target and renames it over the target once signed', async () => {
    const { io, fs, out, opened, removed } = await setUp(true);
    expect(await merge(io)).toBe(0);
    expect(opened).toEqual([expect.stringMatching(/^all\.xlsx\.[0-9a-f]{12}\.tmp$/)]);
    expect(removed).toEqual([]);
    expect([...fs.keys()].filter((k) => k.endsWith('.tmp'))).toEqual([]);
    expect(out.at(-1)).toContain('2ファイル・4件をまとめて署名しました');
    // Four rows: past a section's limit (2 here), within a merged ledger's (4).
    expect(await run(['verify', 'all.xlsx', '--trust', 'office.daicho-key'], io)).toBe(0);
    expect(out.at(-1)).toMatch(/^OK: 西宮市 情報政策課・.*通番 9・4件/);
  }, 30_000);

  it('writes the same ledger without a streaming output (gathered, then written whole)', async () => {
    const streamed = await setUp(true);
    const whole = await setUp(false);
    expect(await merge(streamed.io)).toBe(0);
    expect(await merge(whole.io)).toBe(0);
    const rows = (bytes: unknown) => {
      const opened = openLedgerFile(bytes as Uint8Array, undefined, undefined, { ...CLI_READ_LIMITS });
      return opened.ok ? opened.file.rows : opened.refusal;
    };
    expect(rows(streamed.fs.get('all.xlsx'))).toEqual(rows(whole.fs.get('all.xlsx')));
    expect(openWorkbook(streamed.fs.get('all.xlsx') as Uint8Array, { maxInflatedBytes: SIGN_MAX_INFLATED_BYTES }).ok).toBe(true);
    // Two keygens and two merges: slow only on a busy shared machine.
  }, 30_000);

  it('leaves no output and no partial file when the passphrase is wrong', async () => {
    const { io, fs, err, opened, removed } = await setUp(true);
    io.env.DAICHO_PASSPHRASE = '違うパスフレーズですよね';
    expect(await merge(io)).toBe(1);
    expect(err.at(-1)).toContain('パスフレーズが違います');
    expect(fs.has('all.xlsx')).toBe(false);
    expect(removed).toEqual(opened);
    expect([...fs.keys()].filter((k) => k.endsWith('.tmp'))).toEqual([]);
  });

  it.each([
    ['a merged ledger past the merged limit', { maxRows: 2, maxMergedRows: 3 }, /行が多すぎます/],
    ['a merged ledger, read with the app\'s limits', { maxRows: 3, maxMergedRows: 3, mergedOverLimit: 'merged-rows' as const }, /まとめた台帳.*daicho/],
  ])('refuses to verify %s', async (_name, limits, message) => {
    const { io, err } = await setUp(true);
    expect(await merge(io)).toBe(0);
    io.readLimits = { ...CLI_READ_LIMITS, ...limits };
    expect(await run(['verify', 'all.xlsx', '--trust', 'office.daicho-key'], io)).toBe(1);
    expect(err.at(-1)).toMatch(message);
  });

  it('refuses to merge more rows than a merged ledger may hold, writing nothing', async () => {
    const { io, fs, err } = await setUp(true);
    io.readLimits = { ...CLI_READ_LIMITS, maxRows: 2, maxMergedRows: 3 };
    expect(await merge(io)).toBe(1);
    expect(err.at(-1)).toContain('行が多すぎます（4行、3行まで）');
    expect(fs.has('all.xlsx')).toBe(false);
    expect([...fs.keys()].filter((k) => k.endsWith('.tmp'))).toEqual([]);
  });
});

describe('daicho merge reads each file again for its second pass', () => {
  /** Replaces `path` with `replacement(bytes)` right after the first pass has read it. */
  const replaceAfterFirstRead = (setup: Awaited<ReturnType<typeof setUp>>, path: string, replacement: (bytes: Uint8Array) => Uint8Array) => {
    const read = setup.io.readFile;
    let reads = 0;
    setup.io.readFile = (p) => {
      const bytes = read(p);
      if (p === path && ++reads === 1) setup.fs.set(path, replacement(bytes));
      return bytes;
    };
  };

  it.each<[string, (bytes: Uint8Array) => Uint8Array | Promise<Uint8Array>]>([
    // The same size: only its SHA-256 tells.
    ['one byte changed', (bytes) => bytes.map((b, i) => (i === bytes.length - 30 ? b ^ 1 : b))],
    ['another ledger signed by the same trusted key', async () => ledger('税務課', 7, 2, 5)],
    ['an empty file', () => new Uint8Array(0)],
  ])('refuses a file replaced between the passes (%s), writing nothing and recording nothing', async (_name, make) => {
    for (const streamed of [true, false]) {
      const setup = await setUp(streamed);
      // Its own sequence number, so that the state accepts both files.
      setup.fs.set('b.xlsx', await ledger('税務課', 2, 2, 4));
      const replacement = await make(setup.fs.get('b.xlsx') as Uint8Array);
      replaceAfterFirstRead(setup, 'b.xlsx', () => replacement);
      const code = await run(['merge', 'a.xlsx', 'b.xlsx', '-o', 'all.xlsx', '--key', 'office.key', '--trust', 'sections.daicho-key', '--state', 'state.json', '--sequence', '9'], setup.io);
      expect(code).toBe(1);
      expect(setup.err.at(-1)).toBe('b.xlsx: まとめている間にファイルが書き換えられました（確かめたときと内容が違います）。提出されたファイルを確かめ、もう一度まとめてください。');
      expect(setup.fs.has('all.xlsx')).toBe(false);
      expect(setup.fs.has('state.json')).toBe(false);
      expect([...setup.fs.keys()].filter((k) => k.endsWith('.tmp'))).toEqual([]);
    }
  }, 30_000);

  it('merges a file read again unchanged (the same bytes in a new array)', async () => {
    const setup = await setUp(true);
    replaceAfterFirstRead(setup, 'b.xlsx', (bytes) => bytes.slice());
    expect(await merge(setup.io)).toBe(0);
    expect(setup.out.at(-1)).toContain('2ファイル・4件をまとめて署名しました');
  });

  it('merges an encrypted ledger without asking for its password again, to the same rows as its plain file', async () => {
    const { encryptWorkbook } = await import('../../../shared/ledgerFile/officeEncryption');
    const plain = await setUp(true);
    const locked = await setUp(true);
    locked.fs.set('b.xlsx', encryptWorkbook(locked.fs.get('b.xlsx') as Uint8Array, '持出しファイルのパスワード', (n) => new Uint8Array(n).fill(5), 1000));
    locked.io.env.DAICHO_FILE_PASSWORD = '持出しファイルのパスワード';
    let asked = 0;
    const variable = locked.io.env;
    locked.io.env = new Proxy(variable, { get: (target, key: string) => (key === 'DAICHO_FILE_PASSWORD' && asked++, target[key]) });
    expect(await merge(plain.io)).toBe(0);
    expect(await merge(locked.io)).toBe(0);
    expect(asked).toBe(1);
    const rows = (bytes: unknown) => {
      const opened = openLedgerFile(bytes as Uint8Array, undefined, undefined, { ...CLI_READ_LIMITS });
      return opened.ok ? opened.file.rows : opened.refusal;
    };
    expect(rows(locked.fs.get('all.xlsx'))).toEqual(rows(plain.fs.get('all.xlsx')));
  }, 30_000);

  it.each([
    ['a wrong password', '違うパスワードです'],
    ['an empty password', ''],
  ])('refuses an encrypted ledger with %s as verify does, writing nothing', async (_name, password) => {
    const { encryptWorkbook } = await import('../../../shared/ledgerFile/officeEncryption');
    const { io, fs, err } = await setUp(true);
    fs.set('b.xlsx', encryptWorkbook(fs.get('b.xlsx') as Uint8Array, '持出しファイルのパスワード', (n) => new Uint8Array(n).fill(5), 1000));
    io.env.DAICHO_FILE_PASSWORD = password;
    expect(await run(['verify', 'b.xlsx', '--trust', 'sections.daicho-key'], io)).toBe(1);
    const refusal = err.at(-1);
    expect(refusal).toMatch(/^b\.xlsx: .*パスワード/);
    expect(await merge(io)).toBe(1);
    expect(err.at(-1)).toBe(refusal);
    expect(fs.has('all.xlsx')).toBe(false);
    expect([...fs.keys()].filter((k) => k.endsWith('.tmp'))).toEqual([]);
  });
});
