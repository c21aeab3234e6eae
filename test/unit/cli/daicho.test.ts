import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { crc32, deflateRawSync } from 'node:zlib';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { run, type CliIo } from '../../../cli/daicho';
import { SIGN_MAX_INFLATED_BYTES, signTooLargeMessage } from '../../../cli/workbookTable';
import { nishinomiyaProfile } from '../../../shared/domain/profiles/bundledProfiles';
import { exportLedger, ledgerChoices } from '../../../shared/ledgerFile/exportLedger';
import { openLedgerFile, parseLedgerRows } from '../../../shared/ledgerFile/importLedger';
import { readSigningKeyFile } from '../../../shared/ledgerFile/keyFiles';
import { assetRow, ledgerHeader, RISK_HEADERS } from '../../../shared/ledgerFile/ledgerColumns';
import { writeLedgerWorkbook } from '../../../shared/ledgerFile/ledgerWorkbook';
import { keyFingerprint, secretKeySigner, signLedger } from '../../../shared/ledgerFile/signature';
import { parseTrustState } from '../../../shared/ledgerFile/trustState';
import { auditAnchorForExport, buildAuditTree } from '../../../shared/domain/auditLog';
import { makeAsset } from '../../fixtures/assets';
import { rawEntries, rawZip } from '../../fixtures/hostileLedger';
import { odsRepeatingRow } from '../../fixtures/legacyLedger';

/** Stands for a 10 GB file: its size is reported, and reading it fails the test. */
const HUGE = '<10 GB>';

/**
 * The lowest work factors the key file format accepts (scrypt N=2^14, r=1: a few milliseconds) and a
 * small encryption spin count: the real ones take seconds per key on a busy machine, and every test
 * here would sit near Vitest's timeout. One test below runs keygen at the real cost.
 */
const cheapCosts = { keyKdf: { N: 2 ** 14, r: 1, p: 1 }, fileSpinCount: 1000 };

/** An in-memory file system and terminal around the CLI. */
function fakeIo(files: Record<string, Uint8Array | string> = {}, env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const writes: string[] = [];
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
    writeFile: (path, data) => {
      writes.push(path);
      fs.set(path, data);
    },
    rename: (from, to) => {
      const data = fs.get(from);
      if (data === undefined) throw missing(from);
      fs.delete(from);
      fs.set(to, data);
    },
    listDir: (path) => (path.endsWith('/') ? [...fs.keys()].filter((k) => k.startsWith(path)).map((k) => k.slice(path.length)) : null),
    env: { DAICHO_PASSPHRASE: '事務局のとても長いパスフレーズ', ...env },
    askSecret: async () => undefined,
    now: () => new Date('2026-11-22T03:00:00.000Z'),
    version: 'test',
    costs: cheapCosts,
  };
  return { io, out, err, fs, writes };
}

const sectionSigner = secretKeySigner(Uint8Array.from({ length: 32 }, (_, i) => i * 3));
async function sectionLedger(section: string, assets = [makeAsset(0), makeAsset(1)], sequence = 4) {
  return (await exportLedger({ assets, profile: nishinomiyaProfile, organisation: '西宮市', section, sequence, exportedAt: '2026-11-20T00:00:00.000Z', appVersion: 'test', signer: sectionSigner })).bytes;
}
/** The section's public key file, as the app writes it. */
async function sectionKeyFile(signer = sectionSigner, section = '市民課') {
  const { publicKeyFileText } = await import('../../../shared/ledgerFile/keyFiles');
  return publicKeyFileText({ publicKey: signer.publicKey, organisation: '西宮市', section, createdAt: '2026-04-01T00:00:00.000Z' });
}
const sectionKeyId = keyFingerprint(sectionSigner.publicKey);
const zeimuSigner = secretKeySigner(Uint8Array.from({ length: 32 }, (_, i) => i * 5 + 1));
async function zeimuLedger(assets = [makeAsset(3)], sequence = 2) {
  return (await exportLedger({ assets, profile: nishinomiyaProfile, organisation: '西宮市', section: '税務課', sequence, exportedAt: '2026-11-20T00:00:00.000Z', appVersion: 'test', signer: zeimuSigner })).bytes;
}

/** Creates the office's signing key and public key file in the fake file system (cheap KDF). */
async function officeKey(io: CliIo) {
  expect(await run(['keygen', '-o', 'office.key', '--organisation', '西宮市', '--section', '情報政策課'], io)).toBe(0);
  expect(await run(['export-key', 'office.key', '-o', 'office.daicho-key'], io)).toBe(0);
}

const header = ledgerHeader(nishinomiyaProfile);
const col = (name: string) => header.indexOf(name);

