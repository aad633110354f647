import { describe, expect, it } from "vitest";
import { MAX_HISTORY, type RunRecord } from "../../../../../crds/exhaust-schedule.ts";
import { runViewOf } from "../../../../../operator/schedules/plan/owned-runs.ts";
import { composeHistory, runsBeyondLimits } from "../../../../../operator/schedules/plan/run-history.ts";
import { runRequest } from "./schedule-fixtures.ts";

const day = (d: number) => `2026-03-${String(d).padStart(2, "0")}T02:00:00Z`;
const rec = (d: number, result: RunRecord["result"], name = `s-${d}`): RunRecord => ({ name, scheduledTime: day(d), result });
const names = (records: readonly { name: string }[]) => records.map((r) => r.name);

describe("composeHistory", () => {
  it.each([
    {
      name: "newest first by slot, whatever order the records came in",
      stored: [rec(1, "Succeeded"), rec(3, "Missed")],
      fresh: [rec(2, "Skipped")],
      limits: { successful: 3, failed: 1 },
      expected: ["s-3", "s-2", "s-1"],
    },
    {
      name: "finished runs are cut to the limits, newest kept; missed and skipped slots are not counted against them",
      stored: [rec(1, "Succeeded"), rec(2, "Succeeded"), rec(3, "Failed"), rec(4, "PartiallySucceeded"), rec(5, "Missed")],
      fresh: [rec(6, "Succeeded")],
      limits: { successful: 2, failed: 1 },
      expected: ["s-6", "s-5", "s-4", "s-2"],
    },
    { name: "limits of zero keep no finished run", stored: [rec(1, "Succeeded"), rec(2, "Failed"), rec(3, "Replaced")], fresh: [], limits: { successful: 0, failed: 0 }, expected: ["s-3"] },
    {
      name: "a fresh record replaces the stored one of the same name (a Replaced run that finished anyway)",
      stored: [rec(1, "Replaced")],
      fresh: [rec(1, "Failed")],
      limits: { successful: 3, failed: 1 },
      expected: ["s-1"],
    },
  ])("$name", ({ stored, fresh, limits, expected }) => {
    expect(names(composeHistory(stored, fresh, limits))).toEqual(expected);
  });

  it("never holds more than MAX_HISTORY records; finished runs within the limits are kept before missed slots", () => {
    const missed = Array.from({ length: 30 }, (_, i) => rec(i + 1, "Missed", `m-${i + 1}`));
    const history = composeHistory(missed, [rec(1, "Succeeded", "old-success")], { successful: 3, failed: 1 });
    expect(history).toHaveLength(MAX_HISTORY);
    expect(names(history)).toContain("old-success");
    expect(names(history).slice(0, 2)).toEqual(["m-30", "m-29"]);
  });

  it("takes the numbers from the finished request: result, rows, bytes, duration and the request's own reason", () => {
    const view = runViewOf(
      runRequest("s-5", day(5), { phase: "PartiallySucceeded", startTime: "2026-03-05T02:00:10Z", completionTime: "2026-03-05T02:05:40Z", rows: 1200, bytes: 34567, failed: { reason: "SomeBatchesFailed", message: "1 of 2 batches failed: b2: timeout" } }),
    );
    expect(view.record).toEqual({ name: "s-5", scheduledTime: day(5), result: "PartiallySucceeded", rows: 1200, bytes: 34567, durationSeconds: 330, reason: "SomeBatchesFailed: 1 of 2 batches failed: b2: timeout" });
  });
});

describe("runsBeyondLimits", () => {
  it("lists finished requests beyond each limit, oldest first; active and deleting ones are never listed", () => {
    const runs = [
      runRequest("s-1", day(1), { phase: "Succeeded" }),
      runRequest("s-2", day(2), { phase: "Succeeded" }),
      runRequest("s-3", day(3), { phase: "Succeeded" }),
      runRequest("s-4", day(4), { phase: "PartiallySucceeded" }),
      runRequest("s-5", day(5), { phase: "Failed" }),
      runRequest("s-6", day(6), { phase: "Running" }),
      runRequest("s-7", day(7), { phase: "Failed", deleting: true }),
    ].map(runViewOf);
    expect(names(runsBeyondLimits(runs, { successful: 1, failed: 1 }))).toEqual(["s-1", "s-2", "s-4"]);
    expect(names(runsBeyondLimits(runs, { successful: 0, failed: 0 }))).toEqual(["s-1", "s-2", "s-3", "s-4", "s-5"]);
    expect(names(runsBeyondLimits(runs, { successful: 3, failed: 2 }))).toEqual([]);
  });
});
