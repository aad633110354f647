import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { Agent } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import { CreateBucketCommand, GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPORTS, type Report } from "../../../crds/exhaust-request.ts";
import { s3Sink } from "../../../runner/sinks/s3-upload.ts";
import { endpoints } from "../../env/endpoints.ts";
import { loadFixture, pii } from "./fixture.ts";
import { openStores, rand, runnerEnv, runRunner, type Stores } from "./harness.ts";
import { openProviderStores, type ProviderStore } from "./provider-stores.ts";

// Every report exported to each provider's local server (moto, Azurite, fake-gcs-server) through the runner CLI, as
// the Job runs it: the same CSV bytes everywhere, the manifest's size and sha256 those of the stored object, the D1
// key, each provider's URI form, and a signed download URL per provider that fetches the object.

const execFileAsync = promisify(execFile);
const password = "zip pass";
const settingsOf: Record<Report, Record<string, string>> = {
  progress: { EXHAUST_OUTPUT_FORMAT: "csv" },
  response: { EXHAUST_OUTPUT_FORMAT: "csv" },
  userinfo: { EXHAUST_PII_KEY: pii.key, EXHAUST_PII_SALT: pii.salt, EXHAUST_ZIP_PASSWORD: password },
};
const uriPattern = (store: ProviderStore, key: string): RegExp => {
  const prefix = store.provider === "azure" ? "wasb://[^@]+@devstoreaccount1\\.blob\\.core\\.windows\\.net/" : store.provider === "gcs" ? "gs://[^/]+/" : "s3://[^/]+/";
  return new RegExp(`^${prefix}${key.replace(/\./g, "\\.")}$`);
};

