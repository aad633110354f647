import type { ExhaustRequest, ExhaustRequestStatus } from "../../../crds/exhaust-request.ts";
import { isRequestFinished } from "../plan/request-status.ts";

/** What the completion webhook receives: the outcome and where the files are, never a secret or a user. */
export function completionPayload(request: ExhaustRequest, status: ExhaustRequestStatus) {
  return {
    apiVersion: request.apiVersion,
    kind: request.kind,
    namespace: request.metadata.namespace,
    name: request.metadata.name,
    uid: request.metadata.uid,
    report: request.spec.report,
    collectionId: request.spec.collectionId,
    requestId: status.requestId,
    phase: status.phase,
    completionTime: status.completionTime,
    totals: status.totals,
    batches: (status.batches ?? []).map((b) => ({
      batchId: b.batchId,
      phase: b.phase,
      attempts: b.attempts,
      ...(b.objectUri === undefined ? {} : { objectUri: b.objectUri }),
      ...(b.rows === undefined ? {} : { rows: b.rows }),
      ...(b.bytes === undefined ? {} : { bytes: b.bytes }),
      ...(b.sha256 === undefined ? {} : { sha256: b.sha256 }),
      ...(b.lastError === undefined ? {} : { error: b.lastError.message }),
    })),
  };
}

/** Whether this pass finishes the request: the moment the webhook is due, exactly once per request. */
export const finishesNow = (before: ExhaustRequestStatus | undefined, after: ExhaustRequestStatus): boolean =>
  !isRequestFinished(before?.phase) && isRequestFinished(after.phase);

/**
 * The payload describes a request's outputs, so it travels over TLS; plain http is accepted only to a loopback
 * address (a sidecar). Nothing of the URL itself goes into the answer: it may carry a token.
 */
export function webhookUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "the webhook URL in the Secret is not a URL";
  }
  const loopback = /^127\.\d+\.\d+\.\d+$/.test(parsed.hostname) || parsed.hostname === "[::1]";
  if (parsed.protocol === "https:" || (parsed.protocol === "http:" && loopback)) return undefined;
  return "the webhook URL must use https (plain http only to a loopback address)";
}
