import { describe, expect, it } from "vitest";
import { formatBytes, formatCount, formatDuration } from "../../../../../operator/kubectl-plugin/watch/quantities.ts";

describe("formatBytes", () => {
  const cases = [
    { name: "nothing -> 0 B", bytes: 0, want: "0 B" },
    { name: "just under 1 KiB -> exact bytes", bytes: 1023, want: "1023 B" },
    { name: "exactly 1 KiB -> 1.0 KiB", bytes: 1024, want: "1.0 KiB" },
    { name: "1.5 MiB -> one decimal", bytes: 1.5 * 1024 * 1024, want: "1.5 MiB" },
    { name: "3 GiB -> GiB", bytes: 3 * 1024 ** 3, want: "3.0 GiB" },
    { name: "beyond TiB -> still TiB", bytes: 2048 * 1024 ** 4, want: "2048.0 TiB" },
  ];
  for (const c of cases) it(c.name, () => expect(formatBytes(c.bytes)).toBe(c.want));
});

describe("formatCount", () => {
  const cases = [
    { name: "below a thousand -> as is", n: 999, want: "999" },
    { name: "a million -> grouped by thousands", n: 1_234_567, want: "1,234,567" },
  ];
  for (const c of cases) it(c.name, () => expect(formatCount(c.n)).toBe(c.want));
});

describe("formatDuration", () => {
  const cases = [
    { name: "negative (clock skew) -> 0s", ms: -5000, want: "0s" },
    { name: "45.9 s -> 45s (whole seconds, rounded down)", ms: 45_900, want: "45s" },
    { name: "3 min 5 s -> 3m05s", ms: 185_000, want: "3m05s" },
    { name: "2 h 7 min -> 2h07m", ms: (2 * 3600 + 7 * 60 + 30) * 1000, want: "2h07m" },
  ];
  for (const c of cases) it(c.name, () => expect(formatDuration(c.ms)).toBe(c.want));
});
