/**
 * Runs a button's write once at a time. A double-click (or Enter pressed twice) sends the second click
 * while the first write is still under way, before React has drawn the button disabled: the guard is a
 * ref, set synchronously, so that click is dropped instead of recording the step again. `busy` is for
 * drawing the button disabled while the write runs.
 */
import { useCallback, useRef, useState } from 'react';

export function useOneAtATime(): { busy: boolean; run: (work: () => Promise<unknown>) => Promise<void> } {
  const running = useRef(false);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (work: () => Promise<unknown>) => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    try {
      await work();
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  return { busy, run };
}
