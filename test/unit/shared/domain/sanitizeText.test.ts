import { describe, expect, it } from 'vitest';
import { sanitizeText } from '../../../../shared/domain/sanitizeText';

describe('sanitizeText', () => {
  it.each([
    ['住民基本台帳', '住民基本台帳'],
    ['  前後の空白  ', '前後の空白'],
    ['SM-\u000000001', 'SM-00001'],
    ['名称\u0007\u001B[31m', '名称[31m'],
    ['改行\r\nを含む', '改行を含む'],
    ['タブ\tを含む', 'タブを含む'],
    ['\u202Egnp.exe', 'gnp.exe'],
    ['見えない\u200B文字\uFEFF', '見えない文字'],
    ['C1\u0085制御', 'C1制御'],
    ['DEL\u007F', 'DEL'],
  ])('returns %j as %j (single line)', (input, expected) => {
    expect(sanitizeText(input)).toBe(expected);
  });

  it('keeps line breaks and normalises CRLF when multiline', () => {
    expect(sanitizeText('一行目\r\n二行目\r三行目\u0000', { multiline: true })).toBe('一行目\n二行目\n三行目');
  });

  it('returns NFC text so composed and decomposed kana compare equal', () => {
    expect(sanitizeText('\u30AB\u3099')).toBe('\u30AC');
  });
});
