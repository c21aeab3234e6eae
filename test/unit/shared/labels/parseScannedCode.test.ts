import { describe, expect, it } from 'vitest';
import { parseScannedCode } from '../../../../shared/labels/parseScannedCode';
import { codeText } from '../../../../shared/labels/labelProfile';

describe('parseScannedCode', () => {
  it.each([
    ['SM-00001', 'SM-00001', null],
    ['sm-00001', 'SM-00001', null],
    ['ＳＭ－００００１', 'SM-00001', null],
    ['  SM-00001\r', 'SM-00001', null],
    ['市民課 SM-00001', 'SM-00001', '市民課'],
    ['市民課　SM-00001', 'SM-00001', '市民課'],
    ['総務 企画課 A/1.2_3', 'A/1.2_3', '総務 企画課'],
    ['SM-\u200B00001', 'SM-00001', null],
  ])('reads %j as %s (section %s)', (raw, number, section) => {
    expect(parseScannedCode(raw)).toEqual({ ok: true, managementNumber: number, section });
  });

  it.each([
    ['', 'empty'],
    ['   \t', 'empty'],
    ['https://example.com/x', 'not-a-number'],
    ['=cmd|calc', 'not-a-number'],
    ['-SM-1', 'not-a-number'],
    ['SM 00001 ', 'ok'],
    ['A'.repeat(33), 'not-a-number'],
    ['x'.repeat(500), 'too-long'],
    ['市民課 ', 'not-a-number'],
    // Width is folded, nothing else: NFKC read these as SM-00001 and SYS-II, numbers nobody scanned.
    ['SM-0000①', 'not-a-number'],
    ['SYS-Ⅱ', 'not-a-number'],
    ['SM-0000¹', 'not-a-number'],
  ])('refuses or reads hostile input %j as %s', (raw, reason) => {
    const result = parseScannedCode(raw);
    if (reason === 'ok') expect(result.ok).toBe(true);
    else expect(result).toMatchObject({ ok: false, reason });
  });

  it('reads back every code the label printer writes', () => {
    for (const content of ['managementNumber', 'sectionAndNumber'] as const) {
      const text = codeText({ codeContent: content }, 'SM-00042', '市民課');
      expect(parseScannedCode(text)).toEqual({ ok: true, managementNumber: 'SM-00042', section: content === 'sectionAndNumber' ? '市民課' : null });
    }
  });
});
