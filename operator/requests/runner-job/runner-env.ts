import type { V1EnvVar } from "@kubernetes/client-node";
import type { ExhaustRequest } from "../../../crds/exhaust-request.ts";
import { runnerSettings, settingValue, type RunnerSettingKey } from "../../../crds/runner-contract.ts";
import type { OperatorConfig } from "../../config.ts";

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
 * key, as Sunbird's encryption_key serves both), never as a value. Sorted by name, so the manifest is stable.
 */
export function runnerEnv(input: RunnerEnvInput): V1EnvVar[] {
  const { request, runner } = input;
  const spec = request.spec;
  const values: Partial<Record<RunnerSettingKey, string | number | boolean | readonly string[]>> = {
    ...runner.settings,
    report: spec.report,
    requestId: input.requestId,
    collectionId: input.collectionId,
    batchIds: input.batchIds,
    ...(input.batchRequestIds === undefined ? {} : { batchRequestIds: input.batchRequestIds }),
    requestedChannel: spec.requestedChannel,
    requestedBy: spec.requestedBy,
    terminationMessagePath: TERMINATION_MESSAGE_PATH,
    ...(spec.output === undefined
      ? {}
      : {
          outputFormat: spec.output.format,
          zipEncryption: spec.output.encryption,
          ...(spec.output.bucket === undefined ? {} : { s3Bucket: spec.output.bucket }),
          ...(spec.output.prefix === undefined ? {} : { s3KeyPrefix: spec.output.prefix }),
        }),
  };
  const env: V1EnvVar[] = Object.entries(values).map(([key, value]) => ({
    name: envName(key),
    value: settingValue(value as string | number | boolean | readonly string[]),
  }));
  const secrets: Partial<Record<RunnerSettingKey, { name: string; key: string }>> = { ...runner.secrets };
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
