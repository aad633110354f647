import { slotsNewestFirst, type CronCalendar } from "./cron-calendar.ts";

/** CronJob's classes: nothing due, a few slots, or more than the caller will ever act on ("too many missed times"). */
export type UnmetClass = "none" | "few" | "many";

export interface UnmetSlots {
  /** Slots after the anchor and at or before now, newest first; at most `limit` of them. */
  newestFirst: number[];
  class: UnmetClass;
  /** Exact for none and few; for many an estimate from the spacing of the slots materialised. */
  count: number;
}

/**
 * The slots that passed since `anchorMs` (exclusive) up to `nowMs` (inclusive), bounded as CronJob's
 * mostRecentScheduleTime is: at most `limit` slots are materialised, walking back from now, so a controller that
 * was away for years pays `limit` steps, never one per missed slot. "many" means more than `limit` passed.
 */
export function unmetSlots(calendar: CronCalendar, anchorMs: number, nowMs: number, limit: number): UnmetSlots {
  const newestFirst: number[] = [];
  let more = false;
  for (const slot of slotsNewestFirst(calendar, nowMs)) {
    if (slot <= anchorMs) break;
    if (newestFirst.length === limit) {
      more = true;
      break;
    }
    newestFirst.push(slot);
  }
  if (newestFirst.length === 0) return { newestFirst, class: "none", count: 0 };
  if (!more) return { newestFirst, class: "few", count: newestFirst.length };
  return { newestFirst, class: "many", count: estimateCount(newestFirst, anchorMs) };
}

function estimateCount(newestFirst: readonly number[], anchorMs: number): number {
  const seen = newestFirst.length;
  const newest = newestFirst[0] ?? anchorMs;
  const oldest = newestFirst[seen - 1] ?? anchorMs;
  // One more slot is known to exist before the oldest one materialised; with an even spacing, the slots strictly
  // between the anchor and the oldest one number ceil(gap / spacing) - 1.
  if (seen < 2 || newest === oldest) return seen + 1;
  const spacing = (newest - oldest) / (seen - 1);
  return Math.max(seen + 1, seen + Math.ceil((oldest - anchorMs) / spacing) - 1);
}
