import { describe, expect, it } from "vitest";
import type { ExhaustRequest, ExhaustRequestStatus } from "../../../../../crds/exhaust-request.ts";
import { completionPayload, finishesNow, webhookUrlProblem } from "../../../../../operator/requests/webhook/completion-webhook.ts";

const request = {
  apiVersion: "exhaust.sunbird.org/v1alpha1",
  kind: "ExhaustRequest",
  metadata: { name: "r", namespace: "ns", uid: "u-1" },
  spec: {
    report: "progress",
    collectionId: "do_1",
    batches: { ids: ["b1", "b2"] },
    requestedBy: "user-1",
    requestedChannel: "ch",
    password: { secretKeyRef: { name: "pw", key: "password" } },
    suspend: false,
  },
} as ExhaustRequest;

const finished: ExhaustRequestStatus = {
  phase: "PartiallySucceeded",
  requestId: "req-1",
  completionTime: "2026-01-01T00:00:00Z",
  totals: { batches: 2, succeeded: 1, failed: 1, running: 0, queued: 0, rows: 5, bytes: 10 },
  batches: [
    { batchId: "b1", phase: "Succeeded", attempts: 1, rows: 5, bytes: 10, sha256: "a".repeat(64), objectUri: "s3://bucket/k1" },
    { batchId: "b2", phase: "Failed", attempts: 3, lastError: { message: "Redis unavailable", retryable: true } },
  ],
};

describe("completionPayload", () => {
  it("carries the outcome, per-batch objects and errors, and never the requester or a Secret reference", () => {
    const payload = completionPayload(request, finished);
    expect(payload).toMatchObject({ name: "r", namespace: "ns", uid: "u-1", report: "progress", phase: "PartiallySucceeded", requestId: "req-1" });
    expect(payload.batches).toEqual([
      { batchId: "b1", phase: "Succeeded", attempts: 1, objectUri: "s3://bucket/k1", rows: 5, bytes: 10, sha256: "a".repeat(64) },
      { batchId: "b2", phase: "Failed", attempts: 3, error: "Redis unavailable" },
    ]);
    const text = JSON.stringify(payload);
    expect(text).not.toContain("user-1");
    expect(text).not.toContain("pw");
  });
});

describe("finishesNow", () => {
  const cases: { name: string; before?: ExhaustRequestStatus["phase"]; after: ExhaustRequestStatus["phase"]; expected: boolean }[] = [
    { name: "running -> succeeded: due", before: "Running", after: "Succeeded", expected: true },
    { name: "no status yet -> failed (rejected at once): due", after: "Failed", expected: true },
    { name: "already finished -> finished: not again", before: "Succeeded", after: "Succeeded", expected: false },
    { name: "pending -> running: not yet", before: "Pending", after: "Running", expected: false },
  ];
  it.each(cases)("$name", ({ before, after, expected }) => {
    expect(finishesNow(before === undefined ? undefined : { phase: before }, { phase: after })).toBe(expected);
  });
});

describe("webhookUrlProblem", () => {
  const cases: { name: string; url: string; accepted: boolean }[] = [
    { name: "https anywhere -> accepted", url: "https://hooks.example.org/done?token=x", accepted: true },
    { name: "http to 127.0.0.1 (a sidecar) -> accepted", url: "http://127.0.0.1:8080/done", accepted: true },
    { name: "http to ::1 -> accepted", url: "http://[::1]:8080/done", accepted: true },
    { name: "http to a cluster service -> refused", url: "http://internal-api.kube-system.svc/", accepted: false },
    { name: "another scheme -> refused", url: "file:///etc/passwd", accepted: false },
    { name: "not a URL -> refused", url: "hooks.example.org", accepted: false },
  ];
  for (const c of cases) it(c.name, () => expect(webhookUrlProblem(c.url) === undefined).toBe(c.accepted));
  it("never echoes the URL (it may hold a token)", () => expect(webhookUrlProblem("http://10.0.0.1/?token=s3cr3t")).not.toContain("s3cr3t"));
});
