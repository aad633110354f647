import type { BatchStatus, ExhaustRequest } from "../../crds/exhaust-request.ts";
import { instantMs } from "../kube/meta/meta-time.ts";
import { isRequestFinished } from "../requests/plan/request-status.ts";

// ExhaustRequest status → what job_request should say (reports-spec.md §3.5, §3.7), over all requests (parts) of
// one submission; the row write itself is row-writes.ts.

/** One entry of processed_batches, Lern's resume list (filePath and fileSize: the object as written). */
export interface ProcessedBatch {
  channel: string;
  batchId: string;
  filePath: string;
  fileSize: number;
}

export interface FinishedResult {
  /** Object keys of the succeeded batches, in the row's batch order (what Sunbird's API signs, §3.6). */
  downloadUrls: string[];
  processedBatches: ProcessedBatch[];
  /** Sum of the batches' run times (first start to completion), as Sunbird sums processing and zip time. */
  executionTimeMs: number;
  /** The latest completionTime of the parts (RFC 3339). */
  completedAt: string;
}

export type PartsOutcome =
  | { kind: "pending" }
  | { kind: "running" }
  | ({ kind: "succeeded" } & FinishedResult)
  | ({ kind: "failed"; messages: string[] } & FinishedResult);

/** The object key inside its bucket: `<scheme>://<bucket>/<key>` → `<key>` (the runner's sinks write such URIs). */
export const objectKeyOf = (uri: string): string => /^[a-z][a-z0-9+.-]*:\/\/[^/]*\/(.*)$/i.exec(uri)?.[1] ?? uri;

const hasStarted = (r: ExhaustRequest): boolean => r.status?.startTime !== undefined || (r.status?.batches ?? []).some((b) => b.attempts > 0);

const failureText = (r: ExhaustRequest): string | undefined => {
  const conditions = r.status?.conditions ?? [];
  return (conditions.find((c) => c.type === "Failed" && c.status === "True") ?? conditions.find((c) => c.type === "Accepted" && c.status === "False"))?.message;
};

/**
 * The outcome of a submission's parts: pending until a runner started (then PROCESSING, as Sunbird writes it once
 * it starts the work), finished when every part is. Failed messages are the failed batches' texts in batch order,
 * or a part's own failure text when it failed before any batch did (rejected at acceptance, deadline).
 */
export function outcomeOfParts(parts: readonly ExhaustRequest[], batchOrder: readonly string[], channel: string, now: Date): PartsOutcome {
  if (!parts.every((p) => isRequestFinished(p.status?.phase))) return parts.some(hasStarted) ? { kind: "running" } : { kind: "pending" };
  return finishedOutcome(parts, batchOrder, channel, now, []);
}

/** A finished outcome from whatever the parts hold, with `extra` failure messages first (a request deleted by hand). */
export function finishedOutcome(parts: readonly ExhaustRequest[], batchOrder: readonly string[], channel: string, now: Date, extra: readonly string[]): PartsOutcome {
  const rank = new Map(batchOrder.map((id, i) => [id, i]));
  const batches = parts
    .flatMap((p) => p.status?.batches ?? [])
    .sort((a, b) => (rank.get(a.batchId) ?? batchOrder.length) - (rank.get(b.batchId) ?? batchOrder.length));
  const succeeded = batches.filter((b) => b.phase === "Succeeded" && b.objectUri !== undefined);
  const completions = parts.map((p) => instantMs(p.status?.completionTime)).filter((ms) => ms !== undefined);
  const result: FinishedResult = {
    downloadUrls: succeeded.map((b) => objectKeyOf(b.objectUri ?? "")),
    processedBatches: succeeded.map((b) => ({ channel, batchId: b.batchId, filePath: objectKeyOf(b.objectUri ?? ""), fileSize: b.bytes ?? 0 })),
    executionTimeMs: batches.reduce((sum, b) => sum + runTimeMs(b), 0),
    completedAt: new Date(completions.length === 0 ? now.getTime() : Math.max(...completions)).toISOString(),
  };
  const batchMessages = batches.filter((b) => b.phase === "Failed").map((b) => b.lastError?.message ?? "");
  const partMessages = parts.filter((p) => p.status?.phase !== "Succeeded" && !(p.status?.batches ?? []).some((b) => b.phase === "Failed")).map(failureText);
  const messages = [...extra, ...batchMessages, ...partMessages.filter((m) => m !== undefined)];
  const allSucceeded = extra.length === 0 && parts.every((p) => p.status?.phase === "Succeeded");
  return allSucceeded ? { kind: "succeeded", ...result } : { kind: "failed", messages, ...result };
}

function runTimeMs(b: BatchStatus): number {
  const start = instantMs(b.startTime);
  const end = instantMs(b.completionTime);
  return start === undefined || end === undefined ? 0 : Math.max(0, end - start);
}
