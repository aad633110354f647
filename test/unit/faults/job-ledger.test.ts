import { describe, expect, it } from "vitest";
import { ATTEMPT_LABEL, BATCH_LABEL, REQUEST_LABEL } from "../../../operator/requests/runner-job/runner-job.ts";
import { batchesRunningTwice, creationsPerAttempt, duplicateCreations, jobSeenOf, type JobSeen } from "../../faults/job-ledger.ts";

const job = (uid: string, batch: string, attempt: string, finished: boolean): JobSeen => ({ uid, request: "r1", batch, attempt, finished });

describe("job ledger", () => {
  it.each([
    { name: "one Job per attempt -> no duplicates", jobs: [job("u1", "b1", "1", true), job("u2", "b1", "2", false), job("u3", "b2", "1", false)], perAttempt: { "r1/b1/attempt 1": 1, "r1/b1/attempt 2": 1, "r1/b2/attempt 1": 1 }, duplicates: 0, twice: [] },
    { name: "the same Job seen twice (two versions of one uid) -> still one creation", jobs: [job("u1", "b1", "1", false), job("u1", "b1", "1", true)], perAttempt: { "r1/b1/attempt 1": 1 }, duplicates: 0, twice: [] },
    { name: "two uids for one attempt -> one duplicate, running twice while both unfinished", jobs: [job("u1", "b1", "1", false), job("u2", "b1", "1", false)], perAttempt: { "r1/b1/attempt 1": 2 }, duplicates: 1, twice: ["r1/b1"] },
    { name: "attempt 2 unfinished while attempt 1 finished -> not running twice", jobs: [job("u1", "b1", "1", true), job("u2", "b1", "2", false)], perAttempt: { "r1/b1/attempt 1": 1, "r1/b1/attempt 2": 1 }, duplicates: 0, twice: [] },
    { name: "no Jobs -> nothing", jobs: [], perAttempt: {}, duplicates: 0, twice: [] },
  ])("$name", ({ jobs, perAttempt, duplicates, twice }) => {
    expect(Object.fromEntries(creationsPerAttempt(jobs))).toEqual(perAttempt);
    expect(duplicateCreations(jobs)).toBe(duplicates);
    expect(batchesRunningTwice(jobs)).toEqual(twice);
  });
});

describe("jobSeenOf", () => {
  const labels = { [REQUEST_LABEL]: "r1", [BATCH_LABEL]: "b1", [ATTEMPT_LABEL]: "2" };
  it.each([
    { name: "a running Job -> its attempt, unfinished", status: { active: 1 }, finished: false },
    { name: "a Complete Job -> finished", status: { conditions: [{ type: "Complete", status: "True" }] }, finished: true },
    { name: "a Failed Job -> finished", status: { conditions: [{ type: "Failed", status: "True" }] }, finished: true },
    { name: "a condition not yet true -> unfinished", status: { conditions: [{ type: "Complete", status: "False" }] }, finished: false },
  ])("$name", ({ status, finished }) => {
    expect(jobSeenOf({ metadata: { uid: "u1", labels }, status })).toEqual({ uid: "u1", request: "r1", batch: "b1", attempt: "2", finished });
  });
  it("a Job without the operator's labels -> empty keys, not dropped", () => {
    expect(jobSeenOf({ metadata: { uid: "u2" } })).toEqual({ uid: "u2", request: "", batch: "", attempt: "", finished: false });
  });
});
