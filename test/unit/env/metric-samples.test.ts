import { describe, expect, it } from "vitest";
import { histogramDelta, histogramQuantile, parseMetrics, sumSamples } from "../../env/metric-samples.ts";

const scrape = (lines: string[]) => parseMetrics(lines.join("\n"));
const before = scrape([
  "# HELP rest_client_requests_total Requests.",
  'rest_client_requests_total{code="200",method="GET"} 10',
  'rest_client_requests_total{code="201",method="POST"} 2',
  'reconcile_seconds_bucket{le="0.1"} 5',
  'reconcile_seconds_bucket{le="1"} 5',
  'reconcile_seconds_bucket{le="+Inf"} 5',
]);
const after = scrape([
  'rest_client_requests_total{code="200",method="GET"} 40',
  'rest_client_requests_total{code="201",method="POST"} 12',
  'reconcile_seconds_bucket{le="0.1"} 95',
  'reconcile_seconds_bucket{le="1"} 105',
  'reconcile_seconds_bucket{le="+Inf"} 105',
]);

describe("parseMetrics and sumSamples", () => {
  it("comments skipped, each series kept with its labels", () => expect(before.get('rest_client_requests_total{code="201",method="POST"}')).toBe(2));
  const cases = [
    { name: "a metric with labels -> the sum of its series", samples: after, metric: "rest_client_requests_total", want: 52 },
    { name: "a metric absent -> 0", samples: after, metric: "nothing_total", want: 0 },
    { name: "a name that only starts like another -> not counted", samples: scrape(["rest_client_requests_total_extra 7", "rest_client_requests_total 1"]), metric: "rest_client_requests_total", want: 1 },
  ];
  it.each(cases)("$name", ({ samples, metric, want }) => expect(sumSamples(samples, metric)).toBe(want));
});

describe("histogramDelta and histogramQuantile", () => {
  const buckets = histogramDelta(before, after, "reconcile_seconds_bucket");
  it("the delta of each bucket, sorted by bound, +Inf last", () => expect(buckets).toEqual([[0.1, 90], [1, 100], [Infinity, 100]]));
  const cases = [
    { name: "p50 inside the first bucket -> interpolated from 0", q: 0.5, want: (0.1 * 50) / 90 },
    { name: "p99 inside the second bucket -> interpolated between its bounds", q: 0.99, want: 0.1 + (0.9 * 9) / 10 },
    { name: "p100 -> the second bucket's upper bound", q: 1, want: 1 },
  ];
  it.each(cases)("$name", ({ q, want }) => expect(histogramQuantile(buckets, q)).toBeCloseTo(want, 9));
  it("observations only in +Inf -> the highest finite bound", () => expect(histogramQuantile([[1, 0], [Infinity, 4]], 0.99)).toBe(1));
  it("no observations -> 0", () => expect(histogramQuantile([], 0.99)).toBe(0));
});
