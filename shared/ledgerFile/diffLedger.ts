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

/** Rows by 資産ID, with cells reordered to `headers` (neutralisation undone). */
function byId(table: LedgerTable, headers: readonly string[]): Map<string, string[]> {
  const idColumn = table.header.indexOf(ID_HEADER);
  const positions = headers.map((h) => table.header.indexOf(h));
  return new Map(table.rows.map((row) => [restoreCell(row[idColumn] ?? ''), positions.map((p) => (p < 0 ? '' : restoreCell(row[p] ?? '')))]));
}

/** Compares two tables with the ledger's columns (any extra columns of either are compared too). */
export function diffTables(before: LedgerTable, after: LedgerTable): LedgerDiff {
  const headers = [...new Set([...before.header, ...after.header])].filter((h) => h !== ID_HEADER);
  const at = (name: string) => headers.indexOf(name);
  const [numberAt, nameAt, statusAt] = [at('管理番号'), at('名称'), at('状態')];
  const old = byId(before, headers);
  const diff: LedgerDiff = { added: [], changed: [], retired: [], removed: [] };
  const seen = new Set<string>();
  for (const [id, cells] of byId(after, headers)) {
    seen.add(id);
    const previous = old.get(id);
    const number = cells[numberAt] ?? '';
    if (!previous) {
      diff.added.push({ id, managementNumber: number, name: cells[nameAt] ?? '' });
      continue;
    }
    let same = true;
    for (let i = 0; i < cells.length && same; i++) same = cells[i] === previous[i];
    if (same) continue;
    const fields = headers.map((h, i) => ({ header: h, from: previous[i] ?? '', to: cells[i] ?? '' })).filter((f) => f.from !== f.to);
    diff.changed.push({ id, managementNumber: number, fields });
    if (statusAt >= 0 && previous[statusAt] === '使用中' && cells[statusAt] !== '使用中') diff.retired.push({ id, managementNumber: number, to: cells[statusAt] ?? '' });
  }
  for (const [id, cells] of old) if (!seen.has(id)) diff.removed.push({ id, managementNumber: cells[numberAt] ?? '', name: cells[nameAt] ?? '' });
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
