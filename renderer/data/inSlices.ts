/**
 * O(n) work on the UI thread before a transaction opens, in slices (issue 15): between slices the
 * thread yields with a timer, so painting and input go on. Only for work outside a transaction: an
 * IndexedDB transaction commits at the end of a task with nothing pending, so inside one, chunks
 * must wait on requests instead (chunks.ts).
 */
import { backupTableSchemas, backupTables, duplicateKeys, type BackupContent, type BackupTable } from '../../shared/backup/backupContent';
import { z } from 'zod';
import { yieldToUi } from './runInSteps';

/** Records per slice: validating or copying 500 assets takes well under 50 ms on a loaded 2-core terminal. */
export const SLICE = 500;

export { yieldToUi };

/** `fn` applied to each item, `size` items per task. */
export async function mapInSlices<T, U>(items: readonly T[], fn: (item: T) => U, size = SLICE): Promise<U[]> {
  const out: U[] = [];
  for (let start = 0; start < items.length; start += size) {
    if (start > 0) await yieldToUi();
    const end = Math.min(items.length, start + size);
    for (let i = start; i < end; i++) out.push(fn(items[i]!));
  }
  return out;
}

const header = z.object({ organisation: z.string().max(200), section: z.string().max(200), tables: z.record(z.string(), z.unknown()) });

/** The record schema and the most records of each table (the schemas of backupContent.ts, element by element). */
const limits = Object.fromEntries(
  backupTables.map((table) => {
    const schema = backupTableSchemas[table] as unknown as z.ZodArray<z.ZodType<Record<string, unknown>>>;
    return [table, { element: schema.element, max: schema.def.checks?.map((c) => (c as unknown as { _zod: { def: { maximum?: number } } })._zod.def.maximum).find((m) => typeof m === 'number') ?? Infinity }];
  }),
) as Record<BackupTable, { element: z.ZodType<Record<string, unknown>>; max: number }>;

/**
 * parseBackupContent (shared/backup/backupContent.ts) record by record, in slices: the same schemas,
 * the same result (a missing table of a later schema version reads as empty), without one long task.
 */
export async function parseBackupContentInSlices(raw: unknown, size = SLICE): Promise<{ ok: true; content: BackupContent } | { ok: false; reason: 'invalid-content'; table: string | null }> {
  const top = header.safeParse(raw);
  if (!top.success) return { ok: false, reason: 'invalid-content', table: null };
  const tables = {} as Record<BackupTable, Record<string, unknown>[]>;
  for (const table of backupTables) {
    const records = top.data.tables[table] ?? [];
    if (!Array.isArray(records) || records.length > limits[table].max) return { ok: false, reason: 'invalid-content', table };
    const parsed: Record<string, unknown>[] = [];
    // Keys are checked record by record too, within the slices (tableWithDuplicateKeys' rule).
    const repeated = duplicateKeys(table);
    for (let start = 0; start < records.length; start += size) {
      await yieldToUi();
      for (const record of records.slice(start, start + size)) {
        const one = limits[table].element.safeParse(record);
        if (!one.success || repeated(one.data)) return { ok: false, reason: 'invalid-content', table };
        parsed.push(one.data);
      }
    }
    tables[table] = parsed;
  }
  return { ok: true, content: { organisation: top.data.organisation, section: top.data.section, tables } as BackupContent };
}