/** A workbook as a spreadsheet program writes it: one sheet, cells typed by SheetJS. */
function plainWorkbook(rows: unknown[][], edit: (sheet: XLSX.WorkSheet) => void = () => undefined): Uint8Array {
  const book = XLSX.utils.book_new();
  const sheet = XLSX.utils.aoa_to_sheet(rows);
  edit(sheet);
  XLSX.utils.book_append_sheet(book, sheet, '情報資産台帳');
  return new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

/** A signed ledger as the earlier CLI wrote it: any header, cells verbatim, no drop-downs. */
async function legacySigned(head: string[], rows: string[][], sequence = 9) {
  const signed = await signLedger(head, rows, { organisation: '西宮市', section: '市民課', sequence, exportedAt: '2026-11-20T00:00:00.000Z', profileId: 'nishinomiya', appVersion: 'old' }, sectionSigner);
  return writeLedgerWorkbook(head, rows, signed);
}


/** The workbook with one cell in column A of each given row added to its sheet's XML (cheap at any row number). */
function withRows(bytes: Uint8Array, rows: number[]): Uint8Array {
  const files = unzipSync(bytes);
  const cells = rows.map((r) => `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>SM-${r}</t></is></c></row>`).join('');
  files['xl/worksheets/sheet1.xml'] = strToU8(strFromU8(files['xl/worksheets/sheet1.xml']!).replace('</sheetData>', `${cells}</sheetData>`));
  return zipSync(files);
}

/**
 * The workbook with comments of more than `size` bytes in its sheet (numbered lines: deflate shrinks
 * them about 10:1, under the reader's 100:1 bomb limit), deflated by Node's zlib (seconds faster).
 */
function withPadding(bytes: Uint8Array, size: number): Uint8Array {
  const entries = rawEntries(bytes);
  const sheet = entries.find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
  const text = strFromU8(sheet.data);
  const cut = text.lastIndexOf('</worksheet>');
  const block = Buffer.from(Array.from({ length: 40_000 }, (_, i) => `<!-- ${String(i).padStart(16, '0')} -->`).join(''));
  const data = Buffer.concat([Buffer.from(text.slice(0, cut)), ...Array.from({ length: Math.ceil(size / block.length) + 1 }, () => block), Buffer.from(text.slice(cut))]);
  return rawZip(entries.map((e) => (e === sheet ? { ...e, data, deflated: { body: deflateRawSync(data, { level: 1 }), crc: crc32(data) } } : e)));
}

/** A compound file with the two streams of an encrypted Office package. */
function encryptedLookalike(): Uint8Array {
  const container = XLSX.CFB.utils.cfb_new();
  for (const name of ['EncryptionInfo', 'EncryptedPackage']) XLSX.CFB.utils.cfb_add(container, `/${name}`, new Uint8Array(64));
  return new Uint8Array(XLSX.CFB.write(container, { type: 'array' }) as ArrayLike<number>);
}

function sheetXml(bytes: Uint8Array): string {
  return new TextDecoder().decode(unzipSync(bytes)['xl/worksheets/sheet1.xml']);
}

function ledgerOf(bytes: Uint8Array | string | undefined) {
  const opened = openLedgerFile(bytes as Uint8Array);
  if (!opened.ok) throw new Error(`not a ledger: ${opened.refusal.reason}`);
  return opened.file;
}

describe('daicho --help', () => {
  it.each(['keygen', 'export-key', 'verify', 'diff', 'merge', 'sign', 'revoke'])('prints help for %s and exits 0', async (name) => {
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
    expect(out).toEqual([expect.stringMatching(/^OK: 西宮市 市民課・鍵ID [2-9A-Z-]{24}・通番 4・2件.*・失効と通番の再使用は確かめていません（--state で確かめます）$/)]);
  });

  it('goes through a --trust folder of 3,000 stray files without reading a large one, and verifies with the one key', async () => {
    const strays = Object.fromEntries(Array.from({ length: 3_000 }, (_, i) => [`keys/memo${i}.json`, `{"memo":${i}}`]));
    const { io, out, err } = fakeIo({ 'ledger.xlsx': await sectionLedger('市民課'), 'keys/shimin.daicho-key': await sectionKeyFile(), 'keys/huge.json': HUGE, ...strays });
    const started = performance.now();
    expect(await run(['verify', 'ledger.xlsx', '--trust', 'keys/'], io)).toBe(0);
    expect(out[0]).toMatch(/^OK: /);
    expect(err).toHaveLength(3_001);
    expect(err).toContain('注意: keys/huge.json を読み飛ばしました（読めません（鍵ファイルにしては大きすぎます））。');
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('trusts a public key file saved again with a byte-order mark (Notepad), which Node does not strip', async () => {
    const { io, out } = fakeIo({ 'ledger.xlsx': await sectionLedger('市民課'), 'shimin.daicho-key': `\uFEFF${await sectionKeyFile()}` });
    expect(await run(['verify', 'ledger.xlsx', '--trust', 'shimin.daicho-key'], io)).toBe(0);
    expect(out[0]).toMatch(/^OK: /);
  });

  it('skips a non-key or unreadable file in a --trust folder with one warning each, and still verifies', async () => {
    const { io, out, err } = fakeIo({ 'ledger.xlsx': await sectionLedger('市民課'), 'keys/shimin.daicho-key': await sectionKeyFile(), 'keys/notes.json': '{"memo":"鍵の一覧"}', 'keys/broken.daicho-key': '' });
    io.readText = ((read) => (path: string) => {
      if (path === 'keys/broken.daicho-key') throw Object.assign(new Error('EACCES'), { code: 'EACCES', path });
      return read(path);
    })(io.readText);
    expect(await run(['verify', 'ledger.xlsx', '--trust', 'keys/'], io)).toBe(0);
    expect(out[0]).toMatch(/^OK: /);
    expect(err).toHaveLength(2);
    expect(err).toContain('注意: keys/notes.json を読み飛ばしました（このファイルは Daichō の鍵ファイルではありません。書き出した課から受け取った公開鍵ファイル（.daicho-key）を選んでください）。');
    expect(err).toContain('注意: keys/broken.daicho-key を読み飛ばしました（読めません（読む権限がありません））。');
  });

  it.each([
    ['ENOTREG', '通常のファイルではありません'],
    ['EFBIG', '鍵ファイルにしては大きすぎます'],
    ['EISDIR', 'フォルダです'],
  ])('skips a --trust folder entry the file system refuses with %s, in Japanese, and still verifies', async (code, words) => {
    const { io, out, err } = fakeIo({ 'ledger.xlsx': await sectionLedger('市民課'), 'keys/shimin.daicho-key': await sectionKeyFile(), 'keys/odd.json': '' });
    io.readText = ((read) => (path: string) => {
      if (path === 'keys/odd.json') throw Object.assign(new Error(code), { code, path });
      return read(path);
    })(io.readText);
    expect(await run(['verify', 'ledger.xlsx', '--trust', 'keys/'], io)).toBe(0);
    expect(out[0]).toMatch(/^OK: /);
    expect(err).toEqual([`注意: keys/odd.json を読み飛ばしました（読めません（${words}））。`]);
  });

  it.each([
    ['ENOTREG', /^ファイルを開けません: state\.json（通常のファイルではありません（デバイス・名前付きパイプなど））。/],
    ['EFBIG', /^ファイルを開けません: state\.json（大きすぎます。/],
  ])('exits 1 with a Japanese line when the state file is refused with %s', async (code, line) => {
    const { io, err } = fakeIo({ 'ledger.xlsx': await sectionLedger('市民課'), 'keys/shimin.daicho-key': await sectionKeyFile() });
    io.readText = ((read) => (path: string) => {
      if (path === 'state.json') throw Object.assign(new Error(code), { code, path });
      return read(path);
    })(io.readText);
    expect(await run(['verify', 'ledger.xlsx', '--trust', 'keys/', '--state', 'state.json'], io)).toBe(1);
    expect(err).toEqual([expect.stringMatching(line)]);
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['a folder with no usable key', { 'keys/notes.json': '{}' }, /信頼する公開鍵が1つも読めませんでした/],
    ['a named file that is not a key', { 'notes.json': '{}' }, /^notes\.json: このファイルは Daichō の鍵ファイルではありません/],
  ])('exits 1 for %s', async (_name, files, reason) => {
    const { io, err } = fakeIo({ 'ledger.xlsx': await sectionLedger('市民課'), ...files });
    expect(await run(['verify', 'ledger.xlsx', '--trust', Object.keys(files)[0]!.startsWith('keys/') ? 'keys/' : 'notes.json'], io)).toBe(1);
    expect(err.at(-1)).toMatch(reason);
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

  it('exits 1 for an encrypted ledger when DAICHO_FILE_PASSWORD is set but empty, instead of calling it unset', async () => {
    const { encryptWorkbook } = await import('../../../shared/ledgerFile/officeEncryption');
    const encrypted = encryptWorkbook(await sectionLedger('市民課'), '持出しファイルのパスワード', (n) => new Uint8Array(n).fill(3), 1000);
    const { io, err } = fakeIo({ 'ledger.xlsx': encrypted, 'key.daicho-key': await sectionKeyFile() }, { DAICHO_FILE_PASSWORD: '' });
    expect(await run(['verify', 'ledger.xlsx', '--trust', 'key.daicho-key'], io)).toBe(1);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^ledger\.xlsx: .*パスワード/);
    expect(err[0]).not.toContain('設定されておらず');
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

  it('signs a ledger workbook, encrypting it when asked, and the result verifies', async () => {
    const plain = plainWorkbook([header, assetRow(makeAsset(0), nishinomiyaProfile)]);
    const { io, out } = fakeIo({ 'plain.xlsx': plain }, { DAICHO_FILE_PASSWORD: '持出しファイルのパスワード' });
    await officeKey(io);
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

  it('exits 1 with the Japanese reason, and prints no difference, when a file does not verify', async () => {
    const book = XLSX.read(await sectionLedger('市民課'), { type: 'array' });
    book.Sheets['情報資産台帳']!['E2'] = { t: 's', v: '書き換えた所在' };
    const tampered = new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const { io, out, err } = fakeIo({ 'old.xlsx': await sectionLedger('市民課'), 'new.xlsx': tampered });
    expect(await run(['diff', 'old.xlsx', 'new.xlsx'], io)).toBe(1);
    expect(out).toEqual([]);
    expect(err).toEqual(['new.xlsx: 2行目（見出しを1行目として）が書き出した後に変更されています。改ざんのおそれがあるため取り込めません。書き出した課に確認してください。']);
    expect(err[0]).not.toContain('row-changed');
  });

  it('seals a new key at the real scrypt cost (N=2^17, r=8) when no cost is given', async () => {
    // The only test at the production cost (about a second idle, several on a busy 2-core machine):
    // it proves the installed command, which never sets `costs`, does not seal keys cheaply.
    const { io, fs } = fakeIo();
    delete io.costs;
    expect(await run(['keygen', '-o', 'office.key', '--organisation', '西宮市', '--section', '情報政策課'], io)).toBe(0);
    const read = readSigningKeyFile(String(fs.get('office.key')));
    expect(read.ok && read.file.kdf).toMatchObject({ name: 'scrypt', N: 2 ** 17, r: 8, p: 1 });
  }, 60_000);
});

describe('daicho sign: the app\'s writer', () => {
  it('writes formula-like text neutralised and dates as the app writes them, so the app imports the values typed', async () => {
    const typed = assetRow(makeAsset(0), nishinomiyaProfile);
    typed[col('備考')] = "=cmd|' /C calc'!A0";
    typed[col('名称')] = '@SUM(A1)';
    const plain = plainWorkbook([header, typed], (sheet) => {
      // A date typed in Excel: a number with a date format, which SheetJS would otherwise read as 46478.
      sheet[XLSX.utils.encode_cell({ r: 1, c: col('次回見直し日') })] = { t: 'n', v: 46478, z: 'yyyy/m/d' };
    });
    const { io, fs } = fakeIo({ 'plain.xlsx': plain });
    await officeKey(io);
    expect(await run(['sign', 'plain.xlsx', '-o', 'signed.xlsx', '--key', 'office.key', '--sequence', '3'], io)).toBe(0);
    const signed = ledgerOf(fs.get('signed.xlsx'));
    expect(signed.rows[0]![col('備考')]).toBe("'=cmd|' /C calc'!A0");
    expect(signed.rows[0]![col('名称')]).toBe("'@SUM(A1)");
    expect(signed.rows[0]![col('次回見直し日')]).toBe('2027-04-01');
    const parsed = parseLedgerRows(signed.header, signed.rows, nishinomiyaProfile);
    expect(parsed.ok && [parsed.assets[0]!.input.note, parsed.assets[0]!.input.name, parsed.assets[0]!.input.nextReviewDate]).toEqual(["=cmd|' /C calc'!A0", '@SUM(A1)', '2027-04-01']);
    expect(sheetXml(fs.get('signed.xlsx') as Uint8Array)).not.toContain('<f>');
  });

  it('returns the app\'s own cells unchanged after a round trip through sign (no apostrophe lost or added)', async () => {
    const assets = [makeAsset(0, { note: '=既に無害化' }), makeAsset(1, { note: "'=引用符つき" }), makeAsset(2, { note: '-5' }), makeAsset(3, { note: '_x0041_ は A ではない' })];
    const app = await sectionLedger('市民課', assets);
    const { io, fs } = fakeIo({ 'app.xlsx': app });
    await officeKey(io);
    expect(await run(['sign', 'app.xlsx', '-o', 'resigned.xlsx', '--key', 'office.key'], io)).toBe(0);
    const resigned = ledgerOf(fs.get('resigned.xlsx'));
    expect(resigned.rows).toEqual(ledgerOf(app).rows);
    const parsed = parseLedgerRows(resigned.header, resigned.rows, nishinomiyaProfile);
    expect(parsed.ok && parsed.assets.map((a) => a.input.note)).toEqual(['=既に無害化', "'=引用符つき", '-5', '_x0041_ は A ではない']);
  });

  it('keeps the drop-down lists the app writes', async () => {
    const { io, fs } = fakeIo({ 'app.xlsx': await sectionLedger('市民課') });
    await officeKey(io);
    expect(await run(['sign', 'app.xlsx', '-o', 'resigned.xlsx', '--key', 'office.key'], io)).toBe(0);
    const xml = sheetXml(fs.get('resigned.xlsx') as Uint8Array);
    expect(xml.match(/<dataValidation /g)).toHaveLength(ledgerChoices(nishinomiyaProfile).length);
    expect(xml).toContain('<formula1>&quot;重要性分類C,重要性分類B,重要性分類A&quot;</formula1>');
  });

  it.each<[string, unknown[][], RegExp]>([
    ['any table whatever its header', [['管理番号', '名称'], ['SM-1', '住民基本台帳']], /^plain\.xlsx: 見出しが分類基準「nishinomiya」の台帳の列と違います（3列目: 「種類」のはずが（なし））。/],
    ['a header in another order', [[header[1], header[0], ...header.slice(2)]], /1列目: 「管理番号」のはずが「名称」/],
    ['a value beyond the last header column', [header, [...assetRow(makeAsset(0), nishinomiyaProfile), '隠し']], new RegExp(`2行目の${header.length + 1}列目に、見出しのない列の値があります`)],
    ['a row the app would refuse', [header, assetRow(makeAsset(0), nishinomiyaProfile).map((v, i) => (i === col('次回見直し日') ? '2027/4/1' : v))], /1件の行に誤りがあるため、署名していません（最初の誤り: 2行目 日付は 2026-04-01 の形/],
    ['an empty sheet', [], /表がありません/],
  ])('exits 1 with one line, writes nothing and asks no passphrase, for %s', async (_name, rows, reason) => {
    const { io, err, fs } = fakeIo({ 'plain.xlsx': plainWorkbook(rows) });
    await officeKey(io);
    io.env.DAICHO_PASSPHRASE = undefined;
    expect(await run(['sign', 'plain.xlsx', '-o', 'signed.xlsx', '--key', 'office.key'], io)).toBe(1);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(reason);
    expect(fs.has('signed.xlsx')).toBe(false);
  });

  it.each<[string, () => Uint8Array, RegExp]>([
    // 1 KB whose one row repeats over the whole grid: SheetJS's .ods reader expanded it until memory ran out.
    ['an .ods renamed .xlsx', () => odsRepeatingRow(), /^plain\.xlsx: このファイルは Excel ブック（\.xlsx）ではありません（OpenDocument/],
    ['a password-encrypted workbook', () => encryptedLookalike(), /^plain\.xlsx: このブックはパスワードで保護されています/],
    // SheetJS reads 250,002 rows and dropped the rest unsaid: the signed ledger would have been cut short.
    ['a table with rows below the last row SheetJS reads', () => withRows(plainWorkbook([header]), [250_002, 250_003]), /^plain\.xlsx: 行が多すぎます（署名できるのは見出しのほかに 250,000 行まで）/],
  ])('exits 1 at once for %s, with its reason and writing nothing', async (_name, file, reason) => {
    const { io, err, fs } = fakeIo({ 'plain.xlsx': file() });
    await officeKey(io);
    expect(await run(['sign', 'plain.xlsx', '-o', 'signed.xlsx', '--key', 'office.key'], io)).toBe(1);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(reason);
    expect(fs.has('signed.xlsx')).toBe(false);
  });

  it('refuses a workbook inflating past what it can hold, before SheetJS reads it', async () => {
    // A few megabytes that inflate past 128 MB (a comment in the sheet, so the table itself is fine):
    // under the signed reader's 512 MB budget SheetJS got it, at about 12 times the XML in memory.
    const { io, err, fs } = fakeIo({ 'plain.xlsx': withPadding(plainWorkbook([header, assetRow(makeAsset(0), nishinomiyaProfile)]), SIGN_MAX_INFLATED_BYTES) });
    await officeKey(io);
    expect(await run(['sign', 'plain.xlsx', '-o', 'signed.xlsx', '--key', 'office.key'], io)).toBe(1);
    expect(err).toEqual([`plain.xlsx: ${signTooLargeMessage}`]);
    expect(signTooLargeMessage).toMatch(/^ファイルが大きすぎます（署名できるのは 64 MB・展開後 128 MB（Daichō の列でおよそ13万行）まで）。.*daicho merge/);
    expect(fs.has('signed.xlsx')).toBe(false);
  }, 30_000); // builds and deflates 128 MB of XML: a few seconds, more on a busy machine

  it('exits 1 for an error value in a cell', async () => {
    const plain = plainWorkbook([header, assetRow(makeAsset(0), nishinomiyaProfile)], (sheet) => {
      sheet.B2 = { t: 'e', v: 0x2a };
    });
    const { io, err } = fakeIo({ 'plain.xlsx': plain });
    await officeKey(io);
    expect(await run(['sign', 'plain.xlsx', '-o', 'signed.xlsx', '--key', 'office.key'], io)).toBe(1);
    expect(err).toEqual(['plain.xlsx: 2行目の2列目がエラー値（#N/A など）です。値を直してから署名してください。']);
  });
});

describe('daicho merge: the app\'s writer', () => {
  it('neutralises formula-like text an earlier signer wrote verbatim, and keeps the drop-downs two columns further right', async () => {
    const row = assetRow(makeAsset(0), nishinomiyaProfile);
    row[col('備考')] = '=HYPERLINK("http://example.invalid","開く")';
    const { io, fs } = fakeIo({ 'old.xlsx': await legacySigned(header, [row]), 'key.daicho-key': await sectionKeyFile() });
    await officeKey(io);
    expect(await run(['merge', 'old.xlsx', '-o', 'all.xlsx', '--key', 'office.key', '--trust', 'key.daicho-key'], io)).toBe(0);
    const merged = ledgerOf(fs.get('all.xlsx'));
    expect(merged.rows[0]![col('備考') + 2]).toBe('\'=HYPERLINK("http://example.invalid","開く")');
    const xml = sheetXml(fs.get('all.xlsx') as Uint8Array);
    const kind = XLSX.utils.encode_col(col('種類') + 2);
    expect(xml).toContain(`sqref="${kind}2:${kind}2"`);
    expect(xml.match(/<dataValidation /g)).toHaveLength(ledgerChoices(nishinomiyaProfile).length);
  });

  it('exits 1 naming the file when a signed ledger\'s header is not its profile\'s columns', async () => {
    const { io, err, fs } = fakeIo({ 'a.xlsx': await sectionLedger('市民課'), 'odd.xlsx': await legacySigned(['管理番号', '名称'], [['SM-1', '住民基本台帳']]), 'key.daicho-key': await sectionKeyFile() });
    await officeKey(io);
    expect(await run(['merge', 'a.xlsx', 'odd.xlsx', '-o', 'all.xlsx', '--key', 'office.key', '--trust', 'key.daicho-key'], io)).toBe(1);
    expect(err).toEqual([expect.stringMatching(/^odd\.xlsx: 見出しが分類基準「nishinomiya」の台帳の列と違います（3列目: 「種類」のはずが（なし））。各課が Daichō で書き出した台帳だけをまとめられます/)]);
    expect(fs.has('all.xlsx')).toBe(false);
  });
});

describe('daicho --state and the section\'s audit log (【07】第17条)', () => {
  /** A terminal's audit log of `n` entries (fake entry hashes) and the anchor an export carries. */
  const entryHash = (i: number) => (i + 1).toString(16).padStart(64, 'a');
  const anchorAt = (n: number, exportedSizes: number[], hashes = Array.from({ length: n }, (_, i) => entryHash(i))) =>
    auditAnchorForExport(buildAuditTree(hashes), hashes.at(-1) ?? null, exportedSizes);
  const ledgerWith = async (sequence: number, audit?: ReturnType<typeof anchorAt>) =>
    (await exportLedger({ assets: [makeAsset(0)], profile: nishinomiyaProfile, organisation: '西宮市', section: '市民課', sequence, exportedAt: '2026-11-20T00:00:00.000Z', appVersion: 'test', signer: sectionSigner, ...(audit ? { audit } : {}) })).bytes;
  const verify = (io: CliIo, file: string) => run(['verify', file, '--trust', 'keys/', '--state', 'state.json'], io);

  it('accepts a log that grew since the last export, even with an export missed in between, and remembers its head', async () => {
    const { io, out, fs } = fakeIo({
      'v1.xlsx': await ledgerWith(1, anchorAt(10, [])),
      'v3.xlsx': await ledgerWith(3, anchorAt(30, [10, 20])), // v2 (at 20 entries) never reached the office
      'keys/shimin.daicho-key': await sectionKeyFile(),
    });
    expect(await verify(io, 'v1.xlsx')).toBe(0);
    expect(await verify(io, 'v3.xlsx')).toBe(0);
    expect(out.at(-1)).toContain('監査ログ 30件（前回から続いています）');
    const state = parseTrustState(String(fs.get('state.json')));
    expect(state.ok && state.state.terminals['西宮市 市民課']?.auditHead.size).toBe(30);
  });

  it.each([
    ['truncated (newest entries deleted)', () => anchorAt(6, [])],
    ['rewritten (same size, other history)', () => anchorAt(10, [], Array.from({ length: 10 }, (_, i) => entryHash(i + 50)))],
    ['restored over and grown again (no proof from the known head)', () => anchorAt(14, [], Array.from({ length: 14 }, (_, i) => entryHash(i + 90)))],
  ])('exits 1 and keeps the state when the log was %s', async (_case, later) => {
    const { io, err, fs } = fakeIo({ 'v1.xlsx': await ledgerWith(1, anchorAt(10, [])), 'v2.xlsx': await ledgerWith(2, later()), 'keys/shimin.daicho-key': await sectionKeyFile() });
    expect(await verify(io, 'v1.xlsx')).toBe(0);
    const before = fs.get('state.json');
    expect(await verify(io, 'v2.xlsx')).toBe(1);
    expect(err.at(-1)).toMatch(/^v2\.xlsx: 西宮市 市民課 の.*監査ログ.*端末の監査ログが改ざん・削除されたおそれがあります/);
    expect(fs.get('state.json')).toBe(before);
  });

  it('exits 1 when a section that carried its log head sends a ledger without one', async () => {
    const { io, err } = fakeIo({ 'v1.xlsx': await ledgerWith(1, anchorAt(10, [])), 'v2.xlsx': await ledgerWith(2), 'keys/shimin.daicho-key': await sectionKeyFile() });
    expect(await verify(io, 'v1.xlsx')).toBe(0);
    expect(await verify(io, 'v2.xlsx')).toBe(1);
    expect(err.at(-1)).toContain('監査ログの先頭が含まれていません');
  });
});

describe('daicho --state and revoke', () => {
  async function setup(extra: Record<string, Uint8Array | string> = {}) {
    return fakeIo({
      'v4.xlsx': await sectionLedger('市民課', [makeAsset(0)], 4),
      'v3.xlsx': await sectionLedger('市民課', [makeAsset(0)], 3),
      'v5.xlsx': await sectionLedger('市民課', [makeAsset(1)], 5),
      'zeimu.xlsx': await zeimuLedger(),
      'keys/shimin.daicho-key': await sectionKeyFile(),
      'keys/zeimu.daicho-key': await sectionKeyFile(zeimuSigner, '税務課'),
      ...extra,
    });
  }
  const stateOf = (fs: Map<string, Uint8Array | string>) => {
    const parsed = parseTrustState(String(fs.get('state.json')));
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed.state;
  };

  it('creates the state file on the first verify, then refuses a repeated or older sequence and accepts a newer one', async () => {
    const { io, out, err, fs } = await setup();
    expect(await run(['verify', 'v4.xlsx', '--trust', 'keys/', '--state', 'state.json'], io)).toBe(0);
    expect(out.at(-1)).toMatch(/・失効なし・通番 4 を state\.json に記録$/);
    expect(stateOf(fs).keys).toEqual({ [sectionKeyId]: { lastSequence: 4, acceptedAt: '2026-11-22T03:00:00.000Z', revokedAt: null } });
    for (const file of ['v4.xlsx', 'v3.xlsx']) {
      expect(await run(['verify', file, '--trust', 'keys/', '--state', 'state.json'], io)).toBe(1);
      expect(err.at(-1)).toMatch(new RegExp(`^${file}: この台帳（通番 ${file[1]}）は、すでに取り込んだもの（通番 4）と同じか古いものです`));
    }
    expect(stateOf(fs).keys[sectionKeyId]!.lastSequence).toBe(4);
    expect(await run(['verify', 'v5.xlsx', '--trust', 'keys/', '--state', 'state.json'], io)).toBe(0);
    expect(stateOf(fs).keys[sectionKeyId]!.lastSequence).toBe(5);
  });

  it('writes the state through a temporary file renamed over it, leaving no temporary file', async () => {
    const { io, fs, writes } = await setup();
    expect(await run(['verify', 'v4.xlsx', '--trust', 'keys/', '--state', 'state.json'], io)).toBe(0);
    expect(writes).toEqual([expect.stringMatching(/^state\.json\.[0-9a-f]{12}\.tmp$/)]);
    expect([...fs.keys()].filter((k) => k.endsWith('.tmp'))).toEqual([]);
  });

  it('accepts the same ledger again without --state, and says it did not check revocation or sequence', async () => {
    const { io, out, fs } = await setup();
    for (let i = 0; i < 2; i++) expect(await run(['verify', 'v4.xlsx', '--trust', 'keys/'], io)).toBe(0);
    expect(out.at(-1)).toContain('失効と通番の再使用は確かめていません');
    expect(fs.has('state.json')).toBe(false);
  });

  it('refuses a revoked key\'s ledger in verify and merge once revoke recorded it (key ID in any case)', async () => {
    const { io, out, err, fs } = await setup();
    expect(await run(['revoke', sectionKeyId.toLowerCase(), '--state', 'state.json'], io)).toBe(0);
    expect(out.at(-1)).toBe(`鍵 ${sectionKeyId} を失効として state.json に記録しました。以後この状態ファイルを使う verify と merge は、この鍵の台帳を拒否します。`);
    expect(stateOf(fs).keys[sectionKeyId]).toEqual({ lastSequence: 0, acceptedAt: null, revokedAt: '2026-11-22T03:00:00.000Z' });
    expect(await run(['verify', 'v4.xlsx', '--trust', 'keys/', '--state', 'state.json'], io)).toBe(1);
    expect(err.at(-1)).toMatch(new RegExp(`^v4\\.xlsx: 署名した鍵（${sectionKeyId}）は 2026-11-22 に失効しています`));
    await officeKey(io);
    expect(await run(['merge', 'zeimu.xlsx', 'v4.xlsx', '-o', 'all.xlsx', '--key', 'office.key', '--trust', 'keys/', '--state', 'state.json'], io)).toBe(1);
    expect(err.at(-1)).toMatch(/^v4\.xlsx: 署名した鍵.*失効しています/);
    expect(fs.has('all.xlsx')).toBe(false);
    expect(stateOf(fs).keys).not.toHaveProperty(keyFingerprint(zeimuSigner.publicKey));
    expect(await run(['revoke', sectionKeyId, '--state', 'state.json'], io)).toBe(0);
    expect(out.at(-1)).toContain('2026-11-22T03:00:00.000Z にすでに失効しています');
  });

  it('records every input\'s sequence once the merged ledger is written, and refuses them in the next merge', async () => {
    const { io, out, err, fs } = await setup();
    await officeKey(io);
    const merge = (...files: string[]) => run(['merge', ...files, '-o', 'all.xlsx', '--key', 'office.key', '--trust', 'keys/', '--state', 'state.json', '--sequence', '20'], io);
    expect(await merge('v4.xlsx', 'zeimu.xlsx')).toBe(0);
    expect(out.at(-1)).toContain('各ファイルの通番を state.json に記録');
    expect(Object.fromEntries(Object.entries(stateOf(fs).keys).map(([k, v]) => [k, v.lastSequence]))).toEqual({ [sectionKeyId]: 4, [keyFingerprint(zeimuSigner.publicKey)]: 2 });
    fs.delete('all.xlsx');
    expect(await merge('v5.xlsx', 'zeimu.xlsx')).toBe(1);
    expect(err.at(-1)).toMatch(/^zeimu\.xlsx: この台帳（通番 2）は、すでに取り込んだもの（通番 2）と同じか古いもの/);
    expect(fs.has('all.xlsx')).toBe(false);
    expect(stateOf(fs).keys[sectionKeyId]!.lastSequence).toBe(4);
  });

  it('refuses one ledger given twice to a merge with a state', async () => {
    const { io, err } = await setup();
    await officeKey(io);
    expect(await run(['merge', 'v4.xlsx', 'v4.xlsx', '-o', 'all.xlsx', '--key', 'office.key', '--trust', 'keys/', '--state', 'state.json'], io)).toBe(1);
    expect(err.at(-1)).toMatch(/^v4\.xlsx: この台帳（通番 4）は.*（v4\.xlsx と同じ通番です）$/);
  });

  it('records nothing when the merge finds conflicts', async () => {
    const { io, fs } = await setup({ 'other.xlsx': await zeimuLedger([{ ...makeAsset(0), location: '別館' }], 7) });
    await officeKey(io);
    expect(await run(['merge', 'v4.xlsx', 'other.xlsx', '-o', 'all.xlsx', '--key', 'office.key', '--trust', 'keys/', '--state', 'state.json'], io)).toBe(1);
    expect(fs.has('state.json')).toBe(false);
  });

  it.each([
    ['not JSON', '{"version":'],
    ['another file', '{"format":"daicho-public-key/1"}'],
    ['a newer version', '{"version":2,"keys":{}}'],
  ])('exits 1 and leaves the state file as it was when it is %s', async (_name, text) => {
    const { io, err, fs, writes } = await setup({ 'state.json': text });
    expect(await run(['verify', 'v4.xlsx', '--trust', 'keys/', '--state', 'state.json'], io)).toBe(1);
    expect(err.at(-1)).toMatch(/^state\.json: .*（上書きはしていません）。$/);
    expect(fs.get('state.json')).toBe(text);
    expect(writes).toEqual([]);
  });

  it('keeps fields it does not know in the state file (a later build adds the audit head)', async () => {
    const known = JSON.stringify({ version: 1, keys: { [sectionKeyId]: { lastSequence: 1, acceptedAt: null, revokedAt: null, auditHead: 'ab12' } } });
    const { io, fs } = await setup({ 'state.json': known });
    expect(await run(['verify', 'v4.xlsx', '--trust', 'keys/', '--state', 'state.json'], io)).toBe(0);
    expect(stateOf(fs).keys[sectionKeyId]).toMatchObject({ lastSequence: 4, auditHead: 'ab12' });
  });

  it.each<[string, string[], RegExp]>([
    ['no key ID', ['revoke', '--state', 'state.json'], /鍵IDを1つ指定してください/],
    ['a malformed key ID', ['revoke', 'ABCD-EFGH-JKL0', '--state', 'state.json'], /鍵ID「ABCD-EFGH-JKL0」の形が違います/],
    ['no state file', ['revoke', sectionKeyId], /--state で状態ファイルを指定してください/],
  ])('revoke exits 2 for %s', async (_name, args, reason) => {
    const { io, err, writes } = await setup();
    expect(await run(args, io)).toBe(2);
    expect(err[0]).toMatch(reason);
    expect(writes).toEqual([]);
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
    // The state file is written through a temporary file renamed over it: nothing else is left behind.
    const state = join(dir, 'state.json');
    expect(spawnSync(process.execPath, [bin, 'verify', join(dir, 'ledger.xlsx'), '--trust', join(dir, 'key.daicho-key'), '--state', state], { encoding: 'utf8' }).status).toBe(0);
    expect(parseTrustState(readFileSync(state, 'utf8'))).toMatchObject({ ok: true, state: { keys: { [sectionKeyId]: { lastSequence: 4 } } } });
    expect(readdirSync(dir).sort()).toEqual(['bad.xlsx', 'key.daicho-key', 'ledger.xlsx', 'state.json']);
    expect(spawnSync(process.execPath, [bin, 'verify', join(dir, 'ledger.xlsx'), '--trust', join(dir, 'key.daicho-key'), '--state', state], { encoding: 'utf8' }).status).toBe(1);
  }, 60_000);
});

describe('daicho and the risk columns (older section files without them)', () => {
  const assessed = { riskAssessment: { threat: 3 as const, vulnerability: 2 as const, assessedAt: '2026-05-01T00:00:00.000Z', assessedBy: '山田 花子' } };
  const width = header.length - RISK_HEADERS.length;
  /** A section's ledger as the app signed it before the risk columns existed. */
  const olderLedger = (assets = [makeAsset(0), makeAsset(1)], sequence = 3) =>
    legacySigned(header.slice(0, width), assets.map((a) => assetRow(a, nishinomiyaProfile).slice(0, width)), sequence);

  it('verifies an older file, and merges it with a newer one into a ledger with the risk columns that verifies', async () => {
    const { io, out, fs } = fakeIo({ 'old.xlsx': await olderLedger(), 'new.xlsx': await zeimuLedger([makeAsset(3, assessed)]), 'keys/shimin.daicho-key': await sectionKeyFile(), 'keys/zeimu.daicho-key': await sectionKeyFile(zeimuSigner, '税務課') });
    expect(await run(['verify', 'old.xlsx', '--trust', 'keys/'], io)).toBe(0);
    expect(out.at(-1)).toMatch(/^OK: 西宮市 市民課・.*2件/);
    await officeKey(io);
    expect(await run(['merge', 'old.xlsx', 'new.xlsx', '-o', 'all.xlsx', '--key', 'office.key', '--trust', 'keys/'], io)).toBe(0);
    const merged = ledgerOf(fs.get('all.xlsx'));
    expect(merged.header).toEqual(['提出元の団体', '提出元の課', ...header]);
    expect(merged.rows.map((r) => r.slice(-3))).toEqual([['', '', ''], ['', '', ''], ['3', '2', '9']]);
    expect(await run(['verify', 'all.xlsx', '--trust', 'office.daicho-key'], io)).toBe(0);
  });

  it('names the risk columns a newer file adds once, not as a change in every row, in a diff against an older one', async () => {
    const { io, out } = fakeIo({ 'old.xlsx': await olderLedger([makeAsset(0), makeAsset(1)]), 'new.xlsx': await sectionLedger('市民課', [makeAsset(0, assessed), { ...makeAsset(1, assessed), location: '別館' }]) });
    expect(await run(['diff', 'old.xlsx', 'new.xlsx'], io)).toBe(0);
    expect(out).toEqual([
      '追加 0件 / 変更 1件（うち廃止・廃棄 0件） / 削除 0件',
      '新しい台帳にだけある列: 脅威の発生頻度、脆弱性、リスク値（各行の変更には含めていません）',
      `~ ${makeAsset(1).managementNumber} 所在: ${makeAsset(1).location} → 別館`,
    ]);
  });

  it('refuses a file whose risk cell was changed after signing', async () => {
    const book = XLSX.read(await sectionLedger('市民課', [makeAsset(0, assessed)]), { type: 'array' });
    book.Sheets['情報資産台帳']![XLSX.utils.encode_cell({ r: 1, c: col('脅威の発生頻度') })] = { t: 's', v: '1' };
    const { io, err } = fakeIo({ 'a.xlsx': new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer), 'key.daicho-key': await sectionKeyFile() });
    expect(await run(['verify', 'a.xlsx', '--trust', 'key.daicho-key'], io)).toBe(1);
    expect(err).toEqual([expect.stringMatching(/^a\.xlsx: 2行目（見出しを1行目として）が書き出した後に変更されています/)]);
  });

  it('refuses to sign a table with a risk value someone typed over', async () => {
    const row = assetRow(makeAsset(0, assessed), nishinomiyaProfile);
    row[col('リスク値')] = '1';
    const { io, err, fs } = fakeIo({ 'plain.xlsx': plainWorkbook([header, row]) });
    await officeKey(io);
    expect(await run(['sign', 'plain.xlsx', '-o', 'signed.xlsx', '--key', 'office.key'], io)).toBe(1);
    expect(err[0]).toMatch(/2行目 リスク値「1」は脅威の発生頻度3・脆弱性2から計算できる値（3・6・9）ではありません/);
    expect(fs.has('signed.xlsx')).toBe(false);
  });
});
