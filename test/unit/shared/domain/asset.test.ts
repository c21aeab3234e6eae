import { describe, expect, it } from 'vitest';
import { assetInputSchema, displayValue, fieldLimits } from '../../../../shared/domain/asset';
import { assetInput } from '../../../fixtures/assets';

const firstError = (input: unknown, field: string) => {
  const result = assetInputSchema.safeParse(input);
  if (result.success) return undefined;
  return result.error.issues.find((issue) => issue.path[0] === field)?.message;
};

describe('assetInputSchema', () => {
  it('returns the cleaned input when every field is valid', () => {
    const parsed = assetInputSchema.parse(assetInput({ managementNumber: ' sm-00001 ', name: ' 住民\u0000基本台帳 ' }));
    expect(parsed.managementNumber).toBe('SM-00001');
    expect(parsed.name).toBe('住民基本台帳');
  });

  it.each(['name', 'location', 'owningSection', 'custodian', 'managementNumber'] as const)('returns a Japanese error when %s is empty', (field) => {
    expect(firstError(assetInput({ [field]: '   ' }), field)).toMatch(/を入力してください/);
  });

  it('returns an error when the name is only control characters', () => {
    expect(firstError(assetInput({ name: '\u0000\u0001\u200B' }), 'name')).toBe('名称を入力してください。');
  });

  it.each([
    ['name', fieldLimits.name],
    ['location', fieldLimits.shortText],
    ['note', fieldLimits.note],
    ['managementNumber', fieldLimits.managementNumber],
  ] as const)('returns a length error when %s is longer than %i characters', (field, max) => {
    expect(firstError(assetInput({ [field]: 'A'.repeat(max + 1) }), field)).toBe(`${({ name: '名称', location: '所在', note: '備考', managementNumber: '管理番号' } as const)[field]}は${max}文字以内で入力してください。`);
    expect(firstError(assetInput({ [field]: 'A'.repeat(max) }), field)).toBeUndefined();
  });

  it.each([
    ['ｓｍ－０００１', 'SM-0001'],
    ['ＳＭ－０００１／Ａ', 'SM-0001/A'],
    [' Ｋｚ_１２.３ ', 'KZ_12.3'],
  ])('folds a management number typed in full width (%j) to half width', (value, stored) => {
    expect(assetInputSchema.parse(assetInput({ managementNumber: value })).managementNumber).toBe(stored);
  });

  it.each(['SM 0001', '=HYPERLINK("x")', '管理-1', '-SM1', '../etc', 'SM\u30001', 'SMー0001', 'SM-①', 'SYS-Ⅱ', 'SM-¹'])('returns a format error for management number %j', (value) => {
    expect(firstError(assetInput({ managementNumber: value }), 'managementNumber')).toMatch(/半角英数字/);
  });

  it.each([
    ['kind', 'laptop'],
    ['medium', 'stone'],
    ['networkSegment', 'wifi'],
    ['personalInfoKind', 'maybe'],
  ] as const)('returns a list error when %s is %j', (field, value) => {
    expect(firstError({ ...assetInput(), [field]: value }, field)).toMatch(/一覧から選んでください/);
  });

  it.each(['2026-02-30', '2026/04/01', '令和8年4月1日', '2026-13-01'])('returns a date error for %j', (value) => {
    expect(firstError(assetInput({ nextReviewDate: value }), 'nextReviewDate')).toMatch(/日付/);
  });

  it('accepts an empty review date and a leap day', () => {
    expect(firstError(assetInput({ nextReviewDate: '' }), 'nextReviewDate')).toBeUndefined();
    expect(firstError(assetInput({ nextReviewDate: '2028-02-29' }), 'nextReviewDate')).toBeUndefined();
  });

  it('keeps line breaks in the note only', () => {
    const parsed = assetInputSchema.parse(assetInput({ note: '一行目\r\n二行目', name: '名称\n改行' }));
    expect(parsed.note).toBe('一行目\n二行目');
    expect(parsed.name).toBe('名称改行');
  });

  it('returns errors for a value that is not an object', () => {
    expect(assetInputSchema.safeParse('asset').success).toBe(false);
    expect(assetInputSchema.safeParse({ ...assetInput(), name: 42 }).success).toBe(false);
  });
});

describe('displayValue', () => {
  it('returns the Japanese label for value-list fields and the text otherwise', () => {
    const input = { ...assetInput(), status: 'retired' as const };
    expect(displayValue(input, 'kind')).toBe('情報');
    expect(displayValue(input, 'networkSegment')).toBe('マイナンバー利用事務系');
    expect(displayValue(input, 'personalInfoKind')).toBe('特定個人情報');
    expect(displayValue(input, 'status')).toBe('廃止');
    expect(displayValue(input, 'name')).toBe('住民基本台帳');
  });
});
