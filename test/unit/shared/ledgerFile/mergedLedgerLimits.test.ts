/**
 * A merged ledger (the central office's aggregate, `daicho merge`) may hold up to Excel's sheet limit
 * and is read by the CLI; the app's import keeps a section's 250,000 rows and says why it refuses a
 * merged ledger past them. The limits are parameters, set low here: no test builds 250,000 rows.
 */
import { describe, expect, it } from 'vitest';
import { nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import { exportMergedLedgerStream } from '../../../../shared/ledgerFile/exportLedger';
import { importRefusalMessage, importRefusalReason, openLedgerFile, verifyLedgerFile } from '../../../../shared/ledgerFile/importLedger';
import { assetRow } from '../../../../shared/ledgerFile/ledgerColumns';
import { APP_READ_LIMITS, CLI_READ_LIMITS, MAX_LEDGER_ROWS, MAX_MERGED_LEDGER_ROWS, MERGED_PACKAGE_LIMITS, streamLedgerWorkbook, type LedgerReadLimits } from '../../../../shared/ledgerFile/ledgerWorkbook';
import { MERGE_SOURCE_HEADERS } from '../../../../shared/ledgerFile/mergeLedgers';
import { PACKAGE_LIMITS } from '../../../../shared/ledgerFile/xlsxPackage';
import { editPart, genuineLedger, hostileSigner, hostileTrust } from '../../../fixtures/hostileLedger';
import { makeAsset } from '../../../fixtures/assets';
import { ledgerHeader } from '../../../../shared/ledgerFile/ledgerColumns';

const ROWS = 5;
const mergedHeader = [...MERGE_SOURCE_HEADERS, ...ledgerHeader(nishinomiyaProfile)];
const mergedRows = Array.from({ length: ROWS }, (_, i) => ['西宮市', `課${i % 2}`, ...assetRow(makeAsset(i), nishinomiyaProfile)]);
const details = { profile: nishinomiyaProfile, organisation: '西宮市', section: '情報政策課', sequence: 7, exportedAt: '2026-11-29T00:00:00.000Z', appVersion: 'test', signer: hostileSigner };

/** A signed merged ledger of ROWS rows, its bytes taken from the sink as the CLI writes them. */
async function mergedLedger(): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const written = await exportMergedLedgerStream(mergedHeader, ROWS, (each) => mergedRows.forEach(each), details, undefined, { sink: (c) => chunks.push(c) });
  if (!written.ok) throw new Error(written.refusal.reason);
  expect(written.bytes.length).toBe(0);
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return bytes;
}

/** The app's and the CLI's limits, with a section's ledger capped at 3 rows and a merged one at 3 or 10. */
const appLimits: LedgerReadLimits = { ...APP_READ_LIMITS, maxRows: 3, maxMergedRows: 3 };
const cliLimits: LedgerReadLimits = { ...CLI_READ_LIMITS, maxRows: 3, maxMergedRows: 10 };

describe('ledger read limits', () => {
  it('returns Excel\'s sheet limit for a merged ledger and 250,000 rows for the app, with larger byte budgets only for the CLI', () => {
    expect(MAX_MERGED_LEDGER_ROWS).toBe(1_048_575);
    expect(APP_READ_LIMITS).toMatchObject({ maxRows: MAX_LEDGER_ROWS, maxMergedRows: MAX_LEDGER_ROWS, mergedOverLimit: 'merged-rows', package: PACKAGE_LIMITS });
    expect(CLI_READ_LIMITS).toMatchObject({ maxRows: MAX_LEDGER_ROWS, maxMergedRows: MAX_MERGED_LEDGER_ROWS, mergedOverLimit: 'rows', package: MERGED_PACKAGE_LIMITS });
    // The zip-bomb ratio is not loosened for the larger files.
    expect(MERGED_PACKAGE_LIMITS.maxRatio).toBe(PACKAGE_LIMITS.maxRatio);
  });

  it('verifies a merged ledger longer than a section\'s limit when read with the CLI\'s limits', async () => {
    const bytes = await mergedLedger();
    const checked = await verifyLedgerFile(bytes, undefined, [hostileTrust], null, undefined, undefined, cliLimits);
    expect(checked).toMatchObject({ ok: true, meta: { rowCount: ROWS } });
    const rows: string[][] = [];
    const streamed = streamLedgerWorkbook(bytes, (row) => rows.push(row), undefined, cliLimits);
    expect(streamed.ok).toBe(true);
    expect(rows).toEqual(mergedRows);
  });

  it('refuses that merged ledger in the app\'s reader, saying it belongs to the CLI, not the app', async () => {
    const bytes = await mergedLedger();
    const opened = openLedgerFile(bytes, undefined, undefined, appLimits);
    expect(opened).toEqual({ ok: false, refusal: { reason: 'over-limit', limit: 'merged-rows', where: { sheet: '情報資産台帳', row: 5 } } });
    if (opened.ok) return;
    const message = importRefusalMessage(opened.refusal);
    expect(message).toContain('まとめた台帳');
    expect(message).toContain('daicho');
    expect(message).toContain('25万行');
    expect(message).toContain('各課が書き出した台帳');
  });

  it.each([
    // A section's ledger keeps its limit in the CLI too: only a merged header opens the larger one.
    ['a section\'s ledger past the section limit, in the CLI', async () => genuineLedger(ROWS), cliLimits, 'rows'],
    ['a merged ledger past the merged limit, in the CLI', mergedLedger, { ...cliLimits, maxMergedRows: 4 }, 'rows'],
    ['a section\'s ledger past the section limit, in the app', async () => genuineLedger(ROWS), appLimits, 'rows'],
  ])('refuses %s', async (_name, make, limits, limit) => {
    const checked = await verifyLedgerFile(await make(), undefined, [hostileTrust], null, undefined, undefined, limits);
    expect(checked).toMatchObject({ ok: false, refusal: { reason: 'over-limit', limit } });
  });

  it.each([
    ['with the CLI\'s real limits', CLI_READ_LIMITS],
    ['with the app\'s real limits', APP_READ_LIMITS],
  ])('refuses a merged ledger whose row claims to be the 2,000,000th, %s', async (_name, limits) => {
    const hostile = editPart(await mergedLedger(), 'xl/worksheets/sheet1.xml', (xml) => xml.replace(`<row r="${ROWS + 1}">`, '<row r="2000000">'));
    const checked = await verifyLedgerFile(hostile, undefined, [hostileTrust], null, undefined, undefined, limits);
    expect(checked).toMatchObject({ ok: false, refusal: { reason: 'over-limit', where: { row: 2_000_000 } } });
  });

  it('says a section\'s row limit and a merged ledger\'s in the over-limit message', () => {
    expect(importRefusalReason({ reason: 'over-limit', limit: 'rows' })).toContain('1,048,575');
  });
});
