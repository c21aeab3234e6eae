/**
 * Long work on the UI thread in short tasks (issue 15): a generator of small steps (see
 * sortAssetsInSteps in shared/domain/filterAssets.ts) is run a slice at a time, yielding to the
 * event loop between slices so painting and input go on. Kept apart from inSlices.ts (the restore's
 * slicing, with its schemas) so the ledger list does not carry those into the first chunk.
 */

/** How long one slice of stepped work may run before the thread yields: half a "long task" (50 ms). */
export const SLICE_MS = 25;

/** Lets the UI thread paint and answer input before the next slice. */
export const yieldToUi = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Thrown out of `runInSteps` when its work was cancelled (a newer state made the result useless). */
export class SliceCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/**
 * Runs `steps` to its end, taking steps until `budgetMs` of wall time has passed in this task, then
 * yielding before the next slice. The budget is time, not a count of steps, so a terminal busy with
 * other work still gets short tasks. `cancelled` is asked after each pause; when it answers true the
 * generator is closed and SliceCancelled thrown.
 */
export async function runInSteps<T>(
  steps: Generator<void, T, void>,
  options: { budgetMs?: number; pause?: () => Promise<void>; cancelled?: () => boolean } = {},
): Promise<T> {
  const { budgetMs = SLICE_MS, pause = yieldToUi, cancelled = () => false } = options;
  let started = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - started >= budgetMs) {
      await pause();
      if (cancelled()) {
        steps.return(undefined as never);
        throw new SliceCancelled();
      }
      started = performance.now();
    }
  }
}
