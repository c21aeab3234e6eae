import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { run, type CliIo } from '../../../cli/daicho';
import { nishinomiyaProfile } from '../../../shared/domain/profiles/bundledProfiles';
import { exportLedger } from '../../../shared/ledgerFile/exportLedger';
import { secretKeySigner } from '../../../shared/ledgerFile/signature';
import { makeAsset } from '../../fixtures/assets';

/** Stands for a 10 GB file: its size is reported, and reading it fails the test. */
const HUGE = '<10 GB>';

/** An in-memory file system and terminal around the CLI. */
function fakeIo(files: Record<string, Uint8Array | string> = {}, env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const fs = new Map(Object.entries(files));
  const missing = (path: string) => Object.assign(new Error(`ENOENT ${path}`), { code: 'ENOENT', path });
  const io: CliIo = {
    stdout: (line) => out.push(line),
    stderr: (line) => err.push(line),
    readFile: (path) => {
      const f = fs.get(path);
      if (f === undefined) throw missing(path);
      if (f === HUGE) throw new Error('a huge file was read');
      return typeof f === 'string' ? new TextEncoder().encode(f) : f;
    },
    fileSize: (path) => (fs.get(path) === HUGE ? 10 * 1024 ** 3 : io.readFile(path).length),
    readText: (path) => { const f = fs.get(path); if (f === undefined) throw missing(path); return typeof f === 'string' ? f : new TextDecoder().decode(f); },
    writeFile: (path, data) => void fs.set(path, data),
    listDir: (path) => (path.endsWith('/') ? [...fs.keys()].filter((k) => k.startsWith(path)).map((k) => k.slice(path.length)) : null),
    env: { DAICHO_PASSPHRASE: '事務局のとても長いパスフレーズ', ...env },
    askSecret: async () => undefined,
    now: () => new Date('2026-11-22T03:00:00.000Z'),
    version: 'test',
  };
  return { io, out, err, fs };
}

const sectionSigner = secretKeySigner(Uint8Array.from({ length: 32 }, (_, i) => i * 3));
async function sectionLedger(section: string, assets = [makeAsset(0), makeAsset(1)], sequence = 4) {
  return (await exportLedger({ assets, profile: nishinomiyaProfile, organisation: '西宮市', section, sequence, exportedAt: '2026-11-20T00:00:00.000Z', appVersion: 'test', signer: sectionSigner })).bytes;
}
/** The section's public key file, as the app writes it. */
async function sectionKeyFile() {
  const { publicKeyFileText } = await import('../../../shared/ledgerFile/keyFiles');
  return publicKeyFileText({ publicKey: sectionSigner.publicKey, organisation: '西宮市', section: '市民課', createdAt: '2026-04-01T00:00:00.000Z' });
}

describe('daicho --help', () => {
  it.each(['keygen', 'export-key', 'verify', 'diff', 'merge', 'sign'])('prints help for %s and exits 0', async (name) => {
    const { io, out } = fakeIo();
    expect(await run([name, '--help'], io)).toBe(0);
    expect(out.join('\n')).toContain(`daicho ${name}`);
  });

  it('exits 2 with the list of commands when none is given, and for an unknown one', async () => {
    const { io, out, err } = fakeIo();
    expect(await run([], io)).toBe(2);
    expect(out.join('\n')).toContain('verify');
    expect(await run(['frobnicate'], io)).toBe(2);
    expect(err.join('\n')).toContain('「frobnicate」というコマンドはありません');
  });
});

