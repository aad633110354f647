import { describe, expect, it } from "vitest";
import { parseCalendar, type CronCalendar } from "../../../../../operator/schedules/plan/cron-calendar.ts";
import { unmetSlots } from "../../../../../operator/schedules/plan/unmet-slots.ts";

const calendar = (schedules: string[], timeZone = "UTC"): CronCalendar => {
  const parsed = parseCalendar(schedules, timeZone);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.calendar;
};
const at = (iso: string) => Date.parse(iso);
const isoList = (ms: number[]) => ms.map((m) => new Date(m).toISOString().replace(".000Z", "Z"));

describe("unmetSlots: CronJob's none / few / many, bounded", () => {
  it.each([
    { name: "anchor at the last slot, now before the next: none", lines: ["@hourly"], zone: "UTC", anchor: "2026-03-01T10:00:00Z", now: "2026-03-01T10:59:59Z", limit: 11, class: "none", count: 0, slots: [] },
    { name: "a slot exactly at now is due", lines: ["@hourly"], anchor: "2026-03-01T10:00:00Z", now: "2026-03-01T11:00:00Z", limit: 11, class: "few", count: 1, slots: ["2026-03-01T11:00:00Z"] },
    { name: "a slot exactly at the anchor is not due again", lines: ["@hourly"], anchor: "2026-03-01T11:00:00Z", now: "2026-03-01T11:00:30Z", limit: 11, class: "none", count: 0, slots: [] },
    {
      name: "three hours away: three slots, newest first",
      lines: ["@hourly"],
      anchor: "2026-03-01T10:00:00Z",
      now: "2026-03-01T13:30:00Z",
      limit: 11,
      class: "few",
      count: 3,
      slots: ["2026-03-01T13:00:00Z", "2026-03-01T12:00:00Z", "2026-03-01T11:00:00Z"],
    },
    {
      name: "exactly `limit` slots is still few",
      lines: ["@hourly"],
      anchor: "2026-03-01T10:00:00Z",
      now: "2026-03-01T12:00:00Z",
      limit: 2,
      class: "few",
      count: 2,
      slots: ["2026-03-01T12:00:00Z", "2026-03-01T11:00:00Z"],
    },
    {
      name: "one more than `limit` is many, with the count estimated from the spacing",
      lines: ["@hourly"],
      anchor: "2026-03-01T10:00:00Z",
      now: "2026-03-01T13:00:00Z",
      limit: 2,
      class: "many",
      count: 3,
      slots: ["2026-03-01T13:00:00Z", "2026-03-01T12:00:00Z"],
    },
    {
      name: "a week away from a daily schedule in Berlin across spring forward: 7 slots, 29 March at the jump",
      lines: ["30 2 * * *"],
      zone: "Europe/Berlin",
      anchor: "2026-03-26T12:00:00Z",
      now: "2026-04-02T12:00:00Z",
      limit: 11,
      class: "few",
      count: 7,
      slots: ["2026-04-02T00:30:00Z", "2026-04-01T00:30:00Z", "2026-03-31T00:30:00Z", "2026-03-30T00:30:00Z", "2026-03-29T01:00:00Z", "2026-03-28T01:30:00Z", "2026-03-27T01:30:00Z"],
    },
  ])("$name", ({ lines, zone, anchor, now, limit, class: expectedClass, count, slots }) => {
    const unmet = unmetSlots(calendar(lines, zone), at(anchor), at(now), limit);
    expect(unmet.class).toBe(expectedClass);
    expect(unmet.count).toBe(count);
    expect(isoList(unmet.newestFirst)).toEqual(slots);
  });

  it("six years away from an every-minute schedule materialises only `limit` slots and estimates the rest exactly", () => {
    const anchor = at("2020-01-01T00:00:00Z");
    const now = at("2026-01-01T00:00:00Z");
    const unmet = unmetSlots(calendar(["* * * * *"]), anchor, now, 11);
    expect(unmet.class).toBe("many");
    expect(unmet.newestFirst).toHaveLength(11);
    expect(isoList(unmet.newestFirst.slice(0, 2))).toEqual(["2026-01-01T00:00:00Z", "2025-12-31T23:59:00Z"]);
    expect(unmet.count).toBe((now - anchor) / 60_000);
  });
});
