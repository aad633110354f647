import { describe, expect, it } from "vitest";
import { latestSlotAtOrBefore, nextSlotAfter, parseCalendar, slotsNewestFirst, type CronCalendar } from "../../../../../operator/schedules/plan/cron-calendar.ts";

const calendar = (schedules: string[], timeZone: string): CronCalendar => {
  const parsed = parseCalendar(schedules, timeZone);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.calendar;
};
const at = (iso: string) => Date.parse(iso);
const isoOf = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString().replace(".000Z", "Z"));

function nextSlots(c: CronCalendar, fromIso: string, count: number): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  let from = at(fromIso);
  for (let i = 0; i < count; i++) {
    const next = nextSlotAfter(c, from);
    out.push(isoOf(next));
    if (next === undefined) break;
    from = next;
  }
  return out;
}

// 2026: Berlin springs forward on 29 March at 01:00Z (02:00 CET -> 03:00 CEST) and falls back on 25 October at
// 01:00Z (03:00 CEST -> 02:00 CET); New York on 8 March at 07:00Z (02:00 EST -> 03:00 EDT) and 1 November at 06:00Z
// (02:00 EDT -> 01:00 EST); Kolkata stays at +05:30.
describe("nextSlotAfter: the DST rule (a repeated local time fires once, a skipped one once right after the jump)", () => {
  const cases: { name: string; schedules: string[]; timeZone: string; from: string; expected: string[] }[] = [
    {
      name: "Berlin spring forward: 02:30 does not exist, it fires at the jump (03:00 CEST), then daily at 02:30 CEST",
      schedules: ["30 2 * * *"],
      timeZone: "Europe/Berlin",
      from: "2026-03-28T12:00:00Z",
      expected: ["2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z", "2026-03-31T00:30:00Z"],
    },
    {
      name: "Berlin spring forward: 02:00 and 02:30 of a stepped line both fall in the gap and fire once, at the jump",
      schedules: ["*/30 2 * * *"],
      timeZone: "Europe/Berlin",
      from: "2026-03-28T12:00:00Z",
      expected: ["2026-03-29T01:00:00Z", "2026-03-30T00:00:00Z", "2026-03-30T00:30:00Z"],
    },
    {
      name: "Berlin spring forward: every 15 minutes goes 01:45 CET, then 03:00 CEST once for the whole gap, then 03:15",
      schedules: ["*/15 * * * *"],
      timeZone: "Europe/Berlin",
      from: "2026-03-29T00:40:00Z",
      expected: ["2026-03-29T00:45:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:15:00Z"],
    },
    {
      name: "Berlin fall back: 02:30 occurs twice and fires at the first (CEST) only",
      schedules: ["30 2 * * *"],
      timeZone: "Europe/Berlin",
      from: "2026-10-24T12:00:00Z",
      expected: ["2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"],
    },
    {
      name: "Berlin fall back: a stepped line in the repeated hour fires in the first pass only",
      schedules: ["*/30 2 * * *"],
      timeZone: "Europe/Berlin",
      from: "2026-10-24T12:00:00Z",
      expected: ["2026-10-25T00:00:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:00:00Z"],
    },
    {
      name: "Berlin fall back: every 20 minutes waits out the repeated hour (02:40 CEST, then 03:00 CET)",
      schedules: ["*/20 * * * *"],
      timeZone: "Europe/Berlin",
      from: "2026-10-25T00:30:00Z",
      expected: ["2026-10-25T00:40:00Z", "2026-10-25T02:00:00Z", "2026-10-25T02:20:00Z"],
    },
    {
      name: "Berlin fall back: asked from inside the second 02:xx, the next slot is after the repeated hour",
      schedules: ["*/20 * * * *"],
      timeZone: "Europe/Berlin",
      from: "2026-10-25T01:10:00Z",
      expected: ["2026-10-25T02:00:00Z"],
    },
    {
      name: "New York spring forward: 02:00 EST does not exist, it fires at 03:00 EDT",
      schedules: ["0 2 * * *"],
      timeZone: "America/New_York",
      from: "2026-03-07T12:00:00Z",
      expected: ["2026-03-08T07:00:00Z", "2026-03-09T06:00:00Z"],
    },
    {
      name: "New York fall back: 01:30 fires at 01:30 EDT only, then at 01:30 EST the next day",
      schedules: ["30 1 * * *"],
      timeZone: "America/New_York",
      from: "2026-10-31T12:00:00Z",
      expected: ["2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"],
    },
    {
      name: "Kolkata has no DST: 02:00 IST is 20:30Z the day before, on both Berlin's and New York's change days",
      schedules: ["0 2 * * *"],
      timeZone: "Asia/Kolkata",
      from: "2026-03-07T21:00:00Z",
      expected: ["2026-03-08T20:30:00Z", "2026-03-09T20:30:00Z"],
    },
    {
      name: "Kolkata: @daily is local midnight, 18:30Z",
      schedules: ["@daily"],
      timeZone: "Asia/Kolkata",
      from: "2026-03-01T00:00:00Z",
      expected: ["2026-03-01T18:30:00Z", "2026-03-02T18:30:00Z"],
    },
    {
      name: "month ends: the 31st skips the months without one",
      schedules: ["0 0 31 * *"],
      timeZone: "UTC",
      from: "2026-01-31T12:00:00Z",
      expected: ["2026-03-31T00:00:00Z", "2026-05-31T00:00:00Z", "2026-07-31T00:00:00Z"],
    },
    {
      name: "month ends: the 30th skips February",
      schedules: ["0 12 30 * *"],
      timeZone: "UTC",
      from: "2026-01-31T00:00:00Z",
      expected: ["2026-03-30T12:00:00Z", "2026-04-30T12:00:00Z"],
    },
    {
      name: "29 February fires in leap years only",
      schedules: ["0 0 29 2 *"],
      timeZone: "UTC",
      from: "2026-03-01T00:00:00Z",
      expected: ["2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"],
    },
    {
      name: "several lines: weekdays at 09:00 and Fridays at 17:30 interleave (6 March 2026 is a Friday)",
      schedules: ["0 9 * * 1-5", "30 17 * * 5"],
      timeZone: "UTC",
      from: "2026-03-06T08:00:00Z",
      expected: ["2026-03-06T09:00:00Z", "2026-03-06T17:30:00Z", "2026-03-09T09:00:00Z"],
    },
    {
      name: "several lines naming one instant give one slot",
      schedules: ["0 * * * *", "0 */2 * * *"],
      timeZone: "UTC",
      from: "2026-03-01T00:00:00Z",
      expected: ["2026-03-01T01:00:00Z", "2026-03-01T02:00:00Z", "2026-03-01T03:00:00Z"],
    },
    {
      name: "the next slot is strictly after the instant given, even when that instant is a slot",
      schedules: ["@hourly"],
      timeZone: "UTC",
      from: "2026-03-01T01:00:00Z",
      expected: ["2026-03-01T02:00:00Z"],
    },
  ];
  it.each(cases)("$name", ({ schedules, timeZone, from, expected }) => {
    expect(nextSlots(calendar(schedules, timeZone), from, expected.length)).toEqual(expected);
  });
});

