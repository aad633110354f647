import type { KubeObject } from "../../operator/kube/meta/kube-object.ts";
import { ATTEMPT_LABEL, BATCH_LABEL, REQUEST_LABEL } from "../../operator/requests/runner-job/runner-job.ts";

// The fault scenarios' Job invariants (1, 4, 7), from every runner Job a watch ever saw (latest version per uid): exactly one Job per
// batch attempt, and never two unfinished Jobs of one batch at once. Pure.

export interface JobSeen {
  uid: string;
  request: string;
  batch: string;
  attempt: string;
  /** A Complete or Failed condition is true. */
  finished: boolean;
}

/** A runner Job as the ledger counts it: the operator's labels say which batch attempt it runs. */
export function jobSeenOf(job: KubeObject & { status?: object }): JobSeen {
  const labels = job.metadata?.labels ?? {};
  // Only a Job's status has conditions; the watch's object types differ in what else they declare.
  const conditions = (job.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  const finished = conditions.some((c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True");
  return { uid: job.metadata?.uid ?? "", request: labels[REQUEST_LABEL] ?? "", batch: labels[BATCH_LABEL] ?? "", attempt: labels[ATTEMPT_LABEL] ?? "", finished };
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
