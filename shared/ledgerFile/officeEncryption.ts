/**
 * Password encryption of a workbook as Excel and LibreOffice do it ("読み取りパスワード"): ECMA-376
 * Agile Encryption (MS-OFFCRYPTO 2.3.4.10–2.3.4.15), AES-256-CBC with SHA-512 and 100,000 spins, in an
 * OLE compound file holding the EncryptionInfo and EncryptedPackage streams. 【03】第7条4: B-or-higher
 * information taken out on media is encrypted.
 *
 * Why not a library: the only registry package (officecrypto-tool) needs Node's crypto and xml2js, and
 * house style parses untrusted workbooks in the renderer, never in the main process. So the format is
 * written here over audited primitives (@noble/ciphers, @noble/hashes) and SheetJS's compound-file
 * reader/writer, and the tests check it against officecrypto-tool in both directions.
 */
import * as XLSX from '@e965/xlsx';
import { cbc } from '@noble/ciphers/aes.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';

const SEGMENT = 4096;
/** Excel's spin count. A file asking for more than the cap is refused, so it cannot burn minutes of CPU. */
const SPIN_COUNT = 100_000;
const MAX_SPIN_COUNT = 1_000_000;
const MAX_INFO_BYTES = 64 * 1024;

const blockKeys = {
  verifierInput: Uint8Array.of(0xfe, 0xa7, 0xd2, 0x76, 0x3b, 0x4b, 0x9e, 0x79),
  verifierValue: Uint8Array.of(0xd7, 0xaa, 0x0f, 0x6d, 0x30, 0x61, 0x34, 0x4e),
  keyValue: Uint8Array.of(0x14, 0x6e, 0x0b, 0xe7, 0xab, 0xac, 0xd0, 0xd6),
  hmacKey: Uint8Array.of(0x5f, 0xb2, 0xad, 0x01, 0x0c, 0xb9, 0xe1, 0xf6),
  hmacValue: Uint8Array.of(0xa0, 0x67, 0x7f, 0x02, 0xb2, 0x2c, 0x84, 0x33),
};

/** The first bytes of an OLE compound file (an encrypted workbook, or an old .xls). */
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** True when the bytes are a compound file, as a password-encrypted .xlsx is. */
export function isCompoundFile(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && CFB_MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * True when a compound file is an encrypted Office package (it holds the EncryptionInfo and
 * EncryptedPackage streams); false for an old binary workbook (.xls) or any other OLE file, which
 * must not be reported as "encrypted" nor asked for a password.
 */
export function isEncryptedPackage(bytes: Uint8Array): boolean {
  if (!isCompoundFile(bytes)) return false;
  try {
    const container = XLSX.CFB.read(bytes, { type: 'array' });
    return Boolean(XLSX.CFB.find(container, 'EncryptionInfo') && XLSX.CFB.find(container, 'EncryptedPackage'));
  } catch {
    // Unreadable as a compound file: let decryption report it as damaged.
    return true;
  }
}

const u32 = (value: number) => {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, true);
  return out;
};

/** Truncates or pads (with 0x36, as the standard says) to `length` bytes. */
const fit = (bytes: Uint8Array, length: number) => {
  if (bytes.length >= length) return bytes.slice(0, length);
  const out = new Uint8Array(length).fill(0x36);
  out.set(bytes);
  return out;
};

const padToBlock = (bytes: Uint8Array) => (bytes.length % 16 === 0 ? bytes : concatBytes(bytes, new Uint8Array(16 - (bytes.length % 16))));
const aes = (key: Uint8Array, iv: Uint8Array) => cbc(key, iv, { disablePadding: true });

/** H_n of MS-OFFCRYPTO 2.3.4.11: the iterated password hash, shared by the three derived keys. */
function spunHash(password: string, salt: Uint8Array, spinCount: number): Uint8Array {
  const utf16 = new Uint8Array(password.length * 2);
  for (let i = 0; i < password.length; i++) new DataView(utf16.buffer).setUint16(i * 2, password.charCodeAt(i), true);
  let hash = sha512(concatBytes(salt, utf16));
  const buffer = new Uint8Array(4 + 64);
  const view = new DataView(buffer.buffer);
  for (let i = 0; i < spinCount; i++) {
    view.setUint32(0, i, true);
    buffer.set(hash, 4);
    hash = sha512(buffer);
  }
  return hash;
}

