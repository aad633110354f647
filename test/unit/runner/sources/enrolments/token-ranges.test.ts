import { describe, expect, it } from "vitest";
import { maxToken, minToken, splitRing } from "../../../../../runner/sources/enrolments/token-ranges.ts";

describe("splitRing", () => {
  const cases = [
    { name: "one range -> the whole ring", count: 1 },
    { name: "two ranges -> split at zero-ish", count: 2 },
    { name: "64 ranges -> contiguous, whole ring", count: 64 },
    { name: "odd count 7 -> contiguous, last ends at max", count: 7 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const ranges = splitRing(c.count);
      expect(ranges).toHaveLength(c.count);
      expect(ranges[0]?.start).toBe(minToken);
      expect(ranges.at(-1)?.end).toBe(maxToken);
      for (let i = 0; i < ranges.length; i++) {
        const r = ranges[i]!;
        expect(r.end > r.start).toBe(true);
        if (i > 0) expect(r.start).toBe(ranges[i - 1]!.end);
      }
    });
  }

  it("widths differ by less than the count (near-equal)", () => {
    const widths = splitRing(10).map((r) => r.end - r.start);
    const min = widths.reduce((a, b) => (a < b ? a : b));
    const max = widths.reduce((a, b) => (a > b ? a : b));
    expect(max - min < 10n).toBe(true);
  });

  it("rejects zero ranges", () => {
    expect(() => splitRing(0)).toThrow(RangeError);
  });
});
