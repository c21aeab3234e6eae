import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const config = parse(readFileSync('electron-builder.yml', 'utf8'));
const packageJson = JSON.parse(readFileSync('package.json', 'utf8'));

describe('electron-builder.yml', () => {
  it('builds Windows NSIS and portable first, and a Linux AppImage', () => {
    expect(config.win.target.map((t: { target: string }) => t.target)).toEqual(['nsis', 'portable']);
    expect(config.linux.target.map((t: { target: string }) => t.target)).toEqual(['AppImage']);
  });

  it('flips the fuses: no RunAsNode, cookie encryption, app only from an integrity-checked asar', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
  });

  it('names only fuses that the installed electron-builder knows (a misspelt fuse would be silently ignored)', () => {
    const declarations = readFileSync('node_modules/app-builder-lib/out/configuration.d.ts', 'utf8');
    const body = /export interface FuseOptionsV1 \{([\s\S]*?)\n\}/.exec(declarations)![1]!;
    const known = [...body.matchAll(/^\s{4}(\w+)\?:/gm)].map((m) => m[1]);
    expect(known).toContain('enableEmbeddedAsarIntegrityValidation');
    for (const fuse of Object.keys(config.electronFuses)) expect(known).toContain(fuse);
  });

  it('publishes nowhere (the app never updates over a network) and packs only the build', () => {
    expect(config.publish).toBeNull();
    expect(config.files).toEqual(['dist/electron/**', 'dist/renderer/**', 'package.json']);
    expect(packageJson.main).toBe('dist/electron/main.cjs');
  });
});

/** The installer script without its BOM and comments (a check must not pass on a word in a comment). */
const nsisRaw = readFileSync('assets/installer.nsh', 'utf8');
const nsis = nsisRaw.replace(/^\uFEFF/, '').split(/\r?\n/).filter((line) => !line.trim().startsWith(';')).join('\n');
const macro = (name: string) => {
  const match = new RegExp(`!macro ${name}\\n([\\s\\S]*?)\\n!macroend`).exec(nsis);
  if (!match) throw new Error(`macro ${name} missing`);
  return match[1]!;
};

