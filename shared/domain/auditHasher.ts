/**
 * Re-hashing audit entries for a full verification of the chain (【07】第17条: logs protected from
 * change or deletion; issue 15: a million entries in seconds). The bytes hashed are exactly
 * hashAuditEntry's (the canonical form of every field but `hash`, UTF-8, SHA-256), but computed
 * synchronously with @noble/hashes into one reused buffer, and compared with the stored hex without
 * building a hex string: one awaited WebCrypto call per entry cost more in promise and thread hops
 * than the hash itself, and a million small allocations keep the collector busy.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type { AuditEntry } from './auditChain';
import { auditEntryCanonical, digestToHex } from './auditRanges';

/** Character codes of lower-case hex digits, by value (hashes are stored in lower case). */
const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** Whether `hex` is exactly the lower-case hex of `digest` (any other value, or type, is not). */
export function digestEqualsHex(digest: Uint8Array, hex: unknown): boolean {
  if (typeof hex !== 'string' || hex.length !== digest.length * 2) return false;
  for (let i = 0; i < digest.length; i++) {
    const byte = digest[i]!;
    if (hex.charCodeAt(2 * i) !== HEX_CODES[byte >> 4] || hex.charCodeAt(2 * i + 1) !== HEX_CODES[byte & 15]) return false;
  }
  return true;
}

/**
 * One hasher per thread (it keeps a buffer): `digest` is the SHA-256 of an entry's canonical form,
 * the same bytes hashAuditEntry hashes; `matches` tells whether the entry's stored hash is that digest.
 */
export class AuditChainHasher {
  private buffer = new Uint8Array(4096);
  private readonly encoder = new TextEncoder();

  /** SHA-256 of the entry's canonical form (a fresh array: the caller may keep it). */
  digest(entry: AuditEntry): Uint8Array {
    const text = auditEntryCanonical(entry);
    // UTF-8 needs at most 3 bytes per UTF-16 unit: grow the buffer before, never truncate.
    if (text.length * 3 > this.buffer.length) this.buffer = new Uint8Array(Math.max(text.length * 3, this.buffer.length * 2));
    const { written } = this.encoder.encodeInto(text, this.buffer);
    return sha256(this.buffer.subarray(0, written));
  }

  /** Lower-case hex of `digest(entry)`. */
  hex(entry: AuditEntry): string {
    return digestToHex(this.digest(entry));
  }

  /** Whether `entry.hash` is the hash of the entry's own content. */
  matches(entry: AuditEntry): boolean {
    return digestEqualsHex(this.digest(entry), entry.hash);
  }
}
