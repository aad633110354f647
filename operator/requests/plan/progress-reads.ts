/** A runner Job with a Running batch of the request, as the shell found it in its caches. */
export interface ProgressCandidate {
  jobName: string;
  /** When the Job was created (its attempt started). */
  startedMs: number;
  /** The newest progressTime among the request's batches in this Job. */
  shownMs?: number;
  /** When this operator last read (or tried to read) the Job's pod log; forgotten on restart. */
  lastReadMs?: number;
}

/**
 * The Jobs whose pod log is due a read at `nowMs`: one interval after the latest of the Job's start, the progress
 * shown and the last read. A batch that ends within the first interval is never read, and a Job is read at most once
 * per interval however often its request is reconciled. An interval of 0 turns reading off.
 */
export function progressReadsDue(candidates: readonly ProgressCandidate[], nowMs: number, intervalMs: number): string[] {
  if (intervalMs <= 0) return [];
  return candidates.filter((c) => nowMs - Math.max(c.startedMs, c.shownMs ?? -Infinity, c.lastReadMs ?? -Infinity) >= intervalMs).map((c) => c.jobName);
}

/** The log lines to read for a Job of `batches` batches: a line per batch per interval, with room for a few others. */
export const progressTailLines = (batches: number): number => Math.min(500, 10 + 4 * Math.max(1, batches));

/**
 * How soon a request with a Running batch looks at its log again: one interval, or longer when the runner Jobs active
 * over all requests need more reads per interval than the global rate allows. Progress passes then stay near the read
 * rate instead of growing with the number of running batches (1,000 Jobs at 5 reads/s: every 200 s, not every 10).
 */
export const progressRecheckMs = (intervalMs: number, activeJobs: number, readsPerSecond: number): number =>
  Math.max(intervalMs, Math.ceil((activeJobs / readsPerSecond) * 1000));
