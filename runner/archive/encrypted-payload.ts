import { constants, createCipheriv, createHash, createPublicKey, publicEncrypt, randomBytes } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { invalidPublicKey, NO_BATCH_SELECTOR_OR_KEY, NonRetryableError } from "../outcome/errors.ts";

// reports-spec §4.8.3 (EncryptFileUtil.scala): the TEXT_KEY / PUBLIC_KEY payload is
//   "<LEVEL>\n" + Base64(wrapped data key) + "\n" + AES-256-CBC(PKCS#7, zero IV) of the whole CSV.
// A reader splits at the first two "\n" only: the ciphertext may contain that byte.

export type PayloadKey =
  | { level: "TEXT_KEY_ENCRYPTED_DATASET"; textKey: string }
  | { level: "PUBLIC_KEY_ENCRYPTED_DATASET"; publicKeyPem: string; orgId: string };

export const DATA_KEY_BYTES = 32;
export const ZERO_IV = Buffer.alloc(16);

/** The text-key wrapping key: the 32 ASCII bytes of the uppercase hex MD5 of the UTF-8 key. */
export const textWrappingKey = (textKey: string): Buffer =>
  Buffer.from(createHash("md5").update(textKey, "utf8").digest("hex").toUpperCase(), "ascii");

/**
 * Encrypt `source` into the payload. The key is checked before anything is read: an empty text key or a PEM that
 * is not an RSA public key throws a NonRetryableError. `dataKey` is for tests; production takes a random one.
 */
export function encryptedPayload(
  source: AsyncIterable<Uint8Array | string>,
  key: PayloadKey,
  dataKey: Buffer = randomBytes(DATA_KEY_BYTES),
): AsyncGenerator<Uint8Array> {
  const wrapped = wrapDataKey(key, dataKey);
  return encryptStream(source, `${key.level}\n${wrapped.toString("base64")}\n`, dataKey);
}

export function wrapDataKey(key: PayloadKey, dataKey: Buffer): Buffer {
  if (key.level === "TEXT_KEY_ENCRYPTED_DATASET") {
    if (key.textKey === "") throw new NonRetryableError(NO_BATCH_SELECTOR_OR_KEY);
    const cipher = createCipheriv("aes-256-cbc", textWrappingKey(key.textKey), ZERO_IV);
    return Buffer.concat([cipher.update(dataKey), cipher.final()]);
  }
  const publicKey = rsaPublicKey(key.publicKeyPem, key.orgId);
  return publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, dataKey);
}

function rsaPublicKey(pem: string, orgId: string): KeyObject {
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: pem, format: "pem" });
  } catch {
    throw new NonRetryableError(invalidPublicKey(orgId));
  }
  if (publicKey.asymmetricKeyType !== "rsa") throw new NonRetryableError(invalidPublicKey(orgId));
  return publicKey;
}

async function* encryptStream(source: AsyncIterable<Uint8Array | string>, header: string, dataKey: Buffer): AsyncGenerator<Uint8Array> {
  const cipher = createCipheriv("aes-256-cbc", dataKey, ZERO_IV);
  yield Buffer.from(header, "ascii");
  for await (const chunk of source) {
    const encrypted = cipher.update(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk);
    if (encrypted.length > 0) yield encrypted;
  }
  yield cipher.final();
}
