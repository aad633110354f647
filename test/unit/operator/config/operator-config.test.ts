import { describe, expect, it } from "vitest";
import { configFilePath, parseOperatorConfig, type ConfigSources } from "../../../../operator/config/operator-config.ts";

const file = { runner: { image: "ghcr.io/sunbird/exhaust:1.0.0" } };

describe("parseOperatorConfig", () => {
  const cases: { name: string; sources: ConfigSources; want: { ok: true; at?: Record<string, unknown> } | { ok: false; error: RegExp } }[] = [
    {
      name: "file with only the image -> every default",
      sources: { file, env: {}, argv: [] },
      want: {
        ok: true,
        at: {
          "requests.maxBatchesPerRequest": 20,
          "limits.maxConcurrentBatches": 10,
          "limits.maxConcurrentBatchesPerChannel": 3,
          "scan.enrolmentsHaveBatchIdIndex": false,
          "scan.maxBatchesPerScan": 10,
          "scan.gatherSeconds": 5,
          "retry.maxAttempts": 3,
          "retry.initialBackoffSeconds": 60,
          "storeOutageRetry.maxAttempts": 8,
          "storeOutageRetry.maxBackoffSeconds": 300,
          "jobs.ttlSecondsAfterFinished": 3600,
          "runner.defaultTier": "medium",
          "controller.workers": 2,
        },
      },
    },
    { name: "no image anywhere -> error naming the setting", sources: { env: {}, argv: [] }, want: { ok: false, error: /runner/ } },
    {
      name: "env overrides the file, flag overrides env",
      sources: { file: { ...file, limits: { maxConcurrentBatches: 4 } }, env: { EXHAUST_MAX_CONCURRENT_BATCHES: "6", EXHAUST_RUNNER_IMAGE: "img:env" }, argv: ["--max-concurrent-batches=8"] },
      want: { ok: true, at: { "limits.maxConcurrentBatches": 8, "runner.image": "img:env" } },
    },
    { name: "boolean from env", sources: { file, env: { EXHAUST_ENROLMENTS_HAVE_BATCHID_INDEX: "true" }, argv: [] }, want: { ok: true, at: { "scan.enrolmentsHaveBatchIdIndex": true } } },
    { name: "gathering window from env, 0 disables it", sources: { file, env: { EXHAUST_SCAN_GATHER_SECONDS: "0" }, argv: [] }, want: { ok: true, at: { "scan.gatherSeconds": 0 } } },
    { name: "empty env var means unset", sources: { file, env: { EXHAUST_WORKERS: "" }, argv: [] }, want: { ok: true, at: { "controller.workers": 2 } } },
    { name: "bad number from env -> error names env and flag", sources: { file, env: { EXHAUST_WORKERS: "many" }, argv: [] }, want: { ok: false, error: /controller\.workers \(env EXHAUST_WORKERS, flag --workers\)/ } },
    { name: "job TTL under an hour -> rejected", sources: { file, env: {}, argv: ["--job-ttl-seconds", "60"] }, want: { ok: false, error: /jobs\.ttlSecondsAfterFinished/ } },
    { name: "unknown flag -> rejected", sources: { file, env: {}, argv: ["--nope=1"] }, want: { ok: false, error: /invalid command line/ } },
    { name: "unknown runner setting -> rejected", sources: { file: { runner: { ...file.runner, settings: { nope: "x" } } }, env: {}, argv: [] }, want: { ok: false, error: /unknown runner setting nope/ } },
    {
      name: "per-request runner setting in config -> rejected",
      sources: { file: { runner: { ...file.runner, settings: { report: "progress" } } }, env: {}, argv: [] },
      want: { ok: false, error: /report is set per request/ },
    },
    {
      name: "secret setting given as a value -> rejected",
      sources: { file: { runner: { ...file.runner, settings: { piiKey: "0123456789abcdef" } } }, env: {}, argv: [] },
      want: { ok: false, error: /piiKey is a secret/ },
    },
    {
      name: "runner setting with a bad value -> rejected by the runner's own schema",
      sources: { file: { runner: { ...file.runner, settings: { redisUserPort: 70000 } } }, env: {}, argv: [] },
      want: { ok: false, error: /runner\.settings\.redisUserPort/ },
    },
    {
      name: "default tier that does not exist -> rejected",
      sources: { file: { runner: { ...file.runner, defaultTier: "huge" } }, env: {}, argv: [] },
      want: { ok: false, error: /no resource tier is named huge/ },
    },
    {
      name: "bridge on in a namespace the operator does not watch -> rejected, naming bridge.namespace",
      sources: { file: { ...file, controller: { namespace: "exports" }, bridge: { enabled: true, namespace: "sunbird" } }, env: {}, argv: [] },
      want: { ok: false, error: /bridge\.namespace: must be the watched namespace \(controller\.namespace exports\)/ },
    },
    {
      name: "bridge on in the watched namespace -> accepted",
      sources: { file: { ...file, controller: { namespace: "sunbird" }, bridge: { enabled: true, namespace: "sunbird" } }, env: {}, argv: [] },
      want: { ok: true, at: { "bridge.namespace": "sunbird" } },
    },
    {
      name: "store-outage attempts from env -> set",
      sources: { file, env: { EXHAUST_STORE_OUTAGE_RETRY_MAX_ATTEMPTS: "12" }, argv: ["--store-outage-retry-max-backoff-seconds=600"] },
      want: { ok: true, at: { "storeOutageRetry.maxAttempts": 12, "storeOutageRetry.maxBackoffSeconds": 600 } },
    },
    {
      name: "ordinary retry raised above the store-outage default -> accepted (the outage budget takes the larger count)",
      sources: { file: { ...file, retry: { maxAttempts: 10 } }, env: {}, argv: [] },
      want: { ok: true, at: { "retry.maxAttempts": 10, "storeOutageRetry.maxAttempts": 8 } },
    },
    { name: "file that is not a mapping -> rejected", sources: { file: ["x"], env: {}, argv: [] }, want: { ok: false, error: /mapping/ } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = parseOperatorConfig(c.sources);
      expect(result.ok).toBe(c.want.ok);
      if (result.ok && c.want.ok) {
        for (const [path, value] of Object.entries(c.want.at ?? {})) {
          const got = path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], result.config);
          expect(got, path).toEqual(value);
        }
      }
      if (!result.ok && !c.want.ok) expect(result.errors.join("\n")).toMatch(c.want.error);
    });
  }
});

describe("configFilePath", () => {
  it.each([
    ["flag wins", { EXHAUST_OPERATOR_CONFIG: "/env.yaml" }, ["--config", "/flag.yaml"], "/flag.yaml"],
    ["env", { EXHAUST_OPERATOR_CONFIG: "/env.yaml" }, [], "/env.yaml"],
    ["none", {}, [], undefined],
  ])("%s", (_name, env, argv, want) => expect(configFilePath(env, argv)).toBe(want));
});
