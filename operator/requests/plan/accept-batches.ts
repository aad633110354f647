import { MAX_BATCHES_PER_REQUEST, MAX_WARNINGS, type BatchStatus, type ExhaustRequestSpec } from "../../../crds/exhaust-request.ts";
import { RequestReason } from "../../../crds/conditions.ts";
import { collectionStatusProblem, invalidHierarchy, NO_DATA_FOUND, tooManyBatchesMessage } from "../../../crds/failure-texts.ts";


/** A course_batch row the shell found: the batch, its own collection (courseid) and, if known, its enrolment count. */
export interface ResolvedBatch {
  batchId: string;
  collectionId: string;
  enrolmentEstimate?: number;
}

export type BatchResolution =
  | { kind: "resolved"; found: readonly ResolvedBatch[]; notFound: readonly string[] }
  | { kind: "unavailable"; message: string };

/**
 * What content_hierarchy says of a collection: its root status (null when the row is missing or has no string
 * status), or that the document is not a JSON object.
 */
export type CollectionState = { status: string | null } | { invalid: true };

/** CollectionState per collection id. */
export type CollectionStatuses = Readonly<Record<string, CollectionState>>;

export type Acceptance =
  | { kind: "accepted"; batches: BatchStatus[]; warnings: string[] }
  | { kind: "rejected"; reason: string; message: string; warnings: string[] }
  | { kind: "waiting"; reason: string; message: string };

/** Reasons the Accepted condition uses while the checks cannot run yet. */
export const WaitingReason = { ResolvingBatches: RequestReason.ResolvingBatches, ResolutionUnavailable: RequestReason.ResolutionUnavailable } as const;


/**
 * The checks admission cannot make (D13, D12): the configured batch limit (counted as given), batches missing
 * from course_batch (warnings; none found fails with `No data found`), and each collection's status (Retired fails
 * its batches with Sunbird's message, a document that is not JSON with `Invalid hierarchy for collection <id>`, a
 * missing row or another status with `No data found`). Runs once:
 * the accepted batch list is then kept in status, as the spec that selects it is immutable.
 */
export function acceptBatches(
  spec: ExhaustRequestSpec,
  resolution: BatchResolution | undefined,
  collections: CollectionStatuses | undefined,
  maxBatchesPerRequest: number,
  completionTime: string,
): Acceptance {
  const ids = spec.batches.ids;
  if (ids !== undefined && ids.length > maxBatchesPerRequest) {
    return { kind: "rejected", reason: RequestReason.TooManyBatches, message: tooManyBatchesMessage(maxBatchesPerRequest), warnings: [] };
  }
  if (resolution === undefined) return { kind: "waiting", reason: WaitingReason.ResolvingBatches, message: "Resolving the requested batches" };
  if (resolution.kind === "unavailable") {
    return { kind: "waiting", reason: WaitingReason.ResolutionUnavailable, message: `Could not resolve batches: ${resolution.message}` };
  }
  const found = ordered(resolution.found, ids);
  // Batches exported from another collection first: unlike a missing batch, they change what the files hold.
  const warnings = [...otherCollectionWarnings(found, spec.collectionId), ...notFoundWarnings(resolution.notFound)].slice(0, MAX_WARNINGS);
  if (found.length === 0) return { kind: "rejected", reason: RequestReason.NoDataFound, message: NO_DATA_FOUND, warnings };
  if (found.length > MAX_BATCHES_PER_REQUEST) {
    const message = `Collection ${spec.collectionId} has ${found.length} batches; one request holds at most ${MAX_BATCHES_PER_REQUEST}, so list batch ids or filter by status`;
    return { kind: "rejected", reason: RequestReason.TooManyBatches, message, warnings };
  }
  const unchecked = found.find((b) => collections?.[b.collectionId] === undefined);
  if (unchecked !== undefined) {
    return { kind: "waiting", reason: WaitingReason.ResolvingBatches, message: `Checking collection ${unchecked.collectionId}` };
  }
  const batches = found.map((b): BatchStatus => {
    const problem = collectionProblem(b.collectionId, collections?.[b.collectionId]);
    const base: BatchStatus = { batchId: b.batchId, collectionId: b.collectionId, phase: "Pending", attempts: 0 };
    if (problem === undefined) return base;
    return { ...base, phase: "Failed", completionTime, lastError: { message: problem, retryable: false } };
  });
  return { kind: "accepted", batches, warnings };
}

function collectionProblem(collectionId: string, state: CollectionState | undefined): string | undefined {
  if (state !== undefined && "invalid" in state) return invalidHierarchy(collectionId);
  return collectionStatusProblem(state?.status ?? null);
}

/** Spec order for an explicit list, batch id order for "all", each batch once. */
function ordered(found: readonly ResolvedBatch[], ids: readonly string[] | undefined): ResolvedBatch[] {
  const unique = [...new Map(found.map((b) => [b.batchId, b])).values()];
  if (ids === undefined) return unique.sort((a, b) => (a.batchId < b.batchId ? -1 : a.batchId > b.batchId ? 1 : 0));
  const position = new Map(ids.map((id, i) => [id, i]));
  return unique.filter((b) => position.has(b.batchId)).sort((a, b) => (position.get(a.batchId) ?? 0) - (position.get(b.batchId) ?? 0));
}

/**
 * Batches are looked up by id, so a listed batch of another collection is exported from its own collection (as
 * Sunbird's jobs do, which know batches, not collections). It is kept, and the request says so: a status warning
 * here and a Warning Event (request-events.ts), since `kubectl get` shows only the requested collection.
 */
export const otherCollectionWarning = (b: ResolvedBatch, requested: string): string =>
  `Batch ${b.batchId} belongs to collection ${b.collectionId}, not the requested ${requested}: it is exported from ${b.collectionId}`;

function otherCollectionWarnings(found: readonly ResolvedBatch[], requested: string): string[] {
  return found.filter((b) => b.collectionId !== requested).map((b) => otherCollectionWarning(b, requested));
}

function notFoundWarnings(notFound: readonly string[]): string[] {
  const lines = notFound.map((id) => `Batch ${id} not found`);
  if (lines.length <= MAX_WARNINGS) return lines;
  return [...lines.slice(0, MAX_WARNINGS - 1), `${lines.length - (MAX_WARNINGS - 1)} more batches not found`];
}
