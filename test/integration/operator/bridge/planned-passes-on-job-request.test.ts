import { randomBytes } from "node:crypto";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExhaustRequest, ExhaustRequestStatus } from "../../../../crds/exhaust-request.ts";
import { bridgeConfigSchema } from "../../../../operator/config/bridge-config.ts";
import { selectRowsByKeys, selectSubmittedRows, updateRow } from "../../../../operator/bridge/bridge-queries.ts";
import type { JobRequestRow } from "../../../../operator/bridge/job-request-row.ts";
import { planBridgePass, trackedRowKeys, type BridgePlan } from "../../../../operator/bridge/plan-bridge-pass.ts";
import { createJobRequestTable, submitJobRequest, type SunbirdSubmission } from "../../../data/job-request.ts";
import { endpoints } from "../../../env/endpoints.ts";
import { postgresClient } from "../../../env/store-clients.ts";

// planBridgePass over rows Sunbird's API wrote, its writes applied with the bridge's SQL: the contract between what
// pg returns and the planner's row type, and the row at the end as Sunbird's job would leave it. The Kubernetes side
// is played by plain objects here (the controller that writes them lands with the controller manager).

const bridge = bridgeConfigSchema.parse({ enabled: true });
const config = { bridge, maxBatchesPerRequest: 20 };
const JOB_IDS = Object.values(bridge.jobIds);
const SUBMITTED_AT = new Date("2026-03-02T04:05:06.789Z");
const PASS_1 = new Date("2026-03-02T04:05:10Z");
const PASS_2 = new Date("2026-03-02T04:06:00Z");
const PASS_3 = new Date("2026-03-02T04:20:00Z");
const LOOKUPS = { "0130a": "do_course1", "0130b": "do_course2" };

describe("planned bridge passes on a real job_request table", () => {
  let client: pg.Client;
  let table: string;
  beforeAll(async () => {
    client = postgresClient(endpoints().postgres);
    await client.connect();
    table = await createJobRequestTable(client, `p${randomBytes(4).toString("hex")}`, "current");
  });
  afterAll(() => client.end());

  /** One pass as the shell will run it: read, plan, run the row writes (stopping a group at a refused write). */
  async function pass(requests: ExhaustRequest[], now: Date): Promise<BridgePlan> {
    const submitted = (await client.query<JobRequestRow>(selectSubmittedRows(table, JOB_IDS, bridge.rowsPerPass))).rows;
    const tracked = (await client.query<JobRequestRow>(selectRowsByKeys(table, trackedRowKeys(requests)))).rows;
    const plan = planBridgePass({ rows: [...submitted, ...tracked], requests, secrets: [], lookups: LOOKUPS }, now, config);
    const stopped = new Set<string>();
    for (const a of plan.actions) {
      if (a.kind !== "writeRow" || stopped.has(a.group)) continue;
      if ((await client.query(updateRow(table, a.write))).rowCount !== 1) stopped.add(a.group);
    }
    return plan;
  }
  const created = (plan: BridgePlan, status: ExhaustRequestStatus): ExhaustRequest[] =>
    plan.actions.flatMap((a) => (a.kind === "createRequest" ? [{ ...(structuredClone(a.request) as ExhaustRequest), status }] : []));
  const submission = (over: Partial<SunbirdSubmission>): SunbirdSubmission => ({
    tag: "do_course1_0130a",
    dataset: "progress-exhaust",
    datasetConfig: { batchFilter: ["0130b", "0130a", "0130b"] },
    requestedBy: "admin-1",
    channel: "org-1",
    encryptionKey: null,
    submittedAt: SUBMITTED_AT,
    ...over,
  });

  it("a batchFilter over two collections -> two requests; runner started -> PROCESSING; both done -> SUCCESS with the keys in batch order", async () => {
    const { tag, requestId } = await submitJobRequest(client, table, submission({}));
    const first = await pass([], PASS_1);
    const requests = created(first, { phase: "Pending" });
    expect(requests.map((r) => [r.spec.collectionId, r.spec.batches.ids, r.spec.requestId])).toEqual([
      ["do_course2", ["0130b"], requestId],
      ["do_course1", ["0130a"], requestId],
    ]);
    expect((await pass(requests, PASS_1)).actions).toEqual([]);

    const started = requests.map((r, i): ExhaustRequest => (i === 0 ? { ...r, status: { phase: "Running", startTime: "2026-03-02T04:05:30Z" } } : r));
    await pass(started, PASS_2);
    expect((await client.query(`SELECT status FROM ${table} WHERE tag = $1`, [tag])).rows).toEqual([{ status: "PROCESSING" }]);

    const key = (batchId: string) => `progress-exhaust/${requestId}/${batchId}_progress_20260302.zip`;
    const done = requests.map((r): ExhaustRequest => {
      const batchId = r.spec.batches.ids?.[0] ?? "";
      return {
        ...r,
        status: {
          phase: "Succeeded",
          startTime: "2026-03-02T04:05:30Z",
          completionTime: batchId === "0130a" ? "2026-03-02T04:10:00Z" : "2026-03-02T04:08:00Z",
          batches: [{ batchId, phase: "Succeeded", attempts: 1, objectUri: `s3://reports/${key(batchId)}`, bytes: 2048, startTime: "2026-03-02T04:05:30Z", completionTime: "2026-03-02T04:07:30Z" }],
        },
      };
    });
    const last = await pass(done, PASS_3);
    expect(last.actions.map((a) => a.kind)).toEqual(["writeRow", "markWrittenBack"]);
    const { rows } = await client.query(
      `SELECT status, iteration, download_urls, processed_batches, execution_time, to_char(dt_job_completed, 'YYYY-MM-DD HH24:MI:SS') AS completed, err_message FROM ${table} WHERE tag = $1`,
      [tag],
    );
    expect(rows).toEqual([
      {
        status: "SUCCESS",
        iteration: 0,
        download_urls: [key("0130b"), key("0130a")],
        processed_batches: JSON.stringify([
          { channel: "org-1", batchId: "0130b", filePath: key("0130b"), fileSize: 2048 },
          { channel: "org-1", batchId: "0130a", filePath: key("0130a"), fileSize: 2048 },
        ]),
        execution_time: 240_000,
        completed: "2026-03-02 04:10:00",
        err_message: "",
      },
    ]);
  });

  it("userinfo without a key -> FAILED with Sunbird's text, iteration 1; resubmitted with a key -> SUBMITTED again and picked up as a new attempt", async () => {
    const noKey = submission({ tag: "do_course1_userinfo", dataset: "userinfo-exhaust", datasetConfig: { batchId: "0130a" }, encryptionKey: null });
    const { tag } = await submitJobRequest(client, table, noKey);
    await pass([], PASS_1);
    expect((await client.query(`SELECT status, iteration, err_message FROM ${table} WHERE tag = $1`, [tag])).rows).toEqual([
      { status: "FAILED", iteration: 1, err_message: "Request should have either of batchId, batchFilter, searchFilter or encrption key" },
    ]);
    expect((await submitJobRequest(client, table, { ...noKey, encryptionKey: "zip-pass", submittedAt: PASS_2 })).outcome).toBe("resubmitted");
    const again = await pass([], PASS_3);
    expect(again.actions.map((a) => a.kind)).toEqual(["createSecret", "createRequest", "ownSecret"]);
  });
});
