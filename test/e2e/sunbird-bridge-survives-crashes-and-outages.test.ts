import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExhaustRequest } from "../../crds/exhaust-request.ts";
import { readJobRequest, submitJobRequest } from "../data/job-request.ts";
import { endpoints, type Endpoints } from "../env/endpoints.ts";
import { startOperator, type OperatorProcess } from "../env/operator-process.ts";
import { eventually } from "../env/process.ts";
import { postgresClient } from "../env/store-clients.ts";
import { startPostgres } from "../env/stores/postgres.ts";
import { bindBridgeRole, bridgeEnv, bridgeOperatorConfig, freshJobRequestTable, openDownloads, rowOutcome } from "./support/bridge.ts";
import { REQUESTS_PATH, type TestCluster } from "./support/cluster.ts";
import { testStores, type TestStores } from "./support/stores.ts";
import { runnerNamespace, tearDownSuite } from "./support/suite.ts";

// The bridge killed between creating a request and writing PROCESSING creates no second request after restart;
// Postgres stopped for 30 s while a request finishes loses no write-back. Each case has its own namespace,
// operator and Lease, so the two run at the same time.

const OUTAGE_MS = 30_000;

describe("the Sunbird bridge survives a killed operator and a Postgres outage", () => {
  const e = endpoints();
  let stores: TestStores;
  const clusters: TestCluster[] = [];
  const operators: OperatorProcess[] = [];
  const clients: pg.Client[] = [];
  let privatePostgres: Awaited<ReturnType<typeof startPostgres>> | undefined;

  beforeAll(async () => {
    stores = await testStores(e, { seed: 43, collections: 1, batchesPerCollection: 2, enrolments: 40 });
  });

  afterAll(async () => {
    for (const c of clients) await c.end().catch(() => undefined);
    for (const o of operators) await o.stop();
    for (const c of clusters) await c.deleteNamespace();
    await privatePostgres?.proc.stop();
    await tearDownSuite({ stores });
  });

  const collection = () => {
    const c = stores.data.collections[0];
    if (c === undefined) throw new Error("no collection in the sample data");
    return c;
  };

  async function bridgeSetup(suite: string, postgres: Endpoints["postgres"]) {
    const cluster = await runnerNamespace(e, suite, stores);
    clusters.push(cluster);
    await bindBridgeRole(cluster);
    const client = postgresClient(postgres);
    client.on("error", () => undefined); // the outage case stops this server under the client
    await client.connect();
    clients.push(client);
    const table = await freshJobRequestTable(client);
    const start = async () => {
      const o = await startOperator({ endpoints: e, config: bridgeOperatorConfig(e, stores, cluster.namespace, postgres, table), leaseName: `lease-${cluster.namespace}`, env: bridgeEnv(postgres, stores) });
      operators.push(o);
      return o;
    };
    const bridgeRequests = async () => (await cluster.list<ExhaustRequest>(`${REQUESTS_PATH(cluster.namespace)}?labelSelector=exhaust.sunbird.org/bridge`));
    const submit = (tag: string, batchId: string) =>
      submitJobRequest(client, table, { tag, dataset: "progress-exhaust", datasetConfig: { batchId }, requestedBy: "bridge-admin", channel: collection().channel, encryptionKey: "crash-Key1", submittedAt: new Date() });
    return { cluster, client, table, start, bridgeRequests, submit };
  }

  it.concurrent("killed after creating the request, before PROCESSING: the restarted operator creates no second request and writes SUCCESS", async () => {
    const s = await bridgeSetup("bridge-kill", e.postgres);
    const first = await s.start();
    const key = await s.submit(`${collection().id}_kill`, collection().batchIds[0] ?? "");
    // The kill lands in the window deterministically: PROCESSING needs a runner pod started by this same process's
    // request controller (seconds after the request exists), so killing as soon as the request is listed (polled
    // every 20 ms) stops the only writer while the row is still SUBMITTED; the assertion below proves it did.
    const created = await eventually("the bridge's request", async () => (await s.bridgeRequests())[0], 60_000, 20);
    await first.kill();
    expect((await readJobRequest(s.client, s.table, key))?.status).toBe("SUBMITTED");

    const second = await s.start();
    const { row, seen } = await rowOutcome(s.client, s.table, key);
    expect(seen.at(-1)).toBe("SUCCESS");
    expect(row.download_urls).toHaveLength(1);
    const after = await s.bridgeRequests();
    expect(after.map((r) => r.metadata.uid)).toEqual([created.metadata.uid]);
    expect(await second.metrics()).not.toMatch(/^exhaust_bridge_requests_created_total\{report="progress"\} [1-9]/m);
  });

  it.concurrent("Postgres stopped for 30 s while the request finishes: the write-back lands once it is back", async () => {
    privatePostgres = await startPostgres(e.runDir);
    const postgres = privatePostgres;
    const s = await bridgeSetup("bridge-outage", postgres);
    const operator = await s.start();
    const batchId = collection().batchIds[1] ?? "";
    const key = await s.submit(`${collection().id}_outage`, batchId);
    await eventually("PROCESSING", async () => ((await readJobRequest(s.client, s.table, key))?.status === "PROCESSING" ? true : undefined), 120_000, 100);

    const down = Date.now();
    await postgres.stopServer();
    const finished = await eventually("the request finished while Postgres is down", async () => {
      const r = (await s.bridgeRequests())[0];
      return r?.status?.phase === "Succeeded" ? r : undefined;
    }, 180_000);
    expect(finished.metadata.labels?.["exhaust.sunbird.org/bridge-written-back"]).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - down))));
    await postgres.startServer();
    const back = Date.now();

    // The test's own connection died with the server; Sunbird's API reads with a fresh one, and so does the test.
    const fresh = postgresClient(postgres);
    await fresh.connect();
    clients.push(fresh);
    const { row } = await rowOutcome(fresh, s.table, key, 60_000);
    console.log(`bridge e2e: Postgres back -> row SUCCESS in ${Date.now() - back} ms`);
    expect(row.status).toBe("SUCCESS");
    expect((await openDownloads(stores, row.download_urls ?? [], "crash-Key1")).map((o) => o.key.includes(`/${batchId}_`))).toEqual([true]);
    expect(await operator.metrics()).toMatch(/^controller_runtime_reconcile_errors_total\{controller="sunbird-bridge"\} [1-9]/m);
  });
});
