import {
  EXHAUST_API_VERSION,
  EXHAUST_REQUEST_KIND,
  batchIdSchema,
  exhaustRequestSpecSchema,
  type ExhaustRequestInput,
  type ExhaustRequestSpecInput,
  type Report,
} from "../../crds/exhaust-request.ts";
import { NO_DATA_FOUND, tooManyBatchesMessage } from "../../crds/failure-texts.ts";
import { BRIDGE_LABEL, BRIDGE_LABEL_VALUE, KEY_SECRET_KEY, PARTS_ANNOTATION, ROWS_ANNOTATION, SUBMISSION_LABEL, WRITE_BACK_FINALIZER, partName, submissionLabel } from "./bridge-names.ts";
import { submissionOf, type JobRequestRow, type Submission } from "./job-request-row.ts";
import { internalError, NO_SELECTOR_MESSAGE, parseRequestData, SEARCH_FILTER_MESSAGE } from "./parse-request-data.ts";

/** course_batch.courseid of each batch id the shell looked up; null when course_batch has no such batch. */
export type BatchCollections = Readonly<Record<string, string | null>>;

export interface SecretManifest {
  apiVersion: "v1";
  kind: "Secret";
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  type: "Opaque";
  stringData: Record<string, string>;
}

/** One ExhaustRequest of a submission (one per collection) and, when the row has a key, its Secret (same name). */
export interface PlannedPart {
  name: string;
  request: ExhaustRequestInput;
  secret?: SecretManifest;
}

export interface MappingContext {
  report: Report;
  namespace: string;
  maxBatchesPerRequest: number;
  ttlSecondsAfterFinished: number;
  lookups: BatchCollections;
  /** The platform decryption (crds/platform-decryption.ts) with the deployment's key and salt; absent: keys as stored. */
  decrypt?: (value: string) => string;
  /** The submissions the requests serve, the mapped row's first (§3.5 duplicates). */
  served: readonly Submission[];
}

export type RowMapping =
  | { kind: "parts"; parts: PlannedPart[] }
  /** Sunbird would mark the row FAILED with this message. */
  | { kind: "rejected"; message: string }
  /** Batches whose collection the shell has not looked up yet. */
  | { kind: "needsLookup"; batchIds: string[] };

const isBlank = (value: string | null): boolean => value === null || value.trim() === "";

/**
 * A row → its ExhaustRequests (reports-spec.md §3.7), in Sunbird's order of checks: request_data must parse; a
 * batch selector must exist and, for UserInfo, a key (one message for both, as Sunbird's validateRequest has);
 * searchFilter is refused (§9 question 1); the batch limit counts the list as given; then each batch's collection.
 * Batches course_batch does not know are dropped as Sunbird's filter drops them; none left is `No data found`. One
 * request per collection (D13: a batch is exported against its own collection), parts ordered by first batch.
 */
export function mapRowToRequests(row: JobRequestRow, ctx: MappingContext): RowMapping {
  const requested = parseRequestData(row.requestData);
  if (requested.kind === "invalid") return { kind: "rejected", message: requested.message };
  if (requested.kind === "none" || (ctx.report === "userinfo" && isBlank(row.encryptionKey))) return { kind: "rejected", message: NO_SELECTOR_MESSAGE };
  if (requested.kind === "searchFilter") return { kind: "rejected", message: SEARCH_FILTER_MESSAGE };
  if (requested.given > ctx.maxBatchesPerRequest) return { kind: "rejected", message: tooManyBatchesMessage(ctx.maxBatchesPerRequest) };
  if (isBlank(row.requestedBy)) return { kind: "rejected", message: internalError("requested_by is empty") };
  if (isBlank(row.requestedChannel)) return { kind: "rejected", message: internalError("requested_channel is empty") };

  // An id outside the CRD's alphabet cannot name a batch the runner could read: not found, without a lookup.
  const ids = requested.batchIds.filter((id) => batchIdSchema.safeParse(id).success);
  const unknown = ids.filter((id) => !Object.hasOwn(ctx.lookups, id));
  if (unknown.length > 0) return { kind: "needsLookup", batchIds: unknown };
  const byCollection = new Map<string, string[]>();
  for (const id of ids) {
    const collectionId = ctx.lookups[id];
    if (collectionId === null || collectionId === undefined) continue;
    byCollection.set(collectionId, [...(byCollection.get(collectionId) ?? []), id]);
  }
  if (byCollection.size === 0) return { kind: "rejected", message: NO_DATA_FOUND };

  const served = ctx.served.length > 0 ? ctx.served : [submissionOf(row)];
  const leader = served[0] as Submission;
  const key = isBlank(row.encryptionKey) ? undefined : (ctx.decrypt ?? ((v: string) => v))(row.encryptionKey as string);
  const parts: PlannedPart[] = [];
  for (const [collectionId, batchIds] of byCollection) {
    const name = partName(ctx.report, leader, collectionId);
    const spec: ExhaustRequestSpecInput = {
      report: ctx.report,
      collectionId,
      batches: { ids: batchIds },
      requestedBy: row.requestedBy as string,
      requestedChannel: row.requestedChannel as string,
      requestId: row.requestId,
      ...(key === undefined ? {} : { password: { secretKeyRef: { name, key: KEY_SECRET_KEY } } }),
      ttlSecondsAfterFinished: ctx.ttlSecondsAfterFinished,
    };
    const checked = exhaustRequestSpecSchema.safeParse(spec);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      return { kind: "rejected", message: internalError(`${issue?.path.join(".") ?? "spec"}: ${issue?.message ?? "invalid"}`) };
    }
    const labels = { [BRIDGE_LABEL]: BRIDGE_LABEL_VALUE, [SUBMISSION_LABEL]: submissionLabel(ctx.report, leader) };
    parts.push({
      name,
      request: {
        apiVersion: EXHAUST_API_VERSION,
        kind: EXHAUST_REQUEST_KIND,
        metadata: {
          name,
          namespace: ctx.namespace,
          labels,
          annotations: { [ROWS_ANNOTATION]: JSON.stringify(served), [PARTS_ANNOTATION]: String(byCollection.size) },
          finalizers: [WRITE_BACK_FINALIZER],
        },
        spec,
      },
      ...(key === undefined ? {} : { secret: { apiVersion: "v1", kind: "Secret", metadata: { name, namespace: ctx.namespace, labels }, type: "Opaque", stringData: { [KEY_SECRET_KEY]: key } } }),
    });
  }
  return { kind: "parts", parts };
}
