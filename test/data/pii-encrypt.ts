import { createCipheriv, type Cipheriv } from "node:crypto";

/** Sunbird's hard-coded platform key (keyValue in DecryptUtil.scala and the user service's EncryptionService). */
export const SUNBIRD_PII_KEY = "ThisAsISerceKtey";

export interface PiiCipher {
  /** 16 ASCII characters: AES-128. */
  key: string;
  /** Config sunbird_encryption_key, raw; CR, TAB and LF are escaped before use, as Sunbird does. */
  salt: string;
  /**
   * Wrap each round's Base64 at 76 characters with "\n", as sun.misc.BASE64Encoder (which the older user service
   * used) does; such stored values contain line breaks that decrypt must skip.
   */
  mimeLines?: boolean;
}

export const escapeSalt = (salt: string): string => salt.replaceAll("\r", "\\r").replaceAll("\t", "\\t").replaceAll("\n", "\\n");

// ECB encrypts each block alone, so one unpadded cipher per key serves every call: update() on whole blocks
// returns them at once. This saves a cipher set-up per round, which dominates for a million users.
const ciphers = new Map<string, Cipheriv>();

function aesEcbPkcs5(key: string, plain: Buffer): Buffer {
  let cipher = ciphers.get(key);
  if (!cipher) {
    const keyBytes = Buffer.from(key, "ascii");
    if (keyBytes.length !== 16 || keyBytes.toString("ascii") !== key) throw new Error("the PII key must be 16 ASCII characters");
    cipher = createCipheriv("aes-128-ecb", keyBytes, null).setAutoPadding(false);
    ciphers.set(key, cipher);
  }
  const pad = 16 - (plain.length % 16);
  return cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)]));
}

/** Sunbird's platform encryption (reports-spec.md §4.9): 3 rounds of Base64(AES-128-ECB(salt + v)), PKCS#5. */
export function encryptPii(value: string, cipher: PiiCipher): string {
  const salt = escapeSalt(cipher.salt);
  let v = value;
  for (let round = 0; round < 3; round++) {
    const bytes = aesEcbPkcs5(cipher.key, Buffer.from(salt + v, "utf8"));
    v = cipher.mimeLines ? mimeBase64(bytes) : bytes.toString("base64");
  }
  return v;
}

// sun.misc.CharacterEncoder: 57 bytes (76 chars) per line, a newline after every full line, none after a short one.
function mimeBase64(bytes: Buffer): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 57) {
    const chunk = bytes.subarray(i, i + 57);
    out += chunk.toString("base64");
    if (chunk.length === 57) out += "\n";
  }
  return out;
}