describe("latestSlotAtOrBefore and slotsNewestFirst agree with the forward rule", () => {
  const cases: { name: string; schedules: string[]; timeZone: string; at: string; expected: string | undefined }[] = [
    { name: "a slot exactly at the instant counts", schedules: ["@hourly"], timeZone: "UTC", at: "2026-03-01T01:00:00Z", expected: "2026-03-01T01:00:00Z" },
    { name: "a millisecond before a slot gives the one before", schedules: ["@hourly"], timeZone: "UTC", at: "2026-03-01T00:59:59.999Z", expected: "2026-03-01T00:00:00Z" },
    { name: "Berlin: at the spring-forward jump, the skipped 02:30 is that instant", schedules: ["30 2 * * *"], timeZone: "Europe/Berlin", at: "2026-03-29T01:00:00Z", expected: "2026-03-29T01:00:00Z" },
    { name: "Berlin: just before the jump, the day before's 02:30", schedules: ["30 2 * * *"], timeZone: "Europe/Berlin", at: "2026-03-29T00:59:00Z", expected: "2026-03-28T01:30:00Z" },
    { name: "Berlin: inside the second 02:xx, the latest slot is 02:30 CEST, not 02:30 CET", schedules: ["*/30 2 * * *"], timeZone: "Europe/Berlin", at: "2026-10-25T01:45:00Z", expected: "2026-10-25T00:30:00Z" },
    { name: "Berlin: inside the second 02:xx, every 20 minutes looks back to 02:40 CEST", schedules: ["*/20 * * * *"], timeZone: "Europe/Berlin", at: "2026-10-25T01:50:00Z", expected: "2026-10-25T00:40:00Z" },
    { name: "New York: at 01:45 EST, the latest 01:30 is the EDT one", schedules: ["30 1 * * *"], timeZone: "America/New_York", at: "2026-11-01T06:45:00Z", expected: "2026-11-01T05:30:00Z" },
    { name: "29 February looks back four years", schedules: ["0 0 29 2 *"], timeZone: "UTC", at: "2028-02-28T00:00:00Z", expected: "2024-02-29T00:00:00Z" },
  ];
  it.each(cases)("$name", ({ schedules, timeZone, at: atIso, expected }) => {
    expect(isoOf(latestSlotAtOrBefore(calendar(schedules, timeZone), at(atIso)))).toBe(expected);
  });

  it.each([
    {
      name: "Berlin fall back: the repeated hour's slots appear once, newest first",
      at: "2026-10-26T12:00:00Z",
      expected: ["2026-10-26T01:30:00Z", "2026-10-26T01:00:00Z", "2026-10-25T00:30:00Z", "2026-10-25T00:00:00Z", "2026-10-24T00:30:00Z"],
    },
    {
      name: "Berlin spring forward: the gap's two slots appear once, at the jump",
      at: "2026-03-30T12:00:00Z",
      expected: ["2026-03-30T00:30:00Z", "2026-03-30T00:00:00Z", "2026-03-29T01:00:00Z", "2026-03-28T01:30:00Z", "2026-03-28T01:00:00Z"],
    },
  ])("$name", ({ at: atIso, expected }) => {
    const seen: (string | undefined)[] = [];
    for (const slot of slotsNewestFirst(calendar(["*/30 2 * * *"], "Europe/Berlin"), at(atIso))) {
      seen.push(isoOf(slot));
      if (seen.length === expected.length) break;
    }
    expect(seen).toEqual(expected);
  });

  it("walking back over a year of every-15-minute slots in New York meets every forward slot once", () => {
    const c = calendar(["*/15 * * * *"], "America/New_York");
    const forward: number[] = [];
    for (let t = at("2026-10-31T23:00:00Z"); forward.length < 40; ) {
      const next = nextSlotAfter(c, t);
      if (next === undefined) break;
      forward.push(next);
      t = next;
    }
    const last = forward[forward.length - 1] ?? 0;
    const backward: number[] = [];
    for (const slot of slotsNewestFirst(c, last)) {
      backward.push(slot);
      if (backward.length === forward.length) break;
    }
    expect(backward.reverse()).toEqual(forward);
  });
});

