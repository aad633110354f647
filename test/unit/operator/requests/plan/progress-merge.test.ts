import { describe, expect, it } from "vitest";
import type { BatchStatus } from "../../../../../crds/exhaust-request.ts";
import { mergeProgress, type JobProgressReading } from "../../../../../operator/requests/plan/progress-merge.ts";
import { progressReadsDue, progressRecheckMs, progressTailLines, type ProgressCandidate } from "../../../../../operator/requests/plan/progress-reads.ts";
import { planRequest } from "../../../../../operator/requests/plan/plan.ts";
import { jobNameFor } from "../../../../../operator/requests/runner-job/job-name.ts";
import { batch, configWith, jobFor, manifestPods, requestWith } from "../request-fixtures.ts";

const jobCreated = Date.parse("2026-03-01T10:00:00Z");
const fiveSecondsIn = Date.parse("2026-03-01T10:00:05Z");
const tenSecondsIn = Date.parse("2026-03-01T10:00:10Z");
const fifteenSecondsIn = Date.parse("2026-03-01T10:00:15Z");
const twentySecondsIn = Date.parse("2026-03-01T10:00:20Z");
const interval = 10_000;
const J1 = jobNameFor("progress-0130", ["b1"], 1);
const J2 = jobNameFor("progress-0130", ["b1"], 2);

const reading = (rows: number, timeMs: number, jobName = J1): JobProgressReading => ({ batchId: "b1", rows, bytes: rows * 10, elapsedMs: timeMs - jobCreated, timeMs, jobName });
const runningB1 = (extra: Partial<BatchStatus> = {}): BatchStatus => batch("b1", { phase: "Running", attempts: 1, jobName: J1, startTime: "2026-03-01T10:00:00Z", ...extra });

describe("mergeProgress", () => {
  const cases: { name: string; batch: BatchStatus; reading?: JobProgressReading; want: Partial<BatchStatus> }[] = [
    { name: "Running, first line -> rows, bytes and progressTime from it", batch: runningB1(), reading: reading(500, tenSecondsIn), want: { rows: 500, bytes: 5000, progressTime: "2026-03-01T10:00:10Z" } },
    { name: "Running, no line read this pass -> unchanged", batch: runningB1({ rows: 500, progressTime: "2026-03-01T10:00:10Z" }), want: { rows: 500, progressTime: "2026-03-01T10:00:10Z" } },
    {
      name: "Running, a newer line with more rows -> rows rise",
      batch: runningB1({ rows: 500, bytes: 5000, progressTime: "2026-03-01T10:00:10Z" }),
      reading: reading(900, twentySecondsIn),
      want: { rows: 900, bytes: 9000, progressTime: "2026-03-01T10:00:20Z" },
    },
    {
      name: "Running, a newer line with fewer rows -> rows never move backwards",
      batch: runningB1({ rows: 500, bytes: 5000, progressTime: "2026-03-01T10:00:10Z" }),
      reading: reading(400, twentySecondsIn),
      want: { rows: 500, bytes: 5000, progressTime: "2026-03-01T10:00:10Z" },
    },
    {
      name: "Running, a line no newer than the one shown -> unchanged",
      batch: runningB1({ rows: 500, bytes: 5000, progressTime: "2026-03-01T10:00:10Z" }),
      reading: reading(700, fiveSecondsIn),
      want: { rows: 500, progressTime: "2026-03-01T10:00:10Z" },
    },
    { name: "Running, a line from the previous attempt's Job -> ignored", batch: runningB1({ jobName: J2, attempts: 2 }), reading: reading(500, tenSecondsIn), want: { rows: undefined, progressTime: undefined } },
    { name: "Succeeded -> the result's rows are never overwritten", batch: batch("b1", { phase: "Succeeded", attempts: 1, jobName: J1, rows: 42, bytes: 420 }), reading: reading(500, tenSecondsIn), want: { rows: 42, bytes: 420, progressTime: undefined } },
    { name: "Retrying -> no counts taken", batch: batch("b1", { phase: "Retrying", attempts: 1, jobName: J1 }), reading: reading(500, tenSecondsIn), want: { rows: undefined } },
  ];
  it.each(cases)("$name", ({ batch: b, reading: r, want }) => {
    const { rows, bytes, progressTime } = mergeProgress(b, r);
    expect({ rows, bytes, progressTime }).toEqual({ rows: b.rows, bytes: b.bytes, progressTime: b.progressTime, ...want });
  });
});

