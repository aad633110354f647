import { describe, expect, it } from "vitest";
import { isTimeZone } from "../../../../crds/runner-contract.ts";
import { zonedDates } from "../../../../runner/format/zoned-date.ts";

const kolkata = zonedDates("Asia/Kolkata");
const utc = zonedDates("Etc/UTC");
const newYork = zonedDates("America/New_York");

// Named instants.
const lateEveningUtcJan31 = new Date("2024-01-31T20:15:07.999Z"); // 01:45:07 on 1 Feb in India
const earlyMorningUtcFeb1 = new Date("2024-02-01T03:04:05Z");
const justBeforeUsDstStart = new Date("2024-03-10T06:59:59Z"); // 01:59:59 EST
const justAfterUsDstStart = new Date("2024-03-10T07:00:00Z"); // 03:00:00 EDT

describe("zonedDates", () => {
  const cases: { name: string; format: () => string; expected: string }[] = [
    { name: "date in Kolkata after UTC evening -> next calendar day", format: () => kolkata.date(lateEveningUtcJan31), expected: "01/02/2024" },
    { name: "same instant in UTC -> same day", format: () => utc.date(lateEveningUtcJan31), expected: "31/01/2024" },
    { name: "date-time in Kolkata -> +05:30, milliseconds dropped", format: () => kolkata.dateTime(lateEveningUtcJan31), expected: "2024-02-01 01:45:07" },
    { name: "date-time in UTC -> zero padded", format: () => utc.dateTime(earlyMorningUtcFeb1), expected: "2024-02-01 03:04:05" },
    { name: "compact date in Kolkata -> yyyyMMdd of the zone", format: () => kolkata.compactDate(lateEveningUtcJan31), expected: "20240201" },
    { name: "compact date in UTC", format: () => utc.compactDate(lateEveningUtcJan31), expected: "20240131" },
    { name: "US zone before DST starts -> EST", format: () => newYork.dateTime(justBeforeUsDstStart), expected: "2024-03-10 01:59:59" },
    { name: "US zone after DST starts, same UTC day -> EDT", format: () => newYork.dateTime(justAfterUsDstStart), expected: "2024-03-10 03:00:00" },
    { name: "pre-1970 instant -> still right", format: () => kolkata.date(new Date("1969-07-20T20:17:40Z")), expected: "21/07/1969" },
  ];
  it.each(cases)("$name", ({ format, expected }) => expect(format()).toBe(expected));

  it("the reused last day's date changes with the instant, back and forth, across a DST change", () => {
    const intl = new Intl.DateTimeFormat("en-GB", { timeZone: "America/New_York", year: "numeric", month: "2-digit", day: "2-digit" });
    const start = Date.UTC(2024, 10, 2, 0, 0, 0);
    const instants = [0, 5, 29, 30, 31, 1, 54, 55, 2, 56, 96, 0].map((hours) => start + hours * 3_600_000 - 1);
    expect(instants.map((ms) => newYork.date(new Date(ms)))).toEqual(instants.map((ms) => intl.format(new Date(ms))));
  });

  it("cached day offsets agree with Intl across a whole DST-change day", () => {
    const intl = new Intl.DateTimeFormat("sv-SE", { timeZone: "America/New_York", hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    const start = Date.UTC(2024, 10, 3, 0, 0, 0);
    for (let ms = start; ms < start + 86_400_000; ms += 7 * 60_000) {
      expect(newYork.dateTime(new Date(ms))).toBe(intl.format(new Date(ms)));
    }
  });
});

describe("isTimeZone", () => {
  it("IANA zone -> valid", () => expect(isTimeZone("Asia/Kolkata")).toBe(true));
  it("unknown zone -> invalid", () => expect(isTimeZone("Mars/Olympus")).toBe(false));
});
