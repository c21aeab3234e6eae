/**
 * The app has no network (product rule 9). Every request whose scheme is not the app's own (or, in
 * development only, the local dev server) is cancelled: no update checks, telemetry, remote fonts
 * or exfiltration by injected content.
 */
import type { Session } from 'electron';
import { APP_SCHEME } from './appProtocol';

const alwaysAllowed = new Set([`${APP_SCHEME}:`, 'data:', 'blob:']);

/** True when the request may proceed. `devServerOrigin` is set only in development. */
export function isAllowedRequest(requestUrl: string, devServerOrigin?: string): boolean {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return false;
  }
  if (alwaysAllowed.has(url.protocol)) return true;
  if (devServerOrigin && url.origin === devServerOrigin && isLoopbackOrigin(devServerOrigin)) return true;
  // Vite's dev server speaks to the page over a websocket on the same host and port.
  if (devServerOrigin && url.protocol === 'ws:' && `http://${url.host}` === devServerOrigin && isLoopbackOrigin(devServerOrigin)) return true;
  return false;
}

/** Only a dev server on this machine is ever allowed, whatever the environment says. */
export function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost');
  } catch {
    return false;
  }
}

/** Cancels every request that is not allowed. */
export function installNetworkBlock(session: Pick<Session, 'webRequest'>, devServerOrigin?: string): void {
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequest(details.url, devServerOrigin) });
  });
}
