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
