import path from 'node:path';
import os from 'node:os';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentTypeFor, installAppProtocol, resolveAppPath } from '../../../../electron/security/appProtocol';
import { CONTENT_SECURITY_POLICY } from '../../../../electron/security/csp';

const root = mkdtempSync(path.join(os.tmpdir(), 'daicho-bundle-'));
mkdirSync(path.join(root, 'assets'));
writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Daichō</title>');
writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(path.join(path.dirname(root), 'secret.txt'), 'secret');

describe('resolveAppPath', () => {
  it.each([
    ['app://bundle/index.html', 'index.html'],
    ['app://bundle/', 'index.html'],
    ['app://bundle/assets/app.js', path.join('assets', 'app.js')],
    ['app://bundle/assets/%E5%8F%B0%E5%B8%B3.js', path.join('assets', '台帳.js')],
    ['app://bundle/assets/../index.html', 'index.html'],
  ])('returns the file inside the bundle for %s', (url, relative) => {
    expect(resolveAppPath(url, root)).toBe(path.join(root, relative));
  });

  it.each([
    'file:///etc/passwd',
    'app://bundle/..%2F..%2Fetc%2Fpasswd',
    'app://bundle/..%5C..%5Csecret.txt',
    'app://bundle/index.html%00.js',
    'app://bundle/%E0%A4%A',
    'app://other/index.html',
    'http://bundle/index.html',
    'https://example.com/index.html',
    'data:text/html,<script>alert(1)</script>',
    'javascript:alert(1)',
    'not a url',
    '',
  ])('returns null for %j', (url) => {
    expect(resolveAppPath(url, root)).toBeNull();
  });
});

describe('resolveAppPath with dot segments', () => {
  // The URL parser folds these into the bundle root; what matters is that they never leave it.
  it.each(['app://bundle/../../etc/passwd', 'app://bundle/%2e%2e/%2e%2e/secret.txt', 'app://bundle/./.././secret.txt'])('keeps %s inside the bundle', (url) => {
    const resolved = resolveAppPath(url, root);
    expect(resolved === null || resolved.startsWith(root + path.sep)).toBe(true);
  });
});

describe('contentTypeFor', () => {
  it('returns JavaScript and HTML types and never sniffs unknown files', () => {
    expect(contentTypeFor('a/b.js')).toMatch(/^text\/javascript/);
    expect(contentTypeFor('index.HTML')).toMatch(/^text\/html/);
    expect(contentTypeFor('x.exe')).toBe('application/octet-stream');
  });
});

describe('installAppProtocol', () => {
  type Handler = (request: Request) => Promise<Response>;
  const handlers: Record<string, Handler> = {};
  installAppProtocol({ handle: (scheme: string, handler: Handler) => void (handlers[scheme] = handler) } as never, root);
  const serve = (url: string) => handlers.app!(new Request(url));

  it('returns the file with the CSP header', async () => {
    const response = await serve('app://bundle/index.html');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Daichō');
    expect(response.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });

  it('returns 404 for traversal and missing files', async () => {
    expect((await serve('app://bundle/..%2Fsecret.txt')).status).toBe(404);
    expect((await serve('app://bundle/missing.js')).status).toBe(404);
    expect((await serve('app://bundle/assets')).status).toBe(404);
  });
});
