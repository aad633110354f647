import { describe, expect, it } from "vitest";
import { findCondition, removeCondition, setCondition } from "../../../../operator/status/set-condition.ts";
import type { Condition, ConditionUpdate } from "../../../../operator/status/set-condition.ts";

const yesterday = "2026-02-28T12:00:00Z";
const now = new Date("2026-03-01T12:00:00.123Z");
const nowText = "2026-03-01T12:00:00Z";

const accepted = (status: Condition["status"], extra: Partial<Condition> = {}): Condition => ({
  type: "Accepted",
  status,
  reason: "SpecValid",
  message: "The spec was accepted.",
  lastTransitionTime: yesterday,
  observedGeneration: 1,
  ...extra,
});

const cases: {
  name: string;
  status: { conditions?: Condition[] };
  update: ConditionUpdate;
  expected: { changed: boolean; condition: Condition; count: number };
}[] = [
  {
    name: "no conditions yet -> added, transition time is now (whole seconds)",
    status: {},
    update: { type: "Accepted", status: "True", reason: "SpecValid", message: "The spec was accepted.", observedGeneration: 1 },
    expected: { changed: true, condition: accepted("True", { lastTransitionTime: nowText }), count: 1 },
  },
  {
    name: "same status, reason, message, generation -> unchanged, time kept",
    status: { conditions: [accepted("True")] },
    update: { type: "Accepted", status: "True", reason: "SpecValid", message: "The spec was accepted.", observedGeneration: 1 },
    expected: { changed: false, condition: accepted("True"), count: 1 },
  },
  {
    name: "same status, new generation -> changed, time kept",
    status: { conditions: [accepted("True")] },
    update: { type: "Accepted", status: "True", reason: "SpecValid", message: "The spec was accepted.", observedGeneration: 2 },
    expected: { changed: true, condition: accepted("True", { observedGeneration: 2 }), count: 1 },
  },
  {
    name: "same status, new message -> changed, time kept",
    status: { conditions: [accepted("True")] },
    update: { type: "Accepted", status: "True", reason: "SpecValid", message: "Still fine.", observedGeneration: 1 },
    expected: { changed: true, condition: accepted("True", { message: "Still fine." }), count: 1 },
  },
  {
    name: "status flips True -> False -> changed, time moves to now",
    status: { conditions: [accepted("True")] },
    update: { type: "Accepted", status: "False", reason: "InvalidSpec", message: "Bad.", observedGeneration: 1 },
    expected: {
      changed: true,
      condition: accepted("False", { reason: "InvalidSpec", message: "Bad.", lastTransitionTime: nowText }),
      count: 1,
    },
  },
  {
    name: "other types are kept in place",
    status: { conditions: [accepted("True"), { ...accepted("False"), type: "Failed" }] },
    update: { type: "Progressing", status: "True", reason: "JobsRunning", message: "2/3", observedGeneration: 1 },
    expected: {
      changed: true,
      condition: { type: "Progressing", status: "True", reason: "JobsRunning", message: "2/3", lastTransitionTime: nowText, observedGeneration: 1 },
      count: 3,
    },
  },
];

describe("setCondition", () => {
  for (const c of cases) {
    it(c.name, () => {
      const input = structuredClone(c.status.conditions);
      const result = setCondition(c.status.conditions, c.update, now);
      expect(result.changed).toBe(c.expected.changed);
      expect(findCondition(result.conditions, c.update.type)).toEqual(c.expected.condition);
      expect(result.conditions).toHaveLength(c.expected.count);
      expect(c.status.conditions).toEqual(input); // the input is never mutated
    });
  }

  it("removeCondition reports whether anything was removed", () => {
    expect(removeCondition([accepted("True")], "Accepted")).toEqual({ conditions: [], changed: true });
    expect(removeCondition([accepted("True")], "Failed").changed).toBe(false);
  });
});
