import { constants, createDecipheriv, generateKeyPairSync, privateDecrypt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encryptedPayload, textWrappingKey, ZERO_IV } from "../../../../runner/archive/encrypted-payload.ts";
import type { PayloadKey } from "../../../../runner/archive/encrypted-payload.ts";
import { NonRetryableError } from "../../../../runner/outcome/errors.ts";

const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const publicKeyPem = publicKey.export({ type: "spki", format: "pem" }).toString();

/** A reader for the §4.8.3 format: split at the first two LF only, unwrap the data key, decrypt the rest. */
function readPayload(payload: Buffer, unwrap: (wrapped: Buffer) => Buffer): { level: string; csv: Buffer } {
  const first = payload.indexOf(0x0a);
  const second = payload.indexOf(0x0a, first + 1);
  const level = payload.subarray(0, first).toString("ascii");
  const dataKey = unwrap(Buffer.from(payload.subarray(first + 1, second).toString("ascii"), "base64"));
  const decipher = createDecipheriv("aes-256-cbc", dataKey, ZERO_IV);
  return { level, csv: Buffer.concat([decipher.update(payload.subarray(second + 1)), decipher.final()]) };
}

const unwrapText = (textKey: string) => (wrapped: Buffer) => {
  const decipher = createDecipheriv("aes-256-cbc", textWrappingKey(textKey), ZERO_IV);
  return Buffer.concat([decipher.update(wrapped), decipher.final()]);
};
const unwrapRsa = (wrapped: Buffer) => privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, wrapped);

async function collect(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function* csvSource(): AsyncGenerator<Uint8Array | string> {
  yield "Collection Id,User UUID\r\n";
  for (let i = 0; i < 2000; i++) yield Buffer.from(`do_1,user-${i}\r\n`);
  yield '"multi\nline",ಕನ್ನಡ\r\n';
}

describe("encryptedPayload (§4.8.3)", () => {
  it("TEXT_KEY -> level line, 48-byte wrapped key, CSV round trip", async () => {
    const textKey = "s3cret-text-key";
    const payload = await collect(encryptedPayload(csvSource(), { level: "TEXT_KEY_ENCRYPTED_DATASET", textKey }));
    const { level, csv } = readPayload(payload, unwrapText(textKey));
    expect(level).toBe("TEXT_KEY_ENCRYPTED_DATASET");
    expect(csv.equals(await collect(bytesOf(csvSource())))).toBe(true);
    const secondLine = payload.subarray(payload.indexOf(0x0a) + 1, payload.indexOf(0x0a, payload.indexOf(0x0a) + 1)).toString("ascii");
    expect(Buffer.from(secondLine, "base64")).toHaveLength(48);
    expect(secondLine).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it("PUBLIC_KEY -> RSA PKCS#1 v1.5 wrapped key, CSV round trip", async () => {
    const key: PayloadKey = { level: "PUBLIC_KEY_ENCRYPTED_DATASET", publicKeyPem, orgId: "org-1" };
    const payload = await collect(encryptedPayload(csvSource(), key));
    const { level, csv } = readPayload(payload, unwrapRsa);
    expect(level).toBe("PUBLIC_KEY_ENCRYPTED_DATASET");
    expect(csv.toString("utf8")).toContain("user-1999\r\n");
  });

  it("fixed data key -> ciphertext is AES-256-CBC with zero IV of the CSV bytes", async () => {
    const dataKey = Buffer.alloc(32, 9);
    const payload = await collect(encryptedPayload(bytesOf(["a,b\r\n"]), { level: "TEXT_KEY_ENCRYPTED_DATASET", textKey: "k" }, dataKey));
    const body = payload.subarray(payload.indexOf(0x0a, payload.indexOf(0x0a) + 1) + 1);
    const decipher = createDecipheriv("aes-256-cbc", dataKey, ZERO_IV);
    expect(Buffer.concat([decipher.update(body), decipher.final()]).toString()).toBe("a,b\r\n");
    expect(body).toHaveLength(16);
  });

  it("ciphertext containing LF bytes -> still read correctly by splitting at the first two LF", async () => {
    let found = false;
    for (let seed = 0; seed < 64 && !found; seed++) {
      const dataKey = Buffer.alloc(32, seed);
      const payload = await collect(encryptedPayload(csvSource(), { level: "TEXT_KEY_ENCRYPTED_DATASET", textKey: "k" }, dataKey));
      const body = payload.subarray(payload.indexOf(0x0a, payload.indexOf(0x0a) + 1) + 1);
      found = body.includes(0x0a);
      expect(readPayload(payload, unwrapText("k")).csv.toString()).toContain("user-0\r\n");
    }
    expect(found).toBe(true);
  });

  it("text-key wrapping key -> ASCII of the uppercase hex MD5", () => {
    expect(textWrappingKey("password").toString("ascii")).toBe("5F4DCC3B5AA765D61D8327DEB882CF99");
  });

  const invalid: { name: string; key: PayloadKey; message: string }[] = [
    { name: "empty text key -> non-retryable, Sunbird's key message", key: { level: "TEXT_KEY_ENCRYPTED_DATASET", textKey: "" }, message: "Request should have either of batchId, batchFilter, searchFilter or encrption key" },
    { name: "unparsable PEM -> invalid public key", key: { level: "PUBLIC_KEY_ENCRYPTED_DATASET", publicKeyPem: "-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----", orgId: "org-9" }, message: "Invalid public key for org org-9" },
    { name: "EC key instead of RSA -> invalid public key", key: { level: "PUBLIC_KEY_ENCRYPTED_DATASET", publicKeyPem: ecPem(), orgId: "org-9" }, message: "Invalid public key for org org-9" },
  ];
  it.each(invalid)("$name", ({ key, message }) => {
    let read = false;
    const source = (async function* () {
      read = true;
      yield "x";
    })();
    expect(() => encryptedPayload(source, key)).toThrow(NonRetryableError);
    expect(() => encryptedPayload(source, key)).toThrow(message);
    expect(read).toBe(false);
  });
});

async function* bytesOf(source: AsyncIterable<Uint8Array | string> | Iterable<string>): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) yield typeof chunk === "string" ? Buffer.from(chunk) : chunk;
}

function ecPem(): string {
  return generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ type: "spki", format: "pem" }).toString();
}
