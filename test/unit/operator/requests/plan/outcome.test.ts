import type { V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { batchOutcome, type BatchOutcome } from "../../../../../operator/requests/plan/outcome.ts";
import { diagnosePods, type PodDiagnostics } from "../../../../../operator/requests/runner-job/pod-diagnostics.ts";
import { jobFor, manifestPods, type JobState } from "../request-fixtures.ts";

const finishedAt = "2026-03-01T10:20:00Z";
const finishedMs = Date.parse(finishedAt);
const now = Date.parse("2026-03-01T10:30:00Z");
const failedBy = (reason: string): JobState => ({ state: "failed", at: finishedAt, reason, message: `${reason} detail` });

describe("batchOutcome", () => {
  const cases: { name: string; job: JobState; pods?: PodDiagnostics; batchId?: string; want: BatchOutcome }[] = [
    { name: "Job active -> running", job: { state: "active" }, want: { kind: "running" } },
    {
      name: "Complete with a manifest entry -> succeeded with its values",
      job: { state: "complete", at: finishedAt },
      pods: manifestPods([{ batchId: "b1", ok: true, rows: 4, objectUri: "s3://r/b1.zip" }]),
      want: { kind: "succeeded", finishedMs, result: { batchId: "b1", ok: true, rows: 4, objectUri: "s3://r/b1.zip" } },
    },
    { name: "Complete without a manifest -> succeeded (exit 0 means every batch)", job: { state: "complete", at: finishedAt }, want: { kind: "succeeded", finishedMs } },
    {
      name: "Failed by policy, entry retryable:false -> non-retryable with the runner's message",
      job: failedBy("PodFailurePolicy"),
      pods: manifestPods([{ batchId: "b1", ok: false, retryable: false, message: "No data found" }], 10),
      want: { kind: "failed", finishedMs, retryable: false, message: "No data found", storeUnreachable: false },
    },
    {
      name: "Failed by policy, entry without retryable -> non-retryable (exit 10/11)",
      job: failedBy("PodFailurePolicy"),
      pods: manifestPods([{ batchId: "b1", ok: false, message: "bad flag" }], 11),
      want: { kind: "failed", finishedMs, retryable: false, message: "bad flag", storeUnreachable: false },
    },
    {
      name: "Failed by policy without manifest -> non-retryable, exit code in the message",
      job: failedBy("PodFailurePolicy"),
      pods: { terminated: { exitCode: 10, reason: "Error" } },
      want: { kind: "failed", finishedMs, retryable: false, message: "Runner failed with a non-retryable error (exit code 10) and wrote no result manifest", storeUnreachable: false },
    },
    {
      name: "exit 20 with entry retryable:true -> retryable",
      job: failedBy("BackoffLimitExceeded"),
      pods: manifestPods([{ batchId: "b1", ok: false, retryable: true, message: "Cassandra unavailable: timeout" }], 20),
      want: { kind: "failed", finishedMs, retryable: true, message: "Cassandra unavailable: timeout", storeUnreachable: false },
    },
    {
      name: "exit 20 with entry storeUnreachable:true -> retryable under the store-outage budget",
      job: failedBy("BackoffLimitExceeded"),
      pods: manifestPods([{ batchId: "b1", ok: false, retryable: true, storeUnreachable: true, message: "Upload failed: s3 ECONNREFUSED: connect ECONNREFUSED" }], 20),
      want: { kind: "failed", finishedMs, retryable: true, message: "Upload failed: s3 ECONNREFUSED: connect ECONNREFUSED", storeUnreachable: true },
    },
    {
      name: "DeadlineExceeded -> retryable, deadline named",
      job: failedBy("DeadlineExceeded"),
      want: { kind: "failed", finishedMs, retryable: true, message: "Batch attempt exceeded its deadline of 21600s", storeUnreachable: false },
    },
    {
      name: "crash with garbage termination message -> retryable",
      job: failedBy("BackoffLimitExceeded"),
      pods: { terminated: { exitCode: 1, reason: "Error", message: "Segmentation fault" } },
      want: { kind: "failed", finishedMs, retryable: true, message: "Runner failed (exit code 1) and wrote no result manifest", storeUnreachable: false },
    },
    {
      name: "no pod left, Failed -> retryable with the Job's reason",
      job: failedBy("BackoffLimitExceeded"),
      want: { kind: "failed", finishedMs, retryable: true, message: "Job j failed: BackoffLimitExceeded: BackoffLimitExceeded detail", storeUnreachable: false },
    },
    {
      name: "truncated manifest without this batch -> it succeeded",
      job: failedBy("BackoffLimitExceeded"),
      pods: { terminated: { exitCode: 20, message: JSON.stringify({ v: 1, report: "progress", requestId: "r", batches: [{ batchId: "b2", ok: false, retryable: true }], truncated: true }) } },
      want: { kind: "succeeded", finishedMs },
    },
    {
      name: "another batch's failure in the manifest, this one absent, Job Failed -> retryable",
      job: failedBy("BackoffLimitExceeded"),
      pods: manifestPods([{ batchId: "b2", ok: false, retryable: true }], 20),
      want: { kind: "failed", finishedMs, retryable: true, message: "Runner failed (exit code 20) and wrote no result manifest", storeUnreachable: false },
    },
  ];
  for (const c of cases) it(c.name, () => expect(batchOutcome(c.batchId ?? "b1", jobFor("j", ["b1"], 1, c.job), c.pods, now)).toEqual(c.want));

  it("a message longer than the status bound is cut to 1024 characters", () => {
    const pods = manifestPods([{ batchId: "b1", ok: false, retryable: false, message: "x".repeat(3000) }], 10);
    const out = batchOutcome("b1", jobFor("j", ["b1"], 1, failedBy("PodFailurePolicy")), pods, now);
    expect(out.kind === "failed" && out.message.length).toBe(1024);
  });
});

const pod = (name: string, created: string, status: V1Pod["status"]): V1Pod => ({ metadata: { name, creationTimestamp: created as unknown as Date }, status });

describe("diagnosePods", () => {
  const cases: { name: string; pods: V1Pod[]; want: PodDiagnostics }[] = [
    { name: "no pods -> nothing", pods: [], want: {} },
    {
      name: "image pull back-off -> pending with reason and since",
      pods: [pod("p1", "2026-03-01T10:00:00Z", { phase: "Pending", containerStatuses: [{ name: "runner", image: "i", imageID: "", ready: false, restartCount: 0, state: { waiting: { reason: "ImagePullBackOff", message: "Back-off" } } }] })],
      want: { pending: { podName: "p1", reason: "ImagePullBackOff", message: "Back-off", sinceMs: Date.parse("2026-03-01T10:00:00Z") } },
    },
    {
      name: "unschedulable -> pending from PodScheduled",
      pods: [pod("p1", "2026-03-01T10:00:00Z", { phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable", message: "0/1 nodes" }] })],
      want: { pending: { podName: "p1", reason: "Unschedulable", message: "0/1 nodes", sinceMs: Date.parse("2026-03-01T10:00:00Z") } },
    },
    {
      name: "ContainerCreating -> not stuck",
      pods: [pod("p1", "2026-03-01T10:00:00Z", { phase: "Pending", containerStatuses: [{ name: "runner", image: "i", imageID: "", ready: false, restartCount: 0, state: { waiting: { reason: "ContainerCreating" } } }] })],
      want: {},
    },
    {
      name: "old pod terminated, newer one pending -> both reported from the right pod",
      pods: [
        pod("old", "2026-03-01T10:00:00Z", { phase: "Failed", containerStatuses: [{ name: "runner", image: "i", imageID: "", ready: false, restartCount: 0, state: { terminated: { exitCode: 137, reason: "Error", message: "m" } } }] }),
        pod("new", "2026-03-01T10:05:00Z", { phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable", message: "" }] }),
      ],
      want: { terminated: { exitCode: 137, reason: "Error", message: "m" }, pending: { podName: "new", reason: "Unschedulable", message: "", sinceMs: Date.parse("2026-03-01T10:05:00Z") } },
    },
  ];
  for (const c of cases) it(c.name, () => expect(diagnosePods(c.pods)).toEqual(c.want));
});
