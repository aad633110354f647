import type { ChannelPolicy } from "../../../../crds/export-policy.ts";
import { describe, expect, it } from "vitest";
import type { ExhaustDownload, ExhaustDownloadStatus } from "../../../../crds/exhaust-download.ts";
import type { BatchStatus, ExhaustRequest } from "../../../../crds/exhaust-request.ts";
import { DELETE_AFTER_EXPIRATION_MS, planDownload, signedStatus, type DownloadPlan } from "../../../../operator/downloads/plan-download.ts";
import type { SignOutcome } from "../../../../operator/storage/sign-outcome.ts";

const CREATED = "2026-12-04T10:00:00Z";
const NOW = new Date("2026-12-04T10:00:05.700Z");
const NOW_SECOND = "2026-12-04T10:00:05Z";
const SHA_A = "a".repeat(64);

const batch = (batchId: string, phase: BatchStatus["phase"], extra: Partial<BatchStatus> = {}): BatchStatus => ({
  batchId,
  phase,
  attempts: 1,
  ...(phase === "Succeeded" ? { objectUri: `s3://reports/progress-exhaust/R1/${batchId}_progress_20261204.zip`, sha256: SHA_A, bytes: 120 } : {}),
  ...extra,
});

const request = (batches: BatchStatus[], phase: NonNullable<ExhaustRequest["status"]>["phase"] = "Succeeded"): ExhaustRequest => ({
  apiVersion: "exhaust.sunbird.org/v1alpha1",
  kind: "ExhaustRequest",
  metadata: { name: "r1", namespace: "team-a" },
  spec: { report: "progress", collectionId: "do_c1", batches: { all: {} }, requestedBy: "u1", requestedChannel: "org1", suspend: false, outputReclaimPolicy: "Retain" },
  status: { phase, batches, requestId: "R1" },
});

const download = (spec: Partial<ExhaustDownload["spec"]> = {}, status?: ExhaustDownloadStatus): ExhaustDownload => ({
  apiVersion: "exhaust.sunbird.org/v1alpha1",
  kind: "ExhaustDownload",
  metadata: { name: "r1-abcde", namespace: "team-a", creationTimestamp: CREATED },
  spec: { requestName: "r1", expiryMinutes: 30, ...spec },
  ...(status === undefined ? {} : { status }),
});

const readyAt = (transition: string, expiration: string): ExhaustDownloadStatus => ({
  phase: "Ready",
  conditions: [{ type: "Ready", status: "True", reason: "Signed", message: "1 signed URL", lastTransitionTime: transition }],
  urls: [{ batchId: "B1", url: "https://s3/x", expiresAt: expiration }],
  expiration,
});
const failedAt = (transition: string): ExhaustDownloadStatus => ({
  phase: "Failed",
  conditions: [{ type: "Ready", status: "False", reason: "RequestNotFound", message: "gone", lastTransitionTime: transition }],
});

type Expected =
  | { kind: "sign"; batchIds: string[]; expiresAt: string; skipped: string[] }
  | { kind: "fail"; reason: string; message: RegExp }
  | { kind: "wait"; requeueAfterMs: number }
  | { kind: "delete" };

const summary = (plan: DownloadPlan): unknown => {
  if (plan.kind === "sign") return { kind: "sign", batchIds: plan.objects.map((o) => o.batchId), expiresAt: plan.expiresAt.toISOString(), skipped: plan.skipped };
  if (plan.kind === "fail") {
    const ready = plan.status.conditions?.[0];
    return { kind: "fail", reason: ready?.reason, message: ready?.message, phase: plan.status.phase, status: ready?.status };
  }
  return plan;
};

