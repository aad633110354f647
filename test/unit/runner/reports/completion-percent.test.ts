import { describe, expect, it } from "vitest";
import { completionPercent } from "../../../../runner/reports/completion-percent.ts";

const completedAt = new Date("2024-02-01T10:00:00Z");
const statuses = (entries: Record<string, number>) => new Map(Object.entries(entries));
const done = (n: number, prefix = "c") => statuses(Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, 2])));

describe("completionPercent (D19, §5.3.2)", () => {
  const cases: { name: string; contentStatus: Map<string, number> | null; optional?: string[]; leaf: number; completedOn?: Date; expected: number }[] = [
    { name: "21 of 40 -> 52 in single precision (53 in double)", contentStatus: done(21), leaf: 40, expected: 52 },
    { name: "1 of 3 -> 33", contentStatus: done(1), leaf: 3, expected: 33 },
    { name: "2 of 3 -> 67", contentStatus: done(2), leaf: 3, expected: 67 },
    { name: "1 of 8 -> 13 (12.5 rounds half up)", contentStatus: done(1), leaf: 8, expected: 13 },
    { name: "none completed -> 0", contentStatus: statuses({ a: 1, b: 0 }), leaf: 5, expected: 0 },
    { name: "all completed -> 100", contentStatus: done(5), leaf: 5, expected: 100 },
    { name: "more completed than leaves -> 100", contentStatus: done(6), leaf: 5, expected: 100 },
    { name: "status 1 (in progress) -> not counted", contentStatus: statuses({ a: 2, b: 1, c: 1, d: 1 }), leaf: 4, expected: 25 },
    { name: "optional node completed -> not counted, denominator kept", contentStatus: statuses({ a: 2, b: 2, opt: 2 }), optional: ["opt"], leaf: 4, expected: 50 },
    { name: "leafNodesCount 0 -> 100", contentStatus: statuses({}), leaf: 0, expected: 100 },
    { name: "null contentstatus, leafNodesCount 0 -> 100", contentStatus: null, leaf: 0, expected: 100 },
    { name: "null contentstatus, leaves to do -> 0", contentStatus: null, leaf: 5, expected: 0 },
    { name: "completedon set -> 100 whatever the count", contentStatus: statuses({ a: 1 }), leaf: 5, completedOn: completedAt, expected: 100 },
    { name: "§5.3.2 completed ids unknown to the hierarchy -> still counted", contentStatus: statuses({ x: 2, y: 2 }), leaf: 8, expected: 25 },
    { name: "§5.3.2 only optional nodes completed, leafNodesCount 0 -> 100", contentStatus: statuses({ opt: 2 }), optional: ["opt"], leaf: 0, expected: 100 },
    { name: "§5.3.2 every completed node optional -> 0, denominator not reduced", contentStatus: statuses({ o1: 2, o2: 2 }), optional: ["o1", "o2"], leaf: 2, expected: 0 },
    { name: "completedon set, null contentstatus -> 100", contentStatus: null, leaf: 5, completedOn: completedAt, expected: 100 },
  ];
  it.each(cases)("$name", ({ contentStatus, optional = [], leaf, completedOn = null, expected }) => {
    expect(completionPercent(contentStatus, new Set(optional), leaf, completedOn)).toBe(expected);
  });
  // The driver decodes a map column to a plain object by default; the runner passes it on as decoded.
  it.each(cases)("$name (as the driver's plain object)", ({ contentStatus, optional = [], leaf, completedOn = null, expected }) => {
    const record = contentStatus === null ? null : Object.fromEntries(contentStatus);
    expect(completionPercent(record, new Set(optional), leaf, completedOn)).toBe(expected);
  });

  // 20,100 cases: a few seconds on a busy two-core machine, so it gets more than the default 5 s.
  it("every ratio with up to 200 leaves -> Java float Math.round semantics", { timeout: 60_000 }, () => {
    for (let n = 1; n <= 200; n++) {
      for (let c = 0; c < n; c++) {
        const f = new Float32Array([c / n]);
        f[0] = (f[0] as number) * 100;
        expect(completionPercent(done(c), new Set(), n, null)).toBe(Math.floor((f[0] as number) + 0.5));
      }
    }
  });
});
