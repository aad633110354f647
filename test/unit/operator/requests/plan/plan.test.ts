import type { V1Job } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import type { BatchStatus, ExhaustRequestSpec, ExhaustRequestStatus, RequestPhase } from "../../../../../crds/exhaust-request.ts";
import type { OperatorConfig } from "../../../../../operator/config/operator-config.ts";
import { otherCollectionWarning, type BatchResolution, type CollectionStatuses } from "../../../../../operator/requests/plan/accept-batches.ts";
import { jobNameFor } from "../../../../../operator/requests/runner-job/job-name.ts";
import type { PodDiagnostics } from "../../../../../operator/requests/runner-job/pod-diagnostics.ts";
import { needsResolution, planRequest, type RequestPlan } from "../../../../../operator/requests/plan/plan.ts";
import { ttlNotAppliedWarning } from "../../../../../operator/requests/plan/gitops-managed.ts";
import { mergePatchFor } from "../../../../../operator/kube/meta/merge-patch.ts";
import type { SecretPresence } from "../../../../../operator/requests/plan/stall-detection.ts";
import type { ChannelPolicy } from "../../../../../crds/export-policy.ts";
import { batch, configWith, jobFor, manifestPods, requestWith } from "../request-fixtures.ts";

// Named instants of one request's life.
const firstPass = new Date("2026-03-01T10:00:00Z");
const jobFinished = "2026-03-01T10:20:00Z";
const justAfterJobFinished = new Date("2026-03-01T10:20:05Z");
const beforeRetryDue = new Date("2026-03-01T10:20:30Z");
const afterRetryDue = new Date("2026-03-01T10:25:00Z");
const podWaitingSixMinutes = new Date("2026-03-01T10:06:00Z");
const podWaitingTwoMinutes = new Date("2026-03-01T10:02:00Z");
const hourAfterStart = new Date("2026-03-01T11:00:01Z");
const dayAfterFinish = new Date("2026-03-02T10:30:00Z");

const perBatch = configWith({ scan: { enrolmentsHaveBatchIdIndex: true } });
const sharedScans = configWith({ scan: { maxBatchesPerScan: 2 } });
const J = (ids: string[], attempt: number) => jobNameFor("progress-0130", ids, attempt);

const outageMessage = "Cassandra unavailable: All host(s) tried for query failed";

/** Batch b1's attempt `n` just failed with this manifest entry (exit 20); b2 succeeded. */
const nthAttemptFailed = (n: number, entry: { storeUnreachable?: boolean; message: string }) => ({
  status: running([{ attempts: n, jobName: J(["b1"], n) }, { phase: "Succeeded" }]),
  env: {
    now: justAfterJobFinished,
    config: perBatch,
    jobs: [jobFor(J(["b1"], n), ["b1"], n, { state: "failed", at: jobFinished, reason: "BackoffLimitExceeded" })],
    pods: { [J(["b1"], n)]: manifestPods([{ batchId: "b1", ok: false, retryable: true, ...entry }], 20) },
  },
});

const resolvedBoth: BatchResolution = { kind: "resolved", found: [{ batchId: "b1", collectionId: "do_course" }, { batchId: "b2", collectionId: "do_course" }], notFound: [] };
const live: CollectionStatuses = { do_course: { status: "Live" } };

const running = (overrides: Partial<BatchStatus>[] = []): ExhaustRequestStatus => ({
  observedGeneration: 1,
  phase: "Running",
  startTime: "2026-03-01T10:00:00Z",
  requestId: "0b7c1a8e-5d1f-4c53-9d3e-2f6a1f0c9a11",
  conditions: [{ type: "Accepted", status: "True", reason: "SpecAccepted", message: "Accepted 2 batches", lastTransitionTime: "2026-03-01T10:00:00Z", observedGeneration: 1 }],
  batches: [
    batch("b1", { phase: "Running", attempts: 1, jobName: J(["b1"], 1), startTime: "2026-03-01T10:00:00Z", ...overrides[0] }),
    batch("b2", { phase: "Running", attempts: 1, jobName: J(["b2"], 1), startTime: "2026-03-01T10:00:00Z", ...overrides[1] }),
  ],
});

interface Case {
  name: string;
  spec?: Partial<ExhaustRequestSpec>;
  labels?: Record<string, string>;
  status?: ExhaustRequestStatus;
  env: {
    now: Date;
    config?: OperatorConfig;
    jobs?: V1Job[];
    pods?: Record<string, PodDiagnostics>;
    expectedJobs?: string[];
    resolution?: BatchResolution;
    collections?: CollectionStatuses;
    passwordSecret?: SecretPresence;
    channelPolicy?: ChannelPolicy;
    active?: { global: number; inChannel: number };
  };
  expect: {
    phase: RequestPhase;
    batches?: Partial<BatchStatus>[];
    creates?: string[];
    deletes?: string[];
    deleteRequest?: boolean;
    conditions?: Record<string, { status: string; reason: string; message?: string } | undefined>;
    events?: string[];
    requeueAfterMs?: number | [number, number];
    warnings?: string[];
    check?: (plan: RequestPlan) => void;
  };
}

