import { DownloadConditionType, DownloadReason, type ExhaustDownload, type ExhaustDownloadStatus, type SignedUrl } from "../../crds/exhaust-download.ts";
import type { BatchStatus, ExhaustRequest } from "../../crds/exhaust-request.ts";
import { allowsChannel, channelRefusal, type ChannelPolicy } from "../../crds/export-policy.ts";
import { isBatchObjectKey } from "../../crds/report-object-key.ts";
import { instantMs, toMetaTime } from "../kube/meta/meta-time.ts";
import { findCondition, setCondition } from "../status/set-condition.ts";
import type { SignOutcome } from "../storage/sign-outcome.ts";

/** An expired download stays this long for `kubectl get` to show it, then the operator deletes it (Velero deletes at once). */
export const DELETE_AFTER_EXPIRATION_MS = 10 * 60_000;

/** One report object to sign: the batch, its objectUri and what the request's status says of its content. */
export interface ObjectToSign {
  batchId: string;
  objectUri: string;
  sha256?: string;
  bytes?: number;
}

export type DownloadPlan =
  /** Sign these objects, all with the same start (`signedAt`, whole seconds) and end (`expiresAt`). */
  | { kind: "sign"; objects: ObjectToSign[]; signedAt: Date; expiresAt: Date; skipped: string[] }
  /** No URL can be given: write this status (phase Failed, the reason in the Ready condition). */
  | { kind: "fail"; status: ExhaustDownloadStatus }
  /** Answered already: look again when the object is due for deletion. */
  | { kind: "wait"; requeueAfterMs: number }
  | { kind: "delete" };

const wholeSeconds = (ms: number): Date => new Date(Math.floor(ms / 1000) * 1000);

/**
 * The decision for one ExhaustDownload, level-triggered: an unanswered one is answered from the named request in
 * its own namespace (never another namespace's: RBAC on ExhaustDownloads is the only gate), an answered one waits
 * for its deletion time (its expiration plus DELETE_AFTER_EXPIRATION_MS; a failed one's answer plus its expiry
 * minutes), then is deleted. A request still running gives URLs for the batches that have succeeded so far. With
 * the export policy on (`channelPolicy` given), a request whose channel the namespace no longer allows gets no URL:
 * the files are that channel's data, and the namespace's right to it was withdrawn.
 */
export function planDownload(download: ExhaustDownload, request: ExhaustRequest | undefined, now: Date, channelPolicy?: ChannelPolicy): DownloadPlan {
  const answeredMs = answerTime(download);
  if (answeredMs !== undefined) {
    const deleteAtMs = deletionTime(download, answeredMs);
    return now.getTime() >= deleteAtMs ? { kind: "delete" } : { kind: "wait", requeueAfterMs: deleteAtMs - now.getTime() };
  }
  const { requestName, batchId, expiryMinutes } = download.spec;
  const fail = (reason: DownloadReason, message: string): DownloadPlan => ({ kind: "fail", status: failedStatus(download, reason, message, now) });
  if (request === undefined) return fail(DownloadReason.RequestNotFound, `ExhaustRequest ${requestName} does not exist in this namespace`);
  if (channelPolicy !== undefined && !allowsChannel(channelPolicy, request.spec.requestedChannel)) {
    const field = `ExhaustRequest ${requestName} spec.requestedChannel`;
    return fail(DownloadReason.ChannelNotAllowed, `no download URL: ${channelRefusal(field, request.spec.requestedChannel, download.metadata.namespace ?? "", channelPolicy)}`);
  }
  const batches = request.status?.batches ?? [];
  const chosen = batchId === undefined ? batches : batches.filter((b) => b.batchId === batchId);
  if (batchId !== undefined && chosen.length === 0) {
    return fail(DownloadReason.BatchNotFound, `ExhaustRequest ${requestName} has no batch ${batchId} in its status (batches: ${batches.map((b) => b.batchId).join(", ") || "none yet"})`);
  }
  const ready = chosen.filter(isDownloadable);
  if (ready.length === 0) {
    if (batchId !== undefined) return fail(DownloadReason.BatchNotSucceeded, `batch ${batchId} of ExhaustRequest ${requestName} is ${chosen[0]?.phase ?? "unknown"}, not Succeeded: wait for it (kubectl exhaust watch ${requestName}) and ask again`);
    return fail(DownloadReason.NoSucceededBatches, `ExhaustRequest ${requestName} (phase ${request.status?.phase ?? "Pending"}) has no succeeded batch yet: wait for it (kubectl exhaust watch ${requestName}) and ask again`);
  }
  // The objectUri comes from a runner pod's termination message, which anyone who may create pods in the namespace
  // can imitate; sign only the object this request's batch writes (D1), never one another request or namespace owns.
  const requestId = request.status?.requestId ?? "";
  const foreign = ready.find((b) => !isBatchObjectKey(b.objectUri ?? "", { report: request.spec.report, requestId, batchId: b.batchId }));
  if (foreign !== undefined) {
    return fail(DownloadReason.UnknownObjectUri, `batch ${foreign.batchId} of ExhaustRequest ${requestName} names an object that is not its own report file (${request.spec.report}-exhaust/${requestId}/${foreign.batchId}_${request.spec.report}_<date>): not signed`);
  }
  const signedAt = wholeSeconds(now.getTime());
  return {
    kind: "sign",
    objects: ready.map((b) => ({
      batchId: b.batchId,
      objectUri: b.objectUri ?? "",
      ...(b.sha256 === undefined ? {} : { sha256: b.sha256 }),
      ...(b.bytes === undefined ? {} : { bytes: b.bytes }),
    })),
    signedAt,
    expiresAt: new Date(signedAt.getTime() + expiryMinutes * 60_000),
    skipped: chosen.filter((b) => !isDownloadable(b)).map((b) => `${b.batchId} (${b.phase})`),
  };
}

