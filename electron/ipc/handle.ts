/**
 * Typed IPC handlers. Each handler checks that the message comes from the app's own top frame (a
 * subframe or a foreign page cannot call the bridge), parses the argument with the contract's schema
 * (a compromised renderer cannot pass anything else) and returns a result instead of throwing across
 * the bridge.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { ipcContract, type IpcChannel, type IpcResponse, type IpcResult } from '../../shared/ipc/contract';
import { z } from 'zod';
import { isAllowedNavigation } from '../security/navigation';

/**
 * A refusal the user should read (e.g. "no DPAPI on this terminal"): its Japanese message crosses the
 * bridge as the result's error, where any other exception becomes the generic message.
 */
export class IpcRefusal extends Error {}

/** The parts of an invoke event the sender check reads. */
export interface SenderInfo {
  senderFrame: { url: string; parent: unknown } | null;
  sender?: RequestSender;
}

/** True when the sender is the top frame of an app page. */
export function isTrustedSender(event: SenderInfo, devServerOrigin?: string): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent) return false;
  return isAllowedNavigation(frame.url, devServerOrigin);
}

/** The page that sent the request, for handlers that act on it (printing it to PDF). */
export interface RequestSender {
  printToPDF(options: Record<string, unknown>): Promise<Uint8Array>;
}

export type Implementation<C extends IpcChannel> = (
  request: z.output<(typeof ipcContract)[C]['request']>,
  sender: RequestSender,
) => Promise<IpcResponse<C>> | IpcResponse<C>;

/** Wraps an implementation with the sender check, argument parsing and error capture. */
export function createHandler<C extends IpcChannel>(
  channel: C,
  implementation: Implementation<C>,
  devServerOrigin?: string,
): (event: SenderInfo, raw: unknown) => Promise<IpcResult<IpcResponse<C>>> {
  const schema = ipcContract[channel].request as z.ZodType;
  return async (event, raw) => {
    if (!isTrustedSender(event, devServerOrigin)) return { ok: false, error: 'この画面からは実行できません。' };
    const parsed = schema.safeParse(raw);
    if (!parsed.success) return { ok: false, error: '要求の内容が正しくありません。' };
    try {
      const value = await implementation(parsed.data as z.output<(typeof ipcContract)[C]['request']>, event.sender!);
      return { ok: true, value };
    } catch (error) {
      if (error instanceof IpcRefusal) return { ok: false, error: error.message };
      console.error(`[ipc] ${channel} failed`, error);
      return { ok: false, error: '処理中にエラーが発生しました。もう一度お試しください。' };
    }
  };
}

/** Registers one channel on ipcMain. */
export function handle<C extends IpcChannel>(
  ipcMain: Pick<IpcMain, 'handle'>,
  channel: C,
  implementation: Implementation<C>,
  devServerOrigin?: string,
): void {
  const handler = createHandler(channel, implementation, devServerOrigin);
  ipcMain.handle(channel, (event: IpcMainInvokeEvent, raw: unknown) => handler(event as unknown as SenderInfo, raw));
}
