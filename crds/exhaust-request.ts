import { z } from "zod";
import type { CelRule, CrdSource } from "./common.ts";
import {
  EXHAUST_API_VERSION,
  boundedString,
  nameLengthRule,
  nonNegativeInt,
  resourceMetaSchema,
  secretKeyRefSchema,
  timestampSchema,
  withCelRules,
} from "./common.ts";
import { conditionsSchema } from "./conditions.ts";

export { EXHAUST_API_VERSION, EXHAUST_GROUP, EXHAUST_VERSION } from "./common.ts";
export const EXHAUST_REQUEST_KIND = "ExhaustRequest";
export const EXHAUST_REQUEST_PLURAL = "exhaustrequests";

/** Child Job names are derived from the request name and must stay within 63 characters. */
export const MAX_REQUEST_NAME_LENGTH = 40;
/** The admission bound on an explicit batch list; the operator enforces its configurable limit (default 20, D13). */
export const MAX_BATCHES_PER_REQUEST = 100;
/** status.batches[].lastError.message is at most this long. */
export const MAX_ERROR_MESSAGE = 1024;
/** status.warnings holds at most this many lines. */
export const MAX_WARNINGS = 20;

export const REPORTS = ["userinfo", "response", "progress"] as const;
export type Report = (typeof REPORTS)[number];
export const REQUEST_PHASES = ["Pending", "Running", "Succeeded", "PartiallySucceeded", "Failed"] as const;
export type RequestPhase = (typeof REQUEST_PHASES)[number];
export const BATCH_PHASES = ["Pending", "Queued", "Running", "Retrying", "Succeeded", "Failed"] as const;
export type BatchPhase = (typeof BATCH_PHASES)[number];
/** Where report objects are stored: S3 (and S3-compatible servers), Azure Blob, Google Cloud Storage. */
export const STORAGE_PROVIDERS = ["s3", "azure", "gcs"] as const;
export type StorageProvider = (typeof STORAGE_PROVIDERS)[number];
/** What happens to a request's report objects when the request is deleted, as a PersistentVolume's reclaimPolicy. */
export const OUTPUT_RECLAIM_POLICIES = ["Retain", "Delete"] as const;
export type OutputReclaimPolicy = (typeof OUTPUT_RECLAIM_POLICIES)[number];

/** Sunbird ids (`do_113…`, `0130…`): they end up in object keys and labels, so the alphabet is kept small. */
const sunbirdId = (maxLength: number) => boundedString(maxLength, 1).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
export const collectionIdSchema = sunbirdId(128);
export const batchIdSchema = sunbirdId(64);
export const requestIdSchema = boundedString(64, 1).regex(/^[A-Za-z0-9._-]{1,64}$/);

const setList = { "x-kubernetes-list-type": "set" } as const;

export const batchSelectionSchema = z.object({
  ids: z
    .array(batchIdSchema)
    .min(1)
    .max(MAX_BATCHES_PER_REQUEST)
    .refine((ids) => new Set(ids).size === ids.length, "batch ids must be unique")
    .meta(setList)
    .optional()
    .describe("Explicit course batch ids; each batch is exported against its own collection (course_batch.courseid)."),
  all: z
    .object({
      statuses: z
        .array(z.literal([0, 1, 2]))
        .min(1)
        .max(3)
        .refine((s) => new Set(s).size === s.length, "statuses must be unique")
        .meta(setList)
        .optional()
        .describe("Keep only batches whose course_batch.status is listed (0 upcoming, 1 ongoing, 2 ended)."),
    })
    .optional()
    .describe("All batches of spec.collectionId, optionally filtered by status."),
});

export const outputSchema = z.object({
  format: z.enum(["zip", "csv"]).default("zip").describe("csv is honoured only when the org's security level is PLAIN."),
  encryption: z.enum(["zipcrypto", "aes256"]).default("zipcrypto").describe("Zip entry encryption when a password applies."),
  provider: z
    .enum(STORAGE_PROVIDERS)
    .optional()
    .describe("Overrides the operator's storage provider (runner setting storageProvider); the operator must hold that provider's settings."),
  bucket: boundedString(63, 3)
    .regex(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/)
    .optional()
    .describe("Overrides the operator's bucket (S3, GCS) or container (Azure) of the chosen provider."),
  prefix: boundedString(256, 1)
    .regex(/^[A-Za-z0-9!_.*'()-][A-Za-z0-9!_.*'()/-]*$/)
    .optional()
    .describe("Overrides the operator's storage.keyPrefix."),
});

export const retrySchema = z.object({
  maxAttempts: z.int().min(1).max(10).default(3).describe("Attempts per batch, the first included."),
  initialBackoffSeconds: z.int().min(1).max(86400).default(60),
  maxBackoffSeconds: z.int().min(1).max(86400).default(1800),
  factor: z.int().min(1).max(10).default(2),
});

