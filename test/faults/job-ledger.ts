// Scenario 1's Job invariants, from every runner Job a watch ever saw (latest version per uid): exactly one Job per
// batch attempt, and never two unfinished Jobs of one batch at once. Pure.

export interface JobSeen {
  uid: string;
  request: string;
  batch: string;
  attempt: string;
  /** A Complete or Failed condition is true. */
  finished: boolean;
}

const attemptKey = (j: JobSeen) => `${j.request}/${j.batch}/attempt ${j.attempt}`;
const batchKey = (j: JobSeen) => `${j.request}/${j.batch}`;

/** How many distinct Jobs (uids) were created for each batch attempt. */
export function creationsPerAttempt(jobs: Iterable<JobSeen>): Map<string, number> {
  const uids = new Map<string, Set<string>>();
  for (const j of jobs) uids.set(attemptKey(j), (uids.get(attemptKey(j)) ?? new Set()).add(j.uid));
  return new Map([...uids].map(([key, set]) => [key, set.size]));
}

/** Jobs created beyond one per batch attempt. */
export const duplicateCreations = (jobs: Iterable<JobSeen>): number => [...creationsPerAttempt(jobs).values()].reduce((sum, n) => sum + n - 1, 0);

/** The batches with more than one unfinished Job in this snapshot: a batch running twice at once. */
export function batchesRunningTwice(jobs: Iterable<JobSeen>): string[] {
  const running = new Map<string, number>();
  for (const j of jobs) if (!j.finished) running.set(batchKey(j), (running.get(batchKey(j)) ?? 0) + 1);
  return [...running].filter(([, n]) => n > 1).map(([key]) => key);
}