const cases: Case[] = [
  // spec: validation that admission cannot do
  {
    name: "explicit list longer than the configured limit -> Failed with Sunbird's message, no Job",
    spec: { batches: { ids: ["b1", "b2", "b3"] } },
    env: { now: firstPass, config: configWith({ requests: { maxBatchesPerRequest: 2 } }), resolution: resolvedBoth, collections: live },
    expect: {
      phase: "Failed",
      creates: [],
      conditions: { Accepted: { status: "False", reason: "TooManyBatches", message: "Number of batches in request exceeded. It should be within 2" }, Failed: { status: "True", reason: "TooManyBatches" } },
      events: ["TooManyBatches"],
    },
  },
  {
    name: "no batch found -> Failed `No data found`",
    env: { now: firstPass, resolution: { kind: "resolved", found: [], notFound: ["b1", "b2"] }, collections: live },
    expect: { phase: "Failed", creates: [], conditions: { Accepted: { status: "False", reason: "NoDataFound", message: "No data found" } }, warnings: ["Batch b1 not found", "Batch b2 not found"] },
  },
  {
    name: "one id not found -> warning, the other batch runs",
    env: { now: firstPass, config: perBatch, resolution: { kind: "resolved", found: [{ batchId: "b1", collectionId: "do_course" }], notFound: ["b2"] }, collections: live },
    expect: { phase: "Running", creates: [J(["b1"], 1)], warnings: ["Batch b2 not found"], batches: [{ batchId: "b1", phase: "Running" }], conditions: { Accepted: { status: "True", reason: "SpecAccepted" } } },
  },
  {
    name: "retired collection -> its batch Failed non-retryably, the other collection's batch runs",
    env: {
      now: firstPass,
      config: perBatch,
      resolution: { kind: "resolved", found: [{ batchId: "b1", collectionId: "do_old" }, { batchId: "b2", collectionId: "do_course" }], notFound: [] },
      collections: { do_old: { status: "Retired" }, do_course: { status: "Live" } },
    },
    expect: {
      phase: "Running",
      creates: [J(["b2"], 1)],
      batches: [{ batchId: "b1", phase: "Failed", lastError: { message: "The request is made for retired collection", retryable: false } }, { batchId: "b2", phase: "Running" }],
    },
  },
  {
    name: "a listed batch of another collection -> exported from its own collection, with a warning and a Warning Event",
    env: {
      now: firstPass,
      config: perBatch,
      resolution: { kind: "resolved", found: [{ batchId: "b1", collectionId: "do_other" }, { batchId: "b2", collectionId: "do_course" }], notFound: [] },
      collections: { do_other: { status: "Live" }, do_course: { status: "Live" } },
    },
    expect: {
      phase: "Running",
      creates: [J(["b1"], 1), J(["b2"], 1)],
      warnings: [otherCollectionWarning({ batchId: "b1", collectionId: "do_other" }, "do_course")],
      batches: [{ batchId: "b1", collectionId: "do_other", phase: "Running" }, { batchId: "b2", collectionId: "do_course", phase: "Running" }],
      check: (plan: RequestPlan) => expect(plan.actions.filter((a) => a.kind === "event" && a.reason === "OtherCollection")).toHaveLength(1),
    },
  },
  {
    name: "every collection retired or missing -> Failed, AllBatchesFailed",
    env: {
      now: firstPass,
      resolution: { kind: "resolved", found: [{ batchId: "b1", collectionId: "do_old" }, { batchId: "b2", collectionId: "do_gone" }], notFound: [] },
      collections: { do_old: { status: "Retired" }, do_gone: { status: null } },
    },
    expect: {
      phase: "Failed",
      creates: [],
      batches: [{ phase: "Failed", lastError: { message: "The request is made for retired collection", retryable: false } }, { phase: "Failed", lastError: { message: "No data found", retryable: false } }],
      conditions: { Failed: { status: "True", reason: "AllBatchesFailed" } },
    },
  },
  {
    name: "a hierarchy that is not JSON -> its batches Failed with the spec's 6.2 text, the others go on",
    env: {
      now: firstPass,
      config: perBatch,
      resolution: { kind: "resolved", found: [{ batchId: "b1", collectionId: "do_broken" }, { batchId: "b2", collectionId: "do_course" }], notFound: [] },
      collections: { do_broken: { invalid: true }, do_course: { status: "Live" } },
    },
    expect: {
      phase: "Running",
      creates: [J(["b2"], 1)],
      batches: [{ phase: "Failed", lastError: { message: "Invalid hierarchy for collection do_broken", retryable: false } }, { phase: "Running" }],
    },
  },
  {
    name: "course_batch unreadable -> Pending, Accepted Unknown, look again after recheckSeconds",
    env: { now: firstPass, resolution: { kind: "unavailable", message: "Cassandra unavailable: timeout" } },
    expect: { phase: "Pending", creates: [], conditions: { Accepted: { status: "Unknown", reason: "ResolutionUnavailable" } }, requeueAfterMs: 30_000 },
  },
  // environment: Jobs, slots, sharing
  {
    name: "index on batchid, slots free -> one Job per batch, Running, Accepted",
    env: { now: firstPass, config: perBatch, resolution: resolvedBoth, collections: live },
    expect: {
      phase: "Running",
      creates: [J(["b1"], 1), J(["b2"], 1)],
      batches: [{ batchId: "b1", phase: "Running", attempts: 1, jobName: J(["b1"], 1), startTime: "2026-03-01T10:00:00Z" }, { batchId: "b2", phase: "Running" }],
      conditions: { Accepted: { status: "True", reason: "SpecAccepted" }, Progressing: { status: "True", reason: "BatchesRunning" }, Stalled: undefined },
      events: ["SpecAccepted", "BatchStarted", "BatchStarted"],
      check: (plan) => expect(plan.status).toMatchObject({ startTime: "2026-03-01T10:00:00Z", progress: "0/2", totals: { batches: 2, running: 2 } }),
    },
  },
  {
    name: "no batchid index -> batches of one collection share one scan Job",
    env: { now: firstPass, resolution: resolvedBoth, collections: live },
    expect: { phase: "Running", creates: [J(["b1", "b2"], 1)], batches: [{ jobName: J(["b1", "b2"], 1) }, { jobName: J(["b1", "b2"], 1) }] },
  },
  {
    name: "no batchid index, maxBatchesPerScan 2, three batches -> two scan Jobs",
    spec: { batches: { ids: ["b1", "b2", "b3"] } },
    env: {
      now: firstPass,
      config: sharedScans,
      resolution: { kind: "resolved", found: ["b1", "b2", "b3"].map((batchId) => ({ batchId, collectionId: "do_course" })), notFound: [] },
      collections: live,
    },
    expect: { phase: "Running", creates: [J(["b1", "b2"], 1), J(["b3"], 1)] },
  },
  {
    name: "global limit reached -> batches Queued, look again after recheckSeconds",
    env: { now: firstPass, config: perBatch, resolution: resolvedBoth, collections: live, active: { global: 10, inChannel: 0 } },
    expect: { phase: "Pending", creates: [], batches: [{ phase: "Queued" }, { phase: "Queued" }], conditions: { Progressing: { status: "True", reason: "Queued" } }, requeueAfterMs: 30_000 },
  },
  {
    name: "one channel slot left -> first batch runs, second Queued",
    env: { now: firstPass, config: perBatch, resolution: resolvedBoth, collections: live, active: { global: 4, inChannel: 2 } },
    expect: { phase: "Running", creates: [J(["b1"], 1)], batches: [{ phase: "Running" }, { phase: "Queued", attempts: 0 }], requeueAfterMs: 30_000 },
  },
  {
    name: "password Secret missing -> Stalled SecretNotFound naming Secret and key, no Job, batches Pending",
    spec: { report: "userinfo", password: { secretKeyRef: { name: "zip-pass", key: "password" } } },
    env: { now: firstPass, config: perBatch, resolution: resolvedBoth, collections: live, passwordSecret: "secretMissing" },
    expect: {
      phase: "Pending",
      creates: [],
      batches: [{ phase: "Pending" }, { phase: "Pending" }],
      conditions: { Stalled: { status: "True", reason: "SecretNotFound", message: "Secret zip-pass not found or missing key password" }, Accepted: { status: "True", reason: "SpecAccepted" } },
      requeueAfterMs: 30_000,
    },
  },
  {
    name: "password Secret created -> Stalled cleared, Jobs start",
    spec: { report: "userinfo", password: { secretKeyRef: { name: "zip-pass", key: "password" } } },
    status: {
      phase: "Pending",
      batches: [batch("b1"), batch("b2")],
      conditions: [{ type: "Stalled", status: "True", reason: "SecretNotFound", message: "Secret zip-pass not found or missing key password", lastTransitionTime: "2026-03-01T10:00:00Z" }],
    },
    env: { now: podWaitingTwoMinutes, config: perBatch, passwordSecret: "present" },
    expect: { phase: "Running", creates: [J(["b1"], 1), J(["b2"], 1)], conditions: { Stalled: undefined } },
  },
  {
    name: "channel not listed by the namespace -> Stalled ChannelNotAllowed naming field, channel, namespace and allowed list; no batch accepted (nothing was read), no Job",
    env: { now: firstPass, config: perBatch, channelPolicy: { kind: "listed", channels: ["org-2", "org-3"] } },
    expect: {
      phase: "Pending",
      creates: [],
      check: (plan) => expect(plan.status.batches).toBeUndefined(),
      conditions: {
        Accepted: { status: "Unknown", reason: "ChannelNotAllowed" },
        Stalled: {
          status: "True",
          reason: "ChannelNotAllowed",
          message:
            "spec.requestedChannel: channel org-1 may not be exported from namespace exhaust (allowed: org-2,org-3; a cluster admin lists channels in the namespace annotation exhaust.sunbird.org/channels)",
        },
      },
      requeueAfterMs: 30_000,
    },
  },
  {
    name: "namespace without the annotation -> Stalled ChannelNotAllowed, allowed: none (deny by default)",
    env: { now: firstPass, config: perBatch, channelPolicy: { kind: "none" } },
    expect: { phase: "Pending", creates: [], conditions: { Stalled: { status: "True", reason: "ChannelNotAllowed", message: expect.stringContaining("(allowed: none;") as unknown as string } } },
  },
  {
    name: "channel listed after a stall -> Stalled cleared, Jobs start",
    status: {
      phase: "Pending",
      batches: [batch("b1"), batch("b2")],
      conditions: [{ type: "Stalled", status: "True", reason: "ChannelNotAllowed", message: "spec.requestedChannel: channel org-1 may not be exported", lastTransitionTime: "2026-03-01T10:00:00Z" }],
    },
    env: { now: podWaitingTwoMinutes, config: perBatch, channelPolicy: { kind: "listed", channels: ["org-1"] } },
    expect: { phase: "Running", creates: [J(["b1"], 1), J(["b2"], 1)], conditions: { Stalled: undefined } },
  },
  {
    name: "namespace allows every channel (*) -> Jobs start",
    env: { now: firstPass, config: perBatch, resolution: resolvedBoth, collections: live, channelPolicy: { kind: "any" } },
    expect: { phase: "Running", creates: [J(["b1"], 1), J(["b2"], 1)], conditions: { Stalled: undefined } },
  },
  {
    name: "channel withdrawn while a batch runs -> that Job is kept, the Queued batch starts no Job, Stalled",
    status: { phase: "Running", batches: [batch("b1", { phase: "Running", attempts: 1, jobName: J(["b1"], 1), startTime: "2026-03-01T10:00:00Z" }), batch("b2", { phase: "Queued" })] },
    env: { now: podWaitingTwoMinutes, config: perBatch, jobs: [jobFor(J(["b1"], 1), ["b1"], 1, { state: "active" })], channelPolicy: { kind: "none" } },
    expect: { phase: "Running", creates: [], deletes: [], conditions: { Stalled: { status: "True", reason: "ChannelNotAllowed" } } },
  },
  {
    name: "a Job with our name owned by someone else -> Stalled JobOwnedByOther, that batch stays Queued",
    status: { phase: "Pending", batches: [batch("b1"), batch("b2")] },
    env: { now: firstPass, config: perBatch, jobs: [jobFor(J(["b1"], 1), ["b1"], 1, { state: "active" }, "someone-else")] },
    expect: { phase: "Running", creates: [J(["b2"], 1)], batches: [{ phase: "Queued" }, { phase: "Running" }], conditions: { Stalled: { status: "True", reason: "JobOwnedByOther" } } },
  },
  {
    name: "Kueue queue label on the request -> passed to the Job, which is created suspended",
    labels: { "kueue.x-k8s.io/queue-name": "exports" },
    env: { now: firstPass, config: perBatch, resolution: resolvedBoth, collections: live },
    expect: {
      phase: "Running",
      creates: [J(["b1"], 1), J(["b2"], 1)],
      check: (plan) => {
        const job = plan.actions.find((a) => a.kind === "createJob");
        expect(job?.kind === "createJob" && job.job.metadata?.labels?.["kueue.x-k8s.io/queue-name"]).toBe("exports");
        expect(job?.kind === "createJob" && job.job.spec?.suspend).toBe(true);
      },
    },
  },
  // status: outcomes
  {
    name: "both Jobs Complete with manifests -> batches Succeeded with values, request Succeeded",
    status: running(),
    env: {
      now: justAfterJobFinished,
      config: perBatch,
      jobs: [jobFor(J(["b1"], 1), ["b1"], 1, { state: "complete", at: jobFinished }), jobFor(J(["b2"], 1), ["b2"], 1, { state: "complete", at: jobFinished })],
      pods: {
        [J(["b1"], 1)]: manifestPods([{ batchId: "b1", ok: true, rows: 10, bytes: 100, objectUri: "s3://reports/b1.zip", usersSkipped: 1 }]),
        [J(["b2"], 1)]: manifestPods([{ batchId: "b2", ok: true, rows: 5, bytes: 50, objectUri: "s3://reports/b2.zip" }]),
      },
    },
    expect: {
      phase: "Succeeded",
      batches: [{ phase: "Succeeded", rows: 10, bytes: 100, objectUri: "s3://reports/b1.zip", usersSkipped: 1, completionTime: jobFinished }, { phase: "Succeeded", rows: 5 }],
      conditions: { Succeeded: { status: "True", reason: "AllBatchesSucceeded" }, Progressing: { status: "False", reason: "Completed" }, Failed: undefined },
      events: ["BatchSucceeded", "BatchSucceeded", "AllBatchesSucceeded"],
      check: (plan) => expect(plan.status).toMatchObject({ completionTime: "2026-03-01T10:20:05Z", progress: "2/2", totals: { succeeded: 2, rows: 15, bytes: 150 } }),
    },
  },
  {
    name: "Job Complete but pod gone (no manifest) -> Succeeded without values",
    status: running([{}, { phase: "Succeeded", completionTime: jobFinished }]),
    env: { now: justAfterJobFinished, config: perBatch, jobs: [jobFor(J(["b1"], 1), ["b1"], 1, { state: "complete", at: jobFinished })] },
    expect: { phase: "Succeeded", batches: [{ phase: "Succeeded", rows: undefined }, { phase: "Succeeded" }] },
  },
  {
    name: "Job Failed by PodFailurePolicy with manifest retryable:false -> Failed at once with the runner's message",
    status: running([{}, { phase: "Succeeded", completionTime: jobFinished }]),
    env: {
      now: justAfterJobFinished,
      config: perBatch,
      jobs: [jobFor(J(["b1"], 1), ["b1"], 1, { state: "failed", at: jobFinished, reason: "PodFailurePolicy" })],
      pods: { [J(["b1"], 1)]: manifestPods([{ batchId: "b1", ok: false, retryable: false, message: "Invalid hierarchy for collection do_course" }], 10) },
    },
    expect: {
      phase: "PartiallySucceeded",
      batches: [{ phase: "Failed", attempts: 1, lastError: { message: "Invalid hierarchy for collection do_course", retryable: false }, nextRetryTime: undefined }],
      conditions: { Failed: { status: "True", reason: "SomeBatchesFailed" }, Succeeded: undefined },
      events: ["BatchFailed", "SomeBatchesFailed"],
    },
  },
  {
    name: "Job Failed BackoffLimitExceeded without manifest -> Retrying after about initialBackoff, requeue then",
    status: running([{}, { phase: "Succeeded", completionTime: jobFinished }]),
    env: {
      now: justAfterJobFinished,
      config: perBatch,
      jobs: [jobFor(J(["b1"], 1), ["b1"], 1, { state: "failed", at: jobFinished, reason: "BackoffLimitExceeded" })],
      pods: { [J(["b1"], 1)]: { terminated: { exitCode: 137, reason: "OOMKilled" } } },
    },
    expect: {
      phase: "Running",
      batches: [{ phase: "Retrying", attempts: 1, lastError: { message: "Runner failed (exit code 137, OOMKilled) and wrote no result manifest", retryable: true } }],
      conditions: { Progressing: { status: "True", reason: "WaitingForRetry" } },
      events: ["BatchRetrying"],
      requeueAfterMs: [54_000 - 5_000, 66_000 - 5_000 + 1_000],
      check: (plan) => {
        const next = Date.parse(plan.status.batches?.[0]?.nextRetryTime ?? "");
        expect(next - Date.parse(jobFinished)).toBeGreaterThanOrEqual(54_000);
        expect(next - Date.parse(jobFinished)).toBeLessThanOrEqual(67_000);
      },
    },
  },
  {
    name: "retry not yet due -> nothing starts, requeue at nextRetryTime",
    status: running([{ phase: "Retrying", nextRetryTime: "2026-03-01T10:20:50Z", lastError: { message: "x", retryable: true } }, { phase: "Succeeded" }]),
    env: { now: beforeRetryDue, config: perBatch, jobs: [jobFor(J(["b1"], 1), ["b1"], 1, { state: "failed", at: jobFinished, reason: "BackoffLimitExceeded" })] },
    expect: { phase: "Running", creates: [], batches: [{ phase: "Retrying" }], requeueAfterMs: 20_000, events: [] },
  },
  {
    name: "retry due -> attempt 2 gets a new Job",
    status: running([{ phase: "Retrying", nextRetryTime: "2026-03-01T10:21:00Z", lastError: { message: "x", retryable: true } }, { phase: "Succeeded" }]),
    env: { now: afterRetryDue, config: perBatch, jobs: [jobFor(J(["b1"], 1), ["b1"], 1, { state: "failed", at: jobFinished, reason: "BackoffLimitExceeded" })] },
    expect: { phase: "Running", creates: [J(["b1"], 2)], batches: [{ phase: "Running", attempts: 2, jobName: J(["b1"], 2), nextRetryTime: undefined, startTime: "2026-03-01T10:00:00Z" }] },
  },
  {
    name: "last attempt fails retryably -> Failed, gave up after maxAttempts",
    status: running([{ attempts: 3, jobName: J(["b1"], 3) }, { phase: "Succeeded" }]),
    env: { now: justAfterJobFinished, config: perBatch, jobs: [jobFor(J(["b1"], 3), ["b1"], 3, { state: "failed", at: jobFinished, reason: "DeadlineExceeded" })] },
    expect: { phase: "PartiallySucceeded", batches: [{ phase: "Failed", lastError: { message: "Batch attempt exceeded its deadline of 21600s (gave up after 3 attempts)", retryable: true } }] },
  },
  {
    name: "third attempt fails with a store unreachable, default settings -> Retrying under the store-outage budget (240 s), not Failed",
    ...nthAttemptFailed(3, { storeUnreachable: true, message: outageMessage }),
    expect: {
      phase: "Running",
      batches: [{ phase: "Retrying", attempts: 3, lastError: { message: outageMessage, retryable: true } }],
      check: (plan) => {
        const wait = Date.parse(plan.status.batches?.[0]?.nextRetryTime ?? "") - Date.parse(jobFinished);
        expect(wait).toBeGreaterThanOrEqual(216_000);
        expect(wait).toBeLessThanOrEqual(265_000);
      },
    },
  },
  {
    name: "third attempt fails retryably without a store outage, default settings -> Failed, the ordinary budget",
    status: running([{ attempts: 3, jobName: J(["b1"], 3) }, { phase: "Succeeded" }]),
    env: {
      now: justAfterJobFinished,
      config: perBatch,
      jobs: [jobFor(J(["b1"], 3), ["b1"], 3, { state: "failed", at: jobFinished, reason: "BackoffLimitExceeded" })],
      pods: { [J(["b1"], 3)]: manifestPods([{ batchId: "b1", ok: false, retryable: true, message: "Internal Server Error: boom" }], 20) },
    },
    expect: { phase: "PartiallySucceeded", batches: [{ phase: "Failed", lastError: { message: "Internal Server Error: boom (gave up after 3 attempts)", retryable: true } }] },
  },
  {
    name: "eighth attempt fails with a store unreachable -> Failed, the store-outage budget is spent",
    ...nthAttemptFailed(8, { storeUnreachable: true, message: outageMessage }),
    expect: { phase: "PartiallySucceeded", batches: [{ phase: "Failed", lastError: { message: `${outageMessage} (gave up after 8 attempts)`, retryable: true } }] },
  },
  {
    name: "spec.retry of 3 attempts, third fails with a store unreachable -> Failed: the request's own budget governs every failure",
    spec: { retry: { maxAttempts: 3, initialBackoffSeconds: 60, maxBackoffSeconds: 1800, factor: 2 } },
    ...nthAttemptFailed(3, { storeUnreachable: true, message: outageMessage }),
    expect: { phase: "PartiallySucceeded", batches: [{ phase: "Failed", lastError: { message: `${outageMessage} (gave up after 3 attempts)`, retryable: true } }] },
  },
  {
    name: "Job vanished before its result was recorded -> counted as a failed attempt, Retrying",
    status: running([{}, { phase: "Succeeded" }]),
    env: { now: justAfterJobFinished, config: perBatch, jobs: [] },
    expect: { phase: "Running", batches: [{ phase: "Retrying", lastError: { message: `Job ${J(["b1"], 1)} disappeared before its result was recorded`, retryable: true } }] },
  },
  {
    name: "Job just created, not yet in the cache -> still Running",
    status: running([{}, { phase: "Succeeded" }]),
    env: { now: justAfterJobFinished, config: perBatch, jobs: [], expectedJobs: [J(["b1"], 1)] },
    expect: { phase: "Running", creates: [], batches: [{ phase: "Running" }] },
  },
  {
    name: "a Job newer than the recorded attempt (status write lost) -> adopted, no second create",
    status: { phase: "Pending", batches: [batch("b1"), batch("b2")] },
    env: { now: firstPass, config: perBatch, jobs: [jobFor(J(["b1"], 1), ["b1"], 1, { state: "active" })] },
    expect: { phase: "Running", creates: [J(["b2"], 1)], batches: [{ phase: "Running", attempts: 1, jobName: J(["b1"], 1) }, { phase: "Running" }] },
  },
  {
    name: "scan group Job ends with one batch ok and one retryable -> outcomes per batch",
    status: running([{ jobName: J(["b1", "b2"], 1) }, { jobName: J(["b1", "b2"], 1) }]),
    env: {
      now: justAfterJobFinished,
      jobs: [jobFor(J(["b1", "b2"], 1), ["b1", "b2"], 1, { state: "failed", at: jobFinished, reason: "BackoffLimitExceeded" })],
      pods: { [J(["b1", "b2"], 1)]: manifestPods([{ batchId: "b1", ok: true, rows: 3 }, { batchId: "b2", ok: false, retryable: true, message: "Upload failed: 503" }], 20) },
    },
    expect: { phase: "Running", batches: [{ phase: "Succeeded", rows: 3 }, { phase: "Retrying", lastError: { message: "Upload failed: 503", retryable: true } }] },
  },
  {
    name: "pod pending with ImagePullBackOff past the threshold -> Stalled with that reason",
    status: running([{}, { phase: "Succeeded" }]),
    env: {
      now: podWaitingSixMinutes,
      config: perBatch,
      jobs: [jobFor(J(["b1"], 1), ["b1"], 1, { state: "active" })],
      pods: { [J(["b1"], 1)]: { pending: { podName: "p1", reason: "ImagePullBackOff", message: "Back-off pulling image", sinceMs: firstPass.getTime() } } },
    },
    expect: { phase: "Running", conditions: { Stalled: { status: "True", reason: "ImagePullBackOff", message: "Pod p1 of batch b1 has waited 6 min: ImagePullBackOff: Back-off pulling image" } }, events: ["ImagePullBackOff"] },
  },
  {
    name: "pod pending below the threshold -> not Stalled yet, requeue when it would be",
    status: running([{}, { phase: "Succeeded" }]),
    env: {
      now: podWaitingTwoMinutes,
      config: perBatch,
      jobs: [jobFor(J(["b1"], 1), ["b1"], 1, { state: "active" })],
      pods: { [J(["b1"], 1)]: { pending: { podName: "p1", reason: "Unschedulable", message: "0/1 nodes", sinceMs: firstPass.getTime() } } },
    },
    expect: { phase: "Running", conditions: { Stalled: undefined }, requeueAfterMs: 180_000 },
  },
  // spec: suspend, deadlines, TTL
  {
    name: "suspended -> no new Jobs, running Job continues, Progressing Suspended",
    spec: { suspend: true },
    status: running([{}, { phase: "Queued", attempts: 0, jobName: undefined }]),
    env: { now: podWaitingTwoMinutes, config: perBatch, jobs: [jobFor(J(["b1"], 1), ["b1"], 1, { state: "active" })] },
    expect: { phase: "Running", creates: [], deletes: [], batches: [{ phase: "Running" }, { phase: "Pending" }], conditions: { Progressing: { status: "False", reason: "Suspended" } }, events: ["Suspended"] },
  },
  {
    name: "resumed -> the waiting batch starts",
    status: {
      ...running([{}, { phase: "Pending", attempts: 0, jobName: undefined }]),
      conditions: [
        ...(running().conditions ?? []),
        { type: "Progressing", status: "False", reason: "Suspended", message: "", lastTransitionTime: "2026-03-01T10:00:00Z" },
      ],
    },
    env: { now: podWaitingTwoMinutes, config: perBatch, jobs: [jobFor(J(["b1"], 1), ["b1"], 1, { state: "active" })] },
    expect: { phase: "Running", creates: [J(["b2"], 1)], events: ["BatchStarted", "Resumed"] },
  },
  {
    name: "request deadline passed -> active Job deleted, unfinished batches Failed, DeadlineExceeded",
    spec: { deadlines: { requestSeconds: 3600 } },
    status: running([{}, { phase: "Retrying", nextRetryTime: "2026-03-01T11:30:00Z" }]),
    env: { now: hourAfterStart, config: perBatch, jobs: [jobFor(J(["b1"], 1), ["b1"], 1, { state: "active" })] },
    expect: {
      phase: "Failed",
      creates: [],
      deletes: [J(["b1"], 1)],
      batches: [{ phase: "Failed", lastError: { message: "Request deadline of 3600s exceeded", retryable: false } }, { phase: "Failed", nextRetryTime: undefined }],
      conditions: { Failed: { status: "True", reason: "DeadlineExceeded" } },
    },
  },
  {
    name: "request deadline ahead -> new Jobs get at most the remaining time, requeue at the deadline",
    spec: { deadlines: { requestSeconds: 3600 } },
    status: running([{ phase: "Retrying", nextRetryTime: "2026-03-01T10:21:00Z" }, { phase: "Succeeded" }]),
    env: { now: afterRetryDue, config: perBatch },
    expect: {
      phase: "Running",
      creates: [J(["b1"], 2)],
      requeueAfterMs: 35 * 60_000,
      check: (plan) => {
        const create = plan.actions.find((a) => a.kind === "createJob");
        expect(create?.kind === "createJob" && create.job.spec?.activeDeadlineSeconds).toBe(35 * 60);
      },
    },
  },
  {
    name: "finished, TTL passed -> delete the request",
    spec: { ttlSecondsAfterFinished: 3600 },
    status: { phase: "Succeeded", completionTime: "2026-03-01T10:20:05Z", batches: [batch("b1", { phase: "Succeeded" })] },
    env: { now: dayAfterFinish },
    expect: { phase: "Succeeded", deleteRequest: true, creates: [] },
  },
  ...[
    ["kustomize.toolkit.fluxcd.io/name", "Flux"],
    ["helm.toolkit.fluxcd.io/name", "Flux"],
    ["argocd.argoproj.io/instance", "Argo CD"],
  ].map(([label, tool]) => ({
    name: `finished, TTL passed, applied by ${tool} (${label}) -> kept, with a warning saying why`,
    spec: { ttlSecondsAfterFinished: 3600 },
    labels: { [label as string]: "exports" },
    status: { phase: "Succeeded" as const, completionTime: "2026-03-01T10:20:05Z", batches: [batch("b1", { phase: "Succeeded" })] },
    env: { now: dayAfterFinish },
    expect: {
      phase: "Succeeded" as const,
      deleteRequest: false,
      creates: [],
      warnings: [ttlNotAppliedWarning({ tool: tool as string, marker: `label ${label}` })],
      check: (plan: RequestPlan) => expect(plan.requeueAfterMs).toBeUndefined(),
    },
  })),
  {
    name: "finished, TTL passed, labelled by something else -> deleted as usual",
    spec: { ttlSecondsAfterFinished: 3600 },
    labels: { "app.kubernetes.io/part-of": "exports" },
    status: { phase: "Succeeded", completionTime: "2026-03-01T10:20:05Z", batches: [batch("b1", { phase: "Succeeded" })] },
    env: { now: dayAfterFinish },
    expect: { phase: "Succeeded", deleteRequest: true, creates: [] },
  },
  {
    name: "finished, TTL ahead -> requeue when due, nothing else",
    spec: { ttlSecondsAfterFinished: 3600 },
    status: { phase: "Succeeded", completionTime: "2026-03-01T10:20:05Z", batches: [batch("b1", { phase: "Succeeded" })] },
    env: { now: beforeRetryDue },
    expect: { phase: "Succeeded", deleteRequest: false, events: [], requeueAfterMs: 3600_000 - 25_000 },
  },
];

