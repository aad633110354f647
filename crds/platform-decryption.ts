import { createDecipheriv, createSecretKey } from "node:crypto";
import { javaTrim } from "./java-trim.ts";
import { decodeBase64Leniently } from "./lenient-base64.ts";

// Sunbird's platform symmetric encryption (reports-spec §4.9, D8; DecryptUtil.scala): the runner decrypts PII with
// it, the operator's Sunbird bridge the stored request key. One implementation, so both read what Sunbird wrote.

const AES_BLOCK = 16;
const ROUNDS = 3;

/** AES key sizes; Sunbird's fixed key is 16 ASCII bytes (AES-128). */
const isPlatformKeyLength = (bytes: number): boolean => bytes === 16 || bytes === 24 || bytes === 32;

// Sunbird escapes CR, TAB and LF in the configured salt (`sunbird_encryption_key`) before using it, on both the
// encrypting and the decrypting side (DecryptUtil.scala replaceSpecialChars).
const escapeSalt = (salt: string): string => salt.replaceAll("\r", "\\r").replaceAll("\t", "\\t").replaceAll("\n", "\\n");

/**
 * Three rounds of lenient Base64, AES-ECB, UTF-8 and dropping the salt's length in characters. A value that fails
 * any step, plaintext included, comes back unchanged. Throws a RangeError for a key that is not 16, 24 or 32 bytes.
 */
export function platformDecryptor(key: string, salt: string): (value: string) => string {
  const keyBytes = Buffer.from(key, "utf8");
  if (!isPlatformKeyLength(keyBytes.length)) throw new RangeError(`PII key must be 16, 24 or 32 bytes, got ${keyBytes.length}`);
  const saltLength = escapeSalt(salt).length;
  // ECB keeps no state between blocks, so one decipher serves every value as long as each input is whole blocks;
  // padding is checked here, as Java's PKCS5 unpadding does, instead of creating a decipher per value.
  const ecb = createDecipheriv(`aes-${keyBytes.length * 8}-ecb`, createSecretKey(keyBytes), null).setAutoPadding(false);

  const decryptRound = (text: string): string | null => {
    const cipherText = decodeBase64Leniently(text);
    if (cipherText.length % AES_BLOCK !== 0) return null;
    let plain = "";
    if (cipherText.length > 0) {
      const padded = ecb.update(cipherText);
      const unpadded = withoutPkcs7Padding(padded);
      if (unpadded === null) return null;
      plain = unpadded.toString("utf8");
    }
    return plain.length < saltLength ? null : plain.slice(saltLength);
  };

  return (value) => {
    let text = javaTrim(value);
    // Blank input is returned as given (step 1): with an empty salt it would otherwise "decrypt" to "".
    if (text.length === 0) return value;
    for (let round = 0; round < ROUNDS; round++) {
      const next = decryptRound(text);
      if (next === null) return value;
      text = next;
    }
    return text;
  };
}

function withoutPkcs7Padding(block: Buffer): Buffer | null {
  const pad = block[block.length - 1] ?? 0;
  if (pad < 1 || pad > AES_BLOCK || pad > block.length) return null;
  for (let i = block.length - pad; i < block.length; i++) if (block[i] !== pad) return null;
  return block.subarray(0, block.length - pad);
}
