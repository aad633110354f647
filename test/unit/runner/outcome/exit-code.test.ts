import { describe, expect, it } from "vitest";
import type { BatchResult } from "../../../../crds/runner-contract.ts";
import { exitCodeFor } from "../../../../runner/outcome/exit-code.ts";

const ok: BatchResult = { batchId: "a", ok: true };
const fatal: BatchResult = { batchId: "b", ok: false, retryable: false, message: "No data found" };
const transient: BatchResult = { batchId: "c", ok: false, retryable: true, message: "User cache is empty" };

describe("exitCodeFor", () => {
  const cases = [
    { name: "every batch ok -> 0", batches: [ok, { ...ok, batchId: "z" }], config: false, code: 0 },
    { name: "one non-retryable, rest ok -> 10", batches: [ok, fatal], config: false, code: 10 },
    { name: "retryable and non-retryable -> 20 (retry what can be retried)", batches: [fatal, transient], config: false, code: 20 },
    { name: "only retryable -> 20", batches: [transient], config: false, code: 20 },
    { name: "non-retryable caused by configuration -> 11", batches: [fatal], config: true, code: 11 },
    { name: "no batches and no failure -> 0", batches: [], config: false, code: 0 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(exitCodeFor(c.batches, c.config)).toBe(c.code);
    });
  }
});
