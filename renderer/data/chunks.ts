/**
 * Large writes in one transaction, in chunks (issue 15). An IndexedDB transaction cannot wait for a
 * timer (it commits when a task ends with no request pending), but it stays open while a request is
 * pending: each `await` of a chunk's bulkGet or bulkPut ends the task, lets the UI thread paint and
 * answer input, and continues in the request's success event with the transaction still open. So a
 * chunked import or restore stays one transaction (all or nothing) while no single task clones
 * more than one chunk of records.
 */

/**
 * Records per request. Chromium clones each record into IndexedDB synchronously, about 0.1–0.2 ms per
 * asset on a loaded 2-core terminal (a profile of the bench's restore: 2,000 took ~375 ms). 500 made
 * 85 of a 100,000-asset restore's chunks tasks over 50 ms even on an idle machine; 250 keep them
 * near 25 ms, for twice as many (cheap) requests.
 */
export const WRITE_CHUNK = 250;

/** `items` in consecutive slices of `size` (the last may be shorter; none when empty). */
export function chunksOf<T>(items: readonly T[], size: number = WRITE_CHUNK): T[][] {
  if (!(size >= 1)) throw new RangeError(`chunk size ${size}`);
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
