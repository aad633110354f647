import { describe, expect, it } from "vitest";
import { expiryMinutesOf } from "../../../../../operator/kubectl-plugin/url/expires-flag.ts";

describe("expiryMinutesOf: --expires as a kubectl duration, in minutes within the CRD's bounds", () => {
  const accepted: { name: string; flag: string | undefined; minutes: number }[] = [
    { name: "no flag: Sunbird's 30 minutes", flag: undefined, minutes: 30 },
    { name: "30m: 30", flag: "30m", minutes: 30 },
    { name: "2h: 120", flag: "2h", minutes: 120 },
    { name: "1h30m: 90", flag: "1h30m", minutes: 90 },
    { name: "1m, the lower bound: 1", flag: "1m", minutes: 1 },
    { name: "24h, the upper bound: 1440", flag: "24h", minutes: 1440 },
  ];
  it.each(accepted)("$name", ({ flag, minutes }) => {
    expect(expiryMinutesOf(flag)).toEqual({ ok: true, minutes });
  });

  const rejected: { name: string; flag: string }[] = [
    { name: "0m: below the bound", flag: "0m" },
    { name: "25h: above the bound", flag: "25h" },
    { name: "a bare number: no unit", flag: "30" },
    { name: "seconds: not a whole-minute unit", flag: "90s" },
    { name: "empty", flag: "" },
    { name: "minutes before hours", flag: "30m1h" },
  ];
  it.each(rejected)("$name: an error naming the flag and examples", ({ flag }) => {
    const result = expiryMinutesOf(flag);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.error).toMatch(/^--expires .*e\.g\. 30m, 2h or 1h30m$/);
  });
});
