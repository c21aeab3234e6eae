/**
 * Rows read back from IndexedDB, checked against their schema before a screen or a step uses them:
 * the database can be edited by hand (DevTools), and one row of the wrong shape must not blank a whole
 * screen. The rows that fit are returned; the others are named by their key for the screen to report.
 */
import type { z } from 'zod';

export function readStoredRows<Schema extends z.ZodType>(schema: Schema, rows: readonly unknown[]): { readable: z.output<Schema>[]; unreadable: string[] } {
  const readable: z.output<Schema>[] = [];
  const unreadable: string[] = [];
  for (const row of rows) {
    const parsed = schema.safeParse(row);
    if (parsed.success) readable.push(parsed.data);
    else unreadable.push(String((row as { id?: unknown } | null)?.id ?? '?'));
  }
  return { readable, unreadable };
}
