import type { BatchStatus, ExhaustRequest, ExhaustRequestStatus } from "../../../../crds/exhaust-request.ts";
import { bridgeConfigSchema } from "../../../../operator/config/bridge-config.ts";
import type { JobRequestRow } from "../../../../operator/bridge/job-request-row.ts";
import type { BridgePassConfig } from "../../../../operator/bridge/plan-bridge-pass.ts";

// Rows as the bridge's SELECT returns them and requests as the bridge creates them, for the bridge's unit tests.

/** Named instants: Sunbird's API wrote the row at SUBMITTED_AT; the pass runs at PASS_AT. */
export const SUBMITTED_AT = "2026-03-02T04:05:06.789Z";
export const PASS_AT = new Date("2026-03-02T04:10:00.000Z");
export const usOf = (iso: string): string => `${Date.parse(iso)}000`;

export const row = (overrides: Partial<JobRequestRow> = {}): JobRequestRow => ({
  tag: "do_course1_batch1:org-1",
  requestId: "0D9B1E5A4C3F2E1D0C9B8A7F6E5D4C3B",
  jobId: "progress-exhaust",
  status: "SUBMITTED",
  requestData: '{"batchId":"batch1"}',
  requestedBy: "user-1",
  requestedChannel: "org-1",
  submittedUs: usOf(SUBMITTED_AT),
  completedUs: null,
  iteration: 0,
  encryptionKey: null,
  ...overrides,
});

export const passConfig = (bridge: Record<string, unknown> = {}, maxBatchesPerRequest = 20): BridgePassConfig => ({
  bridge: bridgeConfigSchema.parse({ enabled: true, ...bridge }),
  maxBatchesPerRequest,
});

export const batch = (batchId: string, overrides: Partial<BatchStatus> = {}): BatchStatus => ({ batchId, phase: "Pending", attempts: 0, ...overrides });

export const succeededBatch = (batchId: string, key: string, startTime: string, completionTime: string, bytes = 100): BatchStatus =>
  batch(batchId, { phase: "Succeeded", attempts: 1, objectUri: `s3://reports/${key}`, bytes, startTime, completionTime });

export const failedBatch = (batchId: string, message: string, startTime: string, completionTime: string): BatchStatus =>
  batch(batchId, { phase: "Failed", attempts: 3, lastError: { message, retryable: false }, startTime, completionTime });

/** A created request (as a planned createRequest's manifest) with the status the request controller gave it; labels are added to. */
export const withStatus = (request: unknown, status: ExhaustRequestStatus, metadata: { labels?: Record<string, string>; [field: string]: unknown } = {}): ExhaustRequest => {
  const r = structuredClone(request) as ExhaustRequest;
  return { ...r, metadata: { ...r.metadata, uid: `uid-${r.metadata.name ?? ""}`, ...metadata, labels: { ...r.metadata.labels, ...metadata.labels } }, status };
};
