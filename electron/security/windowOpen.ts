/**
 * window.open and target=_blank links are denied: a new window would escape the navigation guard and
 * the CSP. The app has no use for a second window.
 */
import type { WebContents } from 'electron';

/** Every request to open a window is denied. */
export function decideWindowOpen(_details: { url: string }): { action: 'deny' } {
  return { action: 'deny' };
}

export function installWindowOpenGuard(contents: Pick<WebContents, 'setWindowOpenHandler'>): void {
  contents.setWindowOpenHandler(decideWindowOpen);
}