describe("planDownload: what an ExhaustDownload gets", () => {
  const cases: { name: string; download: ExhaustDownload; request: ExhaustRequest | undefined; policy?: ChannelPolicy; expected: Expected }[] = [
    {
      name: "all batches of a succeeded request: every batch signed, expiring 30 min after the whole second",
      download: download(),
      request: request([batch("B1", "Succeeded"), batch("B2", "Succeeded")]),
      expected: { kind: "sign", batchIds: ["B1", "B2"], expiresAt: "2026-12-04T10:30:05.000Z", skipped: [] },
    },
    {
      name: "expiryMinutes 120: the URLs expire two hours after signing",
      download: download({ expiryMinutes: 120 }),
      request: request([batch("B1", "Succeeded")]),
      expected: { kind: "sign", batchIds: ["B1"], expiresAt: "2026-12-04T12:00:05.000Z", skipped: [] },
    },
    {
      name: "a running request: the succeeded batches are signed, the others listed as skipped",
      download: download(),
      request: request([batch("B1", "Succeeded"), batch("B2", "Running"), batch("B3", "Failed")], "Running"),
      expected: { kind: "sign", batchIds: ["B1"], expiresAt: "2026-12-04T10:30:05.000Z", skipped: ["B2 (Running)", "B3 (Failed)"] },
    },
    {
      name: "one batch asked for: only that batch",
      download: download({ batchId: "B2" }),
      request: request([batch("B1", "Succeeded"), batch("B2", "Succeeded")]),
      expected: { kind: "sign", batchIds: ["B2"], expiresAt: "2026-12-04T10:30:05.000Z", skipped: [] },
    },
    {
      name: "a succeeded batch without an objectUri (a local-dir run): not downloadable, so NoSucceededBatches",
      download: download(),
      request: request([{ batchId: "B1", phase: "Succeeded", attempts: 1 }]),
      expected: { kind: "fail", reason: "NoSucceededBatches", message: /^ExhaustRequest r1 \(phase Succeeded\) has no succeeded batch yet/ },
    },
    {
      name: "a result naming another request's object (a forged termination message): Failed UnknownObjectUri, nothing signed",
      download: download(),
      request: request([batch("B1", "Succeeded"), batch("B2", "Succeeded", { objectUri: "s3://reports/progress-exhaust/OTHER/B2_progress_20261204.zip" })]),
      expected: { kind: "fail", reason: "UnknownObjectUri", message: /^batch B2 of ExhaustRequest r1 names an object that is not its own report file/ },
    },
    {
      name: "a result naming an object outside the report layout: Failed UnknownObjectUri",
      download: download(),
      request: request([batch("B1", "Succeeded", { objectUri: "s3://reports/hr/salaries.csv" })]),
      expected: { kind: "fail", reason: "UnknownObjectUri", message: /progress-exhaust\/R1\/B1_progress_<date>\): not signed$/ },
    },
    {
      name: "the request does not exist in the namespace: Failed RequestNotFound",
      download: download(),
      request: undefined,
      expected: { kind: "fail", reason: "RequestNotFound", message: /^ExhaustRequest r1 does not exist in this namespace$/ },
    },
    {
      name: "the named batch is not in the request: Failed BatchNotFound, listing the batches there are",
      download: download({ batchId: "B9" }),
      request: request([batch("B1", "Succeeded"), batch("B2", "Running")]),
      expected: { kind: "fail", reason: "BatchNotFound", message: /no batch B9 in its status \(batches: B1, B2\)$/ },
    },
    {
      name: "the named batch is still running: Failed BatchNotSucceeded, saying to wait",
      download: download({ batchId: "B2" }),
      request: request([batch("B1", "Succeeded"), batch("B2", "Running")], "Running"),
      expected: { kind: "fail", reason: "BatchNotSucceeded", message: /^batch B2 of ExhaustRequest r1 is Running, not Succeeded: wait for it \(kubectl exhaust watch r1\)/ },
    },
    {
      name: "a request with no status yet: Failed NoSucceededBatches with phase Pending",
      download: download(),
      request: { ...request([]), status: undefined },
      expected: { kind: "fail", reason: "NoSucceededBatches", message: /\(phase Pending\) has no succeeded batch yet/ },
    },
    {
      name: "answered Ready, not yet expired: wait until expiration plus the grace",
      download: download({}, readyAt("2026-12-04T09:59:00Z", "2026-12-04T10:20:00Z")),
      request: request([batch("B1", "Succeeded")]),
      expected: { kind: "wait", requeueAfterMs: Date.parse("2026-12-04T10:20:00Z") + DELETE_AFTER_EXPIRATION_MS - NOW.getTime() },
    },
    {
      name: "answered Ready, expired but within the grace: still waits",
      download: download({}, readyAt("2026-12-04T09:20:00Z", "2026-12-04T09:55:00Z")),
      request: request([batch("B1", "Succeeded")]),
      expected: { kind: "wait", requeueAfterMs: Date.parse("2026-12-04T09:55:00Z") + DELETE_AFTER_EXPIRATION_MS - NOW.getTime() },
    },
    {
      name: "answered Ready and past expiration plus the grace: deleted (the request's state no longer matters)",
      download: download({}, readyAt("2026-12-04T09:00:00Z", "2026-12-04T09:30:00Z")),
      request: undefined,
      expected: { kind: "delete" },
    },
    {
      name: "answered Failed: kept for its expiryMinutes after the answer, then deleted",
      download: download({}, failedAt("2026-12-04T09:30:05Z")),
      request: undefined,
      expected: { kind: "delete" },
    },
    {
      name: "export policy on, the namespace still lists the request's channel: signed",
      download: download(),
      request: request([batch("B1", "Succeeded")]),
      policy: { kind: "listed", channels: ["org0", "org1"] },
      expected: { kind: "sign", batchIds: ["B1"], expiresAt: "2026-12-04T10:30:05.000Z", skipped: [] },
    },
    {
      name: "export policy on, the namespace allows every channel: signed",
      download: download(),
      request: request([batch("B1", "Succeeded")]),
      policy: { kind: "any" },
      expected: { kind: "sign", batchIds: ["B1"], expiresAt: "2026-12-04T10:30:05.000Z", skipped: [] },
    },
    {
      name: "export policy on, the annotation no longer lists the request's channel: Failed ChannelNotAllowed, no URL",
      download: download(),
      request: request([batch("B1", "Succeeded")]),
      policy: { kind: "listed", channels: ["org2"] },
      expected: {
        kind: "fail",
        reason: "ChannelNotAllowed",
        message: /^no download URL: ExhaustRequest r1 spec\.requestedChannel: channel org1 may not be exported from namespace team-a \(allowed: org2; a cluster admin lists channels in the namespace annotation exhaust\.sunbird\.org\/channels\)$/,
      },
    },
    {
      name: "export policy on, the annotation removed: Failed ChannelNotAllowed (allowed: none)",
      download: download(),
      request: request([batch("B1", "Succeeded")]),
      policy: { kind: "none" },
      expected: { kind: "fail", reason: "ChannelNotAllowed", message: /\(allowed: none;/ },
    },
    {
      name: "export policy on but the download already answered: waits, never re-judged",
      download: download({}, readyAt("2026-12-04T10:00:00Z", "2026-12-04T10:30:00Z")),
      request: request([batch("B1", "Succeeded")]),
      policy: { kind: "none" },
      expected: { kind: "wait", requeueAfterMs: Date.parse("2026-12-04T10:30:00Z") + DELETE_AFTER_EXPIRATION_MS - NOW.getTime() },
    },
    {
      name: "answered Failed a minute ago: waits the rest of its expiryMinutes, never signs though the request now exists",
      download: download({}, failedAt("2026-12-04T09:59:05Z")),
      request: request([batch("B1", "Succeeded")]),
      expected: { kind: "wait", requeueAfterMs: Date.parse("2026-12-04T10:29:05Z") - NOW.getTime() },
    },
  ];
  it.each(cases)("$name", ({ download: d, request: r, policy, expected }) => {
    const plan = planDownload(d, r, NOW, policy);
    if (expected.kind === "fail") {
      expect(summary(plan)).toEqual({ kind: "fail", reason: expected.reason, message: expect.stringMatching(expected.message), phase: "Failed", status: "False" });
    } else {
      expect(summary(plan)).toEqual(expected);
    }
  });
});

