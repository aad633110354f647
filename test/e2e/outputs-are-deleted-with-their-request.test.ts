import { CreateMultipartUploadCommand, ListMultipartUploadsCommand, PutObjectCommand, UploadPartCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExhaustRequest, ExhaustRequestInput, StorageProvider } from "../../crds/exhaust-request.ts";
import type { OperatorConfigInput } from "../../operator/config/operator-config.ts";
import { OUTPUTS_FINALIZER } from "../../operator/requests/plan/output-reclaim.ts";
import { REQUEST_LABEL } from "../../operator/requests/runner-job/runner-job.ts";
import { endpoints } from "../env/endpoints.ts";
import { startOperator, type OperatorProcess } from "../env/operator-process.ts";
import { readFile } from "node:fs/promises";
import { eventually } from "../env/process.ts";
import type { TestCluster } from "./support/cluster.ts";
import { everyProviderTarget, operatorStorageEnv, type ProviderTarget } from "./support/providers.ts";
import { operatorConfigFor, testStores, type TestStores } from "./support/stores.ts";
import { progressSpec, runnerNamespace, tearDownSuite } from "./support/suite.ts";

// issue 16, scenario 9 (Retention): spec.outputReclaimPolicy Delete removes a request's report objects (and unfinished
// S3 uploads of them) when the request is deleted, by a user or by ttlSecondsAfterFinished, on S3 (moto), Azure
// (Azurite) and GCS (fake-gcs-server); Retain leaves them; a store the operator cannot reach keeps the request, with a
// condition and a Warning Event, until it can.

const REQUESTS = "exhaust.sunbird.org/v1alpha1";

