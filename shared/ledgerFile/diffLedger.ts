/**
 * The difference between the ledger and an imported sheet, shown before anything is applied: assets
 * added, changed field by field, and retired (状態 moved away from 使用中). Rows are matched by 資産ID.
 */
import type { Asset } from '../domain/asset';
import type { PolicyProfile } from '../domain/policyProfile';
import { assetRow, ID_HEADER, ledgerHeader, restoreCell } from './ledgerColumns';

export interface LedgerDiff {
  added: { id: string; managementNumber: string; name: string }[];
  changed: { id: string; managementNumber: string; fields: { header: string; from: string; to: string }[] }[];
  retired: { id: string; managementNumber: string; to: string }[];
}

export function diffLedger(current: readonly Asset[], header: readonly string[], rows: readonly (readonly string[])[], profile: PolicyProfile): LedgerDiff {
  const expected = ledgerHeader(profile);
  const byId = new Map(current.map((a) => [a.id, a]));
  const column = (name: string) => header.indexOf(name);
  const idColumn = column(ID_HEADER);
  const diff: LedgerDiff = { added: [], changed: [], retired: [] };
  for (const row of rows) {
    const cells = row.map(restoreCell);
    const id = cells[idColumn] ?? '';
    const asset = byId.get(id);
    const number = cells[column('管理番号')] ?? '';
    if (!asset) {
      diff.added.push({ id, managementNumber: number, name: cells[column('名称')] ?? '' });
      continue;
    }
    const before = assetRow(asset, profile).map(restoreCell);
    const fields = expected
      .map((h, i) => ({ header: h, from: before[i] ?? '', to: cells[column(h)] ?? '' }))
      .filter((f) => f.header !== ID_HEADER && f.from !== f.to);
    if (fields.length === 0) continue;
    diff.changed.push({ id, managementNumber: number, fields });
    const status = fields.find((f) => f.header === '状態');
    if (status && status.from === '使用中') diff.retired.push({ id, managementNumber: number, to: status.to });
  }
  return diff;
}
