import type { z } from "zod";
import { runnerSettings, settingValue, type RunnerSettingKey } from "../../crds/runner-contract.ts";
import type { OperatorConfig } from "../config/operator-config.ts";

/** The settings the operator signs download URLs and deletes report objects with: the runners' provider settings and their credentials. */
export interface SigningSettings {
  s3: { endpoint?: string; region: string; forcePathStyle: boolean; accessKeyId?: string; secretAccessKey?: string };
  azure: { accountName?: string; blobEndpoint?: string; accountKey?: string };
  gcs: { endpoint?: string; projectId?: string; credentialsJson?: string };
}

type Parsed<K extends RunnerSettingKey> = z.output<(typeof runnerSettings)[K]["schema"]>;

/**
 * Reads the storage settings from the operator's runner settings (the same values the Jobs get) and the credentials
 * from the operator's own env under the runner's env names (AWS_ACCESS_KEY_ID, AZURE_STORAGE_KEY,
 * EXHAUST_GCS_CREDENTIALS_JSON...), which the Deployment fills from the storage Secret by secretKeyRef.
 */
export function signingSettings(runner: OperatorConfig["runner"], env: Readonly<Record<string, string | undefined>>): SigningSettings {
  const configured = <K extends RunnerSettingKey>(key: K): Parsed<K> => {
    const value = runner.settings[key];
    return runnerSettings[key].schema.parse(value === undefined ? undefined : settingValue(value)) as Parsed<K>;
  };
  const secret = (key: RunnerSettingKey): string | undefined => {
    const value = env[runnerSettings[key].env];
    return value === undefined || value === "" ? undefined : value;
  };
  const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return {
    s3: defined({
      endpoint: configured("s3Endpoint"),
      region: configured("s3Region"),
      forcePathStyle: configured("s3ForcePathStyle"),
      accessKeyId: secret("s3AccessKeyId"),
      secretAccessKey: secret("s3SecretAccessKey"),
    }),
    azure: defined({ accountName: configured("azureAccountName"), blobEndpoint: configured("azureBlobEndpoint"), accountKey: secret("azureAccountKey") }),
    gcs: defined({ endpoint: configured("gcsEndpoint"), projectId: configured("gcsProjectId"), credentialsJson: secret("gcsCredentialsJson") }),
  };
}
