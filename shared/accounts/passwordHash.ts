/**
 * Password storage: only a salted scrypt hash is kept (memory-hard, so a stolen database is slow to
 * attack). New hashes use N = 2^17, r = 8, p = 1 (128 MiB, OWASP's recommendation for scrypt), a
 * 16-byte random salt and a 32-byte key; the parameters are stored with the hash so they can be raised
 * later without breaking existing accounts. Hashes made at the earlier N = 2^15 still verify and are
 * replaced at the next successful login (see `needsRehash`).
 *
 * Stored parameters are untrusted (a crafted backup or an edited database can carry any numbers): they
 * are checked against a range before any work, so a record cannot demand gigabytes per attempt.
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';

/** The parameters every new hash is made with in the app (【07】第9条: passwords stored safely). */
export const passwordHashParams = { N: 2 ** 17, r: 8, p: 1, dkLen: 32 } as const;

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export interface PasswordHash {
  algorithm: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
  hash: string;
}

/**
 * The stored parameters the app accepts. Below `minN` a stolen hash is too cheap to attack; above
 * `maxN` (or with a larger r or p) one login attempt could demand more memory and time than an
 * office PC has (a denial of service planted in a backup).
 */
export interface KdfRange {
  minN: number;
  maxN: number;
  r: number;
  maxP: number;
}

/** The range for stored hashes in the app: N from 2^14 (older versions) to 2^18, r = 8, p ≤ 2. */
export const passwordKdfRange: KdfRange = { minN: 2 ** 14, maxN: 2 ** 18, r: 8, maxP: 2 };

const storedHashSchema = z.object({
  algorithm: z.literal('scrypt'),
  N: z.number().int(),
  r: z.number().int(),
  p: z.number().int(),
  // 16–64 random bytes as hex; the key is always 32 bytes.
  salt: z.string().regex(/^(?:[0-9a-f]{2}){16,64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});

export type KdfCheck = { ok: true; stored: PasswordHash } | { ok: false; reason: 'malformed' | 'unsafe-parameters' };

/**
 * Whether a stored hash may be verified at all: its shape parses, N is a power of two within the
 * range, r is the expected block size and p is small. Pure and cheap: call it before any scrypt work.
 */
export function checkStoredHash(stored: unknown, range: KdfRange = passwordKdfRange): KdfCheck {
  const parsed = storedHashSchema.safeParse(stored);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  const { N, r, p } = parsed.data;
  const powerOfTwo = N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N < range.minN || N > range.maxN || r !== range.r || p < 1 || p > range.maxP) return { ok: false, reason: 'unsafe-parameters' };
  return { ok: true, stored: parsed.data };
}

/** Whether a verified hash should be replaced by one at the current parameters (made weaker than them). */
export function needsRehash(stored: Pick<PasswordHash, 'N' | 'r' | 'p'>, params: ScryptParams = passwordHashParams): boolean {
  return stored.N < params.N || stored.r !== params.r || stored.p !== params.p;
}

/**
 * A stand-in hash for a user ID that does not exist (or cannot sign in): verifying against it costs
 * a full scrypt at the given parameters, so the time taken does not tell whether the ID exists. The
 * key is all zeros: no password derives it.
 */
export function dummyHash(params: ScryptParams = passwordHashParams): PasswordHash {
  return { algorithm: 'scrypt', N: params.N, r: params.r, p: params.p, salt: '00'.repeat(16), hash: '00'.repeat(32) };
}

/** Hashes a password with a caller-supplied random salt (the domain stays free of randomness). */
export async function hashPassword(password: string, salt: Uint8Array, params: ScryptParams = passwordHashParams): Promise<PasswordHash> {
  const key = await scryptAsync(utf8ToBytes(password.normalize('NFC')), salt, { N: params.N, r: params.r, p: params.p, dkLen: passwordHashParams.dkLen });
  return { algorithm: 'scrypt', N: params.N, r: params.r, p: params.p, salt: bytesToHex(salt), hash: bytesToHex(key) };
}

/** Checks a password against a stored hash, comparing in constant time. Check the range first. */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const key = await scryptAsync(utf8ToBytes(password.normalize('NFC')), hexToBytes(stored.salt), { N: stored.N, r: stored.r, p: stored.p, dkLen: passwordHashParams.dkLen });
  const expected = hexToBytes(stored.hash);
  if (key.length !== expected.length) return false;
  let difference = 0;
  for (let i = 0; i < key.length; i++) difference |= key[i]! ^ expected[i]!;
  return difference === 0;
}
