import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ledgerHeaderMismatch, neutraliseCell, normaliseCell, restoreCell } from '../../../../shared/ledgerFile/ledgerColumns';

describe('normaliseCell', () => {
  it.each([
    ['=cmd|\' /C calc\'!A0', "'=cmd|' /C calc'!A0"],
    ["'=既に無害化", "'=既に無害化"],
    ["''=二重", "''=二重"],
    ['+81-3', "'+81-3"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tタブ', "'\tタブ"],
    ['\r改行', "'\r改行"],
    ["'普通の引用符", "'普通の引用符"],
    ['住民基本台帳', '住民基本台帳'],
    ['', ''],
  ])('returns %j as %j', (text, expected) => {
    expect(normaliseCell(text)).toBe(expected);
  });

  it('is idempotent, leaves every exporter cell unchanged and never returns formula-like text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."'=+-@\t\rA あ".split('')), maxLength: 8 }), (text) => {
        const once = normaliseCell(text);
        expect(normaliseCell(once)).toBe(once);
        expect(normaliseCell(neutraliseCell(text))).toBe(neutraliseCell(text));
        expect(/^[=+\-@\t\r]/.test(once)).toBe(false);
        expect(restoreCell(neutraliseCell(restoreCell(once)))).toBe(restoreCell(once));
      }),
    );
  });
});

describe('ledgerHeaderMismatch', () => {
  it.each<[string[], string[], ReturnType<typeof ledgerHeaderMismatch>]>([
    [['a', 'b'], ['a', 'b'], null],
    [['a', 'x'], ['a', 'b'], { column: 2, expected: 'b', actual: 'x' }],
    [['a'], ['a', 'b'], { column: 2, expected: 'b', actual: null }],
    [['a', 'b', 'c'], ['a', 'b'], { column: 3, expected: null, actual: 'c' }],
    [['b', 'a'], ['a', 'b'], { column: 1, expected: 'a', actual: 'b' }],
    [[], [], null],
  ])('returns the first differing column of %j against %j', (header, expected, result) => {
    expect(ledgerHeaderMismatch(header, expected)).toEqual(result);
  });
});
