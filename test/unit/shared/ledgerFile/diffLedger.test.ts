import { describe, expect, it } from 'vitest';
import { diffFiles, diffLedger, diffTables } from '../../../../shared/ledgerFile/diffLedger';
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

describe('diffFiles', () => {
  const rows = current.map((a) => assetRow(a, nishinomiyaProfile));
  const without = (name: string) => {
    const at = header.indexOf(name);
    return { header: header.filter((_, i) => i !== at), rows: rows.map((r) => r.filter((_, i) => i !== at)) };
  };

  it.each(['脅威の発生頻度', '所在'])('names a column only the newer file has (%s) once, and compares the rows by the others', (column) => {
    const after = { header, rows: [assetRow({ ...current[0]!, name: '改名した資産' }, nishinomiyaProfile), ...rows.slice(1)] };
    const diff = diffFiles(without(column), after);
    expect(diff.columns).toEqual({ added: [column], removed: [] });
    expect(diff.changed).toEqual([{ id: current[0]!.id, managementNumber: current[0]!.managementNumber, fields: [{ header: '名称', from: current[0]!.name, to: '改名した資産' }] }]);
  });

  it('names a column only the older file has, and reports no row changed for it', () => {
    const diff = diffFiles({ header, rows }, without('所在'));
    expect(diff).toEqual({ added: [], changed: [], retired: [], removed: [], columns: { added: [], removed: ['所在'] } });
  });

  it('compares every column when both files have the same ones', () => {
    const diff = diffFiles({ header, rows }, { header, rows: [assetRow({ ...current[1]!, location: '別館' }, nishinomiyaProfile), rows[0]!, rows[2]!] });
    expect(diff.columns).toEqual({ added: [], removed: [] });
    expect(diff.changed.map((c) => c.fields)).toEqual([[{ header: '所在', from: current[1]!.location, to: '別館' }]]);
  });
});