/** Like toMatchObject, but a field expected as undefined must be absent, as the API server would store it. */
function expectFields(actual: object | undefined, expected: object): void {
  const present = Object.fromEntries(Object.entries(expected).filter(([, v]) => v !== undefined));
  expect(actual).toMatchObject(present);
  for (const [key, v] of Object.entries(expected)) if (v === undefined) expect(actual).not.toHaveProperty(key);
}

describe("planRequest", () => {
  for (const c of cases) {
    it(c.name, () => {
      const request = requestWith(c.spec, c.status, c.labels);
      const e = c.env;
      const plan = planRequest(
        {
          request,
          jobs: e.jobs ?? [],
          pods: e.pods ?? {},
          ...(e.expectedJobs === undefined ? {} : { expectedJobs: e.expectedJobs }),
          ...(e.resolution === undefined ? {} : { resolution: e.resolution }),
          ...(e.collections === undefined ? {} : { collections: e.collections }),
          ...(e.passwordSecret === undefined ? {} : { passwordSecret: e.passwordSecret }),
          ...(e.channelPolicy === undefined ? {} : { channelPolicy: e.channelPolicy }),
          activeJobs: e.active ?? { global: 0, inChannel: 0 },
        },
        e.now,
        e.config ?? configWith(),
      );
      const x = c.expect;
      expect(plan.status.phase).toBe(x.phase);
      if (x.batches !== undefined) x.batches.forEach((b, i) => expectFields(plan.status.batches?.[i], b));
      const kinds = (kind: string) => plan.actions.filter((a) => a.kind === kind);
      if (x.creates !== undefined) expect(kinds("createJob").map((a) => (a.kind === "createJob" ? a.job.metadata?.name : ""))).toEqual(x.creates);
      if (x.deletes !== undefined) expect(kinds("deleteJob").map((a) => (a.kind === "deleteJob" ? a.name : ""))).toEqual(x.deletes);
      if (x.deleteRequest !== undefined) expect(kinds("deleteRequest")).toHaveLength(x.deleteRequest ? 1 : 0);
      if (x.events !== undefined) expect(kinds("event").map((a) => (a.kind === "event" ? a.reason : ""))).toEqual(x.events);
      if (x.warnings !== undefined) expect(plan.status.warnings).toEqual(x.warnings);
      for (const [type, want] of Object.entries(x.conditions ?? {})) {
        const got = plan.status.conditions?.find((cond) => cond.type === type);
        if (want === undefined) expect(got).toBeUndefined();
        else expect(got).toMatchObject({ ...want, observedGeneration: 1 });
      }
      if (typeof x.requeueAfterMs === "number") expect(plan.requeueAfterMs).toBe(x.requeueAfterMs);
      if (Array.isArray(x.requeueAfterMs)) {
        expect(plan.requeueAfterMs).toBeGreaterThanOrEqual(x.requeueAfterMs[0]);
        expect(plan.requeueAfterMs).toBeLessThanOrEqual(x.requeueAfterMs[1]);
      }
      x.check?.(plan);
    });
  }
});

