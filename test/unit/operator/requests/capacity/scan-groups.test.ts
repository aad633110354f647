import { describe, expect, it } from "vitest";
import { freeSlots } from "../../../../../operator/requests/capacity/admission-slots.ts";
import { scanGroups } from "../../../../../operator/requests/capacity/scan-groups.ts";

interface Item {
  id: string;
  key: string;
}
const item = (id: string, key = "progress/do_1/0"): Item => ({ id, key });

describe("scanGroups", () => {
  const cases: { name: string; items: Item[]; max: number; share: boolean; want: string[][] }[] = [
    { name: "sharing off (batchid index) -> one per group", items: [item("a"), item("b")], max: 10, share: false, want: [["a"], ["b"]] },
    { name: "same key -> one group", items: [item("a"), item("b"), item("c")], max: 10, share: true, want: [["a", "b", "c"]] },
    { name: "more than max -> filled in order", items: [item("a"), item("b"), item("c")], max: 2, share: true, want: [["a", "b"], ["c"]] },
    {
      name: "different collections or attempts -> separate groups, order kept",
      items: [item("a"), item("b", "progress/do_2/0"), item("c"), item("d", "progress/do_1/1")],
      max: 10,
      share: true,
      want: [["a", "c"], ["b"], ["d"]],
    },
    { name: "max 1 -> no sharing", items: [item("a"), item("b")], max: 1, share: true, want: [["a"], ["b"]] },
    { name: "nothing waiting -> no groups", items: [], max: 10, share: true, want: [] },
  ];
  for (const c of cases) {
    it(c.name, () => expect(scanGroups(c.items, (i) => i.key, c.max, c.share).map((g) => g.map((i) => i.id))).toEqual(c.want));
  }
});

describe("freeSlots", () => {
  const limits = { maxConcurrentBatches: 10, maxConcurrentBatchesPerChannel: 3 };
  it.each([
    ["all free -> channel limit", { global: 0, inChannel: 0 }, 3],
    ["global nearly full -> global remainder", { global: 9, inChannel: 0 }, 1],
    ["channel full -> 0", { global: 3, inChannel: 3 }, 0],
    ["over the limit (limit lowered) -> 0, never negative", { global: 12, inChannel: 5 }, 0],
  ])("%s", (_name, active, want) => expect(freeSlots(active, limits)).toBe(want));
});
