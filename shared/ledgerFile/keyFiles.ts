/**
 * Key files exchanged between sections and the central office (【07】第21–22条: keys managed so that
 * exchanged information can be verified). A public key file carries no secret and is confirmed by its
 * fingerprint, read aloud over the phone. A signing key file (the CLI's) holds the private key only
 * sealed under a passphrase: scrypt (memory-hard) and AES-256-GCM with the public key as associated data.
 */
import { gcm } from '@noble/ciphers/aes.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { FINGERPRINT_LENGTH, isKeyIdOf, keyFingerprint } from './signature';

export const PUBLIC_KEY_FORMAT = 'daicho-public-key/1';
export const SIGNING_KEY_FORMAT = 'daicho-signing-key/1';

const hex = (length: number) => z.string().regex(new RegExp(`^[0-9a-f]{${length}}$`));
const name = z.string().max(100);

const publicKeySchema = z.object({
  format: z.literal(PUBLIC_KEY_FORMAT),
  keyId: z.string(),
  publicKey: hex(64),
  organisation: name,
  section: name,
  createdAt: z.string().max(40),
});

export type PublicKeyFile = z.output<typeof publicKeySchema>;

/** The public key file's text (JSON, readable in a text editor). */
export function publicKeyFileText(key: Omit<PublicKeyFile, 'format' | 'keyId'>): string {
  const file: PublicKeyFile = { format: PUBLIC_KEY_FORMAT, keyId: keyFingerprint(key.publicKey), ...key };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * The text without a leading byte-order mark: Notepad (before 2019) and many editors save UTF-8 with
 * one, JSON.parse refuses it, and Node's readFileSync keeps it (a browser's File.text() drops it), so
 * a key file opened and saved again on Windows read in the app but "was not a key file" to the CLI.
 */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export type KeyFileFailure = 'not-key-file' | 'fingerprint-mismatch' | 'wrong-password' | 'damaged';

/**
 * Parses a public key file; its recorded key ID must be the fingerprint of the key it holds (or the
 * 12-character form of files written before 2026-11). The key comes back with the full fingerprint.
 */
export function parsePublicKeyFile(text: string): { ok: true; key: PublicKeyFile } | { ok: false; reason: KeyFileFailure } {
  if (text.length > 10_000) return { ok: false, reason: 'not-key-file' };
  let parsed;
  try {
    parsed = publicKeySchema.safeParse(JSON.parse(withoutBom(text)));
  } catch {
    return { ok: false, reason: 'not-key-file' };
  }
  if (!parsed.success) return { ok: false, reason: 'not-key-file' };
  if (!isKeyIdOf(parsed.data.publicKey, parsed.data.keyId)) return { ok: false, reason: 'fingerprint-mismatch' };
  return { ok: true, key: { ...parsed.data, keyId: keyFingerprint(parsed.data.publicKey) } };
}

const sealedSchema = z.object({
  format: z.literal(SIGNING_KEY_FORMAT),
  keyId: z.string(),
  publicKey: hex(64),
  organisation: name,
  section: name,
  createdAt: z.string().max(40),
  kdf: z.object({ name: z.literal('scrypt'), N: z.number().int().min(2 ** 14).max(2 ** 20), r: z.number().int().min(1).max(16), p: z.number().int().min(1).max(4), salt: hex(32) }),
  nonce: hex(24),
  sealed: hex(96),
});

const defaultKdf = { N: 2 ** 17, r: 8, p: 1 };

/**
 * scrypt (RFC 7914) as the key files use it. @noble's runs everywhere; the CLI passes Node's native one
 * (cli/nodeScrypt.ts: the same function, so the same key from the same inputs), whose 128 MB working
 * memory (N = 2^17, r = 8) is freed when it returns instead of staying in the JavaScript heap until a
 * collection, which set the peak memory of `daicho merge`.
 */
export type Scrypt = (password: Uint8Array, salt: Uint8Array, params: { N: number; r: number; p: number; dkLen: number }) => Promise<Uint8Array>;

export const nobleScrypt: Scrypt = (password, salt, params) => scryptAsync(password, salt, { ...params, maxmem: 2 ** 31 });

async function sealingKey(passphrase: string, salt: Uint8Array, kdf: { N: number; r: number; p: number }, scrypt: Scrypt) {
  return scrypt(utf8ToBytes(passphrase.normalize('NFC')), salt, { N: kdf.N, r: kdf.r, p: kdf.p, dkLen: 32 });
}

