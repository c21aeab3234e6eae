/**
 * The IPC contract between the renderer and the Electron main process: one entry per channel with
 * the schemas of its request and response. The preload exposes exactly these channels (one method
 * each) and the main process parses every request with the schema before acting on it.
 */
import { z } from 'zod';
import type { IpcChannel } from './channels';

export { ipcChannels, bridgeMethodName, type IpcChannel } from './channels';

/** A file name the user may be offered in a save dialog: no folders, no reserved characters. */
const fileName = z
  .string()
  .min(1)
  .max(200)
  .refine((value) => !/[\\/:*?"<>|\u0000-\u001F]/.test(value) && value !== '.' && value !== '..', {
    error: 'ファイル名に使えない文字が含まれています。',
  });

/** 256 MiB: far above any real ledger, low enough that a runaway renderer cannot exhaust memory. */
export const maxSaveBytes = 256 * 1024 * 1024;

/** A signing key's ID: the 20-character fingerprint of its public key (see `keyFingerprint`). */
const signingKeyId = z.string().regex(/^[2-9A-HJ-NP-Z]{4}(?:-[2-9A-HJ-NP-Z]{4}){4}$/);
const publicKeyHex = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * 64 MiB: a ledger's signed part is its metadata, header and 8 characters a row (under 1 MiB for
 * 100,000 rows); the bound keeps a runaway renderer from handing the main process anything larger.
 */
export const maxSignBytes = 64 * 1024 * 1024;

const signingKeyInfo = z.object({ keyId: signingKeyId, publicKey: publicKeyHex, createdAt: z.string() });

export const ipcContract = {
  'app:getInfo': {
    request: z.undefined(),
    response: z.object({ version: z.string(), platform: z.string() }),
  },
  'file:save': {
    request: z.object({
      suggestedName: fileName,
      bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength <= maxSaveBytes, { error: 'ファイルが大きすぎます。' }),
    }),
    response: z.object({ saved: z.boolean() }),
  },
  /** Prints the sender's page to PDF at the CSS page size (labels) and saves it where the user picks. */
  'print:savePdf': {
    request: z.object({ suggestedName: fileName }),
    response: z.object({ saved: z.boolean() }),
  },
  /**
   * Signing keys kept by the main process under the operating system's protection (DPAPI on Windows).
   * No channel ever returns a private key: the renderer gets public keys and signatures only.
   */
  'key:create': {
    request: z.undefined(),
    response: z.object({ keyId: signingKeyId, publicKey: publicKeyHex }),
  },
  'key:sign': {
    request: z.object({
      keyId: signingKeyId,
      message: z.instanceof(Uint8Array).refine((b) => b.byteLength <= maxSignBytes, { error: '署名する内容が大きすぎます。' }),
    }),
    response: z.object({ signature: z.instanceof(Uint8Array).refine((b) => b.byteLength === 64) }),
  },
  'key:list': {
    request: z.undefined(),
    response: z.object({ keys: z.array(signingKeyInfo) }),
  },
  /** Erases a private key that will sign nothing more (revoked, or retired by a newer key). */
  'key:revoke': {
    request: z.object({ keyId: signingKeyId }),
    response: z.object({ revoked: z.boolean() }),
  },
} as const satisfies Record<IpcChannel, { request: z.ZodType; response: z.ZodType }>;
export type IpcRequest<C extends IpcChannel> = z.input<(typeof ipcContract)[C]['request']>;
export type IpcResponse<C extends IpcChannel> = z.output<(typeof ipcContract)[C]['response']>;

/** What every handler returns across the bridge instead of throwing. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** The shape of `window.desktop` as the preload exposes it. */
export type DesktopBridge = {
  [C in IpcChannel as `${C extends `${infer N}:${infer V}` ? `${N}${Capitalize<V>}` : never}`]: (
    request: IpcRequest<C>,
  ) => Promise<IpcResult<IpcResponse<C>>>;
};