describe("parseCalendar", () => {
  it.each([
    { name: "an unknown zone is UnknownTimeZone naming spec.timeZone", schedules: ["@daily"], timeZone: "Mars/Olympus_Mons", reason: "UnknownTimeZone", message: /spec\.timeZone: unknown time zone "Mars\/Olympus_Mons"/ },
    { name: "minute 61 is UnparseableSchedule naming the entry", schedules: ["@daily", "61 * * * *"], timeZone: "UTC", reason: "UnparseableSchedule", message: /spec\.schedules\[1\] "61 \* \* \* \*": .*minute/ },
    { name: "an unknown month name is UnparseableSchedule", schedules: ["0 0 1 FOO *"], timeZone: "UTC", reason: "UnparseableSchedule", message: /spec\.schedules\[0\] "0 0 1 FOO \*"/ },
    { name: "31 February parses but never fires: InvalidSchedule", schedules: ["0 0 31 2 *"], timeZone: "UTC", reason: "InvalidSchedule", message: /spec\.schedules\[0\] "0 0 31 2 \*": the date never occurs/ },
    { name: "30 February in a valid zone is InvalidSchedule too", schedules: ["@hourly", "0 0 30 2 *"], timeZone: "Europe/Berlin", reason: "InvalidSchedule", message: /spec\.schedules\[1\]/ },
  ])("$name", ({ schedules, timeZone, reason, message }) => {
    const parsed = parseCalendar(schedules, timeZone);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.reason).toBe(reason);
    expect(parsed.message).toMatch(message);
  });

  it.each([["@yearly"], ["@annually"], ["@monthly"], ["@weekly"], ["@daily"], ["@midnight"], ["@hourly"], ["0 0 * * MON-FRI"], ["*/5 1-3 * JAN,DEC 0"]])("%s is valid", (line) => {
    expect(parseCalendar([line], "Asia/Kolkata").ok).toBe(true);
  });
});