describe('the installer IT rolls out (issue 17)', () => {
  it('is a per-machine, assisted (silent-capable) NSIS installer in Japanese only, including our script', () => {
    expect(config.nsis).toMatchObject({ perMachine: true, oneClick: false, language: '1041', installerLanguages: ['ja_JP'], multiLanguageInstaller: false, include: 'assets/installer.nsh' });
    expect(config.win.target.map((t: { target: string }) => t.target)).not.toContain('nsis-web'); // a web installer downloads at install time
  });

  it('never updates or reaches the network: no publish target, no updater package', () => {
    expect(config.publish).toBeNull();
    expect({ ...packageJson.dependencies, ...packageJson.devDependencies }).not.toHaveProperty('electron-updater');
    expect(readFileSync('electron/main.ts', 'utf8')).not.toMatch(/autoUpdater|electron-updater/);
    expect(nsis).not.toMatch(/inetc::|NSISdl::|http:|https:/i);
  });

  it('keeps the ledger on uninstall unless asked, and does not start the app as the installing account', () => {
    expect(config.nsis.deleteAppDataOnUninstall).toBe(false);
    expect(config.nsis.runAfterFinish).toBe(false);
  });

  it('reads /DATA= with GetOptions, keeps a previous folder, defaults to %ProgramData%\\Daicho and refuses a share', () => {
    const init = macro('customInit');
    expect(nsis).toContain('!include "FileFunc.nsh"');
    expect(init).toMatch(/\$\{GetParameters\} \$R0[\s\S]*\$\{GetOptions\} \$R0 "\/DATA=" \$DaichoDataDir/);
    expect(init).toMatch(/ReadRegStr \$DaichoDataDir HKLM "\$\{DAICHO_REG_KEY\}" "DataFolder"/);
    expect(init).toMatch(/ReadEnvStr \$R1 "PROGRAMDATA"[\s\S]*StrCpy \$DaichoDataDir "\$R1\\Daicho"/);
    expect(init).toMatch(/\$\{If\} \$R2 == "\\\\"[\s\S]*SetErrorLevel 2\s+Quit/);
  });

  it('creates the folder, grants the Users group (by SID) Modify with inheritance, writes the config beside the exe', () => {
    const install = macro('customInstall');
    expect(install).toContain('CreateDirectory "$DaichoDataDir"');
    expect(install).toContain(`'"$SYSDIR\\icacls.exe" "$DaichoDataDir" /grant *S-1-5-32-545:(OI)(CI)M'`);
    expect(install).toMatch(/FileOpen \$R1 "\$INSTDIR\\\$\{DAICHO_CONFIG\}" w\s+FileWriteUTF16LE \/BOM \$R1 "\[Daicho\]\$\\r\$\\nDataFolder=\$DaichoDataDir\$\\r\$\\n"/);
    expect(nsis).toContain('!define DAICHO_CONFIG "daicho-install.ini"');
  });

  it('the uninstaller touches the data folder only with /DELETEDATA, never on an upgrade, and only a folder it marked', () => {
    const uninstall = macro('customUnInstall');
    const removals = [...uninstall.matchAll(/RMDir \/r "([^"]+)"/g)].map((m) => m[1]);
    expect(removals).toEqual(['$R2']);
    expect(uninstall).toMatch(/\$\{ifNot\} \$\{isUpdated\}[\s\S]*\$\{GetOptions\} \$R0 "\/DELETEDATA" \$R1\s+\$\{IfNot\} \$\{Errors\}[\s\S]*\$\{AndIf\} \$\{FileExists\} "\$R2\\\$\{DAICHO_MARKER\}"\s+RMDir \/r "\$R2"/);
    expect(macro('customInstall')).toContain('FileOpen $R1 "$DaichoDataDir\\${DAICHO_MARKER}" w');
  });

  it('the installer writes the section and key the app reads', async () => {
    const { INSTALL_CONFIG_FILE, INSTALL_CONFIG_KEY, INSTALL_CONFIG_SECTION, readInstallConfig } = await import('../../electron/deploy/dataFolder');
    expect(nsis).toContain(`!define DAICHO_CONFIG "${INSTALL_CONFIG_FILE}"`);
    const written = `[${INSTALL_CONFIG_SECTION}]\r\n${INSTALL_CONFIG_KEY}=D:\\Daicho\r\n`;
    expect(macro('customInstall')).toContain(written.replace(/\r\n/g, '$\\r$\\n').replace('D:\\Daicho', '$DaichoDataDir'));
    expect(readInstallConfig(written)).toBe('D:\\Daicho');
    expect(nsis).toMatch(/ReadINIStr \$R2 "\$INSTDIR\\\$\{DAICHO_CONFIG\}" "Daicho" "DataFolder"/);
  });

  it('is saved as UTF-8 with a BOM (NSIS reads Japanese text correctly only then)', () => {
    expect([...readFileSync('assets/installer.nsh').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('names the portable build for evaluation', () => {
    expect(config.portable.artifactName).toMatch(/evaluation|評価用/);
    expect(config.nsis.artifactName).not.toMatch(/evaluation|評価用/);
  });

  it('installs daicho.cmd beside Daicho.exe, running the app\'s command-line mode and passing its exit code on', () => {
    expect(config.win.extraFiles).toEqual([{ from: 'assets/daicho.cmd', to: 'daicho.cmd' }]);
    const cmd = readFileSync('assets/daicho.cmd', 'latin1');
    expect(cmd.split('\n').slice(0, -1).every((line) => line.endsWith('\r'))).toBe(true); // CRLF for cmd.exe
    expect(cmd).toContain(`"%~dp0${config.productName}.exe" --cli %*`);
    expect(cmd).toMatch(/exit \/b %DAICHO_EXIT%/);
  });

  it('passes electron-builder\'s own schema (a misspelt option would be ignored or fail the Windows build)', async () => {
    const { getConfig, validateConfiguration } = await import('app-builder-lib/out/util/config/config.js');
    const { DebugLogger } = await import('builder-util');
    const loaded = await getConfig(process.cwd(), 'electron-builder.yml', null);
    await expect(validateConfiguration(loaded, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...loaded, nsis: { ...loaded.nsis, deleteAppDataOnUninstal: false } } as never, new DebugLogger(false))).rejects.toThrow();
  }, 20_000); // loading electron-builder takes seconds on a busy machine
});
