import { describe, expect, it } from "vitest";
import type { ExhaustRequest } from "../../../../../crds/exhaust-request.ts";
import { enrolmentEstimates, tierFor } from "../../../../../operator/requests/capacity/sizing.ts";
import { batch, configWith, requestWith } from "../request-fixtures.ts";

const { resourceTiers, defaultTier } = configWith().runner;

describe("tierFor", () => {
  const cases: { name: string; estimates: (number | undefined)[]; want: string }[] = [
    { name: "unknown count -> default tier", estimates: [undefined], want: "medium" },
    { name: "small batch -> small", estimates: [500], want: "small" },
    { name: "exactly at a tier's bound -> that tier", estimates: [10_000], want: "small" },
    { name: "huge batch -> top tier", estimates: [5_000_000], want: "large" },
    { name: "group sums its members", estimates: [6_000, 6_000], want: "medium" },
    { name: "partly known small group -> never below the default", estimates: [10, undefined], want: "medium" },
    { name: "partly known big group -> by count", estimates: [900_000, undefined], want: "large" },
  ];
  for (const c of cases) it(c.name, () => expect(tierFor(c.estimates, resourceTiers, defaultTier).name).toBe(c.want));
});

describe("enrolmentEstimates", () => {
  const done = (rows: number, completionTime: string, report: "progress" | "response" = "progress"): ExhaustRequest =>
    requestWith({ report }, { batches: [batch("b1", { phase: "Succeeded", rows, completionTime })] });

  it("resolution count wins over recorded rows", () => {
    expect(enrolmentEstimates([{ batchId: "b1", enrolmentEstimate: 7 }], "progress", [done(100, "2026-01-01T00:00:00Z")])).toEqual({ b1: 7 });
  });
  it("newest succeeded export of the same report is used", () => {
    const others = [done(100, "2026-01-01T00:00:00Z"), done(300, "2026-02-01T00:00:00Z"), done(999, "2026-03-01T00:00:00Z", "response")];
    expect(enrolmentEstimates([], "progress", others)).toEqual({ b1: 300 });
  });
  it("nothing known -> empty", () => expect(enrolmentEstimates([{ batchId: "b9" }], "progress", [])).toEqual({}));
});
