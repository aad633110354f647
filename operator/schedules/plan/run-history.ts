import { MAX_HISTORY, type RunRecord } from "../../../crds/exhaust-schedule.ts";
import { countsAsSuccess, isFinishedResult, type RunView } from "./owned-runs.ts";

export interface HistoryLimits {
  successful: number;
  failed: number;
}

const newestFirst = (a: { at: number; name: string }, b: { at: number; name: string }): number => b.at - a.at || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0);
const recordKey = (r: RunRecord) => ({ at: Date.parse(r.scheduledTime), name: r.name });

/**
 * status.history, newest first by slot: the stored records updated by `fresh` ones (a finished request's numbers
 * replace what was recorded while it ran), finished runs cut to the two history limits (they are the record once a
 * request is deleted), then missed, skipped and replaced slots in the room left under MAX_HISTORY.
 */
export function composeHistory(stored: readonly RunRecord[], fresh: readonly RunRecord[], limits: HistoryLimits): RunRecord[] {
  const byName = new Map(stored.map((r) => [r.name, r]));
  for (const r of fresh) byName.set(r.name, r);
  const sorted = [...byName.values()].sort((a, b) => newestFirst(recordKey(a), recordKey(b)));
  let successes = 0;
  let failures = 0;
  const finished: RunRecord[] = [];
  const others: RunRecord[] = [];
  for (const r of sorted) {
    if (!isFinishedResult(r.result)) others.push(r);
    else if (countsAsSuccess(r.result) ? successes++ < limits.successful : failures++ < limits.failed) finished.push(r);
  }
  const kept = finished.slice(0, MAX_HISTORY);
  return [...kept, ...others.slice(0, MAX_HISTORY - kept.length)].sort((a, b) => newestFirst(recordKey(a), recordKey(b)));
}

/** Finished requests beyond the history limits, oldest first: the order CronJob's cleanup deletes them in. */
export function runsBeyondLimits(runs: readonly RunView[], limits: HistoryLimits): RunView[] {
  const finished = runs.filter((r) => r.result !== undefined && !r.deleting).sort((a, b) => newestFirst({ at: a.scheduledMs, name: a.name }, { at: b.scheduledMs, name: b.name }));
  let successes = 0;
  let failures = 0;
  const beyond = finished.filter((r) => (r.result !== undefined && countsAsSuccess(r.result) ? successes++ >= limits.successful : failures++ >= limits.failed));
  return beyond.reverse();
}
