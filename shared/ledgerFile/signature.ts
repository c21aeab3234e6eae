/**
 * Signing a ledger export (【03】第10条, 【07】第21–22条): an Ed25519 signature over the canonical form of
 * every exported cell and the metadata, so any changed, added, removed or reordered cell, and any
 * change to the metadata, is detected. Per-row digests (covered by the signature) let the verifier say
 * which row changed.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from '../domain/canonicalJson';

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
  rowDigests: string[];
  signature: string;
}

const digest = (value: unknown) => bytesToHex(sha256(utf8ToBytes(canonicalJson(value))));

/** The bytes that are signed: metadata, header, and every row's digest in order. */
function signedBytes(meta: LedgerMeta, header: readonly string[], rowDigests: readonly string[]): Uint8Array {
  return utf8ToBytes(canonicalJson({ meta, header, rowDigests }));
}

/** A short code for a public key that can be read aloud over the phone: XXXX-XXXX-XXXX. */
export function keyFingerprint(publicKeyHex: string): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'; // no 0/O, 1/I: easy to read aloud
  const bytes = sha256(hexToBytes(publicKeyHex));
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < 12) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length >= 12) break;
  }
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8, 12)}`;
}

/**
 * Who signs: the public key (hex) and a function producing an Ed25519 signature. The app signs with a
 * non-extractable WebCrypto key (the private key never leaves the browser's key store); the CLI with
 * a key it decrypted from its key file (see `secretKeySigner`).
 */
export interface LedgerSigner {
  publicKey: string;
  sign(message: Uint8Array): Promise<Uint8Array> | Uint8Array;
}

/** A signer over a raw 32-byte Ed25519 secret key (CLI, tests). */
export function secretKeySigner(secretKey: Uint8Array): LedgerSigner {
  return { publicKey: bytesToHex(ed25519.getPublicKey(secretKey)), sign: (message) => ed25519.sign(message, secretKey) };
}

/** Signs the sheet's cells and metadata (【03】第10条: integrity of information taken out). */
export async function signLedger(header: readonly string[], rows: readonly (readonly string[])[], meta: Omit<LedgerMeta, 'keyId' | 'rowCount' | 'format'>, signer: LedgerSigner): Promise<SignedPart> {
  const full: LedgerMeta = { format: LEDGER_FORMAT, ...meta, keyId: keyFingerprint(signer.publicKey), rowCount: rows.length };
  const rowDigests = rows.map(digest);
  const signature = bytesToHex(await signer.sign(signedBytes(full, header, rowDigests)));
  return { meta: full, publicKey: signer.publicKey, rowDigests, signature };
}

export type LedgerVerification =
  | { ok: true; meta: LedgerMeta }
  | { ok: false; reason: 'bad-signature' | 'key-mismatch' }
  | { ok: false; reason: 'row-changed'; row: number }
  | { ok: false; reason: 'rows-added-or-removed'; expected: number; actual: number };

/**
 * Verifies the sheet against its signed part: the signature over metadata, header and row digests
 * (any change to those fails it), then each row against its digest, naming the first changed row
 * (counted from 1 below the header). Whether the signer is trusted is the caller's next check.
 */
export function verifyLedger(header: readonly string[], rows: readonly (readonly string[])[], signed: SignedPart): LedgerVerification {
  if (keyFingerprint(signed.publicKey) !== signed.meta.keyId) return { ok: false, reason: 'key-mismatch' };
  let valid = false;
  try {
    valid = ed25519.verify(hexToBytes(signed.signature), signedBytes(signed.meta, header, signed.rowDigests), hexToBytes(signed.publicKey));
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: 'bad-signature' };
  if (rows.length !== signed.rowDigests.length || rows.length !== signed.meta.rowCount) return { ok: false, reason: 'rows-added-or-removed', expected: signed.meta.rowCount, actual: rows.length };
  const changed = rows.findIndex((row, i) => digest(row) !== signed.rowDigests[i]);
  if (changed >= 0) return { ok: false, reason: 'row-changed', row: changed + 1 };
  return { ok: true, meta: signed.meta };
}
