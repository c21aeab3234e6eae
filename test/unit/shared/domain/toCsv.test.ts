import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../../../shared/domain/toCsv';

describe('csvCell', () => {
  it.each([
    ['住民基本台帳', '"住民基本台帳"'],
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
    ['+1+1', '"\'+1+1"'],
    ['-2+3', '"\'-2+3"'],
    ['@SUM(A1)', '"\'@SUM(A1)"'],
    ['\t=1', '"\'\t=1"'],
    ['a,b\r\nc', '"a,b\r\nc"'],
    [null, '""'],
    [42, '"42"'],
    [{ a: 1 }, '"{""a"":1}"'],
  ])('returns %j as %s', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });
});

describe('csvCell for values read back from records written by hand', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  // No JSON for them, yet a cell (before 2026-11-30 the audit export threw and wrote nothing).
  it.each<[string, unknown, string]>([
    ['a BigInt', 10n, '"10"'],
    ['a negative BigInt (neutralised as a formula start)', -10n, '"\'-10"'],
    ['a cycle', cyclic, '"[object Object]"'],
  ])('writes %s as a cell', (_, value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });
});

describe('toCsv', () => {
  it('returns a BOM, a header and CRLF rows', () => {
    expect(toCsv(['番号', '名称'], [[1, '台帳']])).toBe('\uFEFF"番号","名称"\r\n"1","台帳"\r\n');
  });
});
