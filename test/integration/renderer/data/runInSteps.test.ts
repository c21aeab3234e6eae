import { describe, expect, it } from 'vitest';
import { runInSteps, SliceCancelled } from '../../../../renderer/data/runInSteps';

/** Counts to `n`, pausing after each number; records whether it was closed early. */
function* counting(n: number, log: { closed: boolean; taken: number }): Generator<void, number, void> {
  try {
    for (let i = 0; i < n; i++) {
      log.taken++;
      yield;
    }
    return n;
  } finally {
    if (log.taken < n) log.closed = true;
  }
}

describe('runInSteps', () => {
  it('returns the generator\'s result, pausing only when a slice has used its time', async () => {
    const log = { closed: false, taken: 0 };
    let pauses = 0;
    expect(await runInSteps(counting(1_000, log), { budgetMs: 60_000, pause: async () => void pauses++ })).toBe(1_000);
    expect(pauses).toBe(0);
    expect(await runInSteps(counting(50, { closed: false, taken: 0 }), { budgetMs: 0, pause: async () => void pauses++ })).toBe(50);
    expect(pauses).toBe(50);
  });

  it('closes the generator and throws SliceCancelled when cancelled between slices', async () => {
    const log = { closed: false, taken: 0 };
    let pauses = 0;
    await expect(runInSteps(counting(100, log), { budgetMs: 0, pause: async () => void pauses++, cancelled: () => pauses >= 3 })).rejects.toBeInstanceOf(SliceCancelled);
    expect(log.taken).toBe(3);
    expect(log.closed).toBe(true);
  });

  it('yields to the event loop between slices by default, so timers run meanwhile', async () => {
    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);
    function* untilTimer(): Generator<void, boolean, void> {
      for (let i = 0; i < 1_000 && !timerRan; i++) yield;
      return timerRan;
    }
    expect(await runInSteps(untilTimer(), { budgetMs: 0 })).toBe(true);
  });
});
