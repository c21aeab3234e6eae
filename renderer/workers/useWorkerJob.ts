/**
 * A screen's handle on one worker job at a time: start it, follow its progress, stop it with 中止.
 * The answer (or refusal) comes back as a value; the screen decides what to say and record.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobName, WorkerResult } from './protocol';
import { runWorkerJob, type JobProgress, type RunOptions } from './workerClient';
import type { Jobs } from './workerJobs';

export interface WorkerJobHandle {
  /** The running job's progress, or null when none runs. */
  progress: JobProgress | null;
  run<K extends JobName>(job: K, input: Jobs[K]['input'], options?: Omit<RunOptions, 'signal' | 'onProgress'>): Promise<WorkerResult<Jobs[K]['output']>>;
  cancel(): void;
}

export function useWorkerJob(): WorkerJobHandle {
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const controller = useRef<AbortController | null>(null);
  // Leaving the screen ends its job: nobody would see the answer.
  useEffect(() => () => controller.current?.abort(), []);
  const run = useCallback(async <K extends JobName>(job: K, input: Jobs[K]['input'], options: Omit<RunOptions, 'signal' | 'onProgress'> = {}) => {
    controller.current?.abort();
    const own = new AbortController();
    controller.current = own;
    setProgress({ stage: '準備しています', fraction: 0 });
    try {
      return await runWorkerJob(job, input, { ...options, signal: own.signal, onProgress: (p) => controller.current === own && setProgress(p) });
    } finally {
      if (controller.current === own) {
        controller.current = null;
        setProgress(null);
      }
    }
  }, []);
  const cancel = useCallback(() => controller.current?.abort(), []);
  return { progress, run, cancel };
}
