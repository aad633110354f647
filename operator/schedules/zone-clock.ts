// Wall-clock time in an IANA zone, from the Intl data Node ships. A "wall" time is the local date and time written
// as if it were UTC (so ordinary Date arithmetic works on it); an instant is a real point in time.

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when Intl knows the zone (IANA names and their links; "UTC" included). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall time at an instant (milliseconds kept). */
export function wallOf(timeZone: string, instantMs: number): number {
  const whole = Math.floor(instantMs / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(whole))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second) + (instantMs - whole);
}

/** The zone's offset from UTC at an instant, in milliseconds (positive east of Greenwich). */
export const offsetAt = (timeZone: string, instantMs: number): number => wallOf(timeZone, instantMs) - instantMs;

/**
 * The instant a wall time names, by the schedule's DST rule:
 * - a wall time that occurs twice (clocks turned back) names its first occurrence, so a repeated hour fires once;
 * - a wall time that does not occur (clocks turned forward) names the instant of the jump, so every skipped time
 *   fires once, right after the jump (02:30 on a spring-forward night in Berlin fires at 03:00 CEST).
 * Transitions are assumed at least a day apart, as they are in every IANA zone.
 */
export function instantOfWall(timeZone: string, wallMs: number): number {
  const before = offsetAt(timeZone, wallMs - DAY_MS);
  const after = offsetAt(timeZone, wallMs + DAY_MS);
  const candidates = [wallMs - before, wallMs - after].filter((t) => wallOf(timeZone, t) === wallMs);
  if (candidates.length > 0) return Math.min(...candidates);
  return jumpInstant(timeZone, wallMs - after, wallMs - before, after);
}

/** The first instant in [lowMs, highMs] whose offset is `offsetAfter`: where the clocks jumped forward. */
function jumpInstant(timeZone: string, lowMs: number, highMs: number, offsetAfter: number): number {
  // Offsets change on whole minutes in every zone since 1970; search minutes, then the instant is exact.
  let low = Math.floor(lowMs / MINUTE_MS);
  let high = Math.ceil(highMs / MINUTE_MS);
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (offsetAt(timeZone, mid * MINUTE_MS) === offsetAfter) high = mid;
    else low = mid + 1;
  }
  return low * MINUTE_MS;
}

/**
 * The largest wall time that can name an instant at or before `instantMs`: past a turn-back of the clocks, wall
 * times up to the end of the repeated hour name first occurrences, which lie before `instantMs`.
 */
export function latestWallAtOrBefore(timeZone: string, instantMs: number): number {
  const turnedBack = Math.max(0, offsetAt(timeZone, instantMs - DAY_MS) - offsetAt(timeZone, instantMs));
  return wallOf(timeZone, instantMs) + turnedBack;
}
