import { describe, expect, it, vi } from 'vitest';
import { allowDevTools, installDevToolsGuard } from '../../../../electron/security/devTools';
import { appMenuTemplate } from '../../../../electron/security/appMenu';
import type { MenuItemConstructorOptions } from 'electron';

describe('allowDevTools', () => {
  it('allows DevTools in development only', () => {
    expect(allowDevTools(true)).toBe(false);
    expect(allowDevTools(false)).toBe(true);
  });
});

describe('installDevToolsGuard', () => {
  const contents = () => {
    const listeners: Record<string, () => void> = {};
    return { listeners, on: vi.fn((name: string, listener: () => void) => void (listeners[name] = listener)), closeDevTools: vi.fn() };
  };

  it('closes DevTools as soon as they open in the packaged app', () => {
    const c = contents();
    installDevToolsGuard(c as never, false);
    c.listeners['devtools-opened']!();
    expect(c.closeDevTools).toHaveBeenCalledTimes(1);
  });

  it('leaves them alone in development', () => {
    const c = contents();
    installDevToolsGuard(c as never, true);
    expect(c.on).not.toHaveBeenCalled();
  });
});

const flatten = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
  items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);

describe('appMenuTemplate', () => {
  const developerRoles = ['toggleDevTools', 'reload', 'forceReload', 'viewMenu', 'editMenu', 'fileMenu', 'windowMenu', 'appMenu', 'help'];

  it('has no developer item in the packaged app, and only Japanese labels', () => {
    const items = flatten(appMenuTemplate({ allowDevTools: false, showAbout: () => {} }));
    expect(items.filter((item) => item.role && developerRoles.includes(item.role))).toEqual([]);
    expect(items.map((item) => item.role).filter(Boolean).sort()).toEqual(['quit', 'resetZoom', 'zoomIn', 'zoomOut']);
    for (const item of items) expect(item.label).toMatch(/[ぁ-んァ-ヶ一-龯]/);
    expect(appMenuTemplate({ allowDevTools: false, showAbout: () => {} }).map((m) => m.label)).toEqual(['ファイル', '表示', 'ヘルプ']);
  });

  it('adds DevTools and reload in development only', () => {
    const roles = flatten(appMenuTemplate({ allowDevTools: true, showAbout: () => {} })).map((item) => item.role);
    expect(roles).toContain('toggleDevTools');
    expect(roles).toContain('reload');
  });

  it('shows the version from ヘルプ', () => {
    const showAbout = vi.fn();
    const about = flatten(appMenuTemplate({ allowDevTools: false, showAbout })).find((item) => item.label === 'バージョン情報');
    about!.click!({} as never, undefined, {} as never);
    expect(showAbout).toHaveBeenCalledTimes(1);
  });
});
