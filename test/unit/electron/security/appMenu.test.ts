import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { appMenuTemplate } from '../../../../electron/security/appMenu';

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