const derivedKey = (spun: Uint8Array, blockKey: Uint8Array) => fit(sha512(concatBytes(spun, blockKey)), 32);
const ivFor = (salt: Uint8Array, blockKey: Uint8Array) => fit(sha512(concatBytes(salt, blockKey)), 16);

/** The EncryptedPackage stream body: segments of 4,096 bytes, each with its own IV. */
function cryptPackage(encrypt: boolean, key: Uint8Array, salt: Uint8Array, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(data.length / 16) * 16);
  for (let offset = 0, index = 0; offset < data.length; offset += SEGMENT, index++) {
    const segment = padToBlock(data.subarray(offset, Math.min(offset + SEGMENT, data.length)));
    const cipher = aes(key, ivFor(salt, u32(index)));
    out.set(encrypt ? cipher.encrypt(segment) : cipher.decrypt(segment), offset);
  }
  return out;
}

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (text: string) => Uint8Array.from(atob(text), (c: string) => c.charCodeAt(0));

/**
 * Encrypts .xlsx bytes under `password`. `random` is the platform's CSPRNG (passed in to keep the
 * function pure); `spinCount` is lowered only by tests.
 */
export function encryptWorkbook(data: Uint8Array, password: string, random: (length: number) => Uint8Array, spinCount = SPIN_COUNT): Uint8Array {
  const packageKey = random(32);
  const packageSalt = random(16);
  const keySalt = random(16);
  const encrypted = cryptPackage(true, packageKey, packageSalt, data);
  const size = new Uint8Array(8);
  new DataView(size.buffer).setUint32(0, data.length, true);
  const encryptedPackage = concatBytes(size, encrypted);

  const hmacKey = random(64);
  const encryptedHmacKey = aes(packageKey, ivFor(packageSalt, blockKeys.hmacKey)).encrypt(hmacKey);
  const encryptedHmacValue = aes(packageKey, ivFor(packageSalt, blockKeys.hmacValue)).encrypt(hmac(sha512, hmacKey, encryptedPackage));

  const spun = spunHash(password, keySalt, spinCount);
  const verifierInput = random(16);
  const encryptedVerifierHashInput = aes(derivedKey(spun, blockKeys.verifierInput), keySalt).encrypt(verifierInput);
  const encryptedVerifierHashValue = aes(derivedKey(spun, blockKeys.verifierValue), keySalt).encrypt(sha512(verifierInput));
  const encryptedKeyValue = aes(derivedKey(spun, blockKeys.keyValue), keySalt).encrypt(packageKey);

  const params = (salt: Uint8Array) =>
    `saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="${b64(salt)}"`;
  const xml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' +
    '<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password">' +
    `<keyData ${params(packageSalt)}/>` +
    `<dataIntegrity encryptedHmacKey="${b64(encryptedHmacKey)}" encryptedHmacValue="${b64(encryptedHmacValue)}"/>` +
    '<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password">' +
    `<p:encryptedKey spinCount="${spinCount}" ${params(keySalt)} encryptedVerifierHashInput="${b64(encryptedVerifierHashInput)}" encryptedVerifierHashValue="${b64(encryptedVerifierHashValue)}" encryptedKeyValue="${b64(encryptedKeyValue)}"/>` +
    '</keyEncryptor></keyEncryptors></encryption>';
  // Version 4.4 (agile), flags 0x40.
  const info = concatBytes(Uint8Array.of(0x04, 0x00, 0x04, 0x00, 0x40, 0x00, 0x00, 0x00), new TextEncoder().encode(xml));

  const container = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(container, 'EncryptionInfo', info);
  XLSX.CFB.utils.cfb_add(container, 'EncryptedPackage', encryptedPackage);
  XLSX.CFB.utils.cfb_del(container, '\u0001Sh33tJ5');
  return new Uint8Array(XLSX.CFB.write(container, { type: 'array' }) as ArrayLike<number>);
}

export type DecryptResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: 'wrong-password' | 'damaged' | 'unsupported' };

