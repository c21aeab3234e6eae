import { describe, expect, it, vi } from 'vitest';
import { allowDevTools, installDevToolsGuard } from '../../../../electron/security/devTools';

describe('allowDevTools', () => {
  it('allows DevTools in development only', () => {
    expect(allowDevTools(true)).toBe(false);
    expect(allowDevTools(false)).toBe(true);
  });
});

describe('installDevToolsGuard', () => {
  const contents = () => {
    const listeners: Record<string, () => void> = {};
    return { listeners, on: vi.fn((name: string, listener: () => void) => void (listeners[name] = listener)), closeDevTools: vi.fn() };
  };

  it('closes DevTools as soon as they open in the packaged app', () => {
    const c = contents();
    installDevToolsGuard(c as never, false);
    c.listeners['devtools-opened']!();
    expect(c.closeDevTools).toHaveBeenCalledTimes(1);
  });

  it('leaves them alone in development', () => {
    const c = contents();
    installDevToolsGuard(c as never, true);
    expect(c.on).not.toHaveBeenCalled();
  });
});
