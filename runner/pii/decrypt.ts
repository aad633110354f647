import { createDecipheriv, createSecretKey } from "node:crypto";
import { trimText } from "../format/text.ts";
import { decodeBase64Leniently } from "./lenient-base64.ts";
import { ecbAlgorithmFor, escapeSalt, PII_ROUNDS } from "./salt.ts";

const AES_BLOCK = 16;

/**
 * Sunbird's platform PII decryption (reports-spec §4.9, D8): three rounds of lenient Base64, AES-ECB, UTF-8 and
 * dropping the salt's length in characters. A value that fails any step, plaintext included, comes back unchanged.
 */
export function piiDecryptor(key: string, salt: string): (value: string) => string {
  const keyBytes = Buffer.from(key, "utf8");
  const algorithm = ecbAlgorithmFor(keyBytes);
  const saltLength = escapeSalt(salt).length;
  // ECB keeps no state between blocks, so one decipher serves every value as long as each input is whole blocks;
  // padding is checked here, as Java's PKCS5 unpadding does, instead of creating a decipher per value.
  const ecb = createDecipheriv(algorithm, createSecretKey(keyBytes), null).setAutoPadding(false);

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
    let text = trimText(value);
    // Blank input is returned as given (step 1): with an empty salt it would otherwise "decrypt" to "".
    if (text.length === 0) return value;
    for (let round = 0; round < PII_ROUNDS; round++) {
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
