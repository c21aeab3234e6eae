/**
 * The difference between two ledgers, shown before anything is applied (取込み) or printed by the CLI
 * (`daicho diff`): rows added, changed field by field, retired (状態 moved away from 使用中), and
 * removed (only in the old one). Rows are matched by 資産ID and cells by header, so reordered columns
 * compare the same.
 */
import type { Asset } from '../domain/asset';
import type { PolicyProfile } from '../domain/policyProfile';
import { assetRow, ID_HEADER, ledgerHeader, restoreCell, RISK_HEADERS, RISK_VALUE_HEADER } from './ledgerColumns';

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

/** Two ledger files' difference (`daicho diff`): rows compared by the columns both have, the others named once. */
export interface FileDiff extends LedgerDiff {
  columns: { added: string[]; removed: string[] };
}

/**
 * Compares two ledger files as `daicho diff` shows them. A column only one file has (a file signed
 * before the risk columns existed, beside a newer one) is named once, not reported as a change in
 * every row: an empty cell there means "not in that version of the form", not "emptied".
 */
export function diffFiles(before: LedgerTable, after: LedgerTable): FileDiff {
  const both = (h: string) => before.header.includes(h) && after.header.includes(h);
  return {
    ...diffTables(onlyColumns(before, both), onlyColumns(after, both)),
    columns: { added: after.header.filter((h) => !before.header.includes(h)), removed: before.header.filter((h) => !after.header.includes(h)) },
  };
}

/** The table with only the named columns (in its own order). */
function onlyColumns(table: LedgerTable, keep: (header: string) => boolean): LedgerTable {
  const positions = table.header.flatMap((h, i) => (keep(h) ? [i] : []));
  return { header: positions.map((i) => table.header[i]!), rows: table.rows.map((row) => positions.map((i) => row[i] ?? '')) };
}

/**
 * What importing `rows` would do to the ledger. Assets absent from the file are not touched by an
 * import, so `removed` is always empty here. Only what the import changes is compared: a file signed
 * before the risk columns leaves the assessments as they are, so they are not shown as emptied; and
 * リスク値 is never imported (the app computes it from 脅威の発生頻度 and 脆弱性, which are compared).
 */
export function diffLedger(current: readonly Asset[], header: readonly string[], rows: readonly (readonly string[])[], profile: PolicyProfile): LedgerDiff {
  const ids = new Set(rows.map((row) => restoreCell(row[header.indexOf(ID_HEADER)] ?? '')));
  const touched = current.filter((a) => ids.has(a.id));
  const risk = RISK_HEADERS as readonly string[];
  const compared = (h: string) => h !== RISK_VALUE_HEADER && (!risk.includes(h) || header.includes(h));
  const before = onlyColumns({ header: ledgerHeader(profile), rows: touched.map((a) => assetRow(a, profile)) }, compared);
  return { ...diffTables(before, onlyColumns({ header, rows }, compared)), removed: [] };
}
