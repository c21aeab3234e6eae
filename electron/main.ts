/** Composition root of the desktop app: lifecycle and install calls only. */
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, session } from 'electron';
import { APP_ENTRY_URL, appSchemePrivileges, installAppProtocol } from './security/appProtocol';
import { installNavigationGuard } from './security/navigation';
import { installNetworkBlock, isLoopbackOrigin } from './security/network';
import { installPermissionGuard } from './security/permissions';
import { installWindowOpenGuard } from './security/windowOpen';
import { createMainWindow } from './window';
import { handle } from './ipc/handle';
import { getAppInfo } from './ipc/appInfo';
import { saveFile } from './ipc/fileSave';
import { savePdf } from './ipc/printPdf';

// Development only: the Vite dev server on this machine. Ignored in a packaged app and when not loopback.
const devServer = !app.isPackaged && process.env.DAICHO_DEV_SERVER && isLoopbackOrigin(process.env.DAICHO_DEV_SERVER)
  ? new URL(process.env.DAICHO_DEV_SERVER).origin
  : undefined;

app.enableSandbox();
protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
if (!app.requestSingleInstanceLock()) app.quit();

app.on('web-contents-created', (_event, contents) => {
  installNavigationGuard(contents, devServer);
  installWindowOpenGuard(contents);
});

void app.whenReady().then(() => {
  installAppProtocol(protocol, path.join(__dirname, '..', 'renderer'));
  installNetworkBlock(session.defaultSession, devServer);
  installPermissionGuard(session.defaultSession);
  handle(ipcMain, 'app:getInfo', () => getAppInfo(app, process.platform), devServer);
  handle(ipcMain, 'file:save', (request) => saveFile(dialog, request), devServer);
  handle(ipcMain, 'print:savePdf', (request, sender) => savePdf(sender, dialog, request), devServer);
  createMainWindow(BrowserWindow, path.join(__dirname, 'preload.cjs'), devServer ?? APP_ENTRY_URL);
});

app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
app.on('window-all-closed', () => app.quit());
