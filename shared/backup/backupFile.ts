/**
 * The encrypted, signed backup file (【03】第11条: regular backups of class-A data). Layout:
 *
 *   "DAICHO-BACKUP\n" | header length (4 bytes, big-endian) | header JSON (UTF-8) | ciphertext | signature (64 bytes)
 *
 * The header says how to derive the key (scrypt, memory-hard) and carries a key check so a wrong
 * password is told apart from a damaged file. The content is AES-256-GCM encrypted with the header as
 * associated data, so changing any byte of header or content is detected (authenticated encryption).
 *
 * Format 2 binds the backup to the section: the header names the signing key and an Ed25519
 * signature of this terminal's key covers everything before it. A password alone therefore no longer
 * lets someone decrypt a backup, add a manager account, re-encrypt it and have it restored: the edited
 * file no longer carries a signature of one of the section's keys. The signature is checked before
 * the (memory-hard) key derivation, and the KDF parameters are bounded before that, so a crafted file
 * costs nothing to refuse. Format 1 (unsigned) files are refused: accepting them "with a manager's
 * confirmation" would let an attacker simply strip the signature and ask for that confirmation.
 */
import { gcm } from '@noble/ciphers/aes.js';
import { bytesToUtf8 } from '@noble/ciphers/utils.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';

export const BACKUP_FORMAT = 'daicho-backup/2';
/** Backups written before they were signed (refused, see the header comment). */
const UNSIGNED_FORMAT = 'daicho-backup/1';
const MAGIC = utf8ToBytes('DAICHO-BACKUP\n');
const SIGNATURE_BYTES = 64;
/** Domain separation: a backup signature can never be taken for a ledger signature or the reverse. */
const SIGNATURE_CONTEXT = utf8ToBytes('daicho-backup-signature/1\n');

/** scrypt cost: N = 2^17, r = 8 (128 MiB, about a second), as OWASP recommends for scrypt. */
export const defaultKdf = { N: 2 ** 17, r: 8, p: 1 };
/**
 * The only KDF parameters a backup header may ask for: at most 2^18 x r 8 x 128 bytes = 256 MiB per
 * attempt and p <= 2. The earlier bound (N 2^20, r 16) let a crafted header demand 2 GiB per attempt.
 */
export const kdfBounds = { minN: 2 ** 10, maxN: 2 ** 18, r: 8, maxP: 2 } as const;

/** True when scrypt parameters are within `kdfBounds` (checked before any derivation). */
export function kdfIsSafe(kdf: { N: unknown; r: unknown; p: unknown }): boolean {
  const { N, r, p } = kdf;
  return (
    typeof N === 'number' && Number.isInteger(N) && N >= kdfBounds.minN && N <= kdfBounds.maxN && (N & (N - 1)) === 0 &&
    r === kdfBounds.r &&
    typeof p === 'number' && Number.isInteger(p) && p >= 1 && p <= kdfBounds.maxP
  );
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

const headerSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  appVersion: z.string().max(40),
  schemaVersion: z.number().int().min(1),
  createdAt: z.string().max(40),
  kdf: z.object({
    name: z.literal('scrypt'),
    N: z.number().int().min(kdfBounds.minN).max(kdfBounds.maxN).refine((n) => (n & (n - 1)) === 0),
    r: z.number().int().min(kdfBounds.r).max(kdfBounds.r),
    p: z.number().int().min(1).max(kdfBounds.maxP),
    salt: z.string().regex(/^[0-9a-f]{32,64}$/),
  }),
  cipher: z.literal('aes-256-gcm'),
  nonce: z.string().regex(/^[0-9a-f]{24}$/),
  /** SHA-256 of the key-check half of the derived key: wrong password vs damaged file. */
  keyCheck: hex64,
  /** The section key that signed the file (its fingerprint and public key, both under the signature). */
  signer: z.object({ keyId: z.string().max(40), publicKey: hex64 }),
});

export type BackupHeader = z.output<typeof headerSchema>;

export type BackupReadFailure = 'not-backup' | 'damaged' | 'wrong-password' | 'newer-version' | 'unsigned' | 'unsafe-kdf' | 'bad-signature' | 'unknown-signer';

