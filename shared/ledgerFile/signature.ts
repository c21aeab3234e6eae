/**
 * Signing a ledger export (【03】第10条, 【07】第21–22条): an Ed25519 signature over the metadata, the
 * header and a SHA-256 of every exported cell in order, so any changed, added, removed or reordered
 * cell, and any change to the metadata, is detected. Beside it, a short check value per row (also
 * signed) lets the verifier say which row changed; integrity rests on the SHA-256 alone.
 *
 * An export may also carry the audit log's anchor (tree head, chain head and consistency proofs, see
 * auditLog.ts) so the receiver can check the section's log off the terminal. It is signed with the
 * rest when present and left out of the signed bytes when absent, so every ledger exported by earlier
 * builds still verifies byte for byte.
 *
 * The SHA-256 runs once over all rows through WebCrypto (native in Node and Chromium): hashing each of
 * 100,000 rows in JavaScript took about 1.7 s on the reference machine, this takes a fraction.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from '../domain/canonicalJson';
import type { AuditAnchorInFile } from '../domain/auditLog';

export const LEDGER_FORMAT = 'daicho-ledger/1';

export interface LedgerMeta {
  format: typeof LEDGER_FORMAT;
  organisation: string;
  section: string;
  /** Fingerprint of the signing key (see `keyFingerprint`). */
  keyId: string;
  /** Increases with every export by this key: an older or equal one is a replay. */
  sequence: number;
  exportedAt: string;
  profileId: string;
  appVersion: string;
  rowCount: number;
}

export interface SignedPart {
  meta: LedgerMeta;
  publicKey: string;
  /** SHA-256 (hex) over the SHA-256s of blocks of 1,000 rows (canonical form, one JSON array per line). */
  rowsHash: string;
  /** 8 hex characters per row (FNV-1a of its canonical form), to name a changed row. */
  rowChecks: string;
  /** The audit log's anchor at export time (optional: ledgers from earlier builds have none). */
  audit?: AuditAnchorInFile;
  signature: string;
}

/** A row's canonical form. Rows are arrays of strings, for which JSON.stringify is canonical. */
const rowText = (row: readonly string[]) => JSON.stringify(row);

/** Rows are hashed in blocks so a 100,000-row ledger never needs its whole text in memory at once. */
const HASH_BLOCK = 1000;

export interface RowDigests {
  rowsHash: string;
  rowChecks: string;
  count: number;
}

/** A SHA-256 function: WebCrypto's (asynchronous, native everywhere) unless one is passed in. */
export type Sha256 = (data: Uint8Array<ArrayBuffer>) => Promise<Uint8Array> | Uint8Array;
const webCryptoSha256: Sha256 = async (data) => new Uint8Array(await crypto.subtle.digest('SHA-256', data));

/** A row digester: rows in, the hash and check values to sign or verify out (see `createRowDigester`). */
export interface RowDigester {
  add(row: readonly string[]): void;
  /**
   * A row already in its canonical form: `utf8` is exactly the UTF-8 encoding of `JSON.stringify(row)`
   * and `check` that text's check value (`rowCheck`). The CLI's verify scans the sheet's bytes and
   * hands rows over this way, never making a string per cell; the digests are the same as from `add`.
   */
  addCanonical(utf8: Uint8Array, check: number): void;
  finish(): Promise<RowDigests>;
}

/**
 * Takes rows one at a time (as a file is read) and gives the hash and check values to sign or verify.
 * Each block's SHA-256 starts as soon as the block is full; nothing keeps the rows themselves. While a
 * file is read synchronously, WebCrypto's answers wait in memory; the CLI passes Node's synchronous
 * hash so that a 100,000-row verify stays small. A block's rows are encoded into one reused buffer
 * (the UTF-8 of `rows.join('\n')`, byte for byte what was hashed when the block was joined as text).
 */
