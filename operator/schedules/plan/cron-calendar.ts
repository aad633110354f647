import { Cron } from "croner";
import { ScheduleReason } from "../../../crds/conditions.ts";
import { isTimeZone } from "../../../crds/runner-contract.ts";
import { instantOfWall, latestWallAtOrBefore, wallOf } from "./zone-clock.ts";

/**
 * The slots of a schedule: every instant any of its cron lines names in its time zone. croner evaluates the lines
 * on wall-clock time in UTC (no DST there), and zone-clock maps wall times to instants by our DST rule. We do not
 * use croner's own zone handling: it treats lines with a single hour and minute differently from stepped ones
 * (`*\/30 2 * * *` does not fire at all on a spring-forward night and fires twice on a turn-back night), and its
 * backward search disagrees with its forward one inside a repeated hour.
 */
export interface CronCalendar {
  timeZone: string;
  lines: readonly { expression: string; cron: Cron }[];
}

export type CalendarProblemReason = typeof ScheduleReason.UnknownTimeZone | typeof ScheduleReason.UnparseableSchedule | typeof ScheduleReason.InvalidSchedule;

export type CalendarResult = { ok: true; calendar: CronCalendar } | { ok: false; reason: CalendarProblemReason; message: string };

/**
 * Parses every entry of spec.schedules in spec.timeZone. The first problem wins: an unknown zone, then an entry
 * croner cannot parse (UnparseableSchedule), then one that parses but never fires, such as `0 0 30 2 *`
 * (InvalidSchedule). Messages name the field and the entry.
 */
export function parseCalendar(schedules: readonly string[], timeZone: string): CalendarResult {
  if (!isTimeZone(timeZone)) {
    return { ok: false, reason: ScheduleReason.UnknownTimeZone, message: `spec.timeZone: unknown time zone "${timeZone}" (an IANA name such as Europe/Berlin is expected)` };
  }
  const lines: { expression: string; cron: Cron }[] = [];
  for (const [index, expression] of schedules.entries()) {
    let cron: Cron;
    try {
      cron = new Cron(expression, { mode: "5-part", timezone: "UTC", paused: true });
    } catch (error) {
      const detail = error instanceof Error ? error.message.replace(/^CronPattern: /, "") : String(error);
      return { ok: false, reason: ScheduleReason.UnparseableSchedule, message: `spec.schedules[${index}] "${expression}": ${detail}` };
    }
    // Every 5-field line repeats within 400 years (the Gregorian cycle, weekdays included): none from 1970 means never.
    if (cron.nextRun(new Date(0)) === null) {
      return { ok: false, reason: ScheduleReason.InvalidSchedule, message: `spec.schedules[${index}] "${expression}": the date never occurs, so the schedule never fires` };
    }
    lines.push({ expression, cron });
  }
  return { ok: true, calendar: { timeZone, lines } };
}

/** The first slot strictly after `afterMs`, over all lines. */
export function nextSlotAfter(calendar: CronCalendar, afterMs: number): number | undefined {
  let best: number | undefined;
  for (const { cron } of calendar.lines) {
    const next = lineNextAfter(cron, calendar.timeZone, afterMs);
    if (next !== undefined && (best === undefined || next < best)) best = next;
  }
  return best;
}

/** The most recent slot at or before `atMs`, over all lines. */
export function latestSlotAtOrBefore(calendar: CronCalendar, atMs: number): number | undefined {
  for (const slot of slotsNewestFirst(calendar, atMs)) return slot;
  return undefined;
}

/** Slots at or before `atMs`, newest first, each once (two lines, or two skipped wall times, naming one instant give one slot). Lazy. */
export function* slotsNewestFirst(calendar: CronCalendar, atMs: number): Generator<number> {
  const streams = calendar.lines.map(({ cron }) => lineNewestFirst(cron, calendar.timeZone, atMs));
  const heads = streams.map((s) => s.next());
  let last: number | undefined;
  for (;;) {
    let pick = -1;
    for (const [i, head] of heads.entries()) {
      if (head.done !== true && (pick < 0 || head.value > (heads[pick]?.value ?? -Infinity))) pick = i;
    }
    const head = heads[pick];
    const stream = streams[pick];
    if (head === undefined || head.done === true || stream === undefined) return;
    if (head.value !== last) yield head.value;
    last = head.value;
    heads[pick] = stream.next();
  }
}

function lineNextAfter(cron: Cron, timeZone: string, afterMs: number): number | undefined {
  // Wall times map to instants in order, so the first wall time after afterMs's own whose instant is later is the
  // answer; inside a repeated hour the first few name earlier (first-occurrence) instants and are passed over.
  let wall = wallOf(timeZone, afterMs);
  for (;;) {
    const next = cron.nextRun(new Date(wall));
    if (next === null) return undefined;
    wall = next.getTime();
    const at = instantOfWall(timeZone, wall);
    if (at > afterMs) return at;
  }
}

function* lineNewestFirst(cron: Cron, timeZone: string, atMs: number): Generator<number> {
  // croner's previous runs are strictly before the date given: start one millisecond past the bound.
  // Skipped wall times all name the jump instant; slotsNewestFirst yields such repeats once.
  let wall = latestWallAtOrBefore(timeZone, atMs) + 1;
  for (;;) {
    const [previous] = cron.previousRuns(1, new Date(wall));
    if (previous === undefined) return;
    wall = previous.getTime();
    const at = instantOfWall(timeZone, wall);
    if (at <= atMs) yield at;
  }
}