/**
 * The status after signing: Ready with every URL, or Failed naming the first batch that could not be signed (a
 * partial answer would let `download` believe it has every file). URLs are listed in the request's batch order.
 */
export function signedStatus(download: ExhaustDownload, plan: Extract<DownloadPlan, { kind: "sign" }>, outcomes: readonly SignOutcome[], now: Date): ExhaustDownloadStatus {
  const failed = outcomes.find((o): o is Extract<SignOutcome, { reason: DownloadReason }> => "reason" in o);
  if (failed !== undefined) return failedStatus(download, failed.reason, `batch ${failed.batchId}: ${failed.message}`, now);
  const urlOf = new Map(outcomes.flatMap((o) => ("url" in o ? [[o.batchId, o.url] as const] : [])));
  const expiresAt = toMetaTime(plan.expiresAt);
  const urls: SignedUrl[] = plan.objects.map((o) => ({
    batchId: o.batchId,
    url: urlOf.get(o.batchId) ?? "",
    expiresAt,
    ...(o.sha256 === undefined ? {} : { sha256: o.sha256 }),
    ...(o.bytes === undefined ? {} : { bytes: o.bytes }),
  }));
  const skipped = plan.skipped.length === 0 ? "" : `; not yet succeeded, so not signed: ${plan.skipped.join(", ")}`;
  const message = `${urls.length} signed URL${urls.length === 1 ? "" : "s"} valid until ${expiresAt}${skipped}`;
  const { conditions } = setCondition(download.status?.conditions, { type: DownloadConditionType.Ready, status: "True", reason: DownloadReason.Signed, message }, now);
  return { phase: "Ready", conditions, urls, expiration: expiresAt };
}

const isDownloadable = (b: BatchStatus): boolean => b.phase === "Succeeded" && b.objectUri !== undefined && b.objectUri !== "";

function failedStatus(download: ExhaustDownload, reason: DownloadReason, message: string, now: Date): ExhaustDownloadStatus {
  const { conditions } = setCondition(download.status?.conditions, { type: DownloadConditionType.Ready, status: "False", reason, message }, now);
  return { phase: "Failed", conditions };
}

/** When the download was answered (its Ready condition's transition); undefined while unanswered. */
function answerTime(download: ExhaustDownload): number | undefined {
  const phase = download.status?.phase;
  if (phase !== "Ready" && phase !== "Failed") return undefined;
  return instantMs(findCondition(download.status?.conditions, DownloadConditionType.Ready)?.lastTransitionTime) ?? instantMs(download.metadata.creationTimestamp) ?? 0;
}

function deletionTime(download: ExhaustDownload, answeredMs: number): number {
  const expirationMs = instantMs(download.status?.expiration);
  if (download.status?.phase === "Ready" && expirationMs !== undefined) return expirationMs + DELETE_AFTER_EXPIRATION_MS;
  return answeredMs + download.spec.expiryMinutes * 60_000;
}