async function unzipped(bytes: Buffer): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), "provider-zip-"));
  try {
    await writeFile(join(dir, "o.zip"), bytes);
    return (await execFileAsync("unzip", ["-P", password, "-p", join(dir, "o.zip")], { encoding: "buffer" })).stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("exports to S3, Azure Blob and GCS", () => {
  let stores: Stores;
  let providers: ProviderStore[];
  const csvBytes = new Map<string, Buffer>();

  beforeAll(async () => {
    stores = await openStores();
    await loadFixture(stores, { batchIdIndex: true });
    providers = await openProviderStores(stores);
  }, 300_000);
  afterAll(async () => {
    for (const p of providers) await p.close();
    await stores.close();
  });

  for (const report of REPORTS) {
    for (const provider of ["s3", "azure", "gcs"] as const) {
      it(`${report} to ${provider}: D1 key, ${provider} URI, manifest size and sha256 = the stored object, signed URL fetches it`, async () => {
        const store = providers.find((p) => p.provider === provider);
        if (store === undefined) throw new Error(`no ${provider} store`);
        const requestId = `REQ-${provider}`;
        const run = await runRunner(runnerEnv(stores, { EXHAUST_REPORT: report, EXHAUST_REQUEST_ID: requestId, EXHAUST_COLLECTION_ID: "do_c1", EXHAUST_BATCH_IDS: "B1", EXHAUST_REQUESTED_CHANNEL: "org_a", ...settingsOf[report], ...store.env() }));
        expect(run.code, run.stderr).toBe(0);
        const batch = run.manifest?.batches[0];
        const ext = report === "userinfo" ? "zip" : "csv";
        const key = expect.stringMatching(new RegExp(`^${report}-exhaust/${requestId}/B1_${report}_\\d{8}\\.${ext}$`));
        const ofReport = async () => (await store.objects()).filter((k) => k.startsWith(`${report}-exhaust/`));
        expect(await ofReport()).toEqual([key]);
        const [stored] = await ofReport();
        expect(batch?.objectUri).toMatch(uriPattern(store, stored ?? ""));
        const bytes = await store.read(batch?.objectUri ?? "");
        expect(bytes.length).toBe(batch?.bytes);
        expect(createHash("sha256").update(bytes).digest("hex")).toBe(batch?.sha256);
        expect(await store.unfinished()).toEqual([]);
        const csv = ext === "zip" ? await unzipped(bytes) : bytes;
        expect(csv.length).toBeGreaterThan(0);
        csvBytes.set(`${report}/${provider}`, csv);

        const signed = await store.signedUrl(stored ?? "", { now: new Date() });
        const response = await fetch(signed);
        expect(response.status).toBe(200);
        expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
      }, 120_000);
    }
    it(`${report}: the CSV bytes are identical on the three providers`, () => {
      const [s3, azure, gcs] = ["s3", "azure", "gcs"].map((p) => csvBytes.get(`${report}/${p}`));
      expect(s3).toBeDefined();
      expect(azure?.equals(s3 ?? Buffer.alloc(0))).toBe(true);
      expect(gcs?.equals(s3 ?? Buffer.alloc(0))).toBe(true);
    });
  }

  it("Azure: the blob is private (anonymous read refused) and a SAS signed 31 minutes ago no longer works", async () => {
    const store = providers.find((p) => p.provider === "azure");
    const [key] = (await store?.objects()) ?? [];
    // A blob the export tests above wrote; without one this would only probe the container.
    if (key === undefined) throw new Error("no Azure blob to check: the export tests must run first");
    const url = new URL((await store?.signedUrl(key, { now: new Date() })) ?? "");
    expect((await fetch(`${url.origin}${url.pathname}`)).status).toBe(403);
    const expired = await store?.signedUrl(key, { now: new Date(Date.now() - 31 * 60_000) });
    expect((await fetch(expired ?? "")).status).toBe(403);
  });

  it("Azure and GCS: a missing container or bucket fails the batch as a configuration error (exit 11), not a retry", async () => {
    for (const [provider, env] of [
      ["azure", { EXHAUST_AZURE_CONTAINER: `missing-${rand()}` }],
      ["gcs", { EXHAUST_GCS_BUCKET: `missing-${rand()}` }],
    ] as const) {
      const store = providers.find((p) => p.provider === provider);
      const run = await runRunner(runnerEnv(stores, { EXHAUST_REPORT: "progress", EXHAUST_REQUEST_ID: "MISSING", EXHAUST_COLLECTION_ID: "do_c1", EXHAUST_BATCH_IDS: "B1", EXHAUST_REQUESTED_CHANNEL: "org_a", EXHAUST_OUTPUT_FORMAT: "csv", ...store?.env(), ...env }));
      expect(run.code, `${provider}: ${run.stderr}`).toBe(11);
      expect(run.manifest?.batches[0]).toMatchObject({ ok: false, retryable: false, message: expect.stringContaining(`Upload failed: ${provider} 404`) });
    }
  }, 120_000);

  it("S3 virtual-host addressing (AWS, GCS interoperability): the bucket in the host name, the same object", async () => {
    // <bucket>.localhost must reach moto: an agent that dials the loopback address whatever the host name says.
    const agent = new Agent();
    Object.assign(agent, { createConnection: (options: { port?: number }) => connect({ host: "127.0.0.1", port: options.port ?? 80 }) });
    const s3 = endpoints().s3;
    const client = new S3Client({ endpoint: s3.endpoint.replace("127.0.0.1", "localhost"), region: s3.region, forcePathStyle: false, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }, requestHandler: { httpAgent: agent } });
    const hosts = new Set<string>();
    client.middlewareStack.add((next) => async (args) => {
      hosts.add((args.request as { hostname: string }).hostname);
      return next(args);
    }, { step: "finalizeRequest" });
    const bucket = `vh-${rand()}`;
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    const body = Buffer.alloc(6 * 1024 * 1024 + 17, "a,b\r\n");
    const { uri } = await s3Sink(client, bucket, { partSize: 5 * 1024 * 1024, queueSize: 1 }).put("progress-exhaust/R/B_progress_20240131.csv", Readable.from([body]), "text/csv");
    expect(uri).toBe(`s3://${bucket}/progress-exhaust/R/B_progress_20240131.csv`);
    expect([...hosts]).toEqual([`${bucket}.localhost`]);
    const object = await stores.s3.send(new GetObjectCommand({ Bucket: bucket, Key: "progress-exhaust/R/B_progress_20240131.csv" }));
    expect(Buffer.from(await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()).equals(body)).toBe(true);
    client.destroy();
  });
});
