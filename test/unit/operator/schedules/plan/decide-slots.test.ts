import { describe, expect, it } from "vitest";
import { decideSlots, type SlotPolicy } from "../../../../../operator/schedules/plan/decide-slots.ts";
import type { UnmetSlots } from "../../../../../operator/schedules/plan/unmet-slots.ts";

// A daily 02:00 schedule; the controller came back at `now`.
const day = (d: number) => Date.parse(`2026-03-${String(d).padStart(2, "0")}T02:00:00Z`);
const thursday = day(5);
const onTime = thursday + 2_000;
const tenMinutesLate = thursday + 600_000;
const downSinceMonday: UnmetSlots = { newestFirst: [day(5), day(4), day(3), day(2)], class: "few", count: 4 };
const justThursday: UnmetSlots = { newestFirst: [day(5)], class: "few", count: 1 };
const grace = 120_000;

const policy = (p: Partial<SlotPolicy>): SlotPolicy => ({ suspend: false, missedRunPolicy: "RunLatest", maxMissedRuns: 10, ...p });

describe("decideSlots", () => {
  it.each([
    { name: "RunLatest, on time: the slot starts", policy: policy({}), unmet: justThursday, now: onTime, start: [thursday], missed: [] },
    { name: "RunLatest, days away: the newest starts, the older are missed", policy: policy({}), unmet: downSinceMonday, now: tenMinutesLate, start: [thursday], missed: [day(4), day(3), day(2)] },
    { name: "RunLatest, past startingDeadlineSeconds: nothing starts", policy: policy({ startingDeadlineSeconds: 300 }), unmet: downSinceMonday, now: tenMinutesLate, start: [], missed: [day(5), day(4), day(3), day(2)] },
    { name: "Skip, on time: the slot starts", policy: policy({ missedRunPolicy: "Skip" }), unmet: justThursday, now: onTime, start: [thursday], missed: [] },
    { name: "Skip, days away and ten minutes late: nothing starts", policy: policy({ missedRunPolicy: "Skip" }), unmet: downSinceMonday, now: tenMinutesLate, start: [], missed: [day(5), day(4), day(3), day(2)] },
    { name: "Skip, ten minutes late within a one-hour deadline: the deadline decides, the slot starts", policy: policy({ missedRunPolicy: "Skip", startingDeadlineSeconds: 3600 }), unmet: justThursday, now: tenMinutesLate, start: [thursday], missed: [] },
    { name: "Skip, exactly at the grace: starts", policy: policy({ missedRunPolicy: "Skip" }), unmet: justThursday, now: thursday + grace, start: [thursday], missed: [] },
    { name: "Skip, a millisecond past the grace: missed", policy: policy({ missedRunPolicy: "Skip" }), unmet: justThursday, now: thursday + grace + 1, start: [], missed: [thursday] },
    { name: "RunAll, days away: every slot starts, newest first", policy: policy({ missedRunPolicy: "RunAll" }), unmet: downSinceMonday, now: tenMinutesLate, start: [day(5), day(4), day(3), day(2)], missed: [] },
    { name: "RunAll with maxMissedRuns 2: the newest plus two missed start", policy: policy({ missedRunPolicy: "RunAll", maxMissedRuns: 2 }), unmet: downSinceMonday, now: tenMinutesLate, start: [day(5), day(4), day(3)], missed: [day(2)] },
    {
      name: "RunAll with a two-day deadline: only slots within it start",
      policy: policy({ missedRunPolicy: "RunAll", startingDeadlineSeconds: 2 * 86_400 }),
      unmet: downSinceMonday,
      now: tenMinutesLate,
      start: [day(5), day(4)],
      missed: [day(3), day(2)],
    },
    { name: "deadline edge: a slot exactly startingDeadlineSeconds old still starts", policy: policy({ startingDeadlineSeconds: 60 }), unmet: justThursday, now: thursday + 60_000, start: [thursday], missed: [] },
    { name: "deadline edge: a millisecond later it is missed", policy: policy({ startingDeadlineSeconds: 60 }), unmet: justThursday, now: thursday + 60_001, start: [], missed: [thursday] },
  ])("$name", ({ policy: p, unmet, now, start, missed }) => {
    const decision = decideSlots(p, unmet, now, grace);
    expect(decision).toEqual({ start, missed, suspended: [] });
  });

  it("suspended: every slot that passed is skipped, none missed, none started", () => {
    expect(decideSlots(policy({ suspend: true, missedRunPolicy: "RunAll" }), downSinceMonday, tenMinutesLate, grace)).toEqual({ start: [], missed: [], suspended: [day(5), day(4), day(3), day(2)] });
  });
});
