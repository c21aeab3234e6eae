/**
 * The progress bar and 中止 button of a job running in a worker. The window stays usable meanwhile;
 * 中止 ends the worker at once and changes nothing.
 */
import type { JobProgress as Progress } from '../workers/workerClient';

export function JobProgress({ label, progress, onCancel }: { label: string; progress: Progress | null; onCancel: () => void }) {
  if (!progress) return null;
  const percent = Math.round(progress.fraction * 100);
  return (
    <div className="job-progress" role="group" aria-label={`${label}の進み具合`}>
      <progress aria-label={label} max={100} value={percent} />
      <span aria-live="polite">{progress.stage}…</span>
      <button type="button" onClick={onCancel}>中止</button>
    </div>
  );
}
