import { createCipheriv, createSecretKey } from "node:crypto";
import { ecbAlgorithmFor, escapeSalt, PII_ROUNDS } from "./salt.ts";

/**
 * The encrypting side of the platform scheme (DefaultEncryptionServivceImpl.java): three rounds of
 * Base64(AES-ECB(salt + value)). The runner only decrypts; this exists to build fixtures and to prove round trips.
 */
export function piiEncryptor(key: string, salt: string): (value: string) => string {
  const keyBytes = Buffer.from(key, "utf8");
  const algorithm = ecbAlgorithmFor(keyBytes);
  const secret = createSecretKey(keyBytes);
  const escapedSalt = escapeSalt(salt);
  return (value) => {
    let text = value;
    for (let round = 0; round < PII_ROUNDS; round++) {
      const cipher = createCipheriv(algorithm, secret, null);
      text = Buffer.concat([cipher.update(escapedSalt + text, "utf8"), cipher.final()]).toString("base64");
    }
    return text;
  };
}
