import { platformDecryptor, isPlatformKeyLength } from "../../crds/platform-decryption.ts";
import { InvalidConfigurationError } from "../outcome/errors.ts";

/**
 * Sunbird's platform PII decryption (reports-spec §4.9, D8), shared with the operator's bridge in crds/. A key of
 * the wrong size is the deployment's configuration error, which ends the runner without retries.
 */
export function piiDecryptor(key: string, salt: string): (value: string) => string {
  const bytes = Buffer.byteLength(key, "utf8");
  if (!isPlatformKeyLength(bytes)) throw new InvalidConfigurationError(`PII key must be 16, 24 or 32 bytes, got ${bytes}`);
  return platformDecryptor(key, salt);
}
