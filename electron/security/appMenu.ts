/**
 * The application menu: a small Japanese one (ファイル, 表示, ヘルプ) in place of Electron's default,
 * whose View menu offers Reload and Toggle Developer Tools. Developer items are added only in
 * development.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface AppMenuOptions {
  /** True in development only (see devTools.ts). */
  allowDevTools: boolean;
  /** Shows the version (a message box in main.ts). */
  showAbout: () => void;
}

export function appMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [
    { label: 'ファイル', submenu: [{ role: 'quit', label: '終了' }] },
    {
      label: '表示',
      submenu: [
        { role: 'zoomIn', label: '拡大' },
        { role: 'zoomOut', label: '縮小' },
        { role: 'resetZoom', label: '実寸（100%）' },
      ],
    },
    { label: 'ヘルプ', submenu: [{ label: 'バージョン情報', click: () => options.showAbout() }] },
  ];
  if (options.allowDevTools) {
    template.push({ label: '開発', submenu: [{ role: 'reload', label: '再読み込み' }, { role: 'toggleDevTools', label: '開発者ツール' }] });
  }
  return template;
}