describe('daicho verify', () => {
  it('exits 0 and summarises a valid ledger signed by a trusted key (key folder accepted)', async () => {
    const { io, out } = fakeIo({ 'ledger.xlsx': await sectionLedger('市民課'), 'keys/shimin.daicho-key': await sectionKeyFile() });
    expect(await run(['verify', 'ledger.xlsx', '--trust', 'keys/'], io)).toBe(0);
    expect(out).toEqual([expect.stringMatching(/^OK: 西宮市 市民課・鍵ID [2-9A-Z-]{24}・通番 4・2件/)]);
  });

  it.each<[string, (files: Record<string, Uint8Array | string>) => void, string[], RegExp]>([
    ['an unknown signer', (f) => { delete f['key.daicho-key']; f['other.daicho-key'] = f['otherKey'] as string; }, ['--trust', 'other.daicho-key'], /信頼する鍵に登録されていません/],
    ['a changed cell', (f) => {
      const book = XLSX.read(f['ledger.xlsx'] as Uint8Array, { type: 'array' });
      book.Sheets['情報資産台帳']!['B3'] = { t: 's', v: '書き換え' };
      f['ledger.xlsx'] = new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    }, ['--trust', 'key.daicho-key'], /3行目（見出しを1行目として）が書き出した後に変更されています/],
    ['a file that is not xlsx', (f) => { f['ledger.xlsx'] = '管理番号,名称'; }, ['--trust', 'key.daicho-key'], /Excel ブック（\.xlsx）ではありません/],
    ['a different profile than asked', () => undefined, ['--trust', 'key.daicho-key', '--profile', 'mic'], /分類の基準が違います/],
    ['a 10 GB file, without reading it', (f) => { f['ledger.xlsx'] = HUGE; }, ['--trust', 'key.daicho-key'], /ファイルが大きすぎます/],
  ])('exits 1 with one line naming the reason for %s', async (_name, edit, args, reason) => {
    const { publicKeyFileText } = await import('../../../shared/ledgerFile/keyFiles');
    const files: Record<string, Uint8Array | string> = {
      'ledger.xlsx': await sectionLedger('市民課'),
      'key.daicho-key': await sectionKeyFile(),
      otherKey: publicKeyFileText({ publicKey: secretKeySigner(new Uint8Array(32).fill(1)).publicKey, organisation: '西宮市', section: '税務課', createdAt: '2026-04-01T00:00:00.000Z' }),
    };
    edit(files);
    const { io, err } = fakeIo(files);
    expect(await run(['verify', 'ledger.xlsx', ...args], io)).toBe(1);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(reason);
  });

  it('exits 2 when no trusted key is given', async () => {
    const { io, err } = fakeIo({ 'ledger.xlsx': await sectionLedger('市民課') });
    expect(await run(['verify', 'ledger.xlsx'], io)).toBe(2);
    expect(err[0]).toContain('--trust');
  });
});

