import type { Condition } from "../../crds/conditions.ts";
import { toMetaTime } from "../kube/meta/meta-time.ts";

export type { Condition };

export type ConditionUpdate = Omit<Condition, "lastTransitionTime">;

/**
 * Upserts one condition. lastTransitionTime moves only when the status changes (or the condition is new), so
 * re-asserting the same state never causes a write: `changed` is false when nothing differs.
 */
export function setCondition(
  conditions: readonly Condition[] | undefined,
  update: ConditionUpdate,
  now: Date,
): { conditions: Condition[]; changed: boolean } {
  const current = conditions ?? [];
  const existing = current.find((c) => c.type === update.type);
  const next: Condition = {
    ...update,
    lastTransitionTime: existing && existing.status === update.status ? existing.lastTransitionTime : toMetaTime(now),
  };
  if (existing && sameCondition(existing, next)) return { conditions: [...current], changed: false };
  const conditionsOut = existing ? current.map((c) => (c === existing ? next : c)) : [...current, next];
  return { conditions: conditionsOut, changed: true };
}

export function findCondition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

export function removeCondition(
  conditions: readonly Condition[] | undefined,
  type: string,
): { conditions: Condition[]; changed: boolean } {
  const current = conditions ?? [];
  const kept = current.filter((c) => c.type !== type);
  return { conditions: kept, changed: kept.length !== current.length };
}

const sameCondition = (a: Condition, b: Condition): boolean =>
  a.status === b.status &&
  a.reason === b.reason &&
  a.message === b.message &&
  a.lastTransitionTime === b.lastTransitionTime &&
  a.observedGeneration === b.observedGeneration;
