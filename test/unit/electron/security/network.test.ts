import { describe, expect, it } from 'vitest';
import { installNetworkBlock, isAllowedRequest, isLoopbackOrigin } from '../../../../electron/security/network';

describe('isAllowedRequest', () => {
  it.each(['app://bundle/index.html', 'app://bundle/assets/x.js', 'data:image/png;base64,AAAA', 'blob:app://bundle/1234'])('allows %s', (url) => {
    expect(isAllowedRequest(url)).toBe(true);
  });

  it.each([
    'http://example.com/',
    'https://update.electronjs.org/x',
    'https://fonts.googleapis.com/css',
    'ws://10.0.0.1/',
    'file:///etc/passwd',
    'ftp://x/y',
    'http://127.0.0.1:5173/',
    'chrome-extension://abc/x.js',
    'devtools://devtools/bundled/x.html',
    'not a url',
  ])('cancels %s', (url) => {
    expect(isAllowedRequest(url)).toBe(false);
  });

  it('allows the loopback dev server only when it is set, and nothing else beside it', () => {
    expect(isAllowedRequest('http://127.0.0.1:5173/src/main.tsx', 'http://127.0.0.1:5173')).toBe(true);
    expect(isAllowedRequest('ws://127.0.0.1:5173/', 'http://127.0.0.1:5173')).toBe(true);
    expect(isAllowedRequest('http://127.0.0.1:5174/', 'http://127.0.0.1:5173')).toBe(false);
    expect(isAllowedRequest('https://example.com/', 'http://127.0.0.1:5173')).toBe(false);
    expect(isAllowedRequest('http://evil.example/', 'http://evil.example')).toBe(false);
  });
});

describe('isLoopbackOrigin', () => {
  it.each([
    ['http://127.0.0.1:5173', true],
    ['http://localhost:5173', true],
    ['http://192.168.1.5:5173', false],
    ['https://localhost:5173', false],
    ['http://localhost.evil.example', false],
    ['garbage', false],
  ])('returns %s -> %s', (origin, expected) => expect(isLoopbackOrigin(origin)).toBe(expected));
});

describe('installNetworkBlock', () => {
  it('cancels a remote request and lets an app request through', () => {
    let listener: ((details: { url: string }, callback: (r: { cancel: boolean }) => void) => void) | undefined;
    installNetworkBlock({ webRequest: { onBeforeRequest: (l: typeof listener) => (listener = l) } } as never);
    const decide = (url: string) => {
      let decision: { cancel: boolean } | undefined;
      listener!({ url }, (r) => (decision = r));
      return decision;
    };
    expect(decide('https://example.com/telemetry')).toEqual({ cancel: true });
    expect(decide('app://bundle/index.html')).toEqual({ cancel: false });
  });
});
