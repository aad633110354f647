// The operator's configuration: one zod schema with every default, filled from a config file (parsed by main.ts),
// then env, then flags (a flag wins). Pure: main.ts reads process.env, argv and the file and hands them in.
import { z } from "zod";
import { PROGRESS_INTERVAL_SECONDS } from "../../crds/runner-progress.ts";
import { parseFlags } from "./command-line.ts";
import { secretKeyRefSchema } from "../../crds/common.ts";
import { runnerSettings, settingValue, type RunnerSettingKey } from "../../crds/runner-contract.ts";
import { bridgeConfigSchema } from "./bridge-config.ts";
import { scheduleConfigSchema } from "./schedule-config.ts";

/** Runner settings the operator derives from each request; the config may not set them. */
export const perRequestRunnerSettings: readonly RunnerSettingKey[] = [
  "report",
  "requestId",
  "collectionId",
  "batchIds",
  "requestedChannel",
  "requestedBy",
  "securityLevel",
  "outputFormat",
  "zipEncryption",
  "zipPassword",
  "textKey",
  "terminationMessagePath",
];

const quantity = z.string().regex(/^[0-9]+(\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/, "a Kubernetes quantity such as 500m or 1Gi");
const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const flag = z.union([z.boolean(), z.stringbool()]);

/** A retry policy section; both start at 60 s and double, and differ in attempts and cap. */
const retryPolicySchema = (d: { maxAttempts: number; attemptsLimit: number; maxBackoffSeconds: number }) =>
  z
    .object({
      maxAttempts: count(1, d.attemptsLimit).default(d.maxAttempts),
      initialBackoffSeconds: count(1, 86_400).default(60),
      maxBackoffSeconds: count(1, 86_400).default(d.maxBackoffSeconds),
      factor: count(1, 10).default(2),
    })
    .prefault({});

export const resourceTierSchema = z.object({
  name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/),
  /** Batches (or scan groups) with at most this many enrolments use the tier; the tier without it is the top. */
  maxEnrolments: count(1, Number.MAX_SAFE_INTEGER).optional(),
  requests: z.object({ cpu: quantity, memory: quantity }),
  limits: z.object({ cpu: quantity.optional(), memory: quantity.optional() }).default({}),
});
export type ResourceTier = z.infer<typeof resourceTierSchema>;

// The runner streams, so memory grows with concurrency settings rather than with the batch; tiers mostly buy CPU.
export const defaultTiers: ResourceTier[] = [
  { name: "small", maxEnrolments: 10_000, requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "512Mi" } },
  { name: "medium", maxEnrolments: 200_000, requests: { cpu: "500m", memory: "512Mi" }, limits: { memory: "1Gi" } },
  { name: "large", requests: { cpu: "1", memory: "1Gi" }, limits: { memory: "2Gi" } },
];

const settingEntry = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

const runnerSchema = z
  .object({
    image: z.string().min(1),
    imagePullPolicy: z.enum(["Always", "IfNotPresent", "Never"]).default("IfNotPresent"),
    /** The image is shared with the operator (see Dockerfile), so the Job names the runner's entry point. */
    command: z.array(z.string().min(1)).min(1).default(["node", "runner/main.ts"]),
    serviceAccountName: z.string().min(1).optional(),
    /** Non-secret runner settings (keys of runnerSettings), rendered as env on every runner Job. */
    settings: z.record(z.string(), settingEntry).default({}),
    /** Secret runner settings: Secrets that must exist in every namespace where requests are created. */
    secrets: z.record(z.string(), secretKeyRefSchema).default({}),
    resourceTiers: z.array(resourceTierSchema).min(1).default(defaultTiers),
    /** Used when a batch's enrolment count is unknown. */
    defaultTier: z.string().default("medium"),
  })
  .superRefine((runner, ctx) => {
    for (const [key, value] of Object.entries(runner.settings)) {
      const problem = settingProblem(key, false);
      if (problem !== undefined) {
        ctx.addIssue({ code: "custom", path: ["settings", key], message: problem });
        continue;
      }
      const parsed = runnerSettings[key as RunnerSettingKey].schema.safeParse(settingValue(value));
      if (!parsed.success) ctx.addIssue({ code: "custom", path: ["settings", key], message: parsed.error.issues[0]?.message ?? "invalid" });
    }
    for (const key of Object.keys(runner.secrets)) {
      const problem = settingProblem(key, true);
      if (problem !== undefined) ctx.addIssue({ code: "custom", path: ["secrets", key], message: problem });
    }
    if (!runner.resourceTiers.some((t) => t.name === runner.defaultTier)) {
      ctx.addIssue({ code: "custom", path: ["defaultTier"], message: `no resource tier is named ${runner.defaultTier}` });
    }
    if (runner.resourceTiers.filter((t) => t.maxEnrolments === undefined).length !== 1) {
      ctx.addIssue({ code: "custom", path: ["resourceTiers"], message: "exactly one tier must leave maxEnrolments unset (the top tier)" });
    }
  });

