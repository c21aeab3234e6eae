/**
 * The platform bridge: in the desktop app the preload's `window.desktop`; in a plain browser (preview,
 * end-to-end tests) the browser's own means. File saving ('file:save') joins here with the exchange
 * feature that first needs it.
 */
import type { DesktopBridge } from '../../shared/ipc/contract';

declare global {
  interface Window {
    desktop?: DesktopBridge;
  }
}

export interface Platform {
  kind: 'desktop' | 'web';
  /** Version and platform for the status line. */
  appInfo(): Promise<{ version: string; platform: string }>;
}

const desktopPlatform = (desktop: DesktopBridge): Platform => ({
  kind: 'desktop',
  async appInfo() {
    const result = await desktop.appGetInfo(undefined);
    return result.ok ? result.value : { version: '?', platform: '?' };
  },
});

const webPlatform: Platform = {
  kind: 'web',
  async appInfo() {
    return { version: import.meta.env.VITE_APP_VERSION ?? 'preview', platform: 'browser' };
  },
};

export const platform: Platform = window.desktop ? desktopPlatform(window.desktop) : webPlatform;