describe("progressReadsDue", () => {
  const job = (extra: Partial<ProgressCandidate> = {}): ProgressCandidate => ({ jobName: J1, startedMs: jobCreated, ...extra });
  const cases: { name: string; candidate: ProgressCandidate; nowMs: number; intervalMs?: number; want: string[] }[] = [
    { name: "five seconds after the Job started -> not read (a fast batch is never read)", candidate: job(), nowMs: fiveSecondsIn, want: [] },
    { name: "an interval after the Job started, nothing shown -> read", candidate: job(), nowMs: tenSecondsIn, want: [J1] },
    { name: "read five seconds ago -> not read again", candidate: job({ lastReadMs: tenSecondsIn }), nowMs: fifteenSecondsIn, want: [] },
    { name: "read an interval ago -> read", candidate: job({ lastReadMs: tenSecondsIn }), nowMs: twentySecondsIn, want: [J1] },
    { name: "progress shown five seconds ago (by an operator since restarted) -> not read", candidate: job({ shownMs: tenSecondsIn }), nowMs: fifteenSecondsIn, want: [] },
    { name: "interval 0 -> reading is off", candidate: job(), nowMs: twentySecondsIn, intervalMs: 0, want: [] },
  ];
  it.each(cases)("$name", ({ candidate, nowMs, intervalMs, want }) => expect(progressReadsDue([candidate], nowMs, intervalMs ?? interval)).toEqual(want));

  const rechecks: { name: string; activeJobs: number; want: number }[] = [
    { name: "few Jobs running -> look again after one interval", activeJobs: 4, want: 10_000 },
    { name: "exactly what the rate allows per interval (50 at 5/s) -> one interval", activeJobs: 50, want: 10_000 },
    { name: "1,000 Jobs at 5 reads/s -> every 200 s, so passes stay near the read rate", activeJobs: 1000, want: 200_000 },
  ];
  it.each(rechecks)("recheck: $name", ({ activeJobs, want }) => expect(progressRecheckMs(interval, activeJobs, 5)).toBe(want));

  it("tail lines grow with the batches of a Job and stay bounded", () => {
    expect([progressTailLines(1), progressTailLines(10), progressTailLines(1000)]).toEqual([14, 50, 500]);
  });
});

describe("planRequest with progress", () => {
  const withProgress = configWith({ progress: { intervalSeconds: 10 } });
  const status = { phase: "Running" as const, batches: [runningB1({ rows: 100, bytes: 1000, progressTime: "2026-03-01T10:00:10Z" })] };

  it("a Running batch shows the rows read this pass, totals rise, and the request looks again after an interval", () => {
    const plan = planRequest(
      { request: requestWith({}, status), jobs: [jobFor(J1, ["b1"], 1, { state: "active" })], pods: {}, activeJobs: { global: 1, inChannel: 1 }, progress: { b1: reading(800, twentySecondsIn) } },
      new Date(twentySecondsIn),
      withProgress,
    );
    expect(plan.status.batches?.[0]).toMatchObject({ phase: "Running", rows: 800, bytes: 8000, progressTime: "2026-03-01T10:00:20Z" });
    expect(plan.status.totals).toMatchObject({ rows: 800, bytes: 8000, running: 1 });
    expect(plan.requeueAfterMs).toBe(10_000);
  });

  it("1,000 runner Jobs active over all requests -> the request looks again only when the read rate gets to it", () => {
    const plan = planRequest(
      { request: requestWith({}, status), jobs: [jobFor(J1, ["b1"], 1, { state: "active" })], pods: {}, activeJobs: { global: 1000, inChannel: 1 } },
      new Date(twentySecondsIn),
      withProgress,
    );
    expect(plan.requeueAfterMs).toBe(200_000);
  });

  it("the batch succeeds -> rows and bytes are the result's, progressTime goes", () => {
    const pods = { [J1]: manifestPods([{ batchId: "b1", ok: true, rows: 1234, bytes: 5678, objectUri: "s3://b/k.zip" }]) };
    const plan = planRequest(
      { request: requestWith({}, status), jobs: [jobFor(J1, ["b1"], 1, { state: "complete", at: "2026-03-01T10:00:30Z" })], pods, activeJobs: { global: 0, inChannel: 0 }, progress: { b1: reading(2000, twentySecondsIn) } },
      new Date("2026-03-01T10:00:31Z"),
      withProgress,
    );
    expect(plan.status.batches?.[0]).toMatchObject({ phase: "Succeeded", rows: 1234, bytes: 5678 });
    expect(plan.status.batches?.[0]?.progressTime).toBeUndefined();
    expect(plan.status.totals?.rows).toBe(1234);
  });

  it("the attempt fails and will retry -> the counts so far are dropped", () => {
    const plan = planRequest(
      { request: requestWith({}, status), jobs: [jobFor(J1, ["b1"], 1, { state: "failed", at: "2026-03-01T10:00:30Z", reason: "BackoffLimitExceeded" })], pods: {}, activeJobs: { global: 0, inChannel: 0 } },
      new Date("2026-03-01T10:00:31Z"),
      withProgress,
    );
    expect(plan.status.batches?.[0]).toMatchObject({ phase: "Retrying" });
    expect(plan.status.batches?.[0]?.rows).toBeUndefined();
    expect(plan.status.batches?.[0]?.progressTime).toBeUndefined();
    expect(plan.status.totals?.rows).toBe(0);
  });
});