function settingProblem(key: string, secret: boolean): string | undefined {
  if (!Object.hasOwn(runnerSettings, key)) return `unknown runner setting ${key}`;
  if (perRequestRunnerSettings.includes(key as RunnerSettingKey)) return `${key} is set per request and cannot be configured`;
  if (runnerSettings[key as RunnerSettingKey].secret !== secret) {
    return secret ? `${key} is not a secret: put it under runner.settings` : `${key} is a secret: put a secretKeyRef under runner.secrets`;
  }
  return undefined;
}

export const operatorConfigSchema = z.object({
  controller: z
    .object({
      /** Watch one namespace; all namespaces when unset. */
      namespace: z.string().min(1).optional(),
      workers: count(1, 64).default(2),
    })
    .prefault({}),
  runner: runnerSchema,
  requests: z
    .object({
      /** D13: an explicit batch list longer than this fails with Sunbird's message. */
      maxBatchesPerRequest: count(1, 100).default(20),
      /**
       * How soon a request looks again at what no watched object announces: course_batch or content_hierarchy
       * unreadable, a missing password Secret, runner slots freed by other requests.
       */
      recheckSeconds: count(1, 3600).default(30),
    })
    .prefault({}),
  limits: z
    .object({
      /** D17: runner Jobs active at once across all requests. */
      maxConcurrentBatches: count(1, 10_000).default(10),
      /** D17: runner Jobs active at once per requesting channel. */
      maxConcurrentBatchesPerChannel: count(1, 10_000).default(3),
    })
    .prefault({}),
  scan: z
    .object({
      /** D18: when the enrolments table has an index on batchid, every batch gets its own Job and query. */
      enrolmentsHaveBatchIdIndex: flag.default(false),
      /** D18: batches of one collection and report that share one token-range scan (Sunbird: 10). */
      maxBatchesPerScan: count(1, 100).default(10),
      /** D18: how long a fresh batch waits for batches of other requests to share its scan; 0 starts at once. */
      gatherSeconds: count(0, 300).default(5),
    })
    .prefault({}),
  retry: retryPolicySchema({ maxAttempts: 3, attemptsLimit: 10, maxBackoffSeconds: 1800 }),
  /**
   * Failures whose store (Cassandra, Redis, object storage) could not be reached, for requests without spec.retry:
   * 8 attempts 60 s, 120 s, 240 s then 300 s apart wait about 27 minutes in all (at least 24 with jitter), so an
   * outage of 15 minutes or more does not fail a request (docs/reliability.md).
   */
  storeOutageRetry: retryPolicySchema({ maxAttempts: 8, attemptsLimit: 50, maxBackoffSeconds: 300 }),
  deadlines: z
    .object({
      /** One attempt of one batch (or scan group) when the request names none. */
      batchSeconds: count(60, 2_592_000).default(21_600),
    })
    .prefault({}),
  jobs: z
    .object({
      /** At least an hour, so the operator reads a Job's result before the TTL controller removes it. */
      ttlSecondsAfterFinished: count(3600, 2_592_000).default(3600),
    })
    .prefault({}),
  stall: z
    .object({
      /** A runner pod waiting this long with a known reason (image pull, unschedulable, config) sets Stalled. */
      pendingSeconds: count(10, 86_400).default(300),
    })
    .prefault({}),
  progress: z
    .object({
      /**
       * How often a Running batch's rows so far are read from its runner's last progress line (pods/log), at most;
       * 0 turns reading off. Set the runner's progressSeconds alike (runner.settings), as it writes the lines.
       */
      intervalSeconds: count(0, 3600).default(PROGRESS_INTERVAL_SECONDS),
      /** pods/log reads per second over every request (a token bucket), and the burst: the cost at any scale. */
      logReadsPerSecond: count(1, 1000).default(5),
      logReadBurst: count(1, 1000).default(10),
    })
    .prefault({}),
  schedules: scheduleConfigSchema.prefault({}),
  /** The Sunbird bridge (docs/sunbird-bridge.md); off by default. */
  bridge: bridgeConfigSchema.prefault({}),
  /** Who may export what (docs/security.md): only the channels the request's namespace annotation lists. */
  exportPolicy: z.object({ enabled: flag.default(true) }).prefault({}),
}).superRefine((config, ctx) => {
  // The bridge creates its requests in its namespace; an operator watching another would never reconcile them.
  const watched = config.controller.namespace;
  if (config.bridge.enabled && watched !== undefined && watched !== config.bridge.namespace) {
    ctx.addIssue({ code: "custom", path: ["bridge", "namespace"], message: `must be the watched namespace (controller.namespace ${watched}), not ${config.bridge.namespace}` });
  }
});
export type OperatorConfig = z.output<typeof operatorConfigSchema>;
export type OperatorConfigInput = z.input<typeof operatorConfigSchema>;

