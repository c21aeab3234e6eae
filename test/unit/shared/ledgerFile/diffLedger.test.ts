import { describe, expect, it } from 'vitest';
import { diffLedger, diffTables } from '../../../../shared/ledgerFile/diffLedger';
import { assetRow, ledgerHeader } from '../../../../shared/ledgerFile/ledgerColumns';
import { nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import { makeAsset } from '../../../fixtures/assets';

const header = ledgerHeader(nishinomiyaProfile);
const current = [makeAsset(1), makeAsset(2), makeAsset(3)];

describe('diffLedger', () => {
  it('returns nothing for an identical sheet', () => {
    expect(diffLedger(current, header, current.map((a) => assetRow(a, nishinomiyaProfile)), nishinomiyaProfile)).toEqual({ added: [], changed: [], retired: [], removed: [] });
  });

  it('returns added, changed field by field, and retired assets', () => {
    const incoming = [
      assetRow({ ...current[0]!, location: '別館2階' }, nishinomiyaProfile),
      assetRow({ ...current[1]!, status: 'retired' }, nishinomiyaProfile),
      assetRow(current[2]!, nishinomiyaProfile),
      assetRow(makeAsset(9, { id: 'new-id', name: '新しい資産' }), nishinomiyaProfile),
    ];
    const diff = diffLedger(current, header, incoming, nishinomiyaProfile);
    expect(diff.added).toEqual([{ id: 'new-id', managementNumber: 'SM-000010', name: '新しい資産' }]);
    expect(diff.changed.map((c) => [c.managementNumber, c.fields])).toEqual([
      ['SM-000002', [{ header: '所在', from: current[0]!.location, to: '別館2階' }]],
      ['SM-000003', [{ header: '状態', from: '使用中', to: '廃止' }]],
    ]);
    expect(diff.retired).toEqual([{ id: current[1]!.id, managementNumber: 'SM-000003', to: '廃止' }]);
  });

  it('matches columns by header, so a sheet with reordered columns compares the same', () => {
    const order = header.map((_, i) => i).reverse();
    const reordered = current.map((a) => { const r = assetRow(a, nishinomiyaProfile); return order.map((i) => r[i]!); });
    expect(diffLedger(current, order.map((i) => header[i]!), reordered, nishinomiyaProfile)).toEqual({ added: [], changed: [], retired: [], removed: [] });
  });
});

describe('diffTables', () => {
  it('returns rows only in the old table as removed', () => {
    const rows = current.map((a) => assetRow(a, nishinomiyaProfile));
    const diff = diffTables({ header, rows }, { header, rows: rows.slice(1) });
    expect(diff.removed).toEqual([{ id: current[0]!.id, managementNumber: current[0]!.managementNumber, name: current[0]!.name }]);
    expect(diff.added).toEqual([]);
  });
});