export const deadlinesSchema = z.object({
  requestSeconds: z.int().min(1).max(2592000).optional().describe("Whole request, from its first Job; then Failed."),
  batchSeconds: z.int().min(1).max(2592000).optional().describe("One attempt of one batch (the Job's activeDeadlineSeconds)."),
});

const requestSpecObject = z.object({
  report: z.enum(REPORTS),
  collectionId: collectionIdSchema,
  batches: batchSelectionSchema,
  requestedBy: boundedString(256, 1).describe("The requesting user's id (job_request.requested_by)."),
  requestedChannel: boundedString(128, 1).describe("The requesting org (job_request.requested_channel)."),
  requestId: requestIdSchema.optional().describe("Names the output folder; mirrors job_request.request_id."),
  password: z
    .object({ secretKeyRef: secretKeyRefSchema })
    .optional()
    .describe("The zip password or text key, from a Secret in the same namespace. Required for userinfo."),
  output: outputSchema.optional(),
  retry: retrySchema.optional(),
  deadlines: deadlinesSchema.optional(),
  ttlSecondsAfterFinished: z.int().min(0).max(31536000).optional().describe("Delete the finished request after this."),
  webhook: z
    .object({ urlSecretRef: secretKeyRefSchema })
    .optional()
    .describe("Called once when the request finishes; the URL comes from a Secret because it may hold a token."),
  suspend: z.boolean().default(false).describe("Start no new Jobs; running Jobs continue."),
  outputReclaimPolicy: z
    .enum(OUTPUT_RECLAIM_POLICIES)
    .default("Retain")
    .describe(
      "Delete: when the request is deleted (by hand or ttlSecondsAfterFinished), the operator deletes its report objects and unfinished uploads first (finalizer exhaust.sunbird.org/outputs). Retain: they stay until the bucket's lifecycle rule removes them. Mutable: Retain also gives up a deletion that cannot finish.",
    ),
});
export type ExhaustRequestSpec = z.output<typeof requestSpecObject>;
export type ExhaustRequestSpecInput = z.input<typeof requestSpecObject>;

/** Cross-field rules of a request spec found at `at` ("spec" or "spec.template.spec"); messages name the field. */
export const requestSpecRules = (at: string): CelRule<ExhaustRequestSpec>[] => [
  {
    rule: "has(self.batches.ids) != has(self.batches.all)",
    message: `${at}.batches must set exactly one of ids or all`,
    fieldPath: ".batches",
    holds: (s) => (s.batches.ids === undefined) !== (s.batches.all === undefined),
  },
  {
    rule: "self.report != 'userinfo' || has(self.password)",
    message: `${at}.password is required when ${at}.report is 'userinfo' (UserInfo is always password-protected)`,
    fieldPath: ".password",
    reason: "FieldValueRequired",
    holds: (s) => s.report !== "userinfo" || s.password !== undefined,
  },
  {
    rule: "self.report != 'userinfo' || !has(self.output) || self.output.format != 'csv'",
    message: `${at}.output.format cannot be 'csv' when ${at}.report is 'userinfo' (UserInfo is always zipped)`,
    fieldPath: ".output.format",
    reason: "FieldValueForbidden",
    holds: (s) => s.report !== "userinfo" || s.output?.format !== "csv",
  },
  {
    rule: "!has(self.retry) || self.retry.initialBackoffSeconds <= self.retry.maxBackoffSeconds",
    message: `${at}.retry.initialBackoffSeconds must not exceed ${at}.retry.maxBackoffSeconds (default 1800)`,
    fieldPath: ".retry.initialBackoffSeconds",
    holds: (s) => s.retry === undefined || s.retry.initialBackoffSeconds <= s.retry.maxBackoffSeconds,
  },
  {
    rule: "!has(self.deadlines) || !has(self.deadlines.requestSeconds) || !has(self.deadlines.batchSeconds) || self.deadlines.batchSeconds <= self.deadlines.requestSeconds",
    message: `${at}.deadlines.batchSeconds must not exceed ${at}.deadlines.requestSeconds`,
    fieldPath: ".deadlines.batchSeconds",
    holds: (s) => {
      const d = s.deadlines;
      return d?.requestSeconds === undefined || d.batchSeconds === undefined || d.batchSeconds <= d.requestSeconds;
    },
  },
];

/** A request spec validated as found at `at`, with extra rules for that place. */
export const requestSpecSchemaAt = (at: string, extra: CelRule<ExhaustRequestSpec>[] = []) =>
  withCelRules(requestSpecObject, [...requestSpecRules(at), ...extra]);

// outputReclaimPolicy stays mutable, like a PersistentVolume's: an owner may decide late to keep the files, and
// setting Retain is how a deletion that cannot finish (the store gone for good) is given up.
const MUTABLE_SPEC_FIELDS = new Set(["suspend", "ttlSecondsAfterFinished", "outputReclaimPolicy"]);

