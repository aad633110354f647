import { describe, expect, it } from "vitest";
import { batchesRunningTwice, creationsPerAttempt, duplicateCreations, type JobSeen } from "../../faults/job-ledger.ts";

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
