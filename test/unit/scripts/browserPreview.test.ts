import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBrowser, openCommand, preferredPort, previewReadyLine, rendererStale } from '../../../scripts/browserPreview.mjs';

describe('openCommand', () => {
  const url = 'http://127.0.0.1:4173/';
  it.each([
    ['win32', { command: 'cmd', args: ['/c', 'start', '""', url] }],
    ['darwin', { command: 'open', args: [url] }],
    ['linux', { command: 'xdg-open', args: [url] }],
    ['freebsd', { command: 'xdg-open', args: [url] }],
    ['aix', null],
  ])('%s → %j', (platform, expected) => expect(openCommand(platform, url)).toEqual(expected));

  it.each(['http://127.0.0.1:4173/&calc', 'http://example.com/', 'http://127.0.0.1:4173/"x', 'file:///C:/x', 'http://127.0.0.1:4173/ && del x'])(
    'never hands a shell anything but our own loopback address: %j',
    (bad) => expect(openCommand('win32', bad)).toBeNull(),
  );
});

describe('preferredPort', () => {
  it.each([
    [{}, 4173],
    [{ DAICHO_PORT: '5000' }, 5000],
    [{ DAICHO_PORT: '80' }, 4173],
    [{ DAICHO_PORT: '70000' }, 4173],
    [{ DAICHO_PORT: 'abc' }, 4173],
    [{ DAICHO_PORT: '5000.5' }, 4173],
  ])('%j → %i', (env, port) => expect(preferredPort(env)).toBe(port));
});

describe('openBrowser', () => {
  it('prints the address when no browser can be started', async () => {
    const lines: string[] = [];
    expect(await openBrowser('http://127.0.0.1:4173/', 'aix', (line) => lines.push(line))).toBe(false);
    expect(lines.join('\n')).toContain('http://127.0.0.1:4173/');
  });
});

describe('rendererStale', () => {
  it('rebuilds when the build is missing or older than a source, not otherwise', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'daicho-stale-'));
    mkdirSync(path.join(root, 'renderer'));
    writeFileSync(path.join(root, 'renderer', 'App.tsx'), 'x');
    expect(rendererStale(root)).toBe(true);
    mkdirSync(path.join(root, 'dist', 'renderer'), { recursive: true });
    writeFileSync(path.join(root, 'dist', 'renderer', 'index.html'), '<html>');
    const old = new Date('2026-01-01T00:00:00Z');
    utimesSync(path.join(root, 'renderer', 'App.tsx'), old, old);
    expect(rendererStale(root)).toBe(false);
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(root, 'renderer', 'App.tsx'), later, later);
    expect(rendererStale(root)).toBe(true);
  });
});

describe('previewReadyLine', () => {
  it('says it is the browser version without the desktop protections, where, and how to stop', () => {
    const line = previewReadyLine('http://127.0.0.1:4180/');
    expect(line).toContain('ブラウザー版');
    expect(line).toContain('保護なし');
    expect(line).toContain('http://127.0.0.1:4180/');
    expect(line).toContain('Ctrl+C');
  });
});
