import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { assetRow, ledgerHeader, neutraliseCell, restoreCell } from '../../../../shared/ledgerFile/ledgerColumns';
import { keyFingerprint, secretKeySigner, signLedger, verifyLedger } from '../../../../shared/ledgerFile/signature';
import { LEDGER_SHEET, readLedgerWorkbook, writeLedgerWorkbook } from '../../../../shared/ledgerFile/ledgerWorkbook';
import { nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import { makeAsset } from '../../../fixtures/assets';

const secretKey = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const assets = [makeAsset(0, { name: '=HYPERLINK("http://x","y")' }), makeAsset(1), makeAsset(2)];
const header = ledgerHeader(nishinomiyaProfile);
const rows = assets.map((a) => assetRow(a, nishinomiyaProfile));
const meta = { organisation: '西宮市', section: '市民課', sequence: 7, exportedAt: '2026-04-01T00:00:00.000Z', profileId: 'nishinomiya', appVersion: '0.1.0' };
const signed = await signLedger(header, rows, meta, secretKeySigner(secretKey));
const file = writeLedgerWorkbook(header, rows, signed);

/** Opens the file as Excel would, lets `edit` change it, and saves it again. */
function edited(edit: (book: XLSX.WorkBook) => void): Uint8Array {
  const book = XLSX.read(file, { type: 'array' });
  edit(book);
  return new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

async function verify(bytes: Uint8Array) {
  const read = readLedgerWorkbook(bytes);
  if (!read.ok) return read;
  return verifyLedger(read.header, read.rows, read.signed);
}

describe('writeLedgerWorkbook / readLedgerWorkbook', () => {
  it('round-trips: the file verifies, with the signer, sequence and row count', async () => {
    expect(await verify(file)).toEqual({ ok: true, meta: { format: 'daicho-ledger/1', ...meta, keyId: signed.meta.keyId, rowCount: 3 } });
  });

  it('keeps the ledger sheet first and readable with Japanese headers, and hides the signed part', () => {
    const book = XLSX.read(file, { type: 'array' });
    expect(book.SheetNames[0]).toBe(LEDGER_SHEET);
    expect(book.Workbook?.Sheets?.[1]?.Hidden).toBe(2);
    const first = XLSX.utils.sheet_to_json<string[]>(book.Sheets[LEDGER_SHEET]!, { header: 1 })[0];
    expect(first?.slice(0, 3)).toEqual(['管理番号', '名称', '種類']);
  });

  it('writes formula-like text as text with an apostrophe, never as a formula', () => {
    const book = XLSX.read(file, { type: 'array', cellFormula: true });
    const cell = book.Sheets[LEDGER_SHEET]!.B2!;
    expect(cell.f).toBeUndefined();
    expect(cell.v).toBe('\'=HYPERLINK("http://x","y")');
    expect(restoreCell(String(cell.v))).toBe('=HYPERLINK("http://x","y")');
    expect(neutraliseCell('通常の名称')).toBe('通常の名称');
  });

  it('returns cells by header with neutralisation undone', () => {
  });
});

describe('tampering is detected and named', () => {
  it.each([
    ['a changed cell', (b: XLSX.WorkBook) => (b.Sheets[LEDGER_SHEET]!.E3 = { t: 's', v: '別館' }), { ok: false, reason: 'row-changed', row: 2 }],
    ['an added row', (b: XLSX.WorkBook) => XLSX.utils.sheet_add_aoa(b.Sheets[LEDGER_SHEET]!, [rows[1]!], { origin: -1 }), { ok: false, reason: 'rows-added-or-removed', expected: 3, actual: 4 }],
    ['two rows swapped', (b: XLSX.WorkBook) => XLSX.utils.sheet_add_aoa(b.Sheets[LEDGER_SHEET]!, [rows[2]!, rows[1]!], { origin: 'A3' }), { ok: false, reason: 'row-changed', row: 2 }],
    ['a changed header', (b: XLSX.WorkBook) => (b.Sheets[LEDGER_SHEET]!.A1 = { t: 's', v: '番号' }), { ok: false, reason: 'bad-signature' }],
  ])('returns %s', async (_name, edit, expected) => {
    expect(await verify(edited(edit))).toEqual(expected);
  });

  it('returns bad-signature when the hidden part is altered (a newer sequence to beat replay checks)', async () => {
    const forged = { ...signed, meta: { ...signed.meta, sequence: 99 } };
    expect(await verify(writeLedgerWorkbook(header, rows, forged))).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('returns key-mismatch when another key is swapped in without re-signing', async () => {
    const other = await signLedger(header, rows, meta, secretKeySigner(Uint8Array.from({ length: 32 }, () => 9)));
    expect(await verify(writeLedgerWorkbook(header, rows, { ...signed, publicKey: other.publicKey }))).toEqual({ ok: false, reason: 'key-mismatch' });
  });
});

describe('hostile or foreign files', () => {
  it.each([
    ['a CSV named .xlsx', new TextEncoder().encode('管理番号,名称\nSM-1,x'), 'not-xlsx'],
    ['an empty file', new Uint8Array(0), 'not-xlsx'],
    // Cut in half, the zip has no central directory left: the package reader says so.
    ['a truncated workbook', file.subarray(0, Math.floor(file.length / 2)), 'package-mismatch'],
  ])('refuses %s', (_name, bytes, reason) => {
    expect(readLedgerWorkbook(bytes)).toMatchObject({ ok: false, reason, refusal: { reason } });
  });

  it('refuses an ordinary Excel workbook as not a Daichō ledger', () => {
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['管理番号'], ['SM-1']]), 'Sheet1');
    expect(readLedgerWorkbook(new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer))).toMatchObject({ ok: false, reason: 'not-daicho' });
  });

  it('refuses a file over the size limit before parsing it', () => {
    const huge = new Uint8Array(65 * 1024 * 1024);
    huge.set([0x50, 0x4b, 0x03, 0x04]);
    expect(readLedgerWorkbook(huge)).toMatchObject({ ok: false, reason: 'too-large' });
  });
});

describe('keyFingerprint', () => {
  it('returns a 20-character code in five groups without easily confused letters', () => {
    expect(signed.meta.keyId).toMatch(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){4}$/);
    expect(keyFingerprint(signed.publicKey)).toBe(signed.meta.keyId);
  });
});
