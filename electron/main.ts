/** Composition root of the desktop app: lifecycle and install calls only. */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
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
import { run as runCli } from '../cli/daicho';
import { nodeCliIo } from '../cli/nodeIo';
import { cliArguments, runCliMode } from './deploy/cliMode';
import { decodeInstallConfig, INSTALL_CONFIG_FILE } from './deploy/dataFolder';
import { driveKindFor } from './deploy/driveType';
import { pidAlive, releaseLedgerLock, type LockFs } from './deploy/ledgerLock';
import { SHARED_ELECTRON_PATHS, startTerminal, type TerminalStart } from './deploy/terminal';

const lockFs: LockFs = {
  createExclusive(file, text) {
    let fd: number;
    try {
      fd = openSync(file, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    return true;
  },
  read(file) {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  },
  remove: (file) => rmSync(file, { force: true }),
};

/** The installer's daicho-install.ini beside the executable (installed app only), decoded, or null. */
function installConfigText(): string | null {
  if (!app.isPackaged) return null;
  const file = path.join(path.dirname(process.execPath), INSTALL_CONFIG_FILE);
  if (!existsSync(file)) return null;
  try {
    return decodeInstallConfig(new Uint8Array(readFileSync(file)));
  } catch {
    return ''; // there but unreadable: refused as naming no folder, with the file's name in the message
  }
}

/** One ledger per terminal: the data folder, then the lock, before the app is ready. */
function openTerminalLedger(): TerminalStart {
  // The signed-in account's name (USERNAME on Windows; os.userInfo can throw where the account has no entry).
  let windowsUser = process.env.USERNAME ?? process.env.USER ?? '?';
  try {
    windowsUser = os.userInfo().username || windowsUser;
  } catch {
    // keep the environment's name
  }
  return startTerminal({
    platform: process.platform,
    env: process.env,
    installConfig: installConfigText(),
    homeDir: os.homedir(),
    driveKind: (folder) => driveKindFor(process.platform, folder, (file, args, options) => execFileSync(file, args, options)),
    ensureFolder: (folder) => {
      try {
        mkdirSync(folder, { recursive: true });
        return true;
      } catch {
        return false;
      }
    },
    join: (folder, name) => path.join(folder, name),
    fs: lockFs,
    me: { windowsUser, pid: process.pid, host: os.hostname(), bootedAt: new Date(Date.now() - os.uptime() * 1000).toISOString() },
    now: () => new Date().toISOString(),
    isAlive: (pid) => pidAlive((p, signal) => process.kill(p, signal), pid),
    requestSingleInstance: () => app.requestSingleInstanceLock(),
  }, (folder) => {
    for (const name of SHARED_ELECTRON_PATHS) app.setPath(name, folder);
  });
}

function start(ledger: Extract<TerminalStart, { action: 'open' }>): void {
  // Development only: the Vite dev server on this machine. Ignored in a packaged app and when not loopback.
  const devServer = !app.isPackaged && process.env.DAICHO_DEV_SERVER && isLoopbackOrigin(process.env.DAICHO_DEV_SERVER)
    ? new URL(process.env.DAICHO_DEV_SERVER).origin
    : undefined;
  const devTools = allowDevTools(app.isPackaged);

  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
  // The ledger is given back when the app ends, however it ends (a crash leaves a stale lock, taken over next time).
  const release = () => releaseLedgerLock(lockFs, ledger.lockPath, ledger.owner);
  app.on('will-quit', release);
  process.on('exit', release);

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
      file: diskKeyFile(ledger.folder),
      platform: process.platform,
      randomSecretKey: () => ed25519.utils.randomSecretKey(),
      now: () => new Date().toISOString(),
      windowsUser: ledger.owner.windowsUser,
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
const cliArgs = cliArguments(process.argv, app.isPackaged);
if (refusedSwitch) {
  console.error(launchRefusedMessage(refusedSwitch));
  dialog.showErrorBox(LAUNCH_REFUSED_TITLE, launchRefusedMessage(refusedSwitch));
  app.exit(1);
} else if (cliArgs) {
  // `Daicho.exe --cli …` (daicho.cmd): the command only; no window, profile or ledger lock. Exit once
  // the console has everything written.
  void runCliMode(cliArgs, nodeCliIo(app.getVersion()), runCli).then((code) => {
    process.stdout.write('', () => process.stderr.write('', () => app.exit(code)));
  });
} else {
  const ledger = openTerminalLedger();
  if (ledger.action === 'open') start(ledger);
  else if (ledger.action === 'quit-quietly') app.exit(0);
  else {
    console.error(ledger.message);
    dialog.showErrorBox(ledger.title, ledger.message);
    app.exit(1);
  }
}
