import { describe, expect, it, vi } from 'vitest';
import { createMainWindow, secureWebPreferences } from '../../../electron/window';

describe('secureWebPreferences', () => {
  it('returns the Electron security checklist settings', () => {
    expect(secureWebPreferences('/app/preload.cjs', false)).toMatchObject({
      preload: '/app/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
  });

  it.each([
    [false, false],
    [true, true],
  ])('sets devTools to %s when DevTools are allowed=%s (never in the packaged app)', (allowed, expected) => {
    expect(secureWebPreferences('/app/preload.cjs', allowed).devTools).toBe(expected);
  });
});

describe('createMainWindow', () => {
  it('opens the given URL in a window with the secure preferences', () => {
    const loadURL = vi.fn(async () => undefined);
    const constructed: unknown[] = [];
    class FakeWindow {
      constructor(options: unknown) {
        constructed.push(options);
      }
      once() {}
      show() {}
      loadURL = loadURL;
    }
    createMainWindow(FakeWindow as never, '/app/preload.cjs', 'app://bundle/index.html', false);
    expect(loadURL).toHaveBeenCalledWith('app://bundle/index.html');
    expect(constructed[0]).toMatchObject({ webPreferences: { ...secureWebPreferences('/app/preload.cjs', false), devTools: false } });
  });
});
