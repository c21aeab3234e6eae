/**
 * Node's native scrypt (OpenSSL) as the key files' KDF (see `Scrypt` in shared/ledgerFile/keyFiles.ts):
 * the same RFC 7914 function as @noble's, so a key sealed by either opens with the other. Its working
 * memory (128 MB at the key files' N = 2^17, r = 8) lives outside the JavaScript heap and is freed as
 * soon as the key is derived; @noble's stays in the heap until a collection, and was the largest fixed
 * part of `daicho merge`'s peak memory.
 */
import { scrypt } from 'node:crypto';
import type { Scrypt } from '../shared/ledgerFile/keyFiles';

export const nodeScrypt: Scrypt = (password, salt, { N, r, p, dkLen }) =>
  new Promise((resolve, reject) => {
    // maxmem: OpenSSL refuses work above it (its default, 32 MB, is below the key files' 128 MB). The
    // key file schema bounds N, r and p, so this never lets a file ask for more than those bounds allow.
    scrypt(password, salt, dkLen, { N, r, p, maxmem: 128 * N * r * p + 256 * r * p + 64 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(new Uint8Array(key))));
  });
