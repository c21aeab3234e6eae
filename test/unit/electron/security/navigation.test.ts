import { describe, expect, it } from 'vitest';
import { installNavigationGuard, isAllowedNavigation } from '../../../../electron/security/navigation';
import { decideWindowOpen, installWindowOpenGuard } from '../../../../electron/security/windowOpen';
import { decidePermission, installPermissionGuard } from '../../../../electron/security/permissions';

describe('isAllowedNavigation', () => {
  it('allows the app page', () => {
    expect(isAllowedNavigation('app://bundle/index.html')).toBe(true);
  });

  it.each([
    'file:///etc/passwd',
    'app://bundle.evil/index.html',
    'app://evil/index.html',
    'http://example.com/',
    'https://example.com/',
    'data:text/html,<script>alert(1)</script>',
    'javascript:alert(1)',
    'about:blank',
    'chrome://settings',
    '',
  ])('denies %j', (url) => {
    expect(isAllowedNavigation(url)).toBe(false);
  });

  it('allows the loopback dev server only when given', () => {
    expect(isAllowedNavigation('http://127.0.0.1:5173/', 'http://127.0.0.1:5173')).toBe(true);
    expect(isAllowedNavigation('http://127.0.0.1:5173/')).toBe(false);
    expect(isAllowedNavigation('http://example.com/', 'http://example.com')).toBe(false);
  });
});

describe('installNavigationGuard', () => {
  type Listener = (event: { preventDefault: () => void; url?: string }, url?: string) => void;
  const listeners: Record<string, Listener> = {};
  installNavigationGuard({ on: (name: string, listener: Listener) => void (listeners[name] = listener) } as never);
  const prevented = (name: string, url: string) => {
    let stopped = false;
    listeners[name]!({ preventDefault: () => (stopped = true), url }, url);
    return stopped;
  };

  it('prevents navigation and redirects away from the app', () => {
    expect(prevented('will-navigate', 'https://example.com/')).toBe(true);
    expect(prevented('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(prevented('will-frame-navigate', 'data:text/html,x')).toBe(true);
    expect(prevented('will-navigate', 'app://bundle/index.html')).toBe(false);
  });

  it('prevents every webview', () => {
    expect(prevented('will-attach-webview', 'app://bundle/index.html')).toBe(true);
  });
});

describe('decideWindowOpen', () => {
  it.each(['https://example.com/', 'app://bundle/index.html', 'about:blank'])('denies %s', (url) => {
    expect(decideWindowOpen({ url })).toEqual({ action: 'deny' });
  });

  it('installs the deny handler', () => {
    let handler: ((d: { url: string }) => unknown) | undefined;
    installWindowOpenGuard({ setWindowOpenHandler: (h: typeof handler) => (handler = h) } as never);
    expect(handler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });
});

describe('decidePermission', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'usb', 'hid', 'serial', 'openExternal', 'unknown'])('denies %s', (permission) => {
    expect(decidePermission(permission)).toBe(false);
  });

  it('installs request, check and device handlers that all deny', () => {
    const granted: boolean[] = [];
    installPermissionGuard({
      setPermissionRequestHandler: (h: (c: unknown, p: string, cb: (g: boolean) => void) => void) => h(null, 'media', (g) => granted.push(g)),
      setPermissionCheckHandler: (h: (c: unknown, p: string) => boolean) => granted.push(h(null, 'geolocation')),
      setDevicePermissionHandler: (h: () => boolean) => granted.push(h()),
    } as never);
    expect(granted).toEqual([false, false, false]);
  });
});
