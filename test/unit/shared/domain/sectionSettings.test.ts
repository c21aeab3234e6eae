import { describe, expect, it } from 'vitest';
import { sectionSettingsSchema } from '../../../../shared/domain/sectionSettings';

const valid = { organisation: '西宮市', section: '市民課', managementPrefix: 'sm-', dateStyle: 'wareki', profileId: 'nishinomiya' };

describe('sectionSettingsSchema', () => {
  it('returns cleaned settings with the prefix upper-cased', () => {
    expect(sectionSettingsSchema.parse(valid)).toEqual({ ...valid, managementPrefix: 'SM-' });
  });

  it.each([['ＳＭ－', 'SM-'], ['ｋｚ／２０２６．', 'KZ/2026.']])('folds the full-width prefix %j typed with the IME on', (typed, prefix) => {
    expect(sectionSettingsSchema.parse({ ...valid, managementPrefix: typed }).managementPrefix).toBe(prefix);
  });

  it.each([
    ['organisation', '', '団体名を入力してください。'],
    ['section', '\u0000', '課の名称を入力してください。'],
    ['organisation', 'あ'.repeat(61), '団体名は60文字以内で入力してください。'],
    ['managementPrefix', '=cmd|', '管理番号の接頭辞は半角英数字と - _ . / の16文字以内で入力してください（例: KZ-）。'],
    // The long-vowel mark ー is not a hyphen, even after folding.
    ['managementPrefix', 'ＳＭー', '管理番号の接頭辞は半角英数字と - _ . / の16文字以内で入力してください（例: KZ-）。'],
  ])('returns the message for a bad %s', (field, value, message) => {
    const result = sectionSettingsSchema.safeParse({ ...valid, [field]: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues.find((i) => i.path[0] === field)?.message).toBe(message);
  });

  it('refuses an unknown date style', () => {
    expect(sectionSettingsSchema.safeParse({ ...valid, dateStyle: 'julian' }).success).toBe(false);
  });
});