describe("signedStatus: the answer after signing", () => {
  const plan = planDownload(download(), request([batch("B1", "Succeeded"), batch("B2", "Succeeded", { sha256: undefined, bytes: undefined }), batch("B3", "Running")], "Running"), NOW);
  if (plan.kind !== "sign") throw new Error("the fixture must plan a signing");

  it("every batch signed: Ready, URLs in the request's order with sha256 and bytes where known, one expiration", () => {
    const outcomes: SignOutcome[] = [{ batchId: "B2", url: "https://u/2" }, { batchId: "B1", url: "https://u/1" }];
    expect(signedStatus(download(), plan, outcomes, NOW)).toEqual({
      phase: "Ready",
      conditions: [{ type: "Ready", status: "True", reason: "Signed", message: "2 signed URLs valid until 2026-12-04T10:30:05Z; not yet succeeded, so not signed: B3 (Running)", lastTransitionTime: NOW_SECOND }],
      urls: [
        { batchId: "B1", url: "https://u/1", expiresAt: "2026-12-04T10:30:05Z", sha256: SHA_A, bytes: 120 },
        { batchId: "B2", url: "https://u/2", expiresAt: "2026-12-04T10:30:05Z" },
      ],
      expiration: "2026-12-04T10:30:05Z",
    });
  });

  it("one batch not signable: Failed with that batch's reason and no URL at all", () => {
    const outcomes: SignOutcome[] = [{ batchId: "B1", url: "https://u/1" }, { batchId: "B2", reason: "StorageNotConfigured", message: "needs AZURE_STORAGE_KEY" }];
    expect(signedStatus(download(), plan, outcomes, NOW)).toEqual({
      phase: "Failed",
      conditions: [{ type: "Ready", status: "False", reason: "StorageNotConfigured", message: "batch B2: needs AZURE_STORAGE_KEY", lastTransitionTime: NOW_SECOND }],
    });
  });
});
