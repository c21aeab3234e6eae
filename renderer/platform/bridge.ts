/**
 * The platform bridge: in the desktop app the preload's `window.desktop`; in a plain browser (preview,
 * end-to-end tests) the browser's own means (a download for saving).
 */
import type { DesktopBridge } from '../../shared/ipc/contract';
import { blobInSlices } from './blobInSlices';
import { desktopKeyStore, webCryptoKeyStore, type SigningKeyStore } from './signingKeyStore';

declare global {
  interface Window {
    desktop?: DesktopBridge;
  }
}

export interface Platform {
  kind: 'desktop' | 'web';
  /** Version and platform for the status line. */
  appInfo(): Promise<{ version: string; platform: string }>;
  /** Saves bytes under a name the user confirms (desktop: save dialog); false when they cancelled. */
  saveFile(suggestedName: string, bytes: Uint8Array): Promise<boolean>;
  /** Desktop only: prints the current page to PDF at its CSS page size and saves it. */
  savePdf(suggestedName: string): Promise<boolean>;
  /** Where this terminal's signing private key is kept (desktop: the main process, under DPAPI). */
  signingKeys: SigningKeyStore;
}

const desktopPlatform = (desktop: DesktopBridge): Platform => ({
  kind: 'desktop',
  signingKeys: desktopKeyStore(desktop, /Windows/.test(navigator.userAgent)),
  async appInfo() {
    const result = await desktop.appGetInfo(undefined);
    return result.ok ? result.value : { version: '?', platform: '?' };
  },
  async saveFile(suggestedName, bytes) {
    const result = await desktop.fileSave({ suggestedName, bytes: bytes as Uint8Array<ArrayBuffer> });
    if (!result.ok) throw new Error(result.error);
    return result.value.saved;
  },
  async savePdf(suggestedName) {
    const result = await desktop.printSavePdf({ suggestedName });
    if (!result.ok) throw new Error(result.error);
    return result.value.saved;
  },
});

const webPlatform: Platform = {
  kind: 'web',
  signingKeys: webCryptoKeyStore(),
  async appInfo() {
    return { version: import.meta.env.VITE_APP_VERSION ?? 'preview', platform: 'browser' };
  },
  async saveFile(suggestedName, bytes) {
    const url = URL.createObjectURL(await blobInSlices(bytes, 'application/octet-stream', () => new Promise((next) => setTimeout(next, 0))));
    const link = Object.assign(document.createElement('a'), { href: url, download: suggestedName });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return true;
  },
  async savePdf() {
    // A browser saves PDFs through its own print dialog ("PDF に保存").
    window.print();
    return true;
  },
};

export const platform: Platform = window.desktop ? desktopPlatform(window.desktop) : webPlatform;

/** What the browser version is called on screen: it runs without the desktop shell's protections. */
export const WEB_PREVIEW_LABEL = 'ブラウザー版（試用・デスクトップ版の保護なし）';

// The browser version says so in the window title from the first screen (login/setup) on, so nobody
// mistakes it for the installed app (npm start falls back to it where Electron cannot be fetched).
if (platform.kind === 'web' && !document.title.includes(WEB_PREVIEW_LABEL)) document.title = `${document.title} — ${WEB_PREVIEW_LABEL}`;
