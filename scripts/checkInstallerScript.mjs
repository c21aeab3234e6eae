// Compiles assets/installer.nsh with makensis (Debian: apt-get install nsis) in two small harnesses —
// the installer's macros and the uninstaller's — with warnings as errors, as electron-builder builds
// it. Checks syntax and warnings only; running the installer needs Windows.
// Usage: node scripts/checkInstallerScript.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const script = join(root, 'assets', 'installer.nsh');
const work = mkdtempSync(join(tmpdir(), 'daicho-nsis-'));

// electron-builder defines isUpdated; the harness's stand-in answers "not an upgrade".
const stub = '!macro _isUpdated _a _b _t _f\n  StrCmp "0" "1" `${_t}` `${_f}`\n!macroend\n!define isUpdated `"" isUpdated ""`\n';
const head = (out, extra = '') => `Unicode true\n${extra}Name "Daicho check"\nOutFile "${join(work, out)}"\nRequestExecutionLevel user\n!include "LogicLib.nsh"\n!include "${join(work, 'stub.nsh')}"\n!include "${script}"\n`;
writeFileSync(join(work, 'stub.nsh'), stub);
writeFileSync(join(work, 'install.nsi'), `${head('install.exe')}Function .onInit\n  !insertmacro customInit\nFunctionEnd\nSection\n  SetOutPath $INSTDIR\n  !insertmacro customInstall\nSectionEnd\n`);
writeFileSync(join(work, 'uninstall.nsi'), `${head('uninstall.exe', '!define BUILD_UNINSTALLER\n')}Section\n  WriteUninstaller "$INSTDIR\\u.exe"\nSectionEnd\nSection "un.install"\n  !insertmacro customUnInstall\nSectionEnd\n`);

let failed = false;
for (const harness of ['install.nsi', 'uninstall.nsi']) {
  const result = spawnSync('makensis', ['-WX', '-V2', join(work, harness)], { encoding: 'utf8' });
  if (result.error) {
    console.error('makensis が見つかりません（apt-get install nsis）。 / makensis not found (apt-get install nsis).');
    process.exit(2);
  }
  if (result.status !== 0) {
    failed = true;
    console.error(`${harness}: NG\n${result.stdout}${result.stderr}`);
  } else console.log(`${harness}: OK`);
}
process.exit(failed ? 1 : 0);
