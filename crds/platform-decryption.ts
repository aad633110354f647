import { createDecipheriv, createSecretKey } from "node:crypto";
import { javaTrim } from "./java-trim.ts";
import { canonicalBase64Length, decodeBase64Leniently } from "./lenient-base64.ts";

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
  const decryptAll = platformBatchDecryptor(key, salt);
  return (value) => decryptAll([value])[0] as string;
}

/**
 * platformDecryptor for many values at once, in their order: each round deciphers every value still in play with one
 * native call (ECB keeps no state between blocks), instead of one call per value and round, which was most of the
 * decryption's cost for UserInfo.
 */
export function platformBatchDecryptor(key: string, salt: string): (values: readonly string[]) => string[] {
  const keyBytes = Buffer.from(key, "utf8");
  if (!isPlatformKeyLength(keyBytes.length)) throw new RangeError(`PII key must be 16, 24 or 32 bytes, got ${keyBytes.length}`);
  const saltLength = escapeSalt(salt).length;
  // Padding is checked here, as Java's PKCS5 unpadding does, so the one decipher never holds back a block.
  const ecb = createDecipheriv(`aes-${keyBytes.length * 8}-ecb`, createSecretKey(keyBytes), null).setAutoPadding(false);

  /** The round's plaintext after the salt, or null when the padding or the length fails. */
  const afterSalt = (plain: Buffer, start: number, end: number): string | null => {
    if (end === start) return saltLength > 0 ? null : "";
    const pad = plain[end - 1] ?? 0;
    if (pad < 1 || pad > AES_BLOCK || pad > end - start) return null;
    for (let i = end - pad; i < end; i++) if (plain[i] !== pad) return null;
    const unpadded = end - pad;
    // An ASCII salt prefix is one character per byte: decode after it. Otherwise count characters of the whole text.
    let asciiPrefix = unpadded - start >= saltLength;
    for (let i = start; asciiPrefix && i < start + saltLength; i++) if ((plain[i] ?? 0) >= 0x80) asciiPrefix = false;
    if (asciiPrefix) return plain.toString("utf8", start + saltLength, unpadded);
    const text = plain.toString("utf8", start, unpadded);
    return text.length < saltLength ? null : text.slice(saltLength);
  };

  return (values) => {
    const out = values.slice();
    // Blank input is returned as given (step 1): with an empty salt it would otherwise "decrypt" to "".
    let live: number[] = [];
    let texts: string[] = [];
    for (let i = 0; i < values.length; i++) {
      const text = javaTrim(values[i] as string);
      if (text.length > 0) {
        live.push(i);
        texts.push(text);
      }
    }
    for (let round = 0; round < ROUNDS && live.length > 0; round++) {
      // Where each value's ciphertext goes in the round's one buffer; a length that is not whole blocks fails it.
      const lengths: number[] = [];
      const lenient: (Buffer | null)[] = [];
      let total = 0;
      for (const text of texts) {
        let length = canonicalBase64Length(text);
        const decoded = length < 0 ? decodeBase64Leniently(text) : null;
        if (decoded !== null) length = decoded.length;
        lengths.push(length % AES_BLOCK === 0 ? length : -1);
        lenient.push(decoded);
        if (length % AES_BLOCK === 0) total += length;
      }
      const cipherText = Buffer.allocUnsafe(total);
      let at = 0;
      for (let k = 0; k < texts.length; k++) {
        const length = lengths[k] as number;
        if (length < 0) continue;
        const decoded = lenient[k];
        if (decoded == null) cipherText.write(texts[k] as string, at, length, "base64");
        else decoded.copy(cipherText, at);
        at += length;
      }
      const plain = total > 0 ? ecb.update(cipherText) : cipherText;
      const nextLive: number[] = [];
      const nextTexts: string[] = [];
      at = 0;
      for (let k = 0; k < texts.length; k++) {
        const length = lengths[k] as number;
        if (length < 0) continue;
        const next = afterSalt(plain, at, at + length);
        at += length;
        if (next === null) continue;
        nextLive.push(live[k] as number);
        nextTexts.push(next);
      }
      live = nextLive;
      texts = nextTexts;
    }
    for (let k = 0; k < live.length; k++) out[live[k] as number] = texts[k] as string;
    return out;
  };
}
