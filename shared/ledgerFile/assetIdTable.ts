/**
 * A set of asset IDs in a few typed arrays, numbering each ID in the order it was first added, for
 * `daicho merge` of many sections' ledgers (400,000 IDs for 200 sections of 2,000 assets).
 *
 * Why not a `Map<string, number>`: measured at 400,000 IDs, the map, its keys (each a string object of
 * its own) and their share of the garbage collector's headroom cost the merge about 80 bytes an ID of
 * live heap and far more in peak RSS; here an ID costs its code units (one byte each when all are
 * below U+0100, as asset IDs are) and about 24 bytes of table, outside the JavaScript heap's objects.
 *
 * Open addressing with linear probing, keyed by a 32-bit hash of the ID. The hash only finds where to
 * look: two IDs are the same entry only when their code units are equal, so a hash collision can never
 * make two different assets one (the tests force every ID onto one hash to show it).
 */

/** FNV-1a over the UTF-16 code units, then murmur3's finaliser so that linear probing sees spread bits. */
export function assetIdHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export interface AssetIdTable {
  /** How many distinct IDs were added. */
  readonly size: number;
  /** The entry (0, 1, 2… in the order first added) holding exactly `id`, or -1. */
  find(id: string): number;
  /** The entry holding exactly `id`, added as the next entry when it is new. */
  add(id: string): { entry: number; added: boolean };
}

// An entry's length word: its code units, with this bit set when they are stored two bytes each.
const WIDE = 0x80000000;

/**
 * An empty table. `hash` is for tests only (a constant one puts every ID in one probe chain); it must
 * return an unsigned 32-bit integer and the same value for the same ID.
 */
export function createAssetIdTable(hash: (id: string) => number = assetIdHash): AssetIdTable {
  // Slots hold entry + 1 (0: empty); the table is kept at most half full, so probe chains stay short.
  let slots = new Int32Array(1024);
  let mask = slots.length - 1;
  // Per entry: its hash (most probes end on a differing hash without reading the ID), where its code
  // units start in `units`, and their count (WIDE when stored two bytes each).
  let hashes = new Uint32Array(512);
  let starts = new Uint32Array(512);
  let lengths = new Uint32Array(512);
  let units = new Uint8Array(4096);
  let used = 0;
  let size = 0;

  /** Whether entry `e` holds exactly the code units of `id` (stored one byte each iff all are below 256). */
  const holds = (e: number, id: string, wide: boolean): boolean => {
    const length = lengths[e]!;
    if (length !== (wide ? (id.length | WIDE) >>> 0 : id.length)) return false;
    const start = starts[e]!;
    if (wide) {
      for (let i = 0; i < id.length; i++) {
        const at = start + 2 * i;
        if ((units[at]! | (units[at + 1]! << 8)) !== id.charCodeAt(i)) return false;
      }
    } else {
      for (let i = 0; i < id.length; i++) if (units[start + i] !== id.charCodeAt(i)) return false;
    }
    return true;
  };

  const isWide = (id: string) => {
    for (let i = 0; i < id.length; i++) if (id.charCodeAt(i) > 0xff) return true;
    return false;
  };

  /** The slot holding `id`, or the empty slot where it would go. */
  const probe = (id: string, h: number, wide: boolean): number => {
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const e = slots[s]! - 1;
      if (e < 0 || (hashes[e] === h && holds(e, id, wide))) return s;
    }
  };

  const grown = <T extends Uint8Array | Uint32Array>(array: T, needed: number, make: (n: number) => T): T => {
    if (needed <= array.length) return array;
    let length = array.length;
    while (length < needed) length *= 2;
    const bigger = make(length);
    bigger.set(array);
    return bigger;
  };

  const rehash = () => {
    slots = new Int32Array(slots.length * 2);
    mask = slots.length - 1;
    for (let e = 0; e < size; e++) {
      let s = hashes[e]! & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = e + 1;
    }
  };

  return {
    get size() {
      return size;
    },
    find(id) {
      const e = slots[probe(id, hash(id) >>> 0, isWide(id))]! - 1;
      return e;
    },
    add(id) {
      const h = hash(id) >>> 0;
      const wide = isWide(id);
      const s = probe(id, h, wide);
      if (slots[s] !== 0) return { entry: slots[s]! - 1, added: false };
      const e = size;
      const bytes = wide ? id.length * 2 : id.length;
      units = grown(units, used + bytes, (n) => new Uint8Array(n));
      if (wide) {
        for (let i = 0; i < id.length; i++) {
          const c = id.charCodeAt(i);
          units[used + 2 * i] = c & 0xff;
          units[used + 2 * i + 1] = c >>> 8;
        }
      } else {
        for (let i = 0; i < id.length; i++) units[used + i] = id.charCodeAt(i);
      }
      hashes = grown(hashes, e + 1, (n) => new Uint32Array(n));
      starts = grown(starts, e + 1, (n) => new Uint32Array(n));
      lengths = grown(lengths, e + 1, (n) => new Uint32Array(n));
      hashes[e] = h;
      starts[e] = used;
      lengths[e] = wide ? (id.length | WIDE) >>> 0 : id.length;
      used += bytes;
      size++;
      slots[s] = e + 1;
      if (size * 2 > slots.length) rehash();
      return { entry: e, added: true };
    },
  };
}