/** Seals a secret key under a passphrase. `random` is the platform's CSPRNG. */
export async function sealSigningKey(
  secretKey: Uint8Array,
  passphrase: string,
  details: { organisation: string; section: string; createdAt: string },
  random: (length: number) => Uint8Array,
  kdf = defaultKdf,
  scrypt: Scrypt = nobleScrypt,
): Promise<string> {
  const publicKey = bytesToHex(ed25519.getPublicKey(secretKey));
  const salt = random(16);
  const nonce = random(12);
  const key = await sealingKey(passphrase, salt, kdf, scrypt);
  const sealed = gcm(key, nonce, hexToBytes(publicKey)).encrypt(secretKey);
  const file: z.output<typeof sealedSchema> = {
    format: SIGNING_KEY_FORMAT,
    keyId: keyFingerprint(publicKey),
    publicKey,
    ...details,
    kdf: { name: 'scrypt', ...kdf, salt: bytesToHex(salt) },
    nonce: bytesToHex(nonce),
    sealed: bytesToHex(sealed),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Opens a sealed signing key file. The public key part is usable without the passphrase. */
export function readSigningKeyFile(text: string): { ok: true; file: z.output<typeof sealedSchema> } | { ok: false; reason: KeyFileFailure } {
  if (text.length > 10_000) return { ok: false, reason: 'not-key-file' };
  try {
    const parsed = sealedSchema.safeParse(JSON.parse(withoutBom(text)));
    if (!parsed.success) return { ok: false, reason: 'not-key-file' };
    if (!isKeyIdOf(parsed.data.publicKey, parsed.data.keyId)) return { ok: false, reason: 'fingerprint-mismatch' };
    return { ok: true, file: { ...parsed.data, keyId: keyFingerprint(parsed.data.publicKey) } };
  } catch {
    return { ok: false, reason: 'not-key-file' };
  }
}

/** Decrypts the secret key; a wrong passphrase fails the GCM tag (nothing else is revealed). `scrypt`: see `Scrypt`. */
export async function openSigningKey(text: string, passphrase: string, scrypt: Scrypt = nobleScrypt): Promise<{ ok: true; secretKey: Uint8Array; publicKey: string; organisation: string; section: string } | { ok: false; reason: KeyFileFailure }> {
  const read = readSigningKeyFile(text);
  if (!read.ok) return read;
  const { file } = read;
  const key = await sealingKey(passphrase, hexToBytes(file.kdf.salt), file.kdf, scrypt);
  let secretKey: Uint8Array;
  try {
    secretKey = gcm(key, hexToBytes(file.nonce), hexToBytes(file.publicKey)).decrypt(hexToBytes(file.sealed));
  } catch {
    return { ok: false, reason: 'wrong-password' };
  }
  if (bytesToHex(ed25519.getPublicKey(secretKey)) !== file.publicKey) return { ok: false, reason: 'damaged' };
  return { ok: true, secretKey, publicKey: file.publicKey, organisation: file.organisation, section: file.section };
}

/**
 * What a person typed for a fingerprint, reduced to the 20 characters it names: full-width letters
 * and digits folded (NFKC), lower case raised, and spaces and every kind of dash or long-vowel mark
 * an input method may produce for "-" dropped. Nothing else is corrected: a wrong character stays
 * wrong.
 */
export function normalizeFingerprintInput(typed: string): string {
  return typed.normalize('NFKC').toUpperCase().replace(/[\s\-‐‑‒–—―−ー・.]/g, '');
}

export type FingerprintCheck = 'empty' | 'incomplete' | 'mismatch' | 'match';

/**
 * Compares the fingerprint a caller read out (and the person typed) with the key's own, over all 20
 * characters (【07】第21–22条: a key is trusted only after it was confirmed with its owner). The legacy
 * 12-character form is not enough: it is `incomplete`.
 */
export function checkTypedFingerprint(publicKeyHex: string, typed: string): FingerprintCheck {
  const given = normalizeFingerprintInput(typed);
  if (given.length === 0) return 'empty';
  if (given.length < FINGERPRINT_LENGTH) return 'incomplete';
  return given === keyFingerprint(publicKeyHex).replace(/-/g, '') ? 'match' : 'mismatch';
}

/** What the screen says under the typed fingerprint. */
export const fingerprintCheckMessages: Record<FingerprintCheck, string> = {
  empty: '相手が電話で読み上げた鍵ID（20文字）を入力してください。',
  incomplete: `鍵IDは${FINGERPRINT_LENGTH}文字です。相手に最後まで読み上げてもらってください。`,
  mismatch: '入力した鍵IDはこのファイルの鍵と一致しません。読み間違いがないか確かめ、一致しない場合は登録も取込みもしないでください（別の人が作った鍵のおそれがあります）。',
  match: '鍵IDが一致しました。',
};

export const keyFileMessages: Record<KeyFileFailure, string> = {
  'not-key-file': 'このファイルは Daichō の鍵ファイルではありません。書き出した課から受け取った公開鍵ファイル（.daicho-key）を選んでください。',
  'fingerprint-mismatch': '鍵ファイルの鍵IDと鍵の中身が一致しません。ファイルが書き換えられています。書き出した課にもう一度送ってもらってください。',
  'wrong-password': 'パスフレーズが違います。もう一度入力してください。',
  damaged: '鍵ファイルが壊れています。鍵を作り直してください。',
};
