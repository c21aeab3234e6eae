/**
 * Large arrays of a worker's answer travel in slices (protocol.ts `part`): the UI thread deserialises
 * each message in its own task, so 100,000 imported rows cost many tasks of a few milliseconds
 * instead of one of over a second. `splitParts` runs in the worker, `joinParts` on the UI thread.
 */

/**
 * Items per `part` message: about 0.5–1.5 MB of assets, a few milliseconds to deserialise. 2,000 made
 * messages of up to ~300 ms on a loaded 2-core terminal (restore check of 100,000 assets).
 */
export const PART_SIZE = 1_000;

export interface Part {
  path: string;
  items: unknown[];
}

function holderOf(root: Record<string, unknown>, path: string): { holder: Record<string, unknown>; key: string } | null {
  const keys = path.split('.');
  let holder: unknown = root;
  for (const key of keys.slice(0, -1)) {
    if (typeof holder !== 'object' || holder === null || !Object.hasOwn(holder, key)) return null;
    holder = (holder as Record<string, unknown>)[key];
  }
  return typeof holder === 'object' && holder !== null ? { holder: holder as Record<string, unknown>, key: keys.at(-1)! } : null;
}

/**
 * Takes the arrays at `paths` out of `output` (copying only the objects on the way, not the arrays'
 * items) and returns them in slices of `size`; `rest` has an empty array in their place.
 */
export function splitParts(output: unknown, paths: readonly string[], size = PART_SIZE): { rest: unknown; parts: Part[] } {
  if (typeof output !== 'object' || output === null || paths.length === 0) return { rest: output, parts: [] };
  const rest = { ...(output as Record<string, unknown>) };
  const parts: Part[] = [];
  for (const path of paths) {
    // Copy each object on the path, so the job's own answer is not changed.
    const keys = path.split('.');
    let node: Record<string, unknown> = rest;
    let found = true;
    for (const key of keys.slice(0, -1)) {
      const next = Object.hasOwn(node, key) ? node[key] : undefined;
      if (typeof next !== 'object' || next === null) {
        found = false;
        break;
      }
      node = node[key] = { ...(next as Record<string, unknown>) };
    }
    const last = keys.at(-1)!;
    const items = found && Object.hasOwn(node, last) ? node[last] : undefined;
    if (!Array.isArray(items)) continue;
    node[last] = [];
    for (let start = 0; start < items.length; start += size) parts.push({ path, items: items.slice(start, start + size) });
  }
  return { rest, parts };
}

/**
 * Puts the slices back into the answer, in the order they came. A part for a path the job does not
 * declare, or whose place in the answer is not an array, makes the answer malformed (returns false).
 */
export function joinParts(output: unknown, parts: ReadonlyMap<string, unknown[]>, allowed: readonly string[]): boolean {
  for (const [path, items] of parts) {
    if (!allowed.includes(path) || typeof output !== 'object' || output === null) return false;
    const place = holderOf(output as Record<string, unknown>, path);
    if (!place || !Array.isArray(place.holder[place.key]) || (place.holder[place.key] as unknown[]).length !== 0) return false;
    place.holder[place.key] = items;
  }
  return true;
}
