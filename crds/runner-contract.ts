// The operator <-> runner contract. The operator renders these settings into a Job's env (secrets as secretKeyRef),
// the runner parses them back with the same schemas, and the runner's result travels back as a result manifest in the
// pod's termination message. Both sides import this file, so a mismatch fails at once with a clear message.
import { z } from "zod";
import { REPORTS, STORAGE_PROVIDERS, type StorageProvider } from "./exhaust-request.ts";
import { PROGRESS_INTERVAL_SECONDS } from "./runner-progress.ts";

/** reports-spec §4.8.1, weakest first. */
export const SECURITY_LEVELS = ["PLAIN_DATASET", "PASSWORD_PROTECTED_DATASET", "TEXT_KEY_ENCRYPTED_DATASET", "PUBLIC_KEY_ENCRYPTED_DATASET"] as const;

// Settings arrive as strings (env or flags); these schemas take a string (or nothing) and produce the typed value.
const text = z.string().trim().min(1);
const list = z
  .string()
  .transform((s) => s.split(",").map((item) => item.trim()).filter((item) => item !== ""))
  .pipe(z.array(z.string()).min(1));
// "batchId=requestId,…": which request's id goes into each batch's object key when one Job serves several (D18).
const pairs = list.transform((items, ctx) => {
  const out: Record<string, string> = {};
  for (const item of items) {
    const at = item.indexOf("=");
    const batchId = item.slice(0, at).trim();
    const requestId = item.slice(at + 1).trim();
    if (at <= 0 || requestId === "" || Object.hasOwn(out, batchId)) ctx.addIssue({ code: "custom", message: `expected distinct batchId=requestId pairs, got an entry ${JSON.stringify(item)}` });
    else out[batchId] = requestId;
  }
  return out;
});
const positiveInt = z.coerce.number().int().positive();
const port = z.coerce.number().int().min(1).max(65535);
const redisDb = z.coerce.number().int().min(0).max(15);
const timeZone = text.refine(isTimeZone, { message: "unknown IANA time zone" });
const consistencies = ["ANY", "ONE", "TWO", "THREE", "QUORUM", "ALL", "LOCAL_QUORUM", "EACH_QUORUM", "LOCAL_ONE"] as const;

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export interface Setting<S extends z.ZodType = z.ZodType> {
  /** The environment variable the operator sets. */
  env: string;
  /** The command-line flag without its leading dashes; a secret's flag exists only to be rejected. */
  flag: string;
  schema: S;
  /** Secrets come only from env (secretKeyRef) and are never logged. */
  secret: boolean;
  description: string;
  /** Set on the settings of one storage provider: a Job gets only those of the provider it writes to. */
  provider?: StorageProvider;
}

const setting = <S extends z.ZodType>(env: string, flag: string, schema: S, description: string): Setting<S> => ({ env, flag, schema, secret: false, description });
const secret = <S extends z.ZodType>(env: string, flag: string, schema: S, description: string): Setting<S> => ({ env, flag, schema, secret: true, description });
const of = <S extends z.ZodType>(provider: StorageProvider, s: Setting<S>): Setting<S> => ({ ...s, provider });

// A service-account key file as `gcloud iam service-accounts keys create` writes it; only the fields signing needs.
const serviceAccountJson = text.refine((json) => {
  try {
    const key = JSON.parse(json) as { client_email?: unknown; private_key?: unknown };
    return typeof key.client_email === "string" && typeof key.private_key === "string";
  } catch {
    return false;
  }
}, "must be a service-account key file (JSON with client_email and private_key)");

/** Every runner setting, in one table: env name, flag, schema, secrecy and meaning. */
/** The kubelet's default terminationMessagePath. */
export const DEFAULT_TERMINATION_MESSAGE_PATH = "/dev/termination-log";

/** A consistency setting (LOCAL_QUORUM) as cassandra-driver names its constant (localQuorum). */
export const driverConsistencyName = (name: string): string => name.toLowerCase().replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