interface Override {
  path: readonly [string, string];
  env: string;
  flag: string;
}

/** Scalar settings that env and flags may set; everything else comes from the config file. */
export const configOverrides: readonly Override[] = [
  { path: ["runner", "image"], env: "EXHAUST_RUNNER_IMAGE", flag: "runner-image" },
  { path: ["runner", "imagePullPolicy"], env: "EXHAUST_RUNNER_IMAGE_PULL_POLICY", flag: "runner-image-pull-policy" },
  { path: ["runner", "serviceAccountName"], env: "EXHAUST_RUNNER_SERVICE_ACCOUNT", flag: "runner-service-account" },
  { path: ["runner", "defaultTier"], env: "EXHAUST_RUNNER_DEFAULT_TIER", flag: "runner-default-tier" },
  { path: ["controller", "namespace"], env: "EXHAUST_WATCH_NAMESPACE", flag: "watch-namespace" },
  { path: ["controller", "workers"], env: "EXHAUST_WORKERS", flag: "workers" },
  { path: ["requests", "maxBatchesPerRequest"], env: "EXHAUST_MAX_BATCHES_PER_REQUEST", flag: "max-batches-per-request" },
  { path: ["requests", "recheckSeconds"], env: "EXHAUST_RECHECK_SECONDS", flag: "recheck-seconds" },
  { path: ["limits", "maxConcurrentBatches"], env: "EXHAUST_MAX_CONCURRENT_BATCHES", flag: "max-concurrent-batches" },
  { path: ["limits", "maxConcurrentBatchesPerChannel"], env: "EXHAUST_MAX_CONCURRENT_BATCHES_PER_CHANNEL", flag: "max-concurrent-batches-per-channel" },
  { path: ["scan", "enrolmentsHaveBatchIdIndex"], env: "EXHAUST_ENROLMENTS_HAVE_BATCHID_INDEX", flag: "enrolments-have-batchid-index" },
  { path: ["scan", "maxBatchesPerScan"], env: "EXHAUST_MAX_BATCHES_PER_SCAN", flag: "max-batches-per-scan" },
  { path: ["scan", "gatherSeconds"], env: "EXHAUST_SCAN_GATHER_SECONDS", flag: "scan-gather-seconds" },
  { path: ["retry", "maxAttempts"], env: "EXHAUST_RETRY_MAX_ATTEMPTS", flag: "retry-max-attempts" },
  { path: ["retry", "initialBackoffSeconds"], env: "EXHAUST_RETRY_INITIAL_BACKOFF_SECONDS", flag: "retry-initial-backoff-seconds" },
  { path: ["retry", "maxBackoffSeconds"], env: "EXHAUST_RETRY_MAX_BACKOFF_SECONDS", flag: "retry-max-backoff-seconds" },
  { path: ["retry", "factor"], env: "EXHAUST_RETRY_FACTOR", flag: "retry-factor" },
  { path: ["storeOutageRetry", "maxAttempts"], env: "EXHAUST_STORE_OUTAGE_RETRY_MAX_ATTEMPTS", flag: "store-outage-retry-max-attempts" },
  { path: ["storeOutageRetry", "initialBackoffSeconds"], env: "EXHAUST_STORE_OUTAGE_RETRY_INITIAL_BACKOFF_SECONDS", flag: "store-outage-retry-initial-backoff-seconds" },
  { path: ["storeOutageRetry", "maxBackoffSeconds"], env: "EXHAUST_STORE_OUTAGE_RETRY_MAX_BACKOFF_SECONDS", flag: "store-outage-retry-max-backoff-seconds" },
  { path: ["storeOutageRetry", "factor"], env: "EXHAUST_STORE_OUTAGE_RETRY_FACTOR", flag: "store-outage-retry-factor" },
  { path: ["deadlines", "batchSeconds"], env: "EXHAUST_BATCH_DEADLINE_SECONDS", flag: "batch-deadline-seconds" },
  { path: ["jobs", "ttlSecondsAfterFinished"], env: "EXHAUST_JOB_TTL_SECONDS", flag: "job-ttl-seconds" },
  { path: ["stall", "pendingSeconds"], env: "EXHAUST_STALL_PENDING_SECONDS", flag: "stall-pending-seconds" },
];