describe("planRequest is level-triggered", () => {
  it("a second pass over its own status and Jobs changes nothing and emits nothing", () => {
    const config = perBatch;
    const first = planRequest({ request: requestWith(), jobs: [], pods: {}, resolution: resolvedBoth, collections: live, activeJobs: { global: 0, inChannel: 0 } }, firstPass, config);
    const jobs = first.actions.flatMap((a) => (a.kind === "createJob" ? [a.job] : []));
    const again = planRequest({ request: requestWith({}, first.status), jobs, pods: {}, activeJobs: { global: 2, inChannel: 2 } }, podWaitingTwoMinutes, config);
    expect(mergePatchFor(first.status, again.status)).toBeUndefined();
    expect(again.actions).toEqual([]);
  });

  it("needsResolution only until batches are accepted", () => {
    expect(needsResolution(requestWith())).toBe(true);
    expect(needsResolution(requestWith({}, running()))).toBe(false);
    expect(needsResolution(requestWith({}, { phase: "Failed" }))).toBe(false);
  });
});

describe("planRequest with a scan shared across requests (D18)", () => {
  const peerStatus: ExhaustRequestStatus = {
    phase: "Pending",
    requestId: "peer-request-id",
    conditions: [{ type: "Accepted", status: "True", reason: "SpecAccepted", message: "Accepted 1 batch", lastTransitionTime: "2026-03-01T10:00:00Z" }],
    batches: [batch("b3")],
  };
  const peerOf = (status: ExhaustRequestStatus, spec: Partial<ExhaustRequestSpec> = {}) => {
    const r = requestWith({ requestId: "peer-request-id", ...spec }, status);
    return { ...r, metadata: { ...r.metadata, name: "progress-0131", uid: "peer-uid" } };
  };
  const sharedJob = (): V1Job => {
    const resolution: BatchResolution = { kind: "resolved", found: [{ batchId: "b1", collectionId: "do_course" }], notFound: [] };
    const peers = [{ request: peerOf(peerStatus), requestId: "peer-request-id", batch: batch("b3"), acceptedMs: firstPass.getTime() }];
    const request = requestWith({ batches: { ids: ["b1"] } });
    const plan = planRequest({ request, jobs: [], pods: {}, resolution, collections: live, activeJobs: { global: 0, inChannel: 0 }, peers }, firstPass, sharedScans);
    const jobs = plan.actions.flatMap((a) => (a.kind === "createJob" ? [a.job] : []));
    expect(jobs).toHaveLength(1);
    expect(plan.status.batches?.map((b) => [b.phase, b.jobName])).toEqual([["Running", jobs[0]?.metadata?.name]]);
    return jobs[0] as V1Job;
  };
  const done = (job: V1Job): V1Job => ({ ...job, status: { conditions: [{ type: "Complete", status: "True", lastTransitionTime: jobFinished as unknown as Date }] } });

  it("the other member sees its batch as Running in the Job it did not create, then takes its own result", () => {
    const job = sharedJob();
    const name = job.metadata?.name ?? "";
    const adopted = planRequest({ request: peerOf(peerStatus), jobs: [job], pods: {}, activeJobs: { global: 1, inChannel: 1 } }, podWaitingTwoMinutes, sharedScans);
    expect(adopted.status.batches?.map((b) => [b.batchId, b.phase, b.attempts, b.jobName])).toEqual([["b3", "Running", 1, name]]);
    expect(adopted.actions.filter((a) => a.kind === "createJob")).toEqual([]);

    const pods = {
      [name]: manifestPods([
        { batchId: "b1", requestId: "0b7c1a8e-5d1f-4c53-9d3e-2f6a1f0c9a11", ok: true, objectUri: "s3://b/progress-exhaust/own/b1.zip", rows: 4 },
        { batchId: "b3", requestId: "peer-request-id", ok: true, objectUri: "s3://b/progress-exhaust/peer-request-id/b3.zip", rows: 7 },
      ]),
    };
    const finished = planRequest({ request: peerOf(adopted.status), jobs: [done(job)], pods, activeJobs: { global: 0, inChannel: 0 } }, justAfterJobFinished, sharedScans);
    expect(finished.status.phase).toBe("Succeeded");
    expect(finished.status.batches?.map((b) => [b.batchId, b.objectUri, b.rows])).toEqual([["b3", "s3://b/progress-exhaust/peer-request-id/b3.zip", 7]]);
  });

  it("one member's request deadline fails its batches but leaves the shared Job to the others", () => {
    const job = sharedJob();
    const adopted = planRequest({ request: peerOf(peerStatus), jobs: [job], pods: {}, activeJobs: { global: 1, inChannel: 1 } }, podWaitingTwoMinutes, sharedScans);
    const late = planRequest({ request: peerOf({ ...adopted.status, startTime: "2026-03-01T10:00:00Z" }, { deadlines: { requestSeconds: 3600 } }), jobs: [job], pods: {}, activeJobs: { global: 1, inChannel: 1 } }, hourAfterStart, sharedScans);
    expect(late.status.batches?.map((b) => b.phase)).toEqual(["Failed"]);
    expect(late.actions.filter((a) => a.kind === "deleteJob")).toEqual([]);
  });

  it("a Job that merely names the request as owner, without listing it as a member, is not its", () => {
    const job = sharedJob();
    const stranger = { ...peerOf(peerStatus), metadata: { ...peerOf(peerStatus).metadata, name: "someone-else" } };
    const plan = planRequest({ request: stranger, jobs: [job], pods: {}, activeJobs: { global: 1, inChannel: 1 } }, podWaitingTwoMinutes, sharedScans);
    expect(plan.status.batches?.map((b) => b.jobName)).not.toContain(job.metadata?.name);
  });
});
