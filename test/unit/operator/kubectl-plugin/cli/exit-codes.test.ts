import { describe, expect, it } from "vitest";
import type { RequestPhase } from "../../../../../crds/exhaust-request.ts";
import { exitCodeForPhase, isFinishedPhase } from "../../../../../operator/kubectl-plugin/cli/exit-codes.ts";

describe("exitCodeForPhase and isFinishedPhase", () => {
  const cases: { name: string; phase: RequestPhase | undefined; finished: boolean; code: number }[] = [
    { name: "Succeeded -> finished, exit 0", phase: "Succeeded", finished: true, code: 0 },
    { name: "Failed -> finished, exit 3", phase: "Failed", finished: true, code: 3 },
    { name: "PartiallySucceeded -> finished, exit 4", phase: "PartiallySucceeded", finished: true, code: 4 },
    { name: "Running -> not finished, exit 1 if it ever had to be read as an end", phase: "Running", finished: false, code: 1 },
    { name: "Pending -> not finished", phase: "Pending", finished: false, code: 1 },
    { name: "no status yet -> not finished", phase: undefined, finished: false, code: 1 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(isFinishedPhase(c.phase)).toBe(c.finished);
      expect(exitCodeForPhase(c.phase)).toBe(c.code);
    });
  }
});