describe("outputReclaimPolicy: a request's objects live as long as the request, when it asks", () => {
  const e = endpoints();
  let cluster: TestCluster;
  let stores: TestStores;
  let operator: OperatorProcess | undefined;
  let config: OperatorConfigInput;
  let env: Record<string, string>;
  let targets = new Map<StorageProvider, ProviderTarget>();

  const start = (c: OperatorConfigInput) => startOperator({ endpoints: e, config: c, leaseName: `lease-${cluster.namespace}`, env });
  const requestPath = (name: string) => `/apis/${REQUESTS}/namespaces/${cluster.namespace}/exhaustrequests/${name}`;
  const spec = (policy: "Retain" | "Delete", extra: Partial<ExhaustRequestInput["spec"]> = {}): ExhaustRequestInput["spec"] => ({ ...progressSpec(stores), outputReclaimPolicy: policy, ...extra });
  const keysOf = async (provider: StorageProvider): Promise<string[]> => [...(await (targets.get(provider) as ProviderTarget).objects()).keys()].sort();
  /** The keys of the request's objects, from its status: `<report>-exhaust/<requestId>/<batch>_...`. */
  const objectKeys = (r: ExhaustRequest | undefined): string[] => (r?.status?.batches ?? []).map((b) => (b.objectUri ?? "").replace(/^.*?(progress-exhaust\/)/, "$1")).sort();
  const succeeded = async (name: string): Promise<ExhaustRequest | undefined> => {
    await cluster.waitForCondition(name, "Succeeded", 240);
    return cluster.getRequest(name);
  };
  const gone = (name: string, timeoutMs = 90_000) => eventually(`${name} deleted`, async () => ((await cluster.getRequest(name)) === undefined ? true : undefined), timeoutMs, 500);

  beforeAll(async () => {
    stores = await testStores(e, { seed: 9, collections: 1, batchesPerCollection: 2, enrolments: 40 });
    cluster = await runnerNamespace(e, "retention", stores);
    const prepared = await everyProviderTarget(e, cluster, stores, operatorConfigFor(e, stores, cluster.namespace));
    targets = prepared.targets;
    config = prepared.config;
    env = await operatorStorageEnv(cluster, config);
    operator = await start(config);
  });

  afterAll(async () => {
    await tearDownSuite({ operator, cluster, stores });
    for (const target of targets.values()) await target.cleanup();
  });

  it("S3: Delete removes the request's files and unfinished uploads, nothing else of the folder; Retain leaves its files", async () => {
    await cluster.createRequest("drop", spec("Delete"));
    await cluster.createRequest("keep", spec("Retain", { requestId: "keep-1" }));
    const drop = await succeeded("drop");
    const keep = await succeeded("keep");
    expect(drop?.metadata.finalizers).toEqual([OUTPUTS_FINALIZER]);
    expect(keep?.metadata.finalizers ?? []).toEqual([]);
    const dropKeys = objectKeys(drop);
    const keepKeys = objectKeys(keep);
    expect(dropKeys).toHaveLength(2);
    expect(keepKeys).toHaveLength(2);
    expect(await keysOf("s3")).toEqual([...dropKeys, ...keepKeys].sort());

    // What a runner SIGKILLed mid-upload leaves (an unfinished upload of the batch's key, another day), and a file
    // someone else put in the request's folder, which is not the request's to delete.
    const folder = (dropKeys[0] ?? "").replace(/[^/]*$/, "");
    const batchId = drop?.status?.batches?.[0]?.batchId ?? "";
    const partial = `${folder}${batchId}_progress_20260101.zip`;
    const upload = await stores.s3.send(new CreateMultipartUploadCommand({ Bucket: stores.bucket, Key: partial }));
    await stores.s3.send(new UploadPartCommand({ Bucket: stores.bucket, Key: partial, UploadId: upload.UploadId, PartNumber: 1, Body: Buffer.alloc(1024, 1) }));
    const stranger = `${folder}notes.txt`;
    await stores.s3.send(new PutObjectCommand({ Bucket: stores.bucket, Key: stranger, Body: "not a report" }));

    await cluster.api.request("DELETE", requestPath("drop"));
    await cluster.api.request("DELETE", requestPath("keep"));
    await gone("drop");
    await gone("keep");
    expect(await keysOf("s3")).toEqual([...keepKeys, stranger].sort());
    const uploads = await stores.s3.send(new ListMultipartUploadsCommand({ Bucket: stores.bucket, Prefix: folder }));
    expect(uploads.Uploads ?? []).toEqual([]);
  }, 600_000);

  it("Azure and GCS: Delete removes the files when ttlSecondsAfterFinished deletes the request", async () => {
    for (const provider of ["azure", "gcs"] as const) {
      const name = `ttl-${provider}`;
      await cluster.createRequest(name, spec("Delete", { output: { provider }, ttlSecondsAfterFinished: 5 }));
      const done = await succeeded(name);
      const keys = objectKeys(done);
      expect(keys, provider).toHaveLength(2);
      expect(await keysOf(provider), provider).toEqual(keys);
      await gone(name);
      expect(await keysOf(provider), provider).toEqual([]);
    }
  }, 600_000);

  it("deleted while its runners run: the Jobs are stopped first, and no object of the request remains after", async () => {
    await cluster.createRequest("midrun", spec("Delete", { requestId: "midrun-1" }));
    const jobsPath = `/apis/batch/v1/namespaces/${cluster.namespace}/jobs?labelSelector=${encodeURIComponent(`${REQUEST_LABEL}=midrun`)}`;
    await eventually("a runner Job of midrun", async () => ((await cluster.list(jobsPath)).length > 0 ? true : undefined), 120_000, 100);
    await cluster.api.request("DELETE", requestPath("midrun"));
    await gone("midrun");
    expect(await readFile(operator?.logFile ?? "", "utf8")).toContain("Stopping the deleted request's runner Jobs before deleting its report objects");
    expect(await cluster.list(jobsPath)).toEqual([]);
    // A runner stopped mid-upload would show up here if the cleanup had not waited for its pod.
    await new Promise((r) => setTimeout(r, 3000));
    expect((await keysOf("s3")).filter((k) => k.includes("/midrun-1/"))).toEqual([]);
  }, 300_000);

  it("a store the operator cannot reach: the request stays with a condition and a Warning Event, and goes once the store answers", async () => {
    await cluster.createRequest("unreachable", spec("Delete", { requestId: "unreachable-1" }));
    const done = await succeeded("unreachable");
    const keys = objectKeys(done);
    expect(keys).toHaveLength(2);
    await operator?.stop();
    // The operator's S3 endpoint points at a closed loopback port (the store down); the runners are finished.
    const down = { ...config, runner: { ...config.runner, image: config.runner?.image ?? "", settings: { ...config.runner?.settings, s3Endpoint: "http://127.0.0.1:9" } } };
    operator = await start(down);
    await cluster.api.request("DELETE", requestPath("unreachable"));
    const stuck = await eventually("OutputDeletionFailed", async () => {
      const r = await cluster.getRequest("unreachable");
      return r?.status?.conditions?.find((c) => c.type === "OutputsDeleted" && c.reason === "OutputDeletionFailed");
    });
    expect(stuck.status).toBe("False");
    expect(stuck.message).toMatch(/^deleting the report objects failed, retrying with backoff: s3 bucket t-[0-9a-f]+: .+; to keep the objects instead, set spec.outputReclaimPolicy to Retain \(or remove the finalizer exhaust.sunbird.org\/outputs\)$/);
    const events = await cluster.list<{ reason?: string; type?: string; regarding?: { name?: string } }>(`/apis/events.k8s.io/v1/namespaces/${cluster.namespace}/events`);
    expect(events.filter((ev) => ev.regarding?.name === "unreachable" && ev.reason === "OutputDeletionFailed").map((ev) => ev.type)).toContain("Warning");
    expect((await keysOf("s3")).filter((k) => keys.includes(k))).toEqual(keys);

    await operator.stop();
    operator = await start(config);
    await gone("unreachable");
    expect((await keysOf("s3")).filter((k) => keys.includes(k))).toEqual([]);
  }, 600_000);
});
