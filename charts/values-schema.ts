// values.schema.json: the chart's own values, and under `config` the operator's configuration schema
// (operator/config/operator-config.ts) in JSON Schema form, so `helm install` rejects what the operator would reject at start.
import { z } from "zod";
import { CONCURRENCY_POLICIES, MISSED_RUN_POLICIES } from "../crds/exhaust-schedule.ts";
import { runnerSettings, type RunnerSettingKey } from "../crds/runner-contract.ts";
import { operatorConfigSchema, perRequestRunnerSettings } from "../operator/config/operator-config.ts";

type JsonSchema = Record<string, unknown>;

const configurable = (secret: boolean): string[] =>
  (Object.keys(runnerSettings) as RunnerSettingKey[]).filter((k) => runnerSettings[k].secret === secret && !perRequestRunnerSettings.includes(k));

/** The operator's schema for values' `config`; the chart fills in runner.image, so values need not. */
export function configSchema(): JsonSchema {
  const schema = z.toJSONSchema(operatorConfigSchema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  delete schema.$schema;
  const props = schema.properties as Record<string, JsonSchema>;
  const runner = props.runner as JsonSchema & { properties: Record<string, JsonSchema>; required?: string[] };
  runner.required = (runner.required ?? []).filter((key) => key !== "image");
  // config.ts's refinements name the allowed keys; JSON Schema can say the same with propertyNames.
  runner.properties.settings = { ...runner.properties.settings, propertyNames: { enum: configurable(false) } };
  runner.properties.secrets = { ...runner.properties.secrets, propertyNames: { enum: configurable(true) } };
  return schema;
}

const str = { type: "string" };
const bool = { type: "boolean" };
const obj = (properties: Record<string, unknown>, extra: JsonSchema = {}): JsonSchema => ({ type: "object", properties, additionalProperties: false, ...extra });
const anyObject = { type: "object" };
const k8sName = { type: "string", pattern: "^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$", maxLength: 63 };
const secretRef = (keys: Record<string, JsonSchema>): JsonSchema => obj({ existingSecret: k8sName, ...keys });

const schedule = (name: string): JsonSchema =>
  obj(
    {
      enabled: bool,
      name: { type: "string", pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", maxLength: 30 },
      schedules: { type: "array", items: str, minItems: 1 },
      timeZone: str,
      concurrencyPolicy: { enum: [...CONCURRENCY_POLICIES] },
      startingDeadlineSeconds: { type: "integer" },
      missedRunPolicy: { enum: [...MISSED_RUN_POLICIES] },
      maxMissedRuns: { type: "integer" },
      suspend: bool,
      successfulRunsHistoryLimit: { type: "integer" },
      failedRunsHistoryLimit: { type: "integer" },
      runNow: str,
      // The ExhaustRequest spec without report (the chart sets it); the apiserver validates the rest.
      template: { type: "object", not: { required: ["report"] } },
    },
    { description: `The ExhaustSchedule ${name}.` },
  );

export function valuesSchema(): JsonSchema {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    type: "object",
    additionalProperties: false,
    properties: {
      global: anyObject,
      nameOverride: str,
      fullnameOverride: str,
      image: obj({ repository: { type: "string", minLength: 1 }, tag: str, pullPolicy: { enum: ["Always", "IfNotPresent", "Never"] } }),
      imagePullSecrets: { type: "array", items: anyObject },
      replicaCount: { type: "integer", minimum: 1 },
      leaderElection: obj({ enabled: bool, leaseName: str }),
      watchNamespace: k8sName,
      logLevel: { enum: ["fatal", "error", "warn", "info", "debug", "trace", "silent"] },
      healthHost: { type: "string", minLength: 1 },
      healthPort: { type: "integer", minimum: 1, maximum: 65535 },
      resources: anyObject,
      podSecurityContext: anyObject,
      securityContext: anyObject,
      podAnnotations: anyObject,
      podLabels: anyObject,
      nodeSelector: anyObject,
      tolerations: { type: "array" },
      affinity: anyObject,
      priorityClassName: str,
      serviceAccount: obj({ name: str, annotations: anyObject }),
      runnerServiceAccount: obj({ name: str, annotations: anyObject }),
      metrics: obj({
        service: obj({ enabled: bool, port: { type: "integer", minimum: 1, maximum: 65535 } }),
        serviceMonitor: obj({ enabled: bool, interval: str, labels: anyObject }),
      }),
      podDisruptionBudget: obj({ minAvailable: { type: ["integer", "string"] } }),
      crds: obj({ upgradeJob: obj({ enabled: bool, resources: anyObject }) }),
      secrets: obj({
        cassandra: secretRef({ passwordKey: str, password: str }),
        s3: secretRef({ accessKeyIdKey: str, secretAccessKeyKey: str, accessKeyId: str, secretAccessKey: str }),
        pii: secretRef({ keyKey: str, saltKey: str, key: str, salt: str }),
        zipPassword: secretRef({ key: str, password: str }),
        bridgePostgres: secretRef({ passwordKey: str, password: str }),
      }),
      config: configSchema(),
      schedules: obj({ namespace: k8sName, progress: schedule("progress"), response: schedule("response"), userinfo: schedule("userinfo") }),
    },
  };
}
