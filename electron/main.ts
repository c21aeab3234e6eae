/** Composition root of the desktop app: lifecycle and install calls only. */
import path from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, session } from 'electron';
import { appMenuTemplate } from './security/appMenu';
import { APP_ENTRY_URL, appSchemePrivileges, installAppProtocol } from './security/appProtocol';
import { allowDevTools, installDevToolsGuard } from './security/devTools';
import { LAUNCH_REFUSED_TITLE, launchRefusedMessage, refusedLaunchSwitch } from './security/launchSwitches';
import { installNavigationGuard } from './security/navigation';
import { installNetworkBlock, isLoopbackOrigin } from './security/network';
import { installPermissionGuard } from './security/permissions';
import { installWindowOpenGuard } from './security/windowOpen';
import { createMainWindow } from './window';
import { handle } from './ipc/handle';
import { getAppInfo } from './ipc/appInfo';
import { saveFile } from './ipc/fileSave';
import { savePdf } from './ipc/printPdf';
import { createSigningKeyStore, diskKeyFile } from './ipc/signingKeys';

function start(): void {
  // Development only: the Vite dev server on this machine. Ignored in a packaged app and when not loopback.
  const devServer = !app.isPackaged && process.env.DAICHO_DEV_SERVER && isLoopbackOrigin(process.env.DAICHO_DEV_SERVER)
    ? new URL(process.env.DAICHO_DEV_SERVER).origin
    : undefined;
  const devTools = allowDevTools(app.isPackaged);

  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
  if (!app.requestSingleInstanceLock()) app.quit();

  app.on('web-contents-created', (_event, contents) => {
    installNavigationGuard(contents, devServer);
    installWindowOpenGuard(contents);
    installDevToolsGuard(contents, devTools);
  });

  void app.whenReady().then(() => {
    Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate({
      allowDevTools: devTools,
      showAbout: () => void dialog.showMessageBox({ type: 'info', title: 'バージョン情報', message: `Daichō 情報資産台帳 バージョン ${app.getVersion()}`, buttons: ['閉じる'] }),
    })));
    installAppProtocol(protocol, path.join(__dirname, '..', 'renderer'));
    installNetworkBlock(session.defaultSession, devServer);
    installPermissionGuard(session.defaultSession);
    const signingKeys = createSigningKeyStore({
      wrapper: safeStorage,
      file: diskKeyFile(app.getPath('userData')),
      platform: process.platform,
      randomSecretKey: () => ed25519.utils.randomSecretKey(),
      now: () => new Date().toISOString(),
    });
    handle(ipcMain, 'app:getInfo', () => getAppInfo(app, process.platform), devServer);
    handle(ipcMain, 'file:save', (request) => saveFile(dialog, request), devServer);
    handle(ipcMain, 'print:savePdf', (request, sender) => savePdf(sender, dialog, request), devServer);
    handle(ipcMain, 'key:create', () => signingKeys.create(), devServer);
    handle(ipcMain, 'key:sign', (request) => signingKeys.sign(request), devServer);
    handle(ipcMain, 'key:list', () => signingKeys.list(), devServer);
    handle(ipcMain, 'key:revoke', (request) => signingKeys.revoke(request), devServer);
    createMainWindow(BrowserWindow, path.join(__dirname, 'preload.cjs'), devServer ?? APP_ENTRY_URL, devTools);
  });

  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  app.on('window-all-closed', () => app.quit());
}

// The packaged app refuses a launch that would open a debugger on it, before anything else runs.
const refusedSwitch = app.isPackaged
  ? refusedLaunchSwitch(process.argv, process.env, process.platform, (name) => app.commandLine.hasSwitch(name))
  : null;
if (refusedSwitch) {
  console.error(launchRefusedMessage(refusedSwitch));
  dialog.showErrorBox(LAUNCH_REFUSED_TITLE, launchRefusedMessage(refusedSwitch));
  app.exit(1);
} else {
  start();
}