/** A changed export is a new request: every spec field but suspend, ttlSecondsAfterFinished and outputReclaimPolicy is immutable. */
export const immutabilityRules: CelRule<ExhaustRequestSpec>[] = Object.entries(requestSpecObject.shape)
  .filter(([field]) => !MUTABLE_SPEC_FIELDS.has(field))
  .map(([field, schema]) => ({
    // An optional field must not be added or removed either; has() guards the comparison.
    rule: schema.safeParse(undefined).success
      ? `has(self.${field}) == has(oldSelf.${field}) && (!has(self.${field}) || self.${field} == oldSelf.${field})`
      : `self.${field} == oldSelf.${field}`,
    message: `spec.${field} is immutable: create a new ExhaustRequest for a different export`,
    fieldPath: `.${field}`,
  }));

export const exhaustRequestSpecSchema = requestSpecSchemaAt("spec", immutabilityRules);

export const batchStatusSchema = z.object({
  batchId: batchIdSchema,
  collectionId: collectionIdSchema.optional(),
  phase: z.enum(BATCH_PHASES),
  attempts: z.int().min(0).max(100),
  jobName: boundedString(63).optional(),
  rows: nonNegativeInt().optional().describe("Rows of the file; while Running, the rows so far (from the runner's progress line, see progressTime)."),
  bytes: nonNegativeInt().optional().describe("Bytes of the file; while Running, the bytes uploaded so far."),
  sha256: boundedString(64).regex(/^[a-f0-9]{64}$/).optional(),
  objectUri: boundedString(2048).optional(),
  usersSkipped: nonNegativeInt().optional().describe("Enrolled users missing from the user cache (D5)."),
  startTime: timestampSchema.optional(),
  completionTime: timestampSchema.optional(),
  lastError: z.object({ message: boundedString(MAX_ERROR_MESSAGE), retryable: z.boolean() }).optional(),
  nextRetryTime: timestampSchema.optional(),
  progressTime: timestampSchema
    .optional()
    .describe("Running only: when the runner counted the rows and bytes shown (its last progress line the operator read); absent once the batch ends and rows/bytes are the result's."),
});
export type BatchStatus = z.infer<typeof batchStatusSchema>;

export const totalsSchema = z.object({
  batches: nonNegativeInt(),
  succeeded: nonNegativeInt(),
  failed: nonNegativeInt(),
  running: nonNegativeInt(),
  queued: nonNegativeInt(),
  rows: nonNegativeInt(),
  bytes: nonNegativeInt(),
});
export type RequestTotals = z.infer<typeof totalsSchema>;

export const exhaustRequestStatusSchema = z.object({
  observedGeneration: nonNegativeInt().optional(),
  phase: z.enum(REQUEST_PHASES).optional(),
  conditions: conditionsSchema.optional(),
  batches: z
    .array(batchStatusSchema)
    .max(MAX_BATCHES_PER_REQUEST)
    .meta({ "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["batchId"] })
    .optional(),
  totals: totalsSchema.optional(),
  progress: boundedString(32).optional().describe("Finished/total batches, e.g. 3/5 (printer column)."),
  requestId: requestIdSchema.optional().describe("The requestId in use: spec.requestId, or one the operator chose."),
  startTime: timestampSchema.optional(),
  completionTime: timestampSchema.optional(),
  warnings: z.array(boundedString(512)).max(MAX_WARNINGS).optional(),
});
export type ExhaustRequestStatus = z.infer<typeof exhaustRequestStatusSchema>;

export const exhaustRequestSchema = withCelRules(
  z.object({
    apiVersion: z.literal(EXHAUST_API_VERSION),
    kind: z.literal(EXHAUST_REQUEST_KIND),
    metadata: resourceMetaSchema,
    spec: exhaustRequestSpecSchema,
    status: exhaustRequestStatusSchema.optional(),
  }),
  [nameLengthRule(MAX_REQUEST_NAME_LENGTH, "runner Job names are derived from it")],
);
export type ExhaustRequest = z.output<typeof exhaustRequestSchema>;
export type ExhaustRequestInput = z.input<typeof exhaustRequestSchema>;

export const exhaustRequestCrd: CrdSource = {
  kind: EXHAUST_REQUEST_KIND,
  plural: EXHAUST_REQUEST_PLURAL,
  singular: "exhaustrequest",
  shortNames: ["exr"],
  categories: ["exhaust"],
  description: "One exhaust report (userinfo, response or progress) for a set of course batches; one runner Job per batch.",
  schema: exhaustRequestSchema,
  printerColumns: [
    { name: "Report", type: "string", jsonPath: ".spec.report" },
    { name: "Collection", type: "string", jsonPath: ".spec.collectionId" },
    { name: "Phase", type: "string", jsonPath: ".status.phase" },
    { name: "Progress", type: "string", jsonPath: ".status.progress", description: "Finished/total batches" },
    { name: "Rows", type: "integer", jsonPath: ".status.totals.rows" },
    { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" },
  ],
};
