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