export const runnerSettings = {
  report: setting("EXHAUST_REPORT", "report", z.enum(REPORTS), "Which report to produce: userinfo, response or progress."),
  requestId: setting("EXHAUST_REQUEST_ID", "request-id", text, "Request id; the object key's second segment (D1)."),
  collectionId: setting("EXHAUST_COLLECTION_ID", "collection-id", text, "The collection (course) id whose batches are exported."),
  batchIds: setting("EXHAUST_BATCH_IDS", "batch-ids", list, "Comma-separated batch ids of that collection; several batches share one enrolment scan (D18)."),
  batchRequestIds: setting(
    "EXHAUST_BATCH_REQUEST_IDS",
    "batch-request-ids",
    pairs.optional(),
    "Optional batchId=requestId pairs: a batch's own request id in its object key when a shared scan serves several requests (D18).",
  ),
  requestedChannel: setting("EXHAUST_REQUESTED_CHANNEL", "requested-channel", text, "The requesting org (root org id): org filter, consent and security level."),
  requestedBy: setting("EXHAUST_REQUESTED_BY", "requested-by", z.string().default(""), "The requesting user id (informational)."),
  securityLevel: setting(
    "EXHAUST_SECURITY_LEVEL",
    "security-level",
    z.enum(SECURITY_LEVELS).optional(),
    "Optional stricter level asked for by the request; never weakens the tenant's level (4.8.1).",
  ),

  cassandraContactPoints: setting("EXHAUST_CASSANDRA_CONTACT_POINTS", "cassandra-contact-points", list, "Comma-separated host:port contact points."),
  cassandraLocalDc: setting("EXHAUST_CASSANDRA_LOCAL_DC", "cassandra-local-dc", text.default("datacenter1"), "Local data center of the load-balancing policy."),
  cassandraUsername: setting("EXHAUST_CASSANDRA_USERNAME", "cassandra-username", text.optional(), "User name for password authentication, if enabled."),
  cassandraPassword: secret("EXHAUST_CASSANDRA_PASSWORD", "cassandra-password", text.optional(), "Password for password authentication (env only)."),
  userKeyspace: setting("EXHAUST_USER_KEYSPACE", "user-keyspace", text.default("sunbird"), "Keyspace of system_settings, user_consent, tenant_preference_v2, organisation."),
  coursesKeyspace: setting("EXHAUST_COURSES_KEYSPACE", "courses-keyspace", text.default("sunbird_courses"), "Keyspace of course_batch, assessment_aggregator, user_activity_agg."),
  enrolmentsKeyspace: setting("EXHAUST_ENROLMENTS_KEYSPACE", "enrolments-keyspace", text.default("sunbird_courses"), "Keyspace of the enrolments table."),
  enrolmentsTable: setting("EXHAUST_ENROLMENTS_TABLE", "enrolments-table", text.default("user_enrolments"), "The enrolments table."),
  hierarchyKeyspace: setting("EXHAUST_HIERARCHY_KEYSPACE", "hierarchy-keyspace", text, "Keyspace of content_hierarchy (Sunbird: `<env>_hierarchy_store`)."),
  cassandraConsistency: setting("EXHAUST_CASSANDRA_CONSISTENCY", "cassandra-consistency", z.enum(consistencies).default("LOCAL_QUORUM"), "Read consistency."),
  cassandraConcurrency: setting("EXHAUST_CASSANDRA_CONCURRENCY", "cassandra-concurrency", positiveInt.default(8), "Lookup requests (consent, attempts, aggregates; up to 50 users each) in flight per batch."),
  cassandraFetchSize: setting("EXHAUST_CASSANDRA_FETCH_SIZE", "cassandra-fetch-size", positiveInt.default(1000), "Page size of enrolment reads; a scan holds about three pages per range it reads at once."),
  scanRanges: setting("EXHAUST_SCAN_RANGES", "scan-ranges", positiveInt.default(64), "Token ranges the ring is split into when no batchid index exists."),
  scanParallelism: setting("EXHAUST_SCAN_PARALLELISM", "scan-parallelism", positiveInt.default(2), "Token ranges read at once during a scan."),

  redisUserHost: setting("EXHAUST_REDIS_USER_HOST", "redis-user-host", text, "User-cache Redis host."),
  redisUserPort: setting("EXHAUST_REDIS_USER_PORT", "redis-user-port", port.default(6379), "User-cache Redis port."),
  redisUserDb: setting("EXHAUST_REDIS_USER_DB", "redis-user-db", redisDb.default(12), "User-cache Redis DB."),
  redisRelationHost: setting("EXHAUST_REDIS_RELATION_HOST", "redis-relation-host", text.optional(), "Relation-cache Redis host; defaults to the user-cache host."),
  redisRelationPort: setting("EXHAUST_REDIS_RELATION_PORT", "redis-relation-port", port.optional(), "Relation-cache Redis port; defaults to the user-cache port."),
  redisRelationDb: setting("EXHAUST_REDIS_RELATION_DB", "redis-relation-db", redisDb.default(10), "Relation-cache Redis DB (installer 10, Lern 5)."),
  optionalNodesSuffix: setting("EXHAUST_OPTIONAL_NODES_SUFFIX", "optional-nodes-suffix", text.default("optionalnodes"), "Suffix of the optional-nodes set key `<id>:<id>:<suffix>`."),
  redisKeyPrefix: setting("EXHAUST_REDIS_KEY_PREFIX", "redis-key-prefix", z.string().default(""), "Prefix before every Redis key (test isolation); empty in production."),
  redisPipelineSize: setting("EXHAUST_REDIS_PIPELINE_SIZE", "redis-pipeline-size", positiveInt.default(200), "Users per user-cache read (one Lua EVAL of HMGET, with EXISTS for users whose fields are all missing)."),

  storageProvider: setting("EXHAUST_STORAGE_PROVIDER", "storage-provider", z.enum(STORAGE_PROVIDERS).default("s3"), "Where objects go: s3 (also MinIO, Ceph, GCS interoperability), azure or gcs."),
  s3KeyPrefix: setting("EXHAUST_S3_KEY_PREFIX", "s3-key-prefix", z.string().default(""), "Prefix of every object key on every provider (Sunbird collection.exhaust.store.prefix)."),
  s3Endpoint: of("s3", setting("EXHAUST_S3_ENDPOINT", "s3-endpoint", z.url().optional(), "S3-compatible endpoint URL; AWS when unset.")),
  s3Region: of("s3", setting("EXHAUST_S3_REGION", "s3-region", text.default("us-east-1"), "S3 region.")),
  s3Bucket: of("s3", setting("EXHAUST_S3_BUCKET", "s3-bucket", text.optional(), "Bucket of the report objects (provider s3); set this or outputDir.")),
  s3ForcePathStyle: of(
    "s3",
    setting("EXHAUST_S3_FORCE_PATH_STYLE", "s3-force-path-style", z.stringbool().default(false), "Path-style addressing (MinIO, Ceph, most S3-compatible servers); virtual-host style when false (AWS, GCS interoperability)."),
  ),
  s3AccessKeyId: of("s3", secret("AWS_ACCESS_KEY_ID", "aws-access-key-id", text.optional(), "S3 access key id (env only); the SDK's default chain when unset.")),
  s3SecretAccessKey: of("s3", secret("AWS_SECRET_ACCESS_KEY", "aws-secret-access-key", text.optional(), "S3 secret access key (env only).")),
  azureAccountName: of("azure", setting("EXHAUST_AZURE_STORAGE_ACCOUNT", "azure-storage-account", text.optional(), "Azure storage account name (Sunbird azure_storage_key).")),
  azureContainer: of("azure", setting("EXHAUST_AZURE_CONTAINER", "azure-container", text.optional(), "Blob container of the report objects (provider azure); set this or outputDir.")),
  azureBlobEndpoint: of("azure", setting("EXHAUST_AZURE_BLOB_ENDPOINT", "azure-blob-endpoint", z.url().optional(), "Blob service URL; https://<account>.blob.core.windows.net when unset (Azurite: http://127.0.0.1:10000/<account>).")),
  azureUriScheme: of("azure", setting("EXHAUST_AZURE_URI_SCHEME", "azure-uri-scheme", z.enum(["wasb", "https"]).default("wasb"), "objectUri form: wasb://<container>@<account>.blob.core.windows.net/<key> (Sunbird's jobs) or the blob's https URL.")),
  azureAccountKey: of("azure", secret("AZURE_STORAGE_KEY", "azure-storage-key", text.optional(), "Storage account key (env only); needed to sign download URLs (SAS).")),
  azureSasToken: of("azure", secret("AZURE_STORAGE_SAS_TOKEN", "azure-storage-sas-token", text.optional(), "SAS token with create and write permission on the container (env only), instead of the account key.")),
  gcsBucket: of("gcs", setting("EXHAUST_GCS_BUCKET", "gcs-bucket", text.optional(), "Bucket of the report objects (provider gcs); set this or outputDir.")),
  gcsEndpoint: of("gcs", setting("EXHAUST_GCS_ENDPOINT", "gcs-endpoint", z.url().optional(), "Storage JSON API endpoint; Google's when unset (an emulator: no authentication).")),
  gcsProjectId: of("gcs", setting("EXHAUST_GCS_PROJECT_ID", "gcs-project-id", text.optional(), "Project id; the key file's when unset.")),
  gcsCredentialsJson: of("gcs", secret("EXHAUST_GCS_CREDENTIALS_JSON", "gcs-credentials-json", serviceAccountJson.optional(), "Service-account key file content (env only); the platform's default credentials when unset.")),
  outputDir: setting("EXHAUST_OUTPUT_DIR", "output-dir", text.optional(), "Local directory instead of S3 (terminal use, tests)."),

  outputFormat: setting("EXHAUST_OUTPUT_FORMAT", "output-format", z.enum(["zip", "csv"]).default("zip"), "zip, or plain csv (only when the effective level is PLAIN)."),
  zipEncryption: setting("EXHAUST_ZIP_ENCRYPTION", "zip-encryption", z.enum(["zipcrypto", "aes256"]).default("zipcrypto"), "Cipher of password-protected zips (D16)."),
  zipLevel: setting(
    "EXHAUST_ZIP_LEVEL",
    "zip-level",
    z.coerce.number().int().min(1).max(9).default(6),
    "Deflate level of the zip, 1-9. 6 is Sunbird's (zip4j NORMAL); 1 takes about a third of the deflate CPU for archives about 14% larger.",
  ),
  zipPassword: secret("EXHAUST_ZIP_PASSWORD", "zip-password", z.string().optional(), "Zip password for PASSWORD_PROTECTED_DATASET (env only)."),
  textKey: secret("EXHAUST_TEXT_KEY", "text-key", z.string().optional(), "Text key for TEXT_KEY_ENCRYPTED_DATASET (env only)."),
  timeZone: setting("EXHAUST_TIME_ZONE", "time-zone", timeZone.default("Asia/Kolkata"), "Report time zone of dates and the file-name date (D4)."),
  piiKey: secret("EXHAUST_PII_KEY", "pii-key", text.optional(), "The platform's AES key (Sunbird: 16 characters) for PII decryption (env only; required for userinfo)."),
  piiSalt: secret("EXHAUST_PII_SALT", "pii-salt", z.string().optional(), "The platform's sunbird_encryption_key salt (env only; required for userinfo)."),

  attemptSelection: setting("EXHAUST_ATTEMPT_SELECTION", "attempt-selection", z.enum(["best", "latest"]).default("best"), "Progress: which attempt per assessment counts (D9)."),
  scoreSource: setting("EXHAUST_SCORE_SOURCE", "score-source", z.enum(["assessment_aggregator", "user_activity_agg"]).default("assessment_aggregator"), "Progress score source (D10)."),
  activityType: setting("EXHAUST_ACTIVITY_TYPE", "activity-type", text.default("Course"), "Progress: user_activity_agg activity_type."),
  assessmentContentTypes: setting("EXHAUST_ASSESSMENT_CONTENT_TYPES", "assessment-content-types", list.default(["SelfAssess"]), "Qualifying assessment contentTypes (5.3.3)."),
  assessmentObjectTypes: setting("EXHAUST_ASSESSMENT_OBJECT_TYPES", "assessment-object-types", list.default(["QuestionSet"]), "Qualifying assessment objectTypes (5.3.3)."),
  assessmentPrimaryCategories: setting(
    "EXHAUST_ASSESSMENT_PRIMARY_CATEGORIES",
    "assessment-primary-categories",
    list.default(["Practice Question Set"]),
    "Qualifying assessment primaryCategories (5.3.3).",
  ),

  terminationMessagePath: setting(
    "TERMINATION_MESSAGE_PATH",
    "termination-message-path",
    text.optional(),
    `Where the result manifest is written for the kubelet; unset: ${DEFAULT_TERMINATION_MESSAGE_PATH} only where the kubelet mounted it (in a pod), else stdout alone.`,
  ),
  logLevel: setting("EXHAUST_LOG_LEVEL", "log-level", z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"), "pino log level (logs go to stderr)."),
  progressSeconds: setting(
    "EXHAUST_PROGRESS_SECONDS",
    "progress-seconds",
    positiveInt.default(PROGRESS_INTERVAL_SECONDS),
    "Seconds between a batch's progress lines on a pipe (crds/runner-progress.ts); a batch that ends sooner logs none.",
  ),
} as const;

export type RunnerSettingKey = keyof typeof runnerSettings;
type Shape = { [K in RunnerSettingKey]: (typeof runnerSettings)[K]["schema"] };

const shape = Object.fromEntries(Object.entries(runnerSettings).map(([key, s]) => [key, s.schema])) as Shape; // fromEntries loses the key types

/** The setting that names each provider's bucket (Azure: container); a request's output.bucket overrides it. */
export const bucketSetting = { s3: "s3Bucket", azure: "azureContainer", gcs: "gcsBucket" } as const satisfies Record<StorageProvider, RunnerSettingKey>;

/** The storage provider a setting belongs to; undefined for the settings every Job gets. */
export const settingProvider = (key: RunnerSettingKey): StorageProvider | undefined => (runnerSettings[key] as Setting).provider;

/** The runner's whole configuration; cross-setting rules name the setting that must change. */
export const runnerConfigSchema = z.object(shape).superRefine((config, ctx) => {
  const bucket = bucketSetting[config.storageProvider];
  if ((config[bucket] === undefined) === (config.outputDir === undefined)) {
    ctx.addIssue({ code: "custom", path: [bucket], message: `set exactly one of ${bucket} (${runnerSettings[bucket].env}) and outputDir (EXHAUST_OUTPUT_DIR) for storageProvider ${config.storageProvider}` });
  }
  if (config.storageProvider === "azure" && config.outputDir === undefined) {
    if (config.azureAccountName === undefined) ctx.addIssue({ code: "custom", path: ["azureAccountName"], message: "storageProvider azure needs the storage account name" });
    if (config.azureAccountKey === undefined && config.azureSasToken === undefined) {
      ctx.addIssue({ code: "custom", path: ["azureAccountKey"], message: "storageProvider azure needs AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN" });
    }
  }
  if (config.report === "userinfo" && (config.piiKey === undefined || config.piiSalt === undefined)) {
    ctx.addIssue({ code: "custom", path: ["piiKey"], message: "userinfo needs EXHAUST_PII_KEY and EXHAUST_PII_SALT" });
  }
  if (config.piiKey !== undefined && ![16, 24, 32].includes(Buffer.byteLength(config.piiKey))) {
    ctx.addIssue({ code: "custom", path: ["piiKey"], message: "must be 16, 24 or 32 bytes (Sunbird's key is 16)" });
  }
});
export type RunnerConfig = z.infer<typeof runnerConfigSchema>;


/** The request id in a batch's object key: its own from batchRequestIds when set, else the run's. */
export const requestIdForBatch = (config: Pick<RunnerConfig, "requestId" | "batchRequestIds">, batchId: string): string =>
  config.batchRequestIds?.[batchId] ?? config.requestId;

/** Renders a typed value back into the string a setting's env var carries (the operator's direction). */
export function settingValue(value: string | number | boolean | readonly string[]): string {
  return Array.isArray(value) ? value.join(",") : String(value);
}

/** Exit codes; the operator's podFailurePolicy maps 10 and 11 to FailJob. Anything else (crash, 137, 143) retries. */
export const runnerExitCodes = { ok: 0, nonRetryable: 10, config: 11, retryable: 20 } as const;

export const batchResultSchema = z.object({
  batchId: z.string(),
  /** The batch's own request id, present when the run had batchRequestIds (a shared scan, D18). */
  requestId: z.string().optional(),
  ok: z.boolean(),
  retryable: z.boolean().optional(),
  /** A store (Cassandra, Redis, object storage) could not be reached: the operator's longer store-outage budget. */
  storeUnreachable: z.boolean().optional(),
  message: z.string().optional(),
  objectUri: z.string().optional(),
  rows: z.number().int().nonnegative().optional(),
  bytes: z.number().int().nonnegative().optional(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  usersSkipped: z.number().int().nonnegative().optional(),
  durationMs: z.number().int().nonnegative().optional(),
});
export type BatchResult = z.infer<typeof batchResultSchema>;

export const resultManifestSchema = z.object({
  v: z.literal(1),
  report: z.enum(REPORTS),
  requestId: z.string(),
  batches: z.array(batchResultSchema),
  /** Set when the termination message had to leave batches out to fit; stdout always has the full manifest. */
  truncated: z.boolean().optional(),
});
export type ResultManifest = z.infer<typeof resultManifestSchema>;

/** The kubelet keeps at most this many bytes of a container's termination message. */
export const terminationMessageLimit = 4096;

// Dropped in this order until the message fits: detail first (the operator matches entries by batch id), what it acts on last.
const droppable = ["requestId", "durationMs", "sha256", "usersSkipped", "bytes", "rows", "objectUri"] as const;
// Messages are shortened in steps; the start of a message (Sunbird's text, the error class) is what matters.
const messageLengths = [120, 60, 30];

/** Compact JSON of the manifest within terminationMessageLimit bytes: drops optional detail, then shortens
 * messages, then leaves succeeded batches out (truncated: true). Always valid JSON that parses with the schema. */
export function encodeTerminationMessage(manifest: ResultManifest): string {
  const fits = (m: ResultManifest): string | undefined => {
    const json = JSON.stringify(m);
    return Buffer.byteLength(json) <= terminationMessageLimit ? json : undefined;
  };
  let current: ResultManifest = { ...manifest, batches: manifest.batches.map((b) => ({ ...b })) };
  const first = fits(current);
  if (first !== undefined) return first;
  for (const field of droppable) {
    current = { ...current, batches: current.batches.map(({ [field]: _dropped, ...rest }) => rest) };
    const json = fits(current);
    if (json !== undefined) return json;
  }
  for (const max of messageLengths) {
    current = { ...current, batches: current.batches.map((b) => (b.message === undefined ? b : { ...b, message: shorten(b.message, max) })) };
    const shortened = fits(current);
    if (shortened !== undefined) return shortened;
  }
  // Failed batches matter most to the operator, so they are kept first; batch ids are bounded by the request limit.
  const ordered = [...current.batches.filter((b) => !b.ok), ...current.batches.filter((b) => b.ok)];
  for (let keep = ordered.length - 1; keep >= 0; keep--) {
    const json = fits({ ...current, batches: ordered.slice(0, keep), truncated: true });
    if (json !== undefined) return json;
  }
  return JSON.stringify({ v: 1, report: manifest.report, requestId: shorten(manifest.requestId, 200), batches: [], truncated: true });
}

/** Parses a termination message (or stdout line) back into a manifest, or says why it cannot. */
export function decodeTerminationMessage(text: string): { ok: true; manifest: ResultManifest } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: "termination message is not JSON" };
  }
  const parsed = resultManifestSchema.safeParse(value);
  return parsed.success ? { ok: true, manifest: parsed.data } : { ok: false, reason: `termination message does not match the manifest schema: ${parsed.error.message}` };
}

function shorten(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 3)}...`;
}
