import { describe, expect, it } from "vitest";
import { MAX_REQUEST_NAME_LENGTH, requestIdSchema } from "../../../../../crds/exhaust-request.ts";
import { MAX_SCHEDULE_NAME_LENGTH } from "../../../../../crds/exhaust-schedule.ts";
import { runNowRequestName, slotRequestId, slotRequestName } from "../../../../../operator/schedules/plan/run-names.ts";

const longest = "s".repeat(MAX_SCHEDULE_NAME_LENGTH);
const slot = Date.parse("2026-03-01T02:00:00Z");

describe("run names", () => {
  it.each([
    { name: "a slot's request is <schedule>-<unix minutes>", got: slotRequestName("progress-daily", slot), expected: "progress-daily-29538840" },
    { name: "seconds inside the minute do not change the name", got: slotRequestName("progress-daily", slot + 59_000), expected: "progress-daily-29538840" },
    { name: "a runNow request is <schedule>-r<8 hex of sha256(token)>", got: runNowRequestName("progress-daily", "2026-03-01T10:00:00Z"), expected: "progress-daily-rcb8a864f" },
    { name: "a slot's requestId is <schedule>-<yyyymmddThhmmZ>", got: slotRequestId("progress-daily", slot), expected: "progress-daily-20260301T0200Z" },
  ])("$name", ({ got, expected }) => {
    expect(got).toBe(expected);
  });

  it("the longest schedule name still fits the request name limit, for slots until 2160 and for runNow", () => {
    expect(slotRequestName(longest, Date.parse("2159-12-31T23:59:00Z")).length).toBeLessThanOrEqual(MAX_REQUEST_NAME_LENGTH);
    expect(runNowRequestName(longest, "x".repeat(63)).length).toBeLessThanOrEqual(MAX_REQUEST_NAME_LENGTH);
    expect(requestIdSchema.safeParse(slotRequestId(longest, slot)).success).toBe(true);
  });

  it("runNow names never equal slot names: their suffix starts with r, a slot's is all digits", () => {
    for (const token of ["1", "29538840", "2026-03-01", "a"]) expect(runNowRequestName("s", token)).toMatch(/^s-r[0-9a-f]{8}$/);
    expect(slotRequestName("s", slot)).toMatch(/^s-[0-9]+$/);
  });
});
