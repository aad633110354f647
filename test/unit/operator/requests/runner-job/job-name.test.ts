import { describe, expect, it } from "vitest";
import { MAX_JOB_NAME_LENGTH, batchLabelValue, batchSetHash, jobNameFor } from "../../../../../operator/requests/runner-job/job-name.ts";

const longId = `do_${"9".repeat(61)}`;

describe("jobNameFor", () => {
  const cases: { name: string; request: string; ids: string[]; attempt: number; check: (n: string) => void }[] = [
    { name: "short request, one batch -> <request>-<10 hex>-<attempt>", request: "progress-0130", ids: ["0130123"], attempt: 1, check: (n) => expect(n).toMatch(/^progress-0130-[0-9a-f]{10}-1$/) },
    { name: "64-character batch id -> still fits, hash stands for it", request: "r", ids: [longId], attempt: 3, check: (n) => expect(n).toMatch(/^r-[0-9a-f]{10}-3$/) },
    {
      name: "request at the admission cap (40) and attempt 100 -> within 63",
      request: "a".repeat(40),
      ids: ["b"],
      attempt: 100,
      check: (n) => expect(n.length).toBeLessThanOrEqual(MAX_JOB_NAME_LENGTH),
    },
    {
      name: "request name beyond the cap -> cut, own hash appended, DNS label kept",
      request: `${"x".repeat(50)}-${"y".repeat(20)}`,
      ids: ["b"],
      attempt: 10,
      check: (n) => {
        expect(n.length).toBeLessThanOrEqual(MAX_JOB_NAME_LENGTH);
        expect(n).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      },
    },
  ];
  for (const c of cases) it(c.name, () => c.check(jobNameFor(c.request, c.ids, c.attempt)));

  it("a group's name does not depend on the order of its ids", () => {
    expect(jobNameFor("r", ["b2", "b1"], 1)).toBe(jobNameFor("r", ["b1", "b2"], 1));
    expect(batchSetHash(["b1", "b2"])).not.toBe(batchSetHash(["b1"]));
  });

  it("attempts and batches give different names", () => {
    expect(jobNameFor("r", ["b1"], 1)).not.toBe(jobNameFor("r", ["b1"], 2));
    expect(jobNameFor("r", ["b1"], 1)).not.toBe(jobNameFor("r", ["b2"], 1));
  });
});

describe("batchLabelValue", () => {
  const cases = [
    { name: "valid id -> the id", ids: ["do_1234.5"], want: "do_1234.5" },
    { name: "64-character id -> hash", ids: [longId], want: batchSetHash([longId]) },
    { name: "id ending in '-' -> hash", ids: ["b-"], want: batchSetHash(["b-"]) },
    { name: "scan group -> hash of the set", ids: ["b1", "b2"], want: batchSetHash(["b1", "b2"]) },
  ];
  for (const c of cases) it(c.name, () => expect(batchLabelValue(c.ids)).toBe(c.want));
});
