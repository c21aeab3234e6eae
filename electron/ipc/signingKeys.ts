/**
 * 'key:create', 'key:sign', 'key:list', 'key:revoke': this terminal's signing keys (【07】第21–22条),
 * kept by the main process. The Ed25519 private key is generated here, wrapped with Electron's
 * safeStorage (DPAPI on Windows: only this Windows user on this machine can unwrap it) and stored in
 * a file under the app's user-data folder. The renderer gets public keys and signatures, never a
 * private key, so a copy of the browser profile (IndexedDB) no longer carries one.
 *
 * What this does not do: a program running as the same Windows user can ask DPAPI to unwrap the file
 * too, and a renderer that has been taken over can ask for signatures. It keeps the key out of copies
 * of the data and out of reach of anyone who is not this user on this machine.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import type { IpcResponse } from '../../shared/ipc/contract';
import { keyFingerprint } from '../../shared/ledgerFile/signature';
import { IpcRefusal } from './handle';

/** The part of Electron's safeStorage the store uses (a fake in tests). */
export interface KeyWrapper {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Uint8Array>;
  decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }>;
  /** Linux only: 'basic_text' means a fixed, well-known key, i.e. no protection at all. */
  getSelectedStorageBackend?(): string;
}

/** Where the wrapped keys live: one small JSON file, written whole. */
export interface KeyFile {
  /** The file's text, or null when there is none yet. */
  read(): Promise<string | null>;
  /** Replaces the file (written to a temporary file first, then renamed over it). */
  write(text: string): Promise<void>;
}

export const DESKTOP_KEY_FORMAT = 'daicho-desktop-signing-keys/1';

const storedKeySchema = z.object({
  keyId: z.string(),
  publicKey: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string().max(40),
  /** safeStorage's output, base64. */
  wrapped: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).max(10_000),
  /** The Windows account whose DPAPI wrapped the key (absent in files written before the shared ledger folder). */
  windowsUser: z.string().min(1).max(256).optional(),
});
const keyFileSchema = z.object({ format: z.literal(DESKTOP_KEY_FORMAT), keys: z.array(storedKeySchema).max(1000) });
type StoredKeys = z.output<typeof keyFileSchema>;

export const signingKeyMessages = {
  unavailable:
    'この端末では Windows の資格情報保護（DPAPI）を使えないため、署名鍵を作りません（秘密鍵を保護せずに保存することになるためです）。Windows にサインインし直してから、もう一度お試しください。解決しない場合は情報システム担当に連絡してください。',
  damaged:
    '署名鍵の保存ファイルを読み取れません（壊れているか、別のアプリが書き換えました）。署名鍵は作成も使用もできません。情報システム担当に連絡してください。',
  notFound:
    'この鍵の秘密鍵はこの端末にありません（別の端末や別の Windows ユーザーで作った鍵か、使用を終えた鍵です）。書出し・取込み画面で署名鍵を作成し、新しい公開鍵ファイルを取り込む側に渡してください。',
  unreadable:
    '署名鍵を読み出せませんでした（この端末の別の Windows ユーザーで作った鍵か、Windows の資格情報がリセットされた可能性があります）。書出し・取込み画面で署名鍵を作成し直し、新しい公開鍵ファイルを取り込む側に渡してください。',
} as const;

/**
 * The ledger folder is shared by every Windows account on the terminal, the key file with it; but DPAPI
 * binds each wrapped key to the Windows account that created it, and no other account can unwrap it
 * (there is no machine-wide wrapping in safeStorage, and a key any account could unwrap would be a key
 * anyone at the terminal could copy). So each key records its Windows account, and signing from another
 * account says so plainly and offers the way out: sign in as that account, or have a manager make a new
 * key (rotation) from this account and hand over its public key file.
 */
export const keyOfOtherWindowsUserMessage = (windowsUser: string) =>
  `この署名鍵は Windows ユーザー「${windowsUser}」で作成したため、いまサインインしている Windows ユーザーでは使えません（鍵は作成した Windows ユーザーの資格情報で保護されています）。「${windowsUser}」で Windows にサインインして署名するか、管理者が書出し・取込み画面でこの Windows ユーザーの署名鍵を作成し直し（鍵の交代）、新しい公開鍵ファイルを取り込む側に渡してください。`;

export interface SigningKeyStoreDeps {
  wrapper: KeyWrapper;
  file: KeyFile;
  /** process.platform: on Linux, a plain-text backend counts as no protection. */
  platform: string;
  /** The CSPRNG's 32 bytes for a new secret key (ed25519.utils.randomSecretKey). */
  randomSecretKey: () => Uint8Array;
  now: () => string;
  /** The signed-in Windows account (os.userInfo().username): recorded with each new key, compared when signing. */
  windowsUser?: string;
}

export interface SigningKeyStore {
  create(): Promise<IpcResponse<'key:create'>>;
  sign(request: { keyId: string; message: Uint8Array }): Promise<IpcResponse<'key:sign'>>;
  list(): Promise<IpcResponse<'key:list'>>;
  revoke(request: { keyId: string }): Promise<IpcResponse<'key:revoke'>>;
}

