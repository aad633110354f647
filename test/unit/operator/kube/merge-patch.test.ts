import { describe, expect, it } from "vitest";
import { mergePatchFor } from "../../../../operator/kube/merge-patch.ts";

const cases: { name: string; from: unknown; to: unknown; patch: unknown }[] = [
  { name: "equal -> no patch", from: { phase: "Running", n: 1 }, to: { phase: "Running", n: 1 }, patch: undefined },
  { name: "changed scalar -> set", from: { phase: "Pending" }, to: { phase: "Running" }, patch: { phase: "Running" } },
  { name: "removed key -> null", from: { phase: "Failed", reason: "X" }, to: { phase: "Running" }, patch: { phase: "Running", reason: null } },
  { name: "undefined value counts as removed", from: { reason: "X" }, to: { reason: undefined }, patch: { reason: null } },
  {
    name: "nested object -> only the changed leaf",
    from: { progress: { done: 1, total: 3 }, phase: "Running" },
    to: { progress: { done: 2, total: 3 }, phase: "Running" },
    patch: { progress: { done: 2 } },
  },
  {
    name: "array -> replaced whole when any element differs",
    from: { conditions: [{ type: "A", status: "True" }, { type: "B", status: "True" }] },
    to: { conditions: [{ type: "A", status: "True" }, { type: "B", status: "False" }] },
    patch: { conditions: [{ type: "A", status: "True" }, { type: "B", status: "False" }] },
  },
  { name: "equal arrays -> no patch", from: { ids: [1, 2] }, to: { ids: [1, 2] }, patch: undefined },
  { name: "object replaced by scalar", from: { window: { from: "a" } }, to: { window: "none" }, patch: { window: "none" } },
  { name: "new nested object -> set whole", from: {}, to: { download: { url: "u" } }, patch: { download: { url: "u" } } },
];

describe("mergePatchFor", () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(mergePatchFor(c.from, c.to)).toEqual(c.patch);
    });
  }
});
