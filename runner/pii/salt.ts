import { InvalidConfigurationError } from "../outcome/errors.ts";

// Sunbird escapes CR, TAB and LF in the configured salt (`sunbird_encryption_key`) before using it, on both the
// encrypting and the decrypting side (DecryptUtil.scala replaceSpecialChars).
export const escapeSalt = (salt: string): string =>
  salt.replaceAll("\r", "\\r").replaceAll("\t", "\\t").replaceAll("\n", "\\n");

/** AES key size follows the configured key's byte length; Sunbird's fixed key is 16 ASCII bytes (AES-128). */
export function ecbAlgorithmFor(key: Buffer): string {
  if (key.length === 16 || key.length === 24 || key.length === 32) return `aes-${key.length * 8}-ecb`;
  throw new InvalidConfigurationError(`PII key must be 16, 24 or 32 bytes, got ${key.length}`);
}

export const PII_ROUNDS = 3;