/** Signs the backup: the section's key (see keyRepository's signerFor), injectable for tests. */
export interface BackupSigner {
  keyId: string;
  publicKey: string;
  sign(message: Uint8Array): Promise<Uint8Array> | Uint8Array;
}

export type BackupReadResult = { ok: true; header: BackupHeader; content: unknown } | { ok: false; reason: BackupReadFailure };

async function deriveKeys(password: string, salt: Uint8Array, kdf: { N: number; r: number; p: number }) {
  const derived = await scryptAsync(utf8ToBytes(password.normalize('NFC')), salt, { ...kdf, dkLen: 64, maxmem: 2 ** 29 });
  return { key: derived.slice(0, 32), keyCheck: bytesToHex(sha256(derived.slice(32))) };
}

/**
 * Encrypts `content` (JSON-serialisable) under the password. Randomness (salt, nonce) is passed in so
 * the function stays pure; callers use the platform's CSPRNG.
 */
export async function writeBackup(
  content: unknown,
  password: string,
  options: { appVersion: string; schemaVersion: number; createdAt: string; random: (length: number) => Uint8Array; signer: BackupSigner; kdf?: { N: number; r: number; p: number } },
): Promise<Uint8Array> {
  const kdf = options.kdf ?? defaultKdf;
  if (!kdfIsSafe(kdf)) throw new Error('writeBackup: KDF parameters outside kdfBounds');
  const salt = options.random(16);
  const nonce = options.random(12);
  const { key, keyCheck } = await deriveKeys(password, salt, kdf);
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    appVersion: options.appVersion,
    schemaVersion: options.schemaVersion,
    createdAt: options.createdAt,
    kdf: { name: 'scrypt', ...kdf, salt: bytesToHex(salt) },
    cipher: 'aes-256-gcm',
    nonce: bytesToHex(nonce),
    keyCheck,
    signer: { keyId: options.signer.keyId, publicKey: options.signer.publicKey },
  };
  const headerBytes = utf8ToBytes(JSON.stringify(header));
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, headerBytes.length);
  const ciphertext = gcm(key, nonce, headerBytes).encrypt(utf8ToBytes(JSON.stringify(content)));
  const signed = concatBytes(MAGIC, length, headerBytes, ciphertext);
  const signature = await options.signer.sign(signatureMessage(signed));
  if (signature.length !== SIGNATURE_BYTES) throw new Error('writeBackup: the signer did not return an Ed25519 signature');
  return concatBytes(signed, signature);
}

/** What the key signs: a context string and the SHA-256 of every byte before the signature. */
function signatureMessage(signedBytes: Uint8Array): Uint8Array {
  return concatBytes(SIGNATURE_CONTEXT, sha256(signedBytes));
}

type HeaderRead = { ok: true; header: BackupHeader; headerBytes: Uint8Array; ciphertext: Uint8Array; signature: Uint8Array; signedBytes: Uint8Array } | { ok: false; reason: BackupReadFailure };

/**
 * Reads the header without the password (to refuse early a file that is not a backup, an unsigned
 * one, or one whose KDF parameters are outside `kdfBounds`). Nothing expensive runs here.
 */
export function readBackupHeader(file: Uint8Array, currentSchemaVersion: number): HeaderRead {
  if (file.length < MAGIC.length + 4 || !MAGIC.every((byte, i) => file[i] === byte)) return { ok: false, reason: 'not-backup' };
  const headerLength = new DataView(file.buffer, file.byteOffset + MAGIC.length, 4).getUint32(0);
  const start = MAGIC.length + 4;
  if (headerLength > 4096 || start + headerLength + 16 > file.length) return { ok: false, reason: 'damaged' };
  const headerBytes = file.subarray(start, start + headerLength);
  let raw: unknown;
  try {
    raw = JSON.parse(bytesToUtf8(headerBytes));
  } catch {
    return { ok: false, reason: 'damaged' };
  }
  const format = (raw as { format?: unknown } | null)?.format;
  if (format === UNSIGNED_FORMAT) return { ok: false, reason: 'unsigned' };
  // The cost parameters are judged on their own, before the rest: a header asking for gigabytes is
  // refused as such even when other fields are odd too.
  const kdf = (raw as { kdf?: unknown } | null)?.kdf;
  if (format === BACKUP_FORMAT && kdf && typeof kdf === 'object' && !kdfIsSafe(kdf as { N: unknown; r: unknown; p: unknown })) return { ok: false, reason: 'unsafe-kdf' };
  const parsed = headerSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'damaged' };
  const header = parsed.data;
  if (header.schemaVersion > currentSchemaVersion) return { ok: false, reason: 'newer-version' };
  const end = file.length - SIGNATURE_BYTES;
  if (end < start + headerLength + 16) return { ok: false, reason: 'damaged' };
  return { ok: true, header, headerBytes, ciphertext: file.subarray(start + headerLength, end), signature: file.subarray(end), signedBytes: file.subarray(0, end) };
}

