import { describe, expect, it } from "vitest";
import { progressBar } from "../../../../../operator/kubectl-plugin/watch/progress-bar.ts";

describe("progressBar", () => {
  const cases = [
    { name: "none of 5 done -> empty bar, 0%", done: 0, total: 5, width: 10, want: "[..........]   0%" },
    { name: "2 of 5 done -> 4 of 10 cells, 40%", done: 2, total: 5, width: 10, want: "[####......]  40%" },
    { name: "1 of 3 done -> rounded cells, percent rounded down", done: 1, total: 3, width: 10, want: "[###.......]  33%" },
    { name: "all done -> full bar, 100%", done: 5, total: 5, width: 10, want: "[##########] 100%" },
    { name: "more done than the total -> capped at full", done: 7, total: 5, width: 4, want: "[####] 100%" },
    { name: "no total -> empty bar rather than a division by zero", done: 0, total: 0, width: 4, want: "[....]   0%" },
  ];
  for (const c of cases) it(c.name, () => expect(progressBar(c.done, c.total, c.width)).toBe(c.want));
});
