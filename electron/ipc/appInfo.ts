/** 'app:getInfo': the version and platform shown in the About line of the app. */
import type { IpcResponse } from '../../shared/ipc/contract';

export function getAppInfo(app: { getVersion(): string }, platform: string): IpcResponse<'app:getInfo'> {
  return { version: app.getVersion(), platform };
}