describe('daicho keygen / export-key / merge / sign / diff', () => {
  it('creates an office key, aggregates two sections into one signed ledger that verifies with the office key', async () => {
    const { io, out, fs } = fakeIo({
      'shimin.xlsx': await sectionLedger('市民課', [makeAsset(0), makeAsset(1)]),
      'zeimu.xlsx': await sectionLedger('市民課', [makeAsset(2)], 5),
      'key.daicho-key': await sectionKeyFile(),
    });
    expect(await run(['keygen', '-o', 'office.key', '--organisation', '西宮市', '--section', '情報政策課'], io)).toBe(0);
    expect(String(fs.get('office.key'))).not.toMatch(/"secretKey"/);
    expect(await run(['export-key', 'office.key', '-o', 'office.daicho-key'], io)).toBe(0);
    expect(await run(['merge', 'shimin.xlsx', 'zeimu.xlsx', '-o', 'all.xlsx', '--key', 'office.key', '--trust', 'key.daicho-key', '--sequence', '12'], io)).toBe(0);
    expect(out.at(-1)).toContain('2ファイル・3件をまとめて署名しました');
    expect(await run(['verify', 'all.xlsx', '--trust', 'office.daicho-key'], io)).toBe(0);
    expect(out.at(-1)).toMatch(/^OK: 西宮市 情報政策課・.*通番 12・3件/);
    const merged = XLSX.read(fs.get('all.xlsx') as Uint8Array, { type: 'array' });
    expect(XLSX.utils.sheet_to_json<string[]>(merged.Sheets['情報資産台帳']!, { header: 1 })[0]!.slice(0, 3)).toEqual(['提出元の団体', '提出元の課', '管理番号']);
  });

  it('refuses to merge when the same asset differs between files, reporting every conflict and writing nothing', async () => {
    const changed = { ...makeAsset(1), location: '別館' };
    const { io, err, fs } = fakeIo({ 'a.xlsx': await sectionLedger('市民課'), 'b.xlsx': await sectionLedger('市民課', [changed], 6), 'key.daicho-key': await sectionKeyFile() });
    await run(['keygen', '-o', 'office.key', '--organisation', '西宮市', '--section', '情報政策課'], io);
    expect(await run(['merge', 'a.xlsx', 'b.xlsx', '-o', 'all.xlsx', '--key', 'office.key', '--trust', 'key.daicho-key'], io)).toBe(1);
    expect(err[0]).toContain(`資産ID ${changed.id}: a.xlsx と b.xlsx で内容が違います`);
    expect(err.at(-1)).toContain('何も書き出していません');
    expect(fs.has('all.xlsx')).toBe(false);
  });

  it('refuses a wrong passphrase for the signing key', async () => {
    const first = fakeIo({ 'a.xlsx': await sectionLedger('市民課'), 'key.daicho-key': await sectionKeyFile() });
    await run(['keygen', '-o', 'office.key', '--organisation', '西宮市', '--section', '情報政策課'], first.io);
    first.io.env.DAICHO_PASSPHRASE = '違うパスフレーズですよ';
    expect(await run(['merge', 'a.xlsx', '-o', 'all.xlsx', '--key', 'office.key', '--trust', 'key.daicho-key'], first.io)).toBe(1);
    expect(first.err.at(-1)).toContain('パスフレーズが違います');
  });

  it('signs a plain workbook, encrypting it when asked, and the result verifies', async () => {
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['管理番号', '名称'], ['SM-1', '住民基本台帳']]), '情報資産台帳');
    const { io, out } = fakeIo({ 'plain.xlsx': new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer) }, { DAICHO_FILE_PASSWORD: '持出しファイルのパスワード' });
    await run(['keygen', '-o', 'office.key', '--organisation', '西宮市', '--section', '情報政策課'], io);
    await run(['export-key', 'office.key', '-o', 'office.daicho-key'], io);
    expect(await run(['sign', 'plain.xlsx', '-o', 'signed.xlsx', '--key', 'office.key', '--encrypt'], io)).toBe(0);
    expect(await run(['verify', 'signed.xlsx', '--trust', 'office.daicho-key'], io)).toBe(0);
    expect(out.at(-1)).toContain('1件');
  });

  it('prints added, changed field by field and removed assets between two ledgers', async () => {
    const { io, out } = fakeIo({ 'old.xlsx': await sectionLedger('市民課', [makeAsset(0), makeAsset(1)]), 'new.xlsx': await sectionLedger('市民課', [{ ...makeAsset(1), location: '別館' }, makeAsset(2)], 5) });
    expect(await run(['diff', 'old.xlsx', 'new.xlsx'], io)).toBe(0);
    expect(out[0]).toBe('追加 1件 / 変更 1件（うち廃止・廃棄 0件） / 削除 1件');
    expect(out).toContain(`~ ${makeAsset(1).managementNumber} 所在: ${makeAsset(1).location} → 別館`);
  });
});

describe('the installed command', () => {
  it('runs as `daicho` with real files: exit 0 for a valid ledger, 1 and one line for a tampered one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'daicho-cli-'));
    writeFileSync(join(dir, 'ledger.xlsx'), await sectionLedger('市民課'));
    writeFileSync(join(dir, 'key.daicho-key'), await sectionKeyFile());
    const bin = join(process.cwd(), 'bin', 'daicho.mjs');
    expect(execFileSync(process.execPath, [bin, 'verify', join(dir, 'ledger.xlsx'), '--trust', join(dir, 'key.daicho-key')], { encoding: 'utf8' })).toMatch(/^OK: /);
    const book = XLSX.read(await sectionLedger('市民課'), { type: 'array' });
    book.Sheets['情報資産台帳']!['E2'] = { t: 's', v: '書き換えた所在' };
    writeFileSync(join(dir, 'bad.xlsx'), XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    const bad = spawnSync(process.execPath, [bin, 'verify', join(dir, 'bad.xlsx'), '--trust', join(dir, 'key.daicho-key')], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});