/**
 * Checks the signature and the signer, without the password. `acceptedKeys` are the public keys (hex)
 * of the section: this terminal's active and retired keys and the section's trusted keys.
 */
export function checkBackupSignature(file: Uint8Array, currentSchemaVersion: number, acceptedKeys: readonly string[]): HeaderRead {
  const head = readBackupHeader(file, currentSchemaVersion);
  if (!head.ok) return head;
  let valid = false;
  try {
    valid = ed25519.verify(head.signature, signatureMessage(head.signedBytes), hexToBytes(head.header.signer.publicKey));
  } catch {
    valid = false;
  }
  // Tampering (content edited, header altered, signature cut) is told apart from "another key signed it".
  if (!valid) return { ok: false, reason: 'bad-signature' };
  if (!acceptedKeys.includes(head.header.signer.publicKey)) return { ok: false, reason: 'unknown-signer' };
  return head;
}

/**
 * Verifies and decrypts a backup: header bounds, then the signature of one of `acceptedKeys`, then the
 * password (scrypt) and the authenticated decryption. Nothing is returned unless every byte checks out.
 */
export async function readBackup(file: Uint8Array, password: string, currentSchemaVersion: number, acceptedKeys: readonly string[]): Promise<BackupReadResult> {
  const head = checkBackupSignature(file, currentSchemaVersion, acceptedKeys);
  if (!head.ok) return head;
  const { header, headerBytes, ciphertext } = head;
  const { key, keyCheck } = await deriveKeys(password, hexToBytes(header.kdf.salt), header.kdf);
  if (keyCheck !== header.keyCheck) return { ok: false, reason: 'wrong-password' };
  try {
    const plaintext = gcm(key, hexToBytes(header.nonce), headerBytes).decrypt(ciphertext);
    return { ok: true, header, content: JSON.parse(bytesToUtf8(plaintext)) };
  } catch {
    return { ok: false, reason: 'damaged' };
  }
}

export const backupReadMessages: Record<BackupReadFailure, string> = {
  'not-backup': 'このファイルは Daichō のバックアップではありません。バックアップファイル（.daicho-backup）を選んでください。台帳は変更されていません。',
  damaged: 'バックアップファイルが壊れているか、途中で切れています。別のバックアップを選んでください。台帳は変更されていません。',
  'wrong-password': 'パスワードが違います。バックアップを作成したときのパスワードを入力してください。台帳は変更されていません。',
  'newer-version': 'このバックアップは新しいバージョンの Daichō で作成されています。新しいバージョンで復元してください。台帳は変更されていません。',
  unsigned:
    'このバックアップは署名のない古い形式のため、復元できません（内容が書き換えられていないことを確かめられません）。台帳は変更されていません。今の台帳から新しいバックアップを作成してください。古いバックアップの内容が必要な場合は、情報セキュリティ事務局に相談してください。',
  'unsafe-kdf': 'このバックアップは、安全な範囲を超える鍵導出の設定を求めています（改ざんされたファイルの可能性）。処理を行わずに中止しました。台帳は変更されていません。セキュリティ管理者に報告してください。',
  'bad-signature': 'バックアップの署名が一致しません。作成後にファイルが書き換えられています。台帳は変更されていません。このファイルは使わず、セキュリティ管理者に報告してください。',
  'unknown-signer':
    'このバックアップは、この課の署名鍵（使用中・使用終了・信頼する鍵）で署名されていません。別の課や別の端末で作られたか、作り直されたファイルです。台帳は変更されていません。この課の端末で作成したバックアップを選んでください。交換した端末で復元する場合は、先に元の端末の公開鍵を「信頼する鍵」に登録してください。',
};
