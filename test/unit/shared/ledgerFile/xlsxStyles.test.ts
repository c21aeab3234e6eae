import { describe, expect, it } from 'vitest';
import { applyTint, contrast, MIN_CONTRAST } from '../../../../shared/ledgerFile/xlsxStyles';

const rgb = (hex: string) => [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

describe('applyTint', () => {
  // Excel's own swatches (Office 2007 theme) for the tints its colour picker offers; Excel works in
  // whole HLS units, so a channel may differ by one.
  it.each([
    ['4F81BD', 0.7999816888943144, 'DCE6F1'],
    ['4F81BD', -0.249977111117893, '366092'],
    ['C0504D', 0.5999938962981048, 'E6B9B8'],
    ['000000', 0.499984740745262, '7F7F7F'],
    ['FFFFFF', -0.499984740745262, '7F7F7F'],
    ['FFFFFF', -0.0499893185216834, 'F2F2F2'],
    ['1F497D', 0, '1F497D'],
  ])('%s with tint %s is %s', (base, tint, expected) => {
    const got = applyTint(rgb(base), tint);
    rgb(expected).forEach((channel, i) => expect(Math.abs(got[i]! - channel)).toBeLessThanOrEqual(1));
  });
});

describe('contrast', () => {
  it.each([
    ['000000', 'FFFFFF', true],
    ['FF0000', 'FFFFFF', true],
    ['1F497D', 'DCE6F1', true],
    ['FFFF00', 'FFFFFF', false],
    ['FFFFFF', 'FFFFFF', false],
    ['404040', '000000', false],
  ])('%s on %s is readable: %s', (text, fill, readable) => {
    expect(contrast(rgb(text), rgb(fill)) >= MIN_CONTRAST).toBe(readable);
  });

  it('is 21:1 for black on white, whichever way round', () => {
    expect(contrast(rgb('000000'), rgb('FFFFFF'))).toBeCloseTo(21, 5);
    expect(contrast(rgb('FFFFFF'), rgb('000000'))).toBeCloseTo(21, 5);
  });
});