/** Where main.ts finds the config file (YAML or JSON): `--config <path>` or EXHAUST_OPERATOR_CONFIG. */
export const CONFIG_FILE_ENV = "EXHAUST_OPERATOR_CONFIG";
export const CONFIG_FILE_FLAG = "config";

/** The flags parseOperatorConfig reads: the config file and every override. */
export const configFlags: readonly string[] = [CONFIG_FILE_FLAG, ...configOverrides.map((o) => o.flag)];

export interface ConfigSources {
  /** The parsed config file, if there is one. */
  file?: unknown;
  env: Readonly<Record<string, string | undefined>>;
  argv: readonly string[];
}

export type OperatorConfigResult = { ok: true; config: OperatorConfig } | { ok: false; errors: string[] };

/** The config file's path from flags or env, so main.ts knows what to read before calling parseOperatorConfig. */
export function configFilePath(env: ConfigSources["env"], argv: readonly string[]): string | undefined {
  const flags = readFlags(argv);
  const path = flags.ok ? flags.values[CONFIG_FILE_FLAG] : undefined;
  return path ?? nonEmpty(env[CONFIG_FILE_ENV]);
}

/** File, then env, then flags; each error names the setting with its env variable and flag. */
export function parseOperatorConfig(sources: ConfigSources): OperatorConfigResult {
  const flags = readFlags(sources.argv);
  if (!flags.ok) return { ok: false, errors: [flags.error] };
  if (sources.file !== undefined && (typeof sources.file !== "object" || sources.file === null || Array.isArray(sources.file))) {
    return { ok: false, errors: ["the config file must hold a mapping at its top level"] };
  }
  const merged = structuredClone((sources.file ?? {}) as Record<string, unknown>);
  for (const o of configOverrides) {
    const value = flags.values[o.flag] ?? nonEmpty(sources.env[o.env]);
    if (value === undefined) continue;
    const [section, key] = o.path;
    const current = merged[section];
    const target = typeof current === "object" && current !== null && !Array.isArray(current) ? (current as Record<string, unknown>) : {};
    merged[section] = { ...target, [key]: value };
  }
  const parsed = operatorConfigSchema.safeParse(merged);
  if (parsed.success) return { ok: true, config: parsed.data };
  return { ok: false, errors: parsed.error.issues.map(describeIssue) };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join(".");
  const o = configOverrides.find((c) => c.path.join(".") === path);
  const where = o === undefined ? "" : ` (env ${o.env}, flag --${o.flag})`;
  return `${path === "" ? "config" : path}${where}: ${issue.message}`;
}

function readFlags(argv: readonly string[]): { ok: true; values: Record<string, string | undefined> } | { ok: false; error: string } {
  const parsed = parseFlags(argv, configFlags);
  return parsed.ok ? { ok: true, values: parsed.flags.values } : { ok: false, error: `invalid command line: ${parsed.error}` };
}

const nonEmpty = (value: string | undefined): string | undefined => (value === "" ? undefined : value);
