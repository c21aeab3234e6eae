/**
 * The difference between two ledgers, shown before anything is applied (取込み) or printed by the CLI
 * (`daicho diff`): rows added, changed field by field, retired (状態 moved away from 使用中), and
 * removed (only in the old one). Rows are matched by 資産ID and cells by header, so reordered columns
 * compare the same.
 */
import type { Asset } from '../domain/asset';
import type { PolicyProfile } from '../domain/policyProfile';
import { assetRow, ID_HEADER, ledgerHeader, restoreCell } from './ledgerColumns';

export interface LedgerDiff {
  added: { id: string; managementNumber: string; name: string }[];
  changed: { id: string; managementNumber: string; fields: { header: string; from: string; to: string }[] }[];
  retired: { id: string; managementNumber: string; to: string }[];
  removed: { id: string; managementNumber: string; name: string }[];
}

export interface LedgerTable {
  header: readonly string[];
  rows: readonly (readonly string[])[];
}

function byId(table: LedgerTable): Map<string, Record<string, string>> {
  const idColumn = table.header.indexOf(ID_HEADER);
  return new Map(table.rows.map((row) => [restoreCell(row[idColumn] ?? ''), Object.fromEntries(table.header.map((h, i) => [h, restoreCell(row[i] ?? '')]))]));
}

/** Compares two tables with the ledger's columns (any extra columns of the new one are compared too). */
export function diffTables(before: LedgerTable, after: LedgerTable): LedgerDiff {
  const old = byId(before);
  const headers = [...new Set([...before.header, ...after.header])].filter((h) => h !== ID_HEADER);
  const diff: LedgerDiff = { added: [], changed: [], retired: [], removed: [] };
  const seen = new Set<string>();
  for (const [id, cells] of byId(after)) {
    seen.add(id);
    const previous = old.get(id);
    const number = cells['管理番号'] ?? '';
    if (!previous) {
      diff.added.push({ id, managementNumber: number, name: cells['名称'] ?? '' });
      continue;
    }
    const fields = headers.map((h) => ({ header: h, from: previous[h] ?? '', to: cells[h] ?? '' })).filter((f) => f.from !== f.to);
    if (fields.length === 0) continue;
    diff.changed.push({ id, managementNumber: number, fields });
    const status = fields.find((f) => f.header === '状態');
    if (status && status.from === '使用中') diff.retired.push({ id, managementNumber: number, to: status.to });
  }
  for (const [id, cells] of old) if (!seen.has(id)) diff.removed.push({ id, managementNumber: cells['管理番号'] ?? '', name: cells['名称'] ?? '' });
  return diff;
}

/**
 * What importing `rows` would do to the ledger. Assets absent from the file are not touched by an
 * import, so `removed` is always empty here.
 */
export function diffLedger(current: readonly Asset[], header: readonly string[], rows: readonly (readonly string[])[], profile: PolicyProfile): LedgerDiff {
  const ids = new Set(rows.map((row) => restoreCell(row[header.indexOf(ID_HEADER)] ?? '')));
  const touched = current.filter((a) => ids.has(a.id));
  return { ...diffTables({ header: ledgerHeader(profile), rows: touched.map((a) => assetRow(a, profile)) }, { header, rows }), removed: [] };
}
