/**
 * Where this terminal's signing private key lives (【07】第21–22条), and the one sentence the screen
 * says about it. Two stores:
 * - desktop: the main process generates and keeps the key, wrapped by the operating system (DPAPI on
 *   Windows), and signs over IPC; the renderer and IndexedDB never hold the private key;
 * - webcrypto (browser preview): a non-extractable WebCrypto key kept in IndexedDB. WebCrypto will
 *   not hand it to page script, but the browser writes the key material into its profile folder on
 *   disk, so a copy of that folder carries it. The screen says so.
 */
import type { DesktopBridge } from '../../shared/ipc/contract';
import { keyFingerprint } from '../../shared/ledgerFile/signature';

export type KeyStorage = 'webcrypto' | 'desktop';

/** What the stores need of a signing key record. */
export interface StoredSigningKey {
  keyId: string;
  publicKey: string;
  /** Only for keys kept by WebCrypto (browser preview, and desktop keys made before 2026-11). */
  privateKey?: CryptoKey;
  /** Absent on records made before 2026-11: those are WebCrypto keys. */
  storage?: KeyStorage;
}

/** A key cannot be used here; the message says why and what to do (shown as is). */
export class SigningKeyUnavailable extends Error {}

export interface SigningKeyStore {
  readonly storage: KeyStorage;
  /** The sentence the key screen shows about where the private key is kept: exactly what is true. */
  readonly description: string;
  /** A new key pair. The desktop store returns no private key: it never leaves the main process. */
  generate(): Promise<{ publicKey: string; privateKey?: CryptoKey }>;
  sign(key: StoredSigningKey, message: Uint8Array): Promise<Uint8Array>;
  /** Erases a private key that will sign nothing more (retired or revoked). */
  discard(key: StoredSigningKey): Promise<void>;
  /** Whether this terminal holds the key's private key (not after a restore on another terminal). */
  holds(key: StoredSigningKey): Promise<boolean>;
}

const toHex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

export const keyStorageMessages = {
  webcrypto:
    'ブラウザー版では、秘密鍵はブラウザーのデータ内に保存されます。画面やファイルとして取り出すことはできませんが、端末のブラウザーのデータを複製すると取り出せるおそれがあります（試用のための版です。運用にはデスクトップ版を使ってください）。台帳のバックアップには含まれません。',
  desktopWindows:
    '秘密鍵は Windows の資格情報保護（DPAPI）で暗号化して、この端末のこのユーザーにだけ保存されます。画面やバックアップには出ず、別の端末や別のユーザーでは使えません。',
  desktopOther:
    '秘密鍵は OS の鍵保管（キーリング）で暗号化して、この端末のこのユーザーにだけ保存されます。画面やバックアップには出ず、別の端末や別のユーザーでは使えません。',
  legacyInDesktop:
    'この鍵は以前の方式で作られ、秘密鍵がアプリのデータ内（ブラウザーの保存領域）にあります。データのフォルダーを複製すると取り出せるおそれがあるため、「鍵を更新する」で新しい鍵に切り替え、新しい公開鍵ファイルを取り込む側に渡してください。',
  notOnThisTerminal:
    'この鍵の秘密鍵はこの端末のこの Windows ユーザーでは使えません（別の Windows ユーザーで作った鍵か、バックアップから復元した場合や、別の端末で作った鍵です）。作成した Windows ユーザーでサインインして使うか、管理者が「この端末の署名鍵」で鍵を作成し（鍵の交代）、新しい公開鍵ファイルを取り込む側に渡してください。',
} as const;

async function webCryptoSign(subtle: SubtleCrypto, key: StoredSigningKey, message: Uint8Array): Promise<Uint8Array> {
  if (!key.privateKey) throw new SigningKeyUnavailable(keyStorageMessages.notOnThisTerminal);
  return new Uint8Array(await subtle.sign('Ed25519', key.privateKey, message as Uint8Array<ArrayBuffer>));
}

/** The browser preview's store: a non-extractable WebCrypto key, kept in the record itself. */
export function webCryptoKeyStore(subtle: SubtleCrypto = crypto.subtle): SigningKeyStore {
  return {
    storage: 'webcrypto',
    description: keyStorageMessages.webcrypto,
    async generate() {
      const pair = (await subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
      return { publicKey: toHex(await subtle.exportKey('raw', pair.publicKey)), privateKey: pair.privateKey };
    },
    sign: (key, message) => webCryptoSign(subtle, key, message),
    // The private key is a field of the record: the repository drops it when the key is retired.
    async discard() {},
    holds: async (key) => Boolean(key.privateKey),
  };
}

/**
 * The desktop store: key:create / key:sign / key:list / key:revoke in the main process. A record that still holds
 * a WebCrypto key (made before 2026-11) keeps signing with it until it is replaced.
 */
export function desktopKeyStore(
  desktop: Pick<DesktopBridge, 'keyCreate' | 'keySign' | 'keyRevoke' | 'keyList'>,
  windows: boolean,
  subtle: SubtleCrypto = crypto.subtle,
): SigningKeyStore {
  return {
    storage: 'desktop',
    description: windows ? keyStorageMessages.desktopWindows : keyStorageMessages.desktopOther,
    async generate() {
      const result = await desktop.keyCreate(undefined);
      if (!result.ok) throw new SigningKeyUnavailable(result.error);
      // The ID the main process gives must be the public key's fingerprint, as everywhere else.
      if (result.value.keyId !== keyFingerprint(result.value.publicKey)) throw new Error('key:create returned a key ID that is not the fingerprint of its key');
      return { publicKey: result.value.publicKey };
    },
    async sign(key, message) {
      if (key.privateKey) return webCryptoSign(subtle, key, message);
      if (key.storage !== 'desktop') throw new SigningKeyUnavailable(keyStorageMessages.notOnThisTerminal);
      const result = await desktop.keySign({ keyId: key.keyId, message: message as Uint8Array<ArrayBuffer> });
      if (!result.ok) throw new SigningKeyUnavailable(result.error);
      return result.value.signature;
    },
    async holds(key) {
      if (key.privateKey) return true;
      if (key.storage !== 'desktop') return false;
      const result = await desktop.keyList(undefined);
      return result.ok && result.value.keys.some((k) => k.keyId === key.keyId && k.publicKey === key.publicKey);
    },
    async discard(key) {
      if (key.storage !== 'desktop') return; // a WebCrypto key lives in its record, which the repository updates
      const result = await desktop.keyRevoke({ keyId: key.keyId });
      if (!result.ok) throw new SigningKeyUnavailable(result.error);
    },
  };
}
