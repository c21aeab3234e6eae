/**
 * The app:// protocol that serves the built renderer from the app bundle. Only files inside the
 * bundle folder are served: an encoded `..`, an absolute path or a NUL byte cannot read other files
 * (path traversal, e.g. app://bundle/..%2F..%2Fetc/passwd).
 */
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { securityHeaders } from './csp';

export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Privileges for the scheme; must be registered before the app is ready. */
export const appSchemePrivileges = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: false },
};

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * Maps an app:// URL to a file inside `root`, or returns null when the URL is not ours or would
 * leave the folder. `root` must be absolute.
 */
export function resolveAppPath(requestUrl: string, root: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const resolvedRoot = path.resolve(root);
  const resolved = path.resolve(resolvedRoot, relative);
  if (resolved !== resolvedRoot && !resolved.startsWith(resolvedRoot + path.sep)) return null;
  return resolved;
}

/** Content type for a served file; unknown types are served as bytes, never sniffed. */
export function contentTypeFor(filePath: string): string {
  return contentTypes[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** Serves the bundle folder on app://bundle/ with the CSP on every response. */
export function installAppProtocol(protocol: Pick<Protocol, 'handle'>, root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const filePath = resolveAppPath(request.url, root);
    if (!filePath) return new Response('Not found', { status: 404, headers: securityHeaders('text/plain') });
    try {
      const body = await readFile(filePath);
      return new Response(body, { status: 200, headers: securityHeaders(contentTypeFor(filePath)) });
    } catch {
      return new Response('Not found', { status: 404, headers: securityHeaders('text/plain') });
    }
  });
}
