import type { ExhaustRequest, StorageProvider } from "../../../crds/exhaust-request.ts";
import { bucketSetting } from "../../../crds/runner-contract.ts";
import type { OperatorConfig } from "../../config/operator-config.ts";

/** Where a request's runner Jobs write its report objects. */
export interface OutputLocation {
  provider: StorageProvider;
  /** The bucket (Azure: container); undefined when neither the spec nor the settings name one (outputDir). */
  bucket?: string;
  /** The key prefix before `<report>-exhaust/`; undefined when neither names one (the runner's default applies). */
  prefix?: string;
}

/**
 * The request's spec.output, else the operator's runner settings: the Job's env (runnerEnv) and the folders deleted
 * with the request (outputTargets) both come from here, so a deletion looks where the Jobs wrote. An empty setting
 * names nothing.
 */
export function outputLocationOf(request: ExhaustRequest, runner: OperatorConfig["runner"]): OutputLocation {
  const output = request.spec.output;
  const provider = storageProviderOf(request, runner);
  const bucket = output?.bucket ?? textSettingOf(runner, bucketSetting[provider]);
  const prefix = output?.prefix ?? textSettingOf(runner, "s3KeyPrefix");
  return { provider, ...(bucket === undefined ? {} : { bucket }), ...(prefix === undefined ? {} : { prefix }) };
}

/** The request's output.provider, else the operator's storageProvider setting, else S3. */
export const storageProviderOf = (request: ExhaustRequest, runner: OperatorConfig["runner"]): StorageProvider =>
  request.spec.output?.provider ?? (runner.settings.storageProvider as StorageProvider | undefined) ?? "s3";

/** A runner setting of the operator's config as text; undefined when unset or empty. */
export const textSettingOf = (runner: OperatorConfig["runner"], key: string): string | undefined => {
  const value = runner.settings[key];
  return typeof value === "string" && value !== "" ? value : undefined;
};
