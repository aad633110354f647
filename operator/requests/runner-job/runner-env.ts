import type { V1EnvVar } from "@kubernetes/client-node";
import type { ExhaustRequest, StorageProvider } from "../../../crds/exhaust-request.ts";
import { bucketSetting, runnerSettings, settingProvider, settingValue, type RunnerSettingKey } from "../../../crds/runner-contract.ts";
import type { OperatorConfig } from "../../config/operator-config.ts";
import { outputLocationOf } from "./output-location.ts";

/** Where the kubelet reads the result manifest from; the container's terminationMessagePath says the same. */
export const TERMINATION_MESSAGE_PATH = "/dev/termination-log";

export interface RunnerEnvInput {
  request: ExhaustRequest;
  requestId: string;
  collectionId: string;
  batchIds: readonly string[];
  runner: OperatorConfig["runner"];
  /** D18: `batchId=requestId` pairs when the Job's scan serves several requests. */
  batchRequestIds?: readonly string[];
}

/**
 * The runner's env, named by crds/runner-contract.ts: the operator-wide settings from config, then what the
 * request decides. Secrets only ever appear as secretKeyRef (the request's password as both zip password and text
 * key, as Sunbird's encryption_key serves both), never as a value. Only the storage provider the request writes to
 * (its output.provider, else the configured storageProvider) gets its settings and Secrets into the Job; the other
 * providers' credentials never reach it. The PII key and salt reach only UserInfo Jobs: no other report decrypts.
 * Sorted by name, so the manifest is stable.
 */
export function runnerEnv(input: RunnerEnvInput): V1EnvVar[] {
  const { request, runner } = input;
  const spec = request.spec;
  const { provider, bucket, prefix } = outputLocationOf(request, runner);
  const values: Partial<Record<RunnerSettingKey, string | number | boolean | readonly string[]>> = {
    ...forProvider(runner.settings, provider),
    storageProvider: provider,
    report: spec.report,
    requestId: input.requestId,
    collectionId: input.collectionId,
    batchIds: input.batchIds,
    ...(input.batchRequestIds === undefined ? {} : { batchRequestIds: input.batchRequestIds }),
    requestedChannel: spec.requestedChannel,
    requestedBy: spec.requestedBy,
    terminationMessagePath: TERMINATION_MESSAGE_PATH,
    ...(spec.output === undefined ? {} : { outputFormat: spec.output.format, zipEncryption: spec.output.encryption }),
    // An empty setting names no location: forProvider has already passed it through as it is.
    ...(bucket === undefined ? {} : { [bucketSetting[provider]]: bucket }),
    ...(prefix === undefined ? {} : { s3KeyPrefix: prefix }),
  };
  const env: V1EnvVar[] = Object.entries(values).map(([key, value]) => ({
    name: envName(key),
    value: settingValue(value as string | number | boolean | readonly string[]),
  }));
  const secrets: Partial<Record<RunnerSettingKey, { name: string; key: string }>> = withoutUnneededPii(forProvider(runner.secrets, provider), spec.report);
  const password = spec.password?.secretKeyRef;
  if (password !== undefined) {
    secrets.zipPassword = password;
    secrets.textKey = password;
  }
  for (const [key, ref] of Object.entries(secrets)) {
    env.push({ name: envName(key), valueFrom: { secretKeyRef: { name: ref.name, key: ref.key } } });
  }
  return env.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const envName = (key: string): string => runnerSettings[key as RunnerSettingKey].env;

// Drops the settings (or Secrets) of every storage provider but `provider`.
const forProvider = <T>(entries: Record<string, T>, provider: StorageProvider): Record<string, T> =>
  Object.fromEntries(Object.entries(entries).filter(([key]) => (settingProvider(key as RunnerSettingKey) ?? provider) === provider));

const PII_SECRETS: readonly string[] = ["piiKey", "piiSalt"] satisfies RunnerSettingKey[];

// Least privilege: only UserInfo decrypts PII, so only its Jobs may read the key and salt.
const withoutUnneededPii = <T>(secrets: Record<string, T>, report: ExhaustRequest["spec"]["report"]): Record<string, T> =>
  report === "userinfo" ? secrets : Object.fromEntries(Object.entries(secrets).filter(([key]) => !PII_SECRETS.includes(key)));
