import { describe, expect, it } from "vitest";
import { zoneOffsetMs } from "../../../../../crds/zone-offset.ts";
import { instantOfWall, latestWallAtOrBefore, wallOf } from "../../../../../operator/schedules/plan/zone-clock.ts";

const at = (iso: string) => Date.parse(iso);
// A wall time is local time written as if it were UTC.
const wall = (local: string) => Date.parse(`${local}Z`);

describe("zone-clock", () => {
  it.each([
    { name: "Berlin in winter is +01:00", zone: "Europe/Berlin", instant: "2026-01-15T12:00:00Z", offsetMinutes: 60 },
    { name: "Berlin in summer is +02:00", zone: "Europe/Berlin", instant: "2026-07-15T12:00:00Z", offsetMinutes: 120 },
    { name: "New York in winter is -05:00", zone: "America/New_York", instant: "2026-01-15T12:00:00Z", offsetMinutes: -300 },
    { name: "Kolkata is +05:30 all year", zone: "Asia/Kolkata", instant: "2026-07-15T12:00:00Z", offsetMinutes: 330 },
  ])("$name", ({ zone, instant, offsetMinutes }) => {
    expect(zoneOffsetMs(zone, at(instant))).toBe(offsetMinutes * 60_000);
    expect(wallOf(zone, at(instant)) - at(instant)).toBe(offsetMinutes * 60_000);
  });

  it.each([
    { name: "an ordinary wall time has one instant", zone: "Europe/Berlin", local: "2026-03-28T02:30:00", instant: "2026-03-28T01:30:00Z" },
    { name: "a wall time in the spring-forward gap names the jump", zone: "Europe/Berlin", local: "2026-03-29T02:30:00", instant: "2026-03-29T01:00:00Z" },
    { name: "the gap's first minute names the jump too", zone: "America/New_York", local: "2026-03-08T02:00:00", instant: "2026-03-08T07:00:00Z" },
    { name: "a repeated wall time names its first occurrence", zone: "Europe/Berlin", local: "2026-10-25T02:30:00", instant: "2026-10-25T00:30:00Z" },
    { name: "the first wall time after the repeated hour has one instant", zone: "Europe/Berlin", local: "2026-10-25T03:00:00", instant: "2026-10-25T02:00:00Z" },
    { name: "Kolkata never jumps", zone: "Asia/Kolkata", local: "2026-03-29T02:30:00", instant: "2026-03-28T21:00:00Z" },
    { name: "southern spring: Sydney's skipped 02:30 names the jump at 02:00 AEST", zone: "Australia/Sydney", local: "2026-10-04T02:30:00", instant: "2026-10-03T16:00:00Z" },
    { name: "southern autumn: Sydney's repeated 02:30 names the AEDT one", zone: "Australia/Sydney", local: "2026-04-05T02:30:00", instant: "2026-04-04T15:30:00Z" },
    { name: "a half-hour jump: Lord Howe's skipped 02:15 names 02:00 at +10:30", zone: "Australia/Lord_Howe", local: "2026-10-04T02:15:00", instant: "2026-10-03T15:30:00Z" },
    { name: "a half-hour turn-back: Lord Howe's repeated 01:45 names the +11:00 one", zone: "Australia/Lord_Howe", local: "2026-04-05T01:45:00", instant: "2026-04-04T14:45:00Z" },
  ])("$name", ({ zone, local, instant }) => {
    expect(new Date(instantOfWall(zone, wall(local))).toISOString()).toBe(new Date(instant).toISOString());
  });

  it("inside the second occurrence, wall times up to the end of the repeated hour may name earlier instants", () => {
    // 01:30Z is 02:30 CET, the second 02:30; first occurrences up to 02:59:59 CEST lie before it.
    expect(latestWallAtOrBefore("Europe/Berlin", at("2026-10-25T01:30:00Z"))).toBeGreaterThanOrEqual(wall("2026-10-25T02:59:59"));
    expect(latestWallAtOrBefore("Europe/Berlin", at("2026-07-01T12:00:00Z"))).toBe(wall("2026-07-01T14:00:00"));
  });
});
