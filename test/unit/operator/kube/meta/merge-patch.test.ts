import { describe, expect, it } from "vitest";
import { mergePatchFor } from "../../../../../operator/kube/meta/merge-patch.ts";

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
  { name: "key order differs -> no patch", from: { phase: "Running", progress: "1/2" }, to: { progress: "1/2", phase: "Running" }, patch: undefined },
  { name: "undefined key -> no patch", from: { phase: "Running" }, to: { phase: "Running", startTime: undefined }, patch: undefined },
  { name: "missing vs empty -> no patch", from: {}, to: {}, patch: undefined },
  {
    name: "array elements equal as JSON (undefined keys, key order) -> no patch",
    from: { conditions: [{ type: "A", status: "True" }] },
    to: { conditions: [{ status: "True", type: "A", message: undefined }] },
    patch: undefined,
  },
  {
    name: "array element gains a key -> replaced whole, without undefined keys",
    from: { conditions: [{ type: "A" }] },
    to: { conditions: [{ type: "A", reason: "R", message: undefined }] },
    patch: { conditions: [{ type: "A", reason: "R" }] },
  },
];

describe("mergePatchFor", () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(mergePatchFor(c.from, c.to)).toEqual(c.patch);
    });
  }
});
