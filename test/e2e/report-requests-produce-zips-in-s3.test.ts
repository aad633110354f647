import type { V1Job } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../crds/exhaust-request.ts";
import { endpoints } from "../env/endpoints.ts";
import { startOperator, type OperatorProcess } from "../env/operator-process.ts";
import type { TestCluster } from "./support/cluster.ts";
import { csvOf, runnerAlone, sha256 } from "./support/outputs.ts";
import { operatorConfigFor, testStores, type TestStores } from "./support/stores.ts";
import { runnerNamespace, tearDownSuite } from "./support/suite.ts";

// Request -> runner Jobs -> pods run by the stand-in node -> zips in S3, for each report type. Each object must hold
// exactly what the runner alone produces for the same batches, and the status must describe it.

const PASSWORD = "e2e-Zip-Passw0rd";

describe("an ExhaustRequest of each report type ends with its zips in S3", () => {
  const e = endpoints();
  let cluster: TestCluster;
  let stores: TestStores;
  let operator: OperatorProcess;

  beforeAll(async () => {
    stores = await testStores(e, { seed: 11, collections: 2, batchesPerCollection: 2, enrolments: 120 });
    cluster = await runnerNamespace(e, "reports", stores, PASSWORD);
    operator = await startOperator({ endpoints: e, config: operatorConfigFor(e, stores, cluster.namespace), leaseName: `lease-${cluster.namespace}` });
  });

  afterAll(async () => {
    await tearDownSuite({ operator, cluster, stores });
  });

  const reports: Report[] = ["progress", "response", "userinfo"];
  it.each(reports)("%s: Succeeded with per-batch rows, bytes, sha256 and objects equal to the runner's own output", async (report) => {
    const collection = stores.data.collections[0];
    if (collection === undefined) throw new Error("no collection in the sample data");
    const name = `${report}-all-batches`;
    await cluster.createRequest(name, {
      report,
      collectionId: collection.id,
      batches: { ids: collection.batchIds },
      requestedBy: "e2e-user",
      requestedChannel: collection.channel,
      password: { secretKeyRef: { name: "zip-password", key: "password" } },
    });

    await cluster.waitForCondition(name, "Succeeded", 180);

    const request = await cluster.getRequest(name);
    const status = request?.status;
    expect(status?.phase).toBe("Succeeded");
    expect(status?.progress).toBe(`${collection.batchIds.length}/${collection.batchIds.length}`);
    const objects = await stores.objects();
    const batches = status?.batches ?? [];
    expect(batches.map((b) => b.batchId).sort()).toEqual([...collection.batchIds].sort());
    for (const b of batches) {
      expect(b.phase).toBe("Succeeded");
      const key = [...objects.keys()].find((k) => b.objectUri?.endsWith(k) && k.includes(`/${b.batchId}_${report}_`));
      expect(key, `object of batch ${b.batchId} (${b.objectUri})`).toBeDefined();
      const bytes = objects.get(key ?? "") ?? Buffer.alloc(0);
      expect({ batch: b.batchId, bytes: b.bytes, sha256: b.sha256 }).toEqual({ batch: b.batchId, bytes: bytes.length, sha256: sha256(bytes) });
      expect(b.rows).toBeGreaterThan(0);
    }
    expect(status?.totals?.rows).toBe(batches.reduce((sum, b) => sum + (b.rows ?? 0), 0));

    const jobs = await cluster.list<V1Job>(`/apis/batch/v1/namespaces/${cluster.namespace}/jobs?labelSelector=exhaust.sunbird.org/request=${name}`);
    // D18: no batchid index, so the collection's batches share one Job and one scan.
    expect(jobs.map((j) => j.metadata?.annotations?.["exhaust.sunbird.org/batch-ids"]?.split(",").sort())).toEqual([[...collection.batchIds].sort()]);
    for (const job of jobs) {
      const alone = await runnerAlone(cluster.api, job);
      expect(alone.exitCode, alone.stderr).toBe(0);
      // Every batch of the Job must have an output of its own, or the comparison below would compare nothing.
      expect([...alone.files.keys()].map((path) => batches.find((b) => path.includes(`/${b.batchId}_${report}_`))?.batchId).sort()).toEqual(
        (job.metadata?.annotations?.["exhaust.sunbird.org/batch-ids"] ?? "").split(",").sort(),
      );
      for (const [path, zip] of alone.files) {
        const batch = batches.find((b) => path.includes(`/${b.batchId}_${report}_`));
        const key = [...objects.keys()].find((k) => k.endsWith(path) || path.endsWith(k));
        expect(batch, `status batch for ${path}`).toBeDefined();
        expect(key, `S3 object for ${path}`).toBeDefined();
        const ours = await csvOf(objects.get(key ?? "") ?? Buffer.alloc(0), PASSWORD);
        const theirs = await csvOf(zip, PASSWORD);
        expect(ours.header).toBe(theirs.header);
        expect(ours.records).toEqual(theirs.records);
        expect(ours.records.length).toBe(batch?.rows);
      }
    }
  });
});
