import { describe, expect, it } from "vitest";
import type { BatchStatus, ExhaustRequest } from "../../../../../crds/exhaust-request.ts";
import { logTargetFor, newestPod } from "../../../../../operator/kubectl-plugin/logs/log-target.ts";
import type { LogTargetResult } from "../../../../../operator/kubectl-plugin/logs/log-target.ts";

const requestWith = (batches: BatchStatus[] | undefined): ExhaustRequest => ({
  apiVersion: "exhaust.sunbird.org/v1alpha1",
  kind: "ExhaustRequest",
  metadata: { name: "p1", namespace: "reports" },
  spec: { report: "progress", collectionId: "do_1", batches: { all: {} }, requestedBy: "a", requestedChannel: "c", suspend: false, outputReclaimPolicy: "Retain" },
  ...(batches === undefined ? {} : { status: { batches } }),
});

const third: BatchStatus = { batchId: "b1", phase: "Running", attempts: 3, jobName: "p1-0a1b2c3d4e-3" };
const other: BatchStatus = { batchId: "b2", phase: "Succeeded", attempts: 1, jobName: "p1-ffffffffff-1" };
const queued: BatchStatus = { batchId: "b3", phase: "Queued", attempts: 0 };
const oddName: BatchStatus = { batchId: "b4", phase: "Failed", attempts: 2, jobName: "shared-scan-job" };
const selector = (batch: string, attempt: number) => `exhaust.sunbird.org/request=p1,exhaust.sunbird.org/batch=${batch},exhaust.sunbird.org/attempt=${attempt}`;

describe("logTargetFor", () => {
  const cases: { name: string; batches?: BatchStatus[]; batch?: string; attempt?: number; want: LogTargetResult }[] = [
    {
      name: "one batch, no flags -> its latest attempt's Job from status",
      batches: [third],
      want: { ok: true, target: { batchId: "b1", attempt: 3, jobName: "p1-0a1b2c3d4e-3", fallbackSelector: selector("b1", 3) } },
    },
    {
      name: "--attempt 1 of 3 -> the same Job name with attempt 1",
      batches: [third],
      attempt: 1,
      want: { ok: true, target: { batchId: "b1", attempt: 1, jobName: "p1-0a1b2c3d4e-1", fallbackSelector: selector("b1", 1) } },
    },
    {
      name: "--batch picks among several",
      batches: [third, other],
      batch: "b2",
      want: { ok: true, target: { batchId: "b2", attempt: 1, jobName: "p1-ffffffffff-1", fallbackSelector: selector("b2", 1) } },
    },
    {
      name: "an earlier attempt of a Job whose name has no attempt suffix -> labels only",
      batches: [oddName],
      attempt: 1,
      want: { ok: true, target: { batchId: "b4", attempt: 1, fallbackSelector: selector("b4", 1) } },
    },
    {
      name: "several batches and no --batch -> usage error listing them",
      batches: [third, other],
      want: { ok: false, problem: { message: 'exhaustrequest "p1" has 2 batches: say which with --batch', hint: "its batches: b1, b2", usage: true } },
    },
    {
      name: "unknown --batch -> usage error listing the batches",
      batches: [third],
      batch: "nope",
      want: { ok: false, problem: { message: '--batch nope: exhaustrequest "p1" has no such batch', hint: "its batches: b1", usage: true } },
    },
    {
      name: "no status yet -> wait for it, not a usage error",
      want: { ok: false, problem: { message: 'exhaustrequest "p1" has no batches yet', hint: "wait for it to start: kubectl exhaust watch p1", usage: false } },
    },
    {
      name: "a queued batch with no attempt -> not started yet",
      batches: [queued],
      want: { ok: false, problem: { message: "batch b3 has not started yet (Queued)", hint: "see when it starts: kubectl exhaust watch p1", usage: false } },
    },
    {
      name: "--attempt beyond the attempts made -> usage error with the range",
      batches: [third],
      attempt: 4,
      want: { ok: false, problem: { message: "--attempt 4: batch b1 has had attempts 1 to 3", hint: "leave --attempt out for the latest (3)", usage: true } },
    },
  ];
  for (const c of cases) it(c.name, () => expect(logTargetFor(requestWith(c.batches), c.batch, c.attempt)).toEqual(c.want));
});

describe("newestPod", () => {
  const pod = (name: string, creationTimestamp: string) => ({ metadata: { name, creationTimestamp } });
  const cases = [
    { name: "no pods -> none", pods: [], want: undefined },
    { name: "a replacement pod -> the newer one", pods: [pod("old", "2026-12-04T10:00:00Z"), pod("new", "2026-12-04T10:05:00Z")], want: "new" },
    { name: "created in the same second -> by name, so the choice is stable", pods: [pod("b", "2026-12-04T10:00:00Z"), pod("a", "2026-12-04T10:00:00Z")], want: "a" },
  ];
  for (const c of cases) it(c.name, () => expect(newestPod(c.pods)?.metadata.name).toBe(c.want));
});
