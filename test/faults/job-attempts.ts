import { ATTEMPT_LABEL, BATCH_LABEL, REQUEST_LABEL } from "../../operator/requests/runner-job/runner-job.ts";
import type { KubeObject } from "../../operator/kube/meta/kube-object.ts";

// The "exactly one Job per batch attempt" invariant of the fault scenarios (issue 16), over every runner Job a watch
// saw created (by uid: a Job deleted and created again under the same name counts twice). Pure.

/** The request, batch and attempt a runner Job runs, from the operator's labels. */
export const jobAttemptKey = (job: KubeObject): string => {
  const labels = job.metadata?.labels ?? {};
  return `${labels[REQUEST_LABEL] ?? "?"}/${labels[BATCH_LABEL] ?? "?"}/${labels[ATTEMPT_LABEL] ?? "?"}`;
};

/** Jobs beyond the first of each batch attempt: 0 when every attempt had exactly one Job. */
export function duplicateJobs(jobsEverCreated: Iterable<KubeObject>): number {
  const keys = new Map<string, number>();
  for (const job of jobsEverCreated) keys.set(jobAttemptKey(job), (keys.get(jobAttemptKey(job)) ?? 0) + 1);
  let extra = 0;
  for (const n of keys.values()) extra += n - 1;
  return extra;
}
