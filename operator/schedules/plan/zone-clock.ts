import { zoneOffsetMs } from "../../../crds/zone-offset.ts";

// Wall-clock time in an IANA zone, from the Intl data Node ships. A "wall" time is the local date and time written
// as if it were UTC (so ordinary Date arithmetic works on it); an instant is a real point in time.

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** The wall time at an instant (milliseconds kept). */
export const wallOf = (timeZone: string, instantMs: number): number => instantMs + zoneOffsetMs(timeZone, instantMs);

/**
 * The instant a wall time names, by the schedule's DST rule:
 * - a wall time that occurs twice (clocks turned back) names its first occurrence, so a repeated hour fires once;
 * - a wall time that does not occur (clocks turned forward) names the instant of the jump, so every skipped time
 *   fires once, right after the jump (02:30 on a spring-forward night in Berlin fires at 03:00 CEST).
 * Transitions are assumed at least a day apart, as they are in every IANA zone.
 */
export function instantOfWall(timeZone: string, wallMs: number): number {
  const before = zoneOffsetMs(timeZone, wallMs - DAY_MS);
  const after = zoneOffsetMs(timeZone, wallMs + DAY_MS);
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
    if (zoneOffsetMs(timeZone, mid * MINUTE_MS) === offsetAfter) high = mid;
    else low = mid + 1;
  }
  return low * MINUTE_MS;
}

/**
 * The largest wall time that can name an instant at or before `instantMs`: past a turn-back of the clocks, wall
 * times up to the end of the repeated hour name first occurrences, which lie before `instantMs`.
 */
export function latestWallAtOrBefore(timeZone: string, instantMs: number): number {
  const turnedBack = Math.max(0, zoneOffsetMs(timeZone, instantMs - DAY_MS) - zoneOffsetMs(timeZone, instantMs));
  return wallOf(timeZone, instantMs) + turnedBack;
}
