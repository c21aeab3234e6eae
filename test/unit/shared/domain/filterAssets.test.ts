import { describe, expect, it } from 'vitest';
import { buildSearchIndex, filterAssets, foldForSearch, narrowsFilter, sortAssets } from '../../../../shared/domain/filterAssets';
import { makeAsset } from '../../../fixtures/assets';

const assets = [
  makeAsset(0, { name: '住民基本台帳', location: '本庁舎3階', managementNumber: 'SM-10', status: 'active', legalBasis: '' }),
  makeAsset(1, { name: '市民税課税台帳', location: '別館', managementNumber: 'SM-9', kind: 'system', legalBasis: '地方税法' }),
  makeAsset(2, { name: 'ＵＳＢメモリ（バックアップ）', location: '金庫', managementNumber: 'SM-100', kind: 'recordingMedium', status: 'retired', legalBasis: '' }),
];
const index = buildSearchIndex(assets);
const names = (list: { name: string }[]) => list.map((a) => a.name);

describe('foldForSearch', () => {
  it('returns full-width letters and half-width kana folded to one form', () => {
    expect(foldForSearch('ＵＳＢ ﾒﾓﾘ')).toBe('usb メモリ');
  });
});

describe('filterAssets', () => {
  it('returns every asset in the given order when there is no filter', () => {
    expect(filterAssets(assets, index, { text: '', fields: {} })).toEqual(assets);
  });

  it.each([
    ['台帳', ['住民基本台帳', '市民税課税台帳']],
    ['usb', ['ＵＳＢメモリ（バックアップ）']],
    ['ｕｓｂ', ['ＵＳＢメモリ（バックアップ）']],
    ['台帳　別館', ['市民税課税台帳']],
    ['記録媒体', ['ＵＳＢメモリ（バックアップ）']],
    ['廃止', ['ＵＳＢメモリ（バックアップ）']],
    ['sm-9', ['市民税課税台帳']],
    ['存在しない語', []],
    ['.*', []],
  ])('returns the assets matching free text %j', (text, expected) => {
    expect(names(filterAssets(assets, index, { text, fields: {} }))).toEqual(expected);
  });

  it('returns exact matches for value-list fields and substring matches for text fields', () => {
    expect(names(filterAssets(assets, index, { text: '', fields: { kind: 'system' } }))).toEqual(['市民税課税台帳']);
    expect(names(filterAssets(assets, index, { text: '', fields: { kind: 'syst' } }))).toEqual([]);
    expect(names(filterAssets(assets, index, { text: '', fields: { location: '庁舎' } }))).toEqual(['住民基本台帳']);
    expect(names(filterAssets(assets, index, { text: '台帳', fields: { status: 'retired' } }))).toEqual([]);
  });
});

describe('sortAssets', () => {
  it('returns management numbers in numeric order, and reversed when descending', () => {
    const ascending = sortAssets(assets, { field: 'managementNumber', direction: 'asc' }).map((a) => a.managementNumber);
    expect(ascending).toEqual(['SM-9', 'SM-10', 'SM-100']);
    expect(sortAssets(assets, { field: 'managementNumber', direction: 'desc' }).map((a) => a.managementNumber)).toEqual(['SM-100', 'SM-10', 'SM-9']);
  });

  it('returns value-list fields sorted by their Japanese label (JIS order: 記録媒体, 情報, 情報システム)', () => {
    const byKind = sortAssets(assets, { field: 'kind', direction: 'asc' }).map((a) => a.kind);
    expect(byKind).toEqual(['recordingMedium', 'information', 'system']);
  });

  it('does not change the input array', () => {
    const copy = [...assets];
    sortAssets(assets, { field: 'name', direction: 'desc' });
    expect(assets).toEqual(copy);
  });
});

describe('narrowsFilter', () => {
  it.each([
    [{ text: '', fields: {} }, { text: '台', fields: {} }, true],
    [{ text: '台', fields: {} }, { text: '台帳', fields: {} }, true],
    [{ text: '台帳', fields: {} }, { text: '台帳 別館', fields: {} }, true],
    [{ text: 'ＵＳ', fields: {} }, { text: 'usb', fields: {} }, true],
    [{ text: '台帳', fields: {} }, { text: '台', fields: {} }, false],
    [{ text: '台帳', fields: {} }, { text: '帳台', fields: {} }, false],
    [{ text: 'ｶ', fields: {} }, { text: 'ｶﾞ', fields: {} }, false],
    [{ text: '台', fields: { kind: 'system' } }, { text: '台帳', fields: {} }, false],
    [{ text: '台', fields: {} }, { text: '台帳', fields: { kind: 'system' } }, false],
    [{ text: '台', fields: { kind: '' } }, { text: '台帳', fields: {} }, true],
  ])('returns whether %j -> %j only narrows', (previous, next, expected) => {
    expect(narrowsFilter(previous, next)).toBe(expected);
  });

  it('gives the same result when filtering the previous result as when filtering everything', () => {
    const all = Array.from({ length: 200 }, (_, i) => makeAsset(i));
    const bigIndex = buildSearchIndex(all);
    const first = filterAssets(all, bigIndex, { text: '台', fields: {} });
    const second = { text: '台帳 書庫', fields: {} };
    expect(narrowsFilter({ text: '台', fields: {} }, second)).toBe(true);
    expect(filterAssets(first, bigIndex, second)).toEqual(filterAssets(all, bigIndex, second));
  });
});

describe('filterAssets by classification state', () => {
  it('returns only unclassified, or only proposed, assets', () => {
    const proposed = makeAsset(5, { classification: { state: 'proposed' } as never });
    const list = [makeAsset(4), proposed];
    const idx = buildSearchIndex(list);
    expect(filterAssets(list, idx, { text: '', fields: {}, classificationState: 'unclassified' })).toEqual([list[0]]);
    expect(filterAssets(list, idx, { text: '', fields: {}, classificationState: 'proposed' })).toEqual([proposed]);
    expect(filterAssets(list, idx, { text: '', fields: {}, classificationState: '' })).toEqual(list);
    expect(narrowsFilter({ text: '', fields: {} }, { text: '', fields: {}, classificationState: 'proposed' })).toBe(false);
  });
});
