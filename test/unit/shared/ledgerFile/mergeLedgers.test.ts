import { describe, expect, it } from 'vitest';
import { mergeConflictMessage, mergeLedgers, type MergeInput } from '../../../../shared/ledgerFile/mergeLedgers';
import { assetRow, ledgerHeader, neutraliseCell } from '../../../../shared/ledgerFile/ledgerColumns';
import { nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import { makeAsset } from '../../../fixtures/assets';

const header = ledgerHeader(nishinomiyaProfile);
const meta = (section: string, profileId = 'nishinomiya') => ({ format: 'daicho-ledger/1' as const, organisation: '西宮市', section, keyId: 'AAAA-BBBB-CCCC', sequence: 1, exportedAt: '', profileId, appVersion: '', rowCount: 0 });
const input = (name: string, section: string, assets = [makeAsset(0)], profileId?: string): MergeInput => ({ name, header, rows: assets.map((a) => assetRow(a, nishinomiyaProfile)), meta: meta(section, profileId) });

describe('mergeLedgers', () => {
  it('returns every row once with the sending section in front, counting identical duplicates', () => {
    const result = mergeLedgers([input('a.xlsx', '市民課', [makeAsset(0), makeAsset(1)]), input('b.xlsx', '税務課', [makeAsset(2), makeAsset(1)])]);
    expect(result.ok && result.header.slice(0, 3)).toEqual(['提出元の団体', '提出元の課', '管理番号']);
    expect(result.ok && result.rows.map((r) => [r[1], r[2]])).toEqual([['市民課', 'SM-000001'], ['市民課', 'SM-000002'], ['税務課', 'SM-000003']]);
    expect(result.ok && result.duplicates).toBe(1);
  });

  it('returns every conflict (profile, header, differing duplicates) and no rows', () => {
    const otherHeader = { ...input('c.xlsx', '総務課'), header: header.slice(1) };
    const result = mergeLedgers([input('a.xlsx', '市民課'), input('b.xlsx', '税務課', [{ ...makeAsset(0), location: '別館' }]), input('m.xlsx', '企画課', [makeAsset(5)], 'mic'), otherHeader]);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.conflicts.map((c) => c.kind)).toEqual(['same-asset-differs', 'profile', 'header']);
    expect(!result.ok && result.conflicts.map(mergeConflictMessage).join('\n')).toContain('分類の基準が違います（mic、ほかは nishinomiya）');
  });

  it('returns formula-like text neutralised, as the exporter writes it, whatever the signer wrote', () => {
    const note = header.indexOf('備考');
    const raw = assetRow(makeAsset(0), nishinomiyaProfile);
    raw[note] = '=HYPERLINK("http://example.invalid","開く")';
    const result = mergeLedgers([{ ...input('old.xlsx', '市民課'), rows: [raw] }]);
    expect(result.ok && result.rows[0]![note + 2]).toBe(neutraliseCell(raw[note]!));
  });

  it('returns one asset, not a conflict, when two files hold the same cell written with and without neutralisation', () => {
    const note = header.indexOf('備考');
    const raw = assetRow(makeAsset(0), nishinomiyaProfile);
    raw[note] = '=1+1';
    const neutralised = [...raw];
    neutralised[note] = "'=1+1";
    const result = mergeLedgers([{ ...input('a.xlsx', '市民課'), rows: [raw] }, { ...input('b.xlsx', '市民課'), rows: [neutralised] }]);
    expect(result.ok && [result.rows.length, result.duplicates]).toEqual([1, 1]);
  });
});