const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** The key store over an injected safeStorage and file. Operations run one at a time (one file). */
export function createSigningKeyStore(deps: SigningKeyStoreDeps): SigningKeyStore {
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  const load = async (): Promise<StoredKeys> => {
    const text = await deps.file.read();
    if (text === null) return { format: DESKTOP_KEY_FORMAT, keys: [] };
    let parsed;
    try {
      parsed = keyFileSchema.safeParse(JSON.parse(text));
    } catch {
      throw new IpcRefusal(signingKeyMessages.damaged);
    }
    // A damaged file is never overwritten: it may hold the only copy of a key still in use.
    if (!parsed.success) throw new IpcRefusal(signingKeyMessages.damaged);
    return parsed.data;
  };
  const save = (stored: StoredKeys) => deps.file.write(`${JSON.stringify(stored, null, 2)}\n`);

  /** Windows account names compare without case; a key without a recorded account is left to DPAPI. */
  const usableByThisAccount = (owner: string | undefined) => !owner || !deps.windowsUser || owner.toLowerCase() === deps.windowsUser.toLowerCase();

  const protectionAvailable = async () => {
    if (deps.platform === 'linux' && deps.wrapper.getSelectedStorageBackend?.() === 'basic_text') return false;
    return deps.wrapper.isAsyncEncryptionAvailable();
  };

  return {
    create: () =>
      serial(async () => {
        if (!(await protectionAvailable())) throw new IpcRefusal(signingKeyMessages.unavailable);
        const stored = await load();
        const secretKey = deps.randomSecretKey();
        try {
          const publicKey = bytesToHex(ed25519.getPublicKey(secretKey));
          const wrapped = await deps.wrapper.encryptStringAsync(bytesToHex(secretKey));
          const keyId = keyFingerprint(publicKey);
          stored.keys.push({ keyId, publicKey, createdAt: deps.now(), wrapped: toBase64(wrapped), ...(deps.windowsUser ? { windowsUser: deps.windowsUser } : {}) });
          await save(stored);
          return { keyId, publicKey };
        } finally {
          secretKey.fill(0);
        }
      }),

    sign: ({ keyId, message }) =>
      serial(async () => {
        const stored = await load();
        const entry = stored.keys.find((k) => k.keyId === keyId);
        if (!entry) throw new IpcRefusal(signingKeyMessages.notFound);
        // Asking DPAPI would only fail with a vaguer reason.
        if (entry.windowsUser && !usableByThisAccount(entry.windowsUser)) {
          throw new IpcRefusal(keyOfOtherWindowsUserMessage(entry.windowsUser));
        }
        let unwrapped: { shouldReEncrypt: boolean; result: string };
        try {
          unwrapped = await deps.wrapper.decryptStringAsync(Buffer.from(entry.wrapped, 'base64'));
        } catch {
          throw new IpcRefusal(signingKeyMessages.unreadable);
        }
        if (!/^[0-9a-f]{64}$/.test(unwrapped.result)) throw new IpcRefusal(signingKeyMessages.unreadable);
        const secretKey = hexToBytes(unwrapped.result);
        try {
          // The wrapped key must be the one whose public key the file names (entries cannot be swapped).
          if (bytesToHex(ed25519.getPublicKey(secretKey)) !== entry.publicKey || keyFingerprint(entry.publicKey) !== entry.keyId) {
            throw new IpcRefusal(signingKeyMessages.unreadable);
          }
          const signature = ed25519.sign(message, secretKey);
          if (unwrapped.shouldReEncrypt) {
            entry.wrapped = toBase64(await deps.wrapper.encryptStringAsync(unwrapped.result));
            await save(stored);
          }
          return { signature };
        } finally {
          secretKey.fill(0);
        }
      }),

    // Only the keys this Windows account can use: the exchange screen then says, before anyone tries to
    // sign, that this terminal's key is not usable here and a new one must be made.
    list: () =>
      serial(async () => ({
        keys: (await load()).keys.filter((k) => usableByThisAccount(k.windowsUser)).map(({ keyId, publicKey, createdAt }) => ({ keyId, publicKey, createdAt })),
      })),

    revoke: ({ keyId }) =>
      serial(async () => {
        const stored = await load();
        const keys = stored.keys.filter((k) => k.keyId !== keyId);
        if (keys.length === stored.keys.length) return { revoked: false };
        await save({ ...stored, keys });
        return { revoked: true };
      }),
  };
}

/** The key file in the app's user-data folder (app.getPath('userData')). */
export const KEY_FILE_NAME = 'signing-keys.json';

/**
 * The key file on disk: read whole, replaced by writing a temporary file and renaming it over the old
 * one, so a crash mid-write leaves the old file rather than half a file.
 */
export function diskKeyFile(folder: string): KeyFile {
  const target = path.join(folder, KEY_FILE_NAME);
  return {
    async read() {
      try {
        return await readFile(target, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async write(text) {
      const temporary = `${target}.${process.pid}.tmp`;
      await writeFile(temporary, text, { encoding: 'utf8', mode: 0o600 });
      await rename(temporary, target);
    },
  };
}
