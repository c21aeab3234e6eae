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

describe('toCsv', () => {
  it('returns a BOM, a header and CRLF rows', () => {
    expect(toCsv(['番号', '名称'], [[1, '台帳']])).toBe('\uFEFF"番号","名称"\r\n"1","台帳"\r\n');
  });
});
