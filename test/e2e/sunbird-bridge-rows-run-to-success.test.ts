import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExhaustRequest } from "../../crds/exhaust-request.ts";
import { encryptPii } from "../data/pii-encrypt.ts";
import { submitJobRequest, type SunbirdSubmission } from "../data/job-request.ts";
import { endpoints } from "../env/endpoints.ts";
import { startOperator, type OperatorProcess } from "../env/operator-process.ts";
import { postgresPool } from "../env/store-clients.ts";
import { bindBridgeRole, bridgeEnv, bridgeOperatorConfig, freshJobRequestTable, openDownloads, rowOutcome } from "./support/bridge.ts";
import { REQUESTS_PATH, type TestCluster } from "./support/cluster.ts";
import { testStores, type TestStores } from "./support/stores.ts";
import { runnerNamespace, tearDownSuite } from "./support/suite.ts";

// Rows written as Sunbird's API writes them run on the operator through the bridge and end as Sunbird's Spark job
// would leave them: SUBMITTED -> PROCESSING -> SUCCESS with download_urls that, read as Sunbird's API reads them,
// name zips in the bucket that open with the row's key; a failing request goes FAILED and a resubmission succeeds.

describe("the Sunbird bridge runs job_request rows on the operator", () => {
  const e = endpoints();
  let cluster: TestCluster;
  let stores: TestStores;
  let operator: OperatorProcess;
  // A pool: the cases run at once, and one pg Client must not run two queries at a time.
  let client: pg.Pool;
  let table: string;

  beforeAll(async () => {
    stores = await testStores(e, { seed: 41, collections: 3, batchesPerCollection: 2, enrolments: 40 });
    cluster = await runnerNamespace(e, "bridge", stores);
    await bindBridgeRole(cluster);
    client = postgresPool(e.postgres);
    table = await freshJobRequestTable(client);
    operator = await startOperator({
      endpoints: e,
      config: bridgeOperatorConfig(e, stores, cluster.namespace, e.postgres, table),
      leaseName: `lease-${cluster.namespace}`,
      env: bridgeEnv(e.postgres, stores),
    });
  });

  afterAll(async () => {
    const metrics = (await operator?.metrics().catch(() => "")) ?? "";
    const figure = (name: string) => Number(new RegExp(`^${name}\\{controller="sunbird-bridge"\\} (\\S+)$`, "m").exec(metrics)?.[1] ?? NaN);
    const passes = figure("controller_runtime_reconcile_time_seconds_count");
    console.log(`bridge e2e: ${passes} passes, mean pass ${((figure("controller_runtime_reconcile_time_seconds_sum") / passes) * 1000).toFixed(1)} ms`);
    await client?.end();
    await tearDownSuite({ operator, cluster, stores });
  });

  const collection = (i: number) => {
    const c = stores.data.collections[i];
    if (c === undefined) throw new Error(`no collection ${i} in the sample data`);
    return c;
  };
  const submission = (over: Partial<SunbirdSubmission> & Pick<SunbirdSubmission, "tag" | "dataset" | "datasetConfig" | "channel">): SunbirdSubmission => ({
    requestedBy: "bridge-admin",
    submittedAt: new Date(),
    ...over,
  });
  const requestsOf = async (requestId: string) =>
    (await cluster.list<ExhaustRequest>(REQUESTS_PATH(cluster.namespace))).filter((r) => r.spec.requestId === requestId);

  const cases = [
    // Two collections in one batchFilter: two requests, joined again in the row in batch order.
    { report: "progress", dataset: "progress-exhaust", batches: () => [collection(1).batchIds[0] ?? "", collection(0).batchIds[0] ?? ""], encrypted: false },
    { report: "response", dataset: "response-exhaust", batches: () => [collection(0).batchIds[1] ?? ""], encrypted: false },
    // The course service's path: the key stored encrypted with the platform scheme (D8).
    { report: "userinfo", dataset: "userinfo-exhaust", batches: () => [collection(0).batchIds[0] ?? ""], encrypted: true },
  ];

  it.concurrent.each(cases)("$report: SUBMITTED -> PROCESSING -> SUCCESS; every download key opens with the row's key", async ({ report, dataset, batches, encrypted }) => {
    const zipKey = `bridge-${report}-Key1`;
    const ids = batches();
    const started = Date.now();
    const key = await submitJobRequest(
      client,
      table,
      submission({
        tag: `${collection(0).id}_${report}`,
        dataset,
        datasetConfig: ids.length === 1 ? { batchId: ids[0] } : { batchFilter: ids },
        channel: collection(0).channel,
        encryptionKey: encrypted ? encryptPii(zipKey, stores.data.pii) : zipKey,
      }),
    );
    const { row, seen } = await rowOutcome(client, table, key);
    console.log(`bridge e2e: ${report} row inserted -> SUCCESS in ${Date.now() - started} ms (statuses ${seen.join(" -> ")})`);
    expect(seen).toEqual(["SUBMITTED", "PROCESSING", "SUCCESS"]);
    expect({ status: row.status, iteration: row.iteration, err: row.err_message }).toEqual({ status: "SUCCESS", iteration: 0, err: "" });
    const opened = await openDownloads(stores, row.download_urls ?? [], zipKey);
    expect(opened.map((o) => o.key.split("/").at(-1)?.split("_")[0])).toEqual(ids);
    for (const o of opened) expect(o.header.length, o.key).toBeGreaterThan(0);
    expect((await requestsOf(key.requestId)).length).toBe(new Set(ids.map((id) => [0, 1, 2].find((i) => collection(i).batchIds.includes(id)))).size);
  });

  it.concurrent("a failing request -> FAILED, iteration 1, its message; resubmitted as the API does -> a new request that succeeds", async () => {
    const c = collection(2);
    const hierarchyOf = async () =>
      (await stores.cassandra.execute(`SELECT hierarchy FROM ${stores.keyspace}.content_hierarchy WHERE identifier = ?`, [c.id], { prepare: true })).first()?.get("hierarchy") as string;
    const setHierarchy = (text: string) => stores.cassandra.execute(`INSERT INTO ${stores.keyspace}.content_hierarchy (identifier, hierarchy) VALUES (?, ?)`, [c.id, text], { prepare: true });
    const live = await hierarchyOf();
    await setHierarchy(JSON.stringify({ ...(JSON.parse(live) as Record<string, unknown>), status: "Retired" }));
    const first = submission({ tag: `${c.id}_retry`, dataset: "progress-exhaust", datasetConfig: { batchId: c.batchIds[0] }, channel: c.channel, encryptionKey: "retry-Key1" });
    const key = await submitJobRequest(client, table, first);
    const failed = await rowOutcome(client, table, key);
    expect({ status: failed.row.status, iteration: failed.row.iteration, err: failed.row.err_message }).toEqual({
      status: "FAILED",
      iteration: 1,
      err: expect.stringContaining("The request is made for retired collection"),
    });

    await setHierarchy(live);
    const again = await submitJobRequest(client, table, { ...first, submittedAt: new Date(), localDate: first.submittedAt.toISOString().slice(0, 10) });
    expect(again.outcome).toBe("resubmitted");
    const { row } = await rowOutcome(client, table, key);
    expect({ status: row.status, iteration: row.iteration, err: row.err_message }).toEqual({ status: "SUCCESS", iteration: 1, err: "" });
    expect((await openDownloads(stores, row.download_urls ?? [], "retry-Key1")).map((o) => o.key.includes(`/${c.batchIds[0]}_`))).toEqual([true]);
    const requests = await requestsOf(key.requestId);
    expect(requests.map((r) => r.status?.phase).sort()).toEqual(["Failed", "Succeeded"]);
  });
});
