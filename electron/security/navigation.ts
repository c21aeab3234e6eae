/**
 * Navigation, redirects and webviews are denied: the window shows only the app's own page, so a link
 * or injected script cannot take it to a remote or file:// page that would run with the app's bridge.
 */
import type { WebContents } from 'electron';
import { APP_HOST, APP_SCHEME } from './appProtocol';
import { isLoopbackOrigin } from './network';

/** True only for a page of the app itself (or the loopback dev server in development). */
export function isAllowedNavigation(targetUrl: string, devServerOrigin?: string): boolean {
  let url: URL;
  try {
    url = new URL(targetUrl);
  } catch {
    return false;
  }
  // Compare scheme and host, not `origin`: a non-special scheme's origin is "null" outside Electron.
  if (url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST) return true;
  return Boolean(devServerOrigin && isLoopbackOrigin(devServerOrigin) && url.origin === devServerOrigin);
}

/** Blocks navigation, redirects and webview attachment for one web contents. */
export function installNavigationGuard(contents: Pick<WebContents, 'on'>, devServerOrigin?: string): void {
  const guard = (event: { preventDefault: () => void }, url: string) => {
    if (!isAllowedNavigation(url, devServerOrigin)) event.preventDefault();
  };
  contents.on('will-navigate', (event, url) => guard(event, url));
  contents.on('will-redirect', (event, url) => guard(event, url));
  contents.on('will-frame-navigate', (event) => guard(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