export function createRowDigester(sha256: Sha256 = webCryptoSha256): RowDigester {
  const encoder = new TextEncoder();
  const blocks: (Promise<Uint8Array> | Uint8Array)[] = [];
  let buffer = new Uint8Array(1 << 20);
  let length = 0;
  let rowsInBlock = 0;
  // Check values as numbers (4 bytes a row; as 8-character strings they were ~40), hex only at the end:
  // `daicho merge` digests 400,000 rows and keeps these until it signs.
  let checks = new Uint32Array(1024);
  let count = 0;
  const reserve = (bytes: number) => {
    if (length + bytes <= buffer.length) return;
    const grown = new Uint8Array(Math.max(buffer.length * 2, length + bytes));
    grown.set(buffer.subarray(0, length));
    buffer = grown;
  };
  const flush = () => {
    if (rowsInBlock === 0) return;
    // A copy: the buffer is reused, and an asynchronous hash may read its input later.
    blocks.push(sha256(buffer.slice(0, length)));
    length = 0;
    rowsInBlock = 0;
  };
  const counted = (check: number) => {
    if (count === checks.length) {
      const grown = new Uint32Array(checks.length * 2);
      grown.set(checks);
      checks = grown;
    }
    checks[count] = check;
    count++;
    rowsInBlock++;
    if (rowsInBlock === HASH_BLOCK) flush();
  };
  return {
    add(row) {
      const text = rowText(row);
      // At most 3 UTF-8 bytes per UTF-16 unit (JSON.stringify leaves no lone surrogate), and the '\n'.
      reserve(text.length * 3 + 1);
      if (rowsInBlock > 0) buffer[length++] = 0x0a;
      length += encoder.encodeInto(text, buffer.subarray(length)).written;
      counted(rowCheck(text));
    },
    addCanonical(utf8, check) {
      reserve(utf8.length + 1);
      if (rowsInBlock > 0) buffer[length++] = 0x0a;
      buffer.set(utf8, length);
      length += utf8.length;
      counted(check >>> 0);
    },
    async finish() {
      flush();
      const digests = await Promise.all(blocks);
      const all = new Uint8Array(digests.length * 32);
      digests.forEach((d, i) => all.set(d, i * 32));
      const result = { rowsHash: bytesToHex(await sha256(all)), rowChecks: checksHex(checks, count), count };
      checks = new Uint32Array(0);
      buffer = new Uint8Array(0);
      return result;
    },
  };
}

async function digestRows(rows: readonly (readonly string[])[]): Promise<RowDigests> {
  const digester = createRowDigester();
  for (const row of rows) digester.add(row);
  return digester.finish();
}

const HEX_DIGITS = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/**
 * The check values as 8 lowercase hex digits each, written as bytes and decoded once (100,000
 * `toString(16).padStart(8, '0')` strings, joined, took a noticeable part of a verify).
 */
function checksHex(checks: Uint32Array, count: number): string {
  const digits = new Uint8Array(count * 8);
  for (let i = 0, at = 0; i < count; i++) {
    const value = checks[i]!;
    for (let shift = 28; shift >= 0; shift -= 4) digits[at++] = HEX_DIGITS[(value >>> shift) & 15]!;
  }
  return new TextDecoder().decode(digits);
}

/** The FNV-1a offset basis and prime (32-bit), for `rowCheck` and a caller that folds it in as it goes. */
export const ROW_CHECK_BASIS = 0x811c9dc5;
export const ROW_CHECK_PRIME = 0x01000193;

/** FNV-1a (32-bit) over UTF-16 code units: only locates a changed row, never vouches for one. */
export function rowCheck(text: string): number {
  let hash = ROW_CHECK_BASIS;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), ROW_CHECK_PRIME);
  return hash >>> 0;
}

/**
 * The bytes that are signed: metadata, header, the hash of all rows, the row check values and, only
 * when present, the audit anchor (absent, the bytes are exactly those earlier builds signed).
 */
function signedBytes(meta: LedgerMeta, header: readonly string[], hash: string, checks: string, audit: AuditAnchorInFile | undefined): Uint8Array {
  return utf8ToBytes(canonicalJson({ meta, header, rowsHash: hash, rowChecks: checks, ...(audit ? { audit } : {}) }));
}

/** Characters of a key fingerprint: 100 bits, compared by reading them aloud over the phone. */
export const FINGERPRINT_LENGTH = 20;
/** The fingerprint length before 2026-11 (60 bits): still found in the metadata of older ledgers. */
export const LEGACY_FINGERPRINT_LENGTH = 12;
/** No 0/O or 1/I: every character can be read aloud without doubt. */
export const FINGERPRINT_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * A code for a public key that people compare by reading it aloud over the phone (【07】第21–22条:
 * keys are confirmed before they are trusted): the first 100 bits of the SHA-256 of the key, 5 bits a
 * character, in groups of four, XXXX-XXXX-XXXX-XXXX-XXXX. 100 bits leave no room to make a second key
 * with the same code (the 60 bits used before could be matched by a determined attacker). The earlier
 * 12-character form is the first three groups of this one.
 */
export function keyFingerprint(publicKeyHex: string): string {
  const bytes = sha256(hexToBytes(publicKeyHex));
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < FINGERPRINT_LENGTH) {
      out += FINGERPRINT_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length >= FINGERPRINT_LENGTH) break;
  }
  return out.match(/.{4}/g)!.join('-');
}

