// D4: every date in a report and in an object name is rendered in one configurable time zone. Formatting runs per
// row, so the zone offset is cached per UTC day and Intl is asked only on the (rare) days whose offset changes.

import { zoneOffsetMs } from "../../crds/zone-offset.ts";

const DAY_MS = 86_400_000;

export interface ZonedDates {
  /** `dd/MM/yyyy` (Enrolment Date, Completion Date, Consent Provided Date). */
  date(at: Date): string;
  /** `yyyy-MM-dd HH:mm:ss` (Response "Attempted On"). */
  dateTime(at: Date): string;
  /** `yyyyMMdd` (object and zip entry names). */
  compactDate(at: Date): string;
}

export function zonedDates(timeZone: string): ZonedDates {
  const offsetAt = offsetFinder(timeZone);
  const local = (at: Date) => {
    const ms = at.getTime();
    return new Date(ms + offsetAt(ms));
  };
  // Rows of one batch share few dates (enrolments come in waves): the last day's text is reused.
  let lastDay = Number.NaN;
  let lastDate = "";
  return {
    date(at) {
      const ms = at.getTime();
      const localMs = ms + offsetAt(ms);
      const day = Math.floor(localMs / DAY_MS);
      if (day !== lastDay) {
        const d = new Date(localMs);
        lastDate = `${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}/${year(d)}`;
        lastDay = day;
      }
      return lastDate;
    },
    dateTime(at) {
      const d = local(at);
      const day = `${year(d)}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
      return `${day} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
    },
    compactDate(at) {
      const d = local(at);
      return `${year(d)}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}`;
    },
  };
}

/** Milliseconds to add to a UTC instant to get the zone's wall-clock time. */
function offsetFinder(timeZone: string): (ms: number) => number {
  const exactOffset = (ms: number): number => zoneOffsetMs(timeZone, ms);
  exactOffset(0); // an unknown zone fails here, when the dates are made, not at the first row
  const stableDays = new Map<number, number | null>();
  return (ms) => {
    const day = Math.floor(ms / DAY_MS);
    let offset = stableDays.get(day);
    if (offset === undefined) {
      const start = exactOffset(day * DAY_MS);
      offset = start === exactOffset((day + 1) * DAY_MS) ? start : null;
      if (stableDays.size > 100_000) stableDays.clear();
      stableDays.set(day, offset);
    }
    return offset ?? exactOffset(ms);
  };
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const year = (d: Date) => String(d.getUTCFullYear()).padStart(4, "0");
