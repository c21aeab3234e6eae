/**
 * DevTools exist only in development. In the packaged app they are off in webPreferences (see
 * window.ts) and, should anything still open them, closed at once: with DevTools open, the person at
 * the keyboard could edit the accounts or the audit log directly, around every check of the screens.
 */
import type { WebContents } from 'electron';

/** DevTools are allowed only when the app is not packaged (a developer's `npm start`). */
export function allowDevTools(isPackaged: boolean): boolean {
  return !isPackaged;
}

/** Closes DevTools whenever they open in a packaged app. */
export function installDevToolsGuard(contents: Pick<WebContents, 'on' | 'closeDevTools'>, allowed: boolean): void {
  if (allowed) return;
  contents.on('devtools-opened', () => contents.closeDevTools());
}
