import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../operator/kube/meta/kube-object.ts";
import { ATTEMPT_LABEL, BATCH_LABEL, REQUEST_LABEL } from "../../../operator/requests/runner-job/runner-job.ts";
import { duplicateJobs, jobAttemptKey } from "../../faults/job-attempts.ts";

const job = (request: string, batch: string, attempt: number): KubeObject => ({ metadata: { labels: { [REQUEST_LABEL]: request, [BATCH_LABEL]: batch, [ATTEMPT_LABEL]: String(attempt) } } });

describe("duplicateJobs", () => {
  const cases = [
    { name: "no Jobs -> none", jobs: [], want: 0 },
    { name: "one Job per attempt of each batch -> none", jobs: [job("r1", "b1", 1), job("r1", "b1", 2), job("r1", "b2", 1), job("r2", "b1", 1)], want: 0 },
    { name: "one attempt created twice -> one", jobs: [job("r1", "b1", 1), job("r1", "b1", 1)], want: 1 },
    { name: "one attempt three times and another twice -> three", jobs: [job("r1", "b1", 1), job("r1", "b1", 1), job("r1", "b1", 1), job("r2", "b1", 2), job("r2", "b1", 2)], want: 3 },
  ];
  it.each(cases)("$name", ({ jobs, want }) => expect(duplicateJobs(jobs)).toBe(want));

  it("a Job without the operator's labels -> keyed by question marks, not dropped", () => {
    expect(jobAttemptKey({ metadata: {} })).toBe("?/?/?");
  });
});