/** Reads one attribute of the first element named `element` (the XML is small and bounded). */
function attribute(xml: string, element: string, name: string): string | undefined {
  const tag = new RegExp(`<${element}\\s[^>]*>`).exec(xml)?.[0];
  return tag ? new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] : undefined;
}

/**
 * Decrypts a password-encrypted workbook. Refuses anything but agile AES-256/SHA-512 (what Excel 2010+
 * and LibreOffice write), a spin count above the cap, and a package whose HMAC does not match.
 */
export function decryptWorkbook(file: Uint8Array, password: string): DecryptResult {
  let info: Uint8Array;
  let encryptedPackage: Uint8Array;
  try {
    const container = XLSX.CFB.read(file, { type: 'array' });
    const infoEntry = XLSX.CFB.find(container, 'EncryptionInfo');
    const packageEntry = XLSX.CFB.find(container, 'EncryptedPackage');
    if (!infoEntry?.content || !packageEntry?.content) return { ok: false, reason: 'unsupported' };
    info = Uint8Array.from(infoEntry.content as ArrayLike<number>);
    encryptedPackage = Uint8Array.from(packageEntry.content as ArrayLike<number>);
  } catch {
    return { ok: false, reason: 'damaged' };
  }
  if (info.length > MAX_INFO_BYTES || info.length < 8 || info[0] !== 4 || info[2] !== 4) return { ok: false, reason: 'unsupported' };
  const xml = new TextDecoder().decode(info.subarray(8));
  const ok = (element: string) =>
    attribute(xml, element, 'cipherAlgorithm') === 'AES' && attribute(xml, element, 'cipherChaining') === 'ChainingModeCBC' && attribute(xml, element, 'hashAlgorithm') === 'SHA512' && attribute(xml, element, 'keyBits') === '256';
  if (!ok('keyData') || !ok('p:encryptedKey')) return { ok: false, reason: 'unsupported' };
  const spinCount = Number(attribute(xml, 'p:encryptedKey', 'spinCount'));
  if (!Number.isInteger(spinCount) || spinCount < 1 || spinCount > MAX_SPIN_COUNT) return { ok: false, reason: 'unsupported' };
  try {
    const get = (element: string, name: string) => unb64(attribute(xml, element, name) ?? '');
    const keySalt = get('p:encryptedKey', 'saltValue');
    const packageSalt = get('keyData', 'saltValue');
    const spun = spunHash(password, keySalt, spinCount);
    const verifierInput = aes(derivedKey(spun, blockKeys.verifierInput), keySalt).decrypt(get('p:encryptedKey', 'encryptedVerifierHashInput'));
    const verifierValue = aes(derivedKey(spun, blockKeys.verifierValue), keySalt).decrypt(get('p:encryptedKey', 'encryptedVerifierHashValue'));
    const expected = sha512(verifierInput.subarray(0, 16));
    if (!expected.every((b, i) => b === verifierValue[i])) return { ok: false, reason: 'wrong-password' };
    const packageKey = aes(derivedKey(spun, blockKeys.keyValue), keySalt).decrypt(get('p:encryptedKey', 'encryptedKeyValue')).subarray(0, 32);
    const hmacKey = aes(packageKey, ivFor(packageSalt, blockKeys.hmacKey)).decrypt(get('dataIntegrity', 'encryptedHmacKey')).subarray(0, 64);
    const hmacValue = aes(packageKey, ivFor(packageSalt, blockKeys.hmacValue)).decrypt(get('dataIntegrity', 'encryptedHmacValue')).subarray(0, 64);
    const actual = hmac(sha512, hmacKey, encryptedPackage);
    if (!actual.every((b, i) => b === hmacValue[i])) return { ok: false, reason: 'damaged' };
    const size = new DataView(encryptedPackage.buffer, encryptedPackage.byteOffset, 8).getUint32(0, true);
    const body = encryptedPackage.subarray(8);
    if (size > body.length || body.length % 16 !== 0) return { ok: false, reason: 'damaged' };
    return { ok: true, bytes: cryptPackage(false, packageKey, packageSalt, body).subarray(0, size) };
  } catch {
    return { ok: false, reason: 'damaged' };
  }
}
