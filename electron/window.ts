/** The one place webPreferences are written (Electron security checklist). */
import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions } from 'electron';

/**
 * Secure settings for every window: the renderer gets no Node and runs in the OS sandbox. DevTools
 * only when `allowDevTools` (development; see security/devTools.ts): never in the packaged app.
 */
export function secureWebPreferences(preloadPath: string, allowDevTools: boolean): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload: preloadPath,
    devTools: allowDevTools,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
  };
}

export function createMainWindow(
  BrowserWindow: typeof BrowserWindowType,
  preloadPath: string,
  url: string,
  allowDevTools: boolean,
): BrowserWindowType {
  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Daichō 情報資産台帳',
    backgroundColor: '#f6f7f9',
    webPreferences: secureWebPreferences(preloadPath, allowDevTools),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(url);
  return window;
}
