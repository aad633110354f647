import { platformBatchDecryptor } from "../../crds/platform-decryption.ts";
import { InvalidConfigurationError } from "../outcome/errors.ts";

/**
 * Sunbird's platform PII decryption (reports-spec §4.9, D8), shared with the operator's bridge in crds/, for many
 * values at once (UserInfo decrypts a group of users' fields in one call). A key of the wrong size (the RangeError)
 * is the deployment's configuration error, which ends the runner without retries.
 */
export function piiBatchDecryptor(key: string, salt: string): (values: readonly string[]) => string[] {
  try {
    return platformBatchDecryptor(key, salt);
  } catch (err) {
    throw err instanceof RangeError ? new InvalidConfigurationError(err.message) : err;
  }
}
