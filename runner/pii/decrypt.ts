import { platformDecryptor } from "../../crds/platform-decryption.ts";
import { InvalidConfigurationError } from "../outcome/errors.ts";

/**
 * Sunbird's platform PII decryption (reports-spec §4.9, D8), shared with the operator's bridge in crds/. A key of
 * the wrong size (platformDecryptor's RangeError) is the deployment's configuration error, which ends the runner
 * without retries.
 */
export function piiDecryptor(key: string, salt: string): (value: string) => string {
  try {
    return platformDecryptor(key, salt);
  } catch (err) {
    throw err instanceof RangeError ? new InvalidConfigurationError(err.message) : err;
  }
}