/**
 * True when `keyId` names this public key: its fingerprint, or the 12-character form that ledgers
 * signed before 2026-11 carry (so they still verify). Whether the key is trusted is decided on the
 * public key itself, never on this ID.
 */
export function isKeyIdOf(publicKeyHex: string, keyId: string): boolean {
  const full = keyFingerprint(publicKeyHex);
  return keyId === full || keyId === full.slice(0, LEGACY_FINGERPRINT_LENGTH + 2);
}

/**
 * Who signs: the public key (hex) and a function producing an Ed25519 signature. The desktop app signs
 * in its main process with a key kept under the operating system's protection (DPAPI on Windows), the
 * browser preview with a WebCrypto key kept in the browser's data; the CLI with a key it decrypted
 * from its key file (see `secretKeySigner`).
 */
export interface LedgerSigner {
  publicKey: string;
  sign(message: Uint8Array): Promise<Uint8Array> | Uint8Array;
}

/** A signer over a raw 32-byte Ed25519 secret key (CLI, tests). */
export function secretKeySigner(secretKey: Uint8Array): LedgerSigner {
  return { publicKey: bytesToHex(ed25519.getPublicKey(secretKey)), sign: (message) => ed25519.sign(message, secretKey) };
}

/**
 * Signs the sheet's cells and metadata (【03】第10条: integrity of information taken out) and, when
 * given, the audit log's anchor (【07】第17条: the log's head leaves the terminal with every export).
 */
export async function signLedger(header: readonly string[], rows: readonly (readonly string[])[], meta: Omit<LedgerMeta, 'keyId' | 'rowCount' | 'format'>, signer: LedgerSigner, audit?: AuditAnchorInFile): Promise<SignedPart> {
  return signDigests(header, await digestRows(rows), meta, signer, audit);
}

/**
 * The same signature from digests taken while the rows streamed past (`createRowDigester`): the CLI's
 * merge signs a ledger it never holds whole. `rowCount` is the number of rows digested.
 */
export async function signDigests(header: readonly string[], digests: RowDigests, meta: Omit<LedgerMeta, 'keyId' | 'rowCount' | 'format'>, signer: LedgerSigner, audit?: AuditAnchorInFile): Promise<SignedPart> {
  const full: LedgerMeta = { format: LEDGER_FORMAT, ...meta, keyId: keyFingerprint(signer.publicKey), rowCount: digests.count };
  const { rowsHash, rowChecks } = digests;
  const signature = bytesToHex(await signer.sign(signedBytes(full, header, rowsHash, rowChecks, audit)));
  return { meta: full, publicKey: signer.publicKey, rowsHash, rowChecks, ...(audit ? { audit } : {}), signature };
}

export type LedgerVerification =
  | { ok: true; meta: LedgerMeta }
  | { ok: false; reason: 'bad-signature' | 'key-mismatch' }
  /** `row` counts from 1 below the header; null when the changed row cannot be named. */
  | { ok: false; reason: 'row-changed'; row: number | null }
  | { ok: false; reason: 'rows-added-or-removed'; expected: number; actual: number };

/**
 * Verifies the sheet against its signed part: the signature over metadata, header and row digests
 * (any change to those fails it), then each row against its digest, naming the first changed row
 * (counted from 1 below the header). Whether the signer is trusted is the caller's next check.
 */
export async function verifyLedger(header: readonly string[], rows: readonly (readonly string[])[], signed: SignedPart): Promise<LedgerVerification> {
  return verifyDigests(header, await digestRows(rows), signed);
}

/** The same check from digests taken while the rows streamed past (see `createRowDigester`). */
export function verifyDigests(header: readonly string[], digests: RowDigests, signed: SignedPart): LedgerVerification {
  if (!isKeyIdOf(signed.publicKey, signed.meta.keyId)) return { ok: false, reason: 'key-mismatch' };
  let valid = false;
  try {
    valid = ed25519.verify(hexToBytes(signed.signature), signedBytes(signed.meta, header, signed.rowsHash, signed.rowChecks, signed.audit), hexToBytes(signed.publicKey));
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: 'bad-signature' };
  if (digests.count !== signed.meta.rowCount || signed.rowChecks.length !== digests.count * 8) return { ok: false, reason: 'rows-added-or-removed', expected: signed.meta.rowCount, actual: digests.count };
  if (digests.rowsHash === signed.rowsHash) return { ok: true, meta: signed.meta };
  for (let i = 0; i < digests.count; i++) {
    if (digests.rowChecks.slice(i * 8, i * 8 + 8) !== signed.rowChecks.slice(i * 8, i * 8 + 8)) return { ok: false, reason: 'row-changed', row: i + 1 };
  }
  return { ok: false, reason: 'row-changed', row: null };
}
