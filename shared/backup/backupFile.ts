/**
 * The encrypted backup file (【03】第11条: regular backups of class-A data). Layout:
 *
 *   "DAICHO-BACKUP\n" | header length (4 bytes, big-endian) | header JSON (UTF-8) | ciphertext
 *
 * The header says how to derive the key (scrypt, memory-hard) and carries a key check so a wrong
 * password is told apart from a damaged file. The content is AES-256-GCM encrypted with the header as
 * associated data, so changing any byte of header or content is detected (authenticated encryption).
 */
import { gcm } from '@noble/ciphers/aes.js';
import { bytesToUtf8 } from '@noble/ciphers/utils.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';

export const BACKUP_FORMAT = 'daicho-backup/1';
const MAGIC = utf8ToBytes('DAICHO-BACKUP\n');

/** scrypt cost: N = 2^17, r = 8 (128 MiB, about a second), as OWASP recommends for scrypt. */
export const defaultKdf = { N: 2 ** 17, r: 8, p: 1 };
/** Bounds for a header's KDF parameters, so a crafted file cannot make the app allocate gigabytes. */
const kdfBounds = { maxN: 2 ** 20, maxR: 16, maxP: 4 };

const headerSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  appVersion: z.string().max(40),
  schemaVersion: z.number().int().min(1),
  createdAt: z.string().max(40),
  kdf: z.object({
    name: z.literal('scrypt'),
    N: z.number().int().min(2 ** 10).max(kdfBounds.maxN).refine((n) => (n & (n - 1)) === 0),
    r: z.number().int().min(1).max(kdfBounds.maxR),
    p: z.number().int().min(1).max(kdfBounds.maxP),
    salt: z.string().regex(/^[0-9a-f]{32,64}$/),
  }),
  cipher: z.literal('aes-256-gcm'),
  nonce: z.string().regex(/^[0-9a-f]{24}$/),
  /** SHA-256 of the key-check half of the derived key: wrong password vs damaged file. */
  keyCheck: z.string().regex(/^[0-9a-f]{64}$/),
});

export type BackupHeader = z.output<typeof headerSchema>;

export type BackupReadFailure = 'not-backup' | 'damaged' | 'wrong-password' | 'newer-version';

export type BackupReadResult = { ok: true; header: BackupHeader; content: unknown } | { ok: false; reason: BackupReadFailure };

async function deriveKeys(password: string, salt: Uint8Array, kdf: { N: number; r: number; p: number }) {
  const derived = await scryptAsync(utf8ToBytes(password.normalize('NFC')), salt, { ...kdf, dkLen: 64, maxmem: 2 ** 31 });
  return { key: derived.slice(0, 32), keyCheck: bytesToHex(sha256(derived.slice(32))) };
}

/**
 * Encrypts `content` (JSON-serialisable) under the password. Randomness (salt, nonce) is passed in so
 * the function stays pure; callers use the platform's CSPRNG.
 */
export async function writeBackup(
  content: unknown,
  password: string,
  options: { appVersion: string; schemaVersion: number; createdAt: string; random: (length: number) => Uint8Array; kdf?: { N: number; r: number; p: number } },
): Promise<Uint8Array> {
  const kdf = options.kdf ?? defaultKdf;
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
  };
  const headerBytes = utf8ToBytes(JSON.stringify(header));
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, headerBytes.length);
  const ciphertext = gcm(key, nonce, headerBytes).encrypt(utf8ToBytes(JSON.stringify(content)));
  return concatBytes(MAGIC, length, headerBytes, ciphertext);
}

/** Reads the header without the password (to refuse early a file that is not a backup). */
export function readBackupHeader(file: Uint8Array, currentSchemaVersion: number): { ok: true; header: BackupHeader; headerBytes: Uint8Array; body: Uint8Array } | { ok: false; reason: BackupReadFailure } {
  if (file.length < MAGIC.length + 4 || !MAGIC.every((byte, i) => file[i] === byte)) return { ok: false, reason: 'not-backup' };
  const headerLength = new DataView(file.buffer, file.byteOffset + MAGIC.length, 4).getUint32(0);
  const start = MAGIC.length + 4;
  if (headerLength > 4096 || start + headerLength + 16 > file.length) return { ok: false, reason: 'damaged' };
  const headerBytes = file.subarray(start, start + headerLength);
  let header: BackupHeader;
  try {
    const parsed = headerSchema.safeParse(JSON.parse(bytesToUtf8(headerBytes)));
    if (!parsed.success) return { ok: false, reason: 'damaged' };
    header = parsed.data;
  } catch {
    return { ok: false, reason: 'damaged' };
  }
  if (header.schemaVersion > currentSchemaVersion) return { ok: false, reason: 'newer-version' };
  return { ok: true, header, headerBytes, body: file.subarray(start + headerLength) };
}

/** Verifies and decrypts a backup. Nothing is returned unless every byte checks out. */
export async function readBackup(file: Uint8Array, password: string, currentSchemaVersion: number): Promise<BackupReadResult> {
  const head = readBackupHeader(file, currentSchemaVersion);
  if (!head.ok) return head;
  const { header, headerBytes, body } = head;
  const { key, keyCheck } = await deriveKeys(password, hexToBytes(header.kdf.salt), header.kdf);
  if (keyCheck !== header.keyCheck) return { ok: false, reason: 'wrong-password' };
  try {
    const plaintext = gcm(key, hexToBytes(header.nonce), headerBytes).decrypt(body);
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
};
