import { createDecipheriv, generateKeyPairSync, privateDecrypt, constants } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { textWrappingKey, ZERO_IV } from "../../../runner/archive/encrypted-payload.ts";
import { loadFixture } from "./fixture.ts";
import { objectContent, openStores, parseCsv, runnerEnv, runRunner, type Stores } from "./harness.ts";

// The tenant's dataSecurityPolicy picks the protection (§4.8): TEXT_KEY and PUBLIC_KEY zips hold the encrypted
// payload "<LEVEL>\n<base64 wrapped key>\n<AES-256-CBC of the CSV>", which decrypts back to the report.

function splitPayload(payload: Buffer): { level: string; wrapped: Buffer; cipherText: Buffer } {
  const first = payload.indexOf(0x0a);
  const second = payload.indexOf(0x0a, first + 1);
  return { level: payload.subarray(0, first).toString("ascii"), wrapped: Buffer.from(payload.subarray(first + 1, second).toString("ascii"), "base64"), cipherText: payload.subarray(second + 1) };
}

const aesDecrypt = (key: Buffer, cipherText: Buffer): Buffer => {
  const decipher = createDecipheriv("aes-256-cbc", key, ZERO_IV);
  return Buffer.concat([decipher.update(cipherText), decipher.final()]);
};
const usersIn = (csv: Buffer) => parseCsv(csv.toString("utf8")).slice(1).map((row) => row[4]).sort();

describe("protection levels from the tenant preference", () => {
  let stores: Stores;
  let server: Server;
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const env = (org: string, requestId: string, settings: Record<string, string> = {}) =>
    runnerEnv(stores, { EXHAUST_REPORT: "progress", EXHAUST_REQUEST_ID: requestId, EXHAUST_COLLECTION_ID: "do_c1", EXHAUST_BATCH_IDS: "B1", EXHAUST_REQUESTED_CHANNEL: org, ...settings });
  const payloadOf = async (uri: string | undefined) => objectContent(stores, uri ?? "");

  beforeAll(async () => {
    stores = await openStores();
    await loadFixture(stores, { batchIdIndex: false });
    server = createServer((_req, res) => res.end(publicKey.export({ type: "spki", format: "pem" })));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/org_pk.pem`;
    const policy = (level: string) => JSON.stringify({ level });
    const exec = (q: string, p: unknown[]) => stores.cassandra.execute(q, p, { prepare: true });
    await exec(`INSERT INTO ${stores.keyspace}.tenant_preference_v2 (orgid, key, data) VALUES (?, 'dataSecurityPolicy', ?)`, ["org_nokey", policy("PUBLIC_KEY_ENCRYPTED_DATASET")]);
    await exec(`INSERT INTO ${stores.keyspace}.organisation (id, keys) VALUES (?, ?)`, ["org_a", { exhaustEncryptionKey: [url] }]);
    await exec(`INSERT INTO ${stores.keyspace}.tenant_preference_v2 (orgid, key, data) VALUES (?, 'dataSecurityPolicy', ?)`, ["org_creds", policy("PUBLIC_KEY_ENCRYPTED_DATASET")]);
    const withSecrets = url.replace("http://", "http://keyuser:keysecret@").concat("?signature=sig-secret");
    await exec(`INSERT INTO ${stores.keyspace}.organisation (id, keys) VALUES (?, ?)`, ["org_creds", { exhaustEncryptionKey: [withSecrets] }]);
  });
  afterAll(async () => {
    server.close();
    await stores.close();
  });

  it("TEXT_KEY (asked for by the request, stricter than the org's PLAIN): the MD5-derived key unwraps the data key", async () => {
    const run = await runRunner(env("org_a", "TK", { EXHAUST_SECURITY_LEVEL: "TEXT_KEY_ENCRYPTED_DATASET", EXHAUST_TEXT_KEY: "my text key" }));
    expect(run.code, run.stderr).toBe(0);
    const { level, wrapped, cipherText } = splitPayload(await payloadOf(run.manifest?.batches[0]?.objectUri));
    expect(level).toBe("TEXT_KEY_ENCRYPTED_DATASET");
    const dataKey = aesDecrypt(textWrappingKey("my text key"), wrapped);
    expect(usersIn(aesDecrypt(dataKey, cipherText))).toEqual(["u1", "u2", "u3"]);
  });

  it("PUBLIC_KEY: the PEM comes from the URL in organisation.keys; the private key unwraps the data key", async () => {
    const run = await runRunner(env("org_a", "PK", { EXHAUST_SECURITY_LEVEL: "PUBLIC_KEY_ENCRYPTED_DATASET" }));
    expect(run.code, run.stderr).toBe(0);
    const { level, wrapped, cipherText } = splitPayload(await payloadOf(run.manifest?.batches[0]?.objectUri));
    expect(level).toBe("PUBLIC_KEY_ENCRYPTED_DATASET");
    const dataKey = privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, wrapped);
    expect(usersIn(aesDecrypt(dataKey, cipherText))).toEqual(["u1", "u2", "u3"]);
  });

  it("a public key fetch failure names the error kind only, never the URL with its credentials", async () => {
    const run = await runRunner(env("org_creds", "CREDS"));
    expect(run.code).toBe(20);
    expect(run.manifest?.batches[0]).toMatchObject({ ok: false, retryable: true, message: "Public key could not be fetched: TypeError" });
    expect(run.stderr + run.stdout).not.toMatch(/keysecret|sig-secret/);
  });

  it("PUBLIC_KEY without a configured key URL fails non-retryably", async () => {
    const run = await runRunner(env("org_nokey", "NOKEY"));
    expect(run.code).toBe(10);
    expect(run.manifest?.batches[0]).toMatchObject({ ok: false, retryable: false, message: "Public key not configured for org org_nokey" });
  });
});
