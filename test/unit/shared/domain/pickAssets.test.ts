import { describe, expect, it } from 'vitest';
import { buildPickerIndex, pickAssets, pickerLabel } from '../../../../shared/domain/pickAssets';
import { makeAsset } from '../../../fixtures/assets';

// makeAsset(i): 管理番号 SM-00000(i+1), names cycle through 住民基本台帳 … 国民健康保険被保険者台帳, locations 本庁舎N階 書庫X.
const assets = Array.from({ length: 30 }, (_, i) => makeAsset(i));
const index = buildPickerIndex(assets);
const numbers = (text: string, extra: Partial<Parameters<typeof pickAssets>[1]> = {}) => pickAssets(index, { text, limit: 100, ...extra }).matches.map((a) => a.managementNumber);

describe('pickAssets', () => {
  it('returns every asset in index order for an empty text', () => {
    const result = pickAssets(index, { text: '', limit: 100 });
    expect(result.total).toBe(30);
    expect(result.matches.map((a) => a.id)).toEqual(assets.map((a) => a.id));
  });

  it('puts the exact 管理番号 first, then the numbers starting with the text, then other matches', () => {
    // SM-000001 exactly; SM-000010…19 start with SM-00001; nothing else contains it.
    expect(numbers('SM-000001')).toEqual(['SM-000001']);
    expect(numbers('sm-00001').slice(0, 3)).toEqual(['SM-000010', 'SM-000011', 'SM-000012']);
    expect(numbers('SM-000010')[0]).toBe('SM-000010');
  });

  it.each([
    ['full-width letters and digits', 'ＳＭ－０００００３', ['SM-000003']],
    ['lower case', 'sm-000003', ['SM-000003']],
    ['a name', '職員名簿 6', ['SM-000006']],
    ['a location and a name (every word must match)', '書庫C 入札', ['SM-000003']],
    ['a full-width space between words', '書庫C　入札', ['SM-000003']],
    ['half-width katakana', 'ﾊﾞｯｸｱｯﾌﾟ 7', ['SM-000007']],
  ])('finds by %s', (_what, text, expected) => {
    expect(numbers(text)).toEqual(expected);
  });

  it.each([
    ['a word found in no field', '存在しない資産'],
    ['words split across two fields', '台帳本庁舎'],
    ['a regular-expression looking text', '.*'],
    ['a control character', '\u0000'],
  ])('returns nothing for %s', (_what, text) => {
    expect(pickAssets(index, { text, limit: 100 })).toMatchObject({ matches: [], total: 0 });
  });

  it('leaves out excluded ids and assets the filter refuses, and does not count them', () => {
    const result = pickAssets(index, { text: 'USBメモリ', limit: 100, exclude: new Set(['id-6']), accept: (a) => a.managementNumber !== 'SM-000015' });
    expect(result.matches.map((a) => a.managementNumber)).toEqual(['SM-000023']);
    expect(result.total).toBe(1);
  });

  it.each([
    [5, 5],
    [0, 0],
    [-3, 0],
    [2.7, 2],
  ])('returns at most limit=%s matches but counts them all', (limit, shown) => {
    const result = pickAssets(index, { text: '', limit });
    expect(result.matches).toHaveLength(shown);
    expect(result.total).toBe(30);
  });
});

describe('pickAssets narrowing from the previous result', () => {
  it.each([
    ['sm-00001', 'sm-000012'],
    ['住民', '住民基本台帳 1'],
    ['書庫', '書庫c 入札'],
    ['', 'usb'],
  ])('gives the same answer from %j then %j as a full search', (first, second) => {
    const previous = pickAssets(index, { text: first, limit: 3 });
    expect(pickAssets(index, { text: second, limit: 3 }, previous)).toEqual(pickAssets(index, { text: second, limit: 3 }));
  });

  it.each([
    ['a deleted character', 'sm-000012', 'sm-00001'],
    ['a different text', '住民', '職員'],
  ])('searches everything again after %s', (_what, first, second) => {
    const previous = pickAssets(index, { text: first, limit: 100 });
    expect(pickAssets(index, { text: second, limit: 100 }, previous).total).toBe(pickAssets(index, { text: second, limit: 100 }).total);
    expect(pickAssets(index, { text: second, limit: 100 }, previous).total).toBeGreaterThan(previous.total === 0 ? -1 : 0);
  });
});

describe('pickerLabel', () => {
  it.each([
    [{ managementNumber: 'SM-1', name: 'USB', location: '金庫' }, 'SM-1 USB（金庫）'],
    [{ managementNumber: 'SM-1', name: 'USB', location: '' }, 'SM-1 USB'],
  ])('labels %j', (asset, label) => expect(pickerLabel(asset)).toBe(label));
});
