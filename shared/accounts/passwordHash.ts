/**
 * Password storage: only a salted scrypt hash is kept (memory-hard, so a stolen database is slow to
 * attack). Parameters: N = 2^15, r = 8, p = 1 (32 MiB, about 0.1–0.3 s per attempt on an office PC),
 * 16-byte random salt, 32-byte key; stored with the hash so they can be raised later without breaking
 * existing accounts.
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';

export const passwordHashParams = { N: 2 ** 15, r: 8, p: 1, dkLen: 32 } as const;

export interface PasswordHash {
  algorithm: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
  hash: string;
}

/** Hashes a password with a caller-supplied random salt (the domain stays free of randomness). */
export async function hashPassword(password: string, salt: Uint8Array, params: { N: number; r: number; p: number } = passwordHashParams): Promise<PasswordHash> {
  const key = await scryptAsync(utf8ToBytes(password.normalize('NFC')), salt, { ...params, dkLen: passwordHashParams.dkLen });
  return { algorithm: 'scrypt', N: params.N, r: params.r, p: params.p, salt: bytesToHex(salt), hash: bytesToHex(key) };
}

/** Checks a password against a stored hash, comparing in constant time. */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const key = await scryptAsync(utf8ToBytes(password.normalize('NFC')), hexToBytes(stored.salt), { N: stored.N, r: stored.r, p: stored.p, dkLen: passwordHashParams.dkLen });
  const expected = hexToBytes(stored.hash);
  if (key.length !== expected.length) return false;
  let difference = 0;
  for (let i = 0; i < key.length; i++) difference |= key[i]! ^ expected[i]!;
  return difference === 0;
}
