import { randomBytes } from "node:crypto";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectAdoptionCandidates, selectRowsByKeys, selectSubmittedRows, updateRow } from "../../../../operator/bridge/bridge-queries.ts";
import type { JobRequestRow } from "../../../../operator/bridge/job-request-row.ts";
import { adoptionWrite, failedWrite, processingWrite, successWrite } from "../../../../operator/bridge/row-writes.ts";
import { createJobRequestTable, submitJobRequest, type JobRequestTableWidth } from "../../../data/job-request.ts";
import { endpoints } from "../../../env/endpoints.ts";
import { postgresClient } from "../../../env/store-clients.ts";

// The bridge's SQL (operator/bridge/bridge-queries.ts) against the installer's table in the stack's PostgreSQL.

const JOB_IDS = ["userinfo-exhaust", "response-exhaust", "progress-exhaust"];
const T0 = new Date("2026-03-02T04:05:06.789Z");
const minutes = (n: number): Date => new Date(T0.getTime() + n * 60_000);
const newEnv = (): string => `b${randomBytes(4).toString("hex")}`;

describe("bridge queries on job_request", () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = postgresClient(endpoints().postgres);
    await client.connect();
  });
  afterAll(() => client.end());

  const submit = (table: string, tag: string, at: Date, dataset = "progress-exhaust", key: string | null = null) =>
    submitJobRequest(client, table, { tag, dataset, datasetConfig: { batchId: `b-${tag}` }, requestedBy: "user-1", channel: "org-1", encryptionKey: key, submittedAt: at });
  const rows = async (q: { text: string; values: unknown[] }): Promise<JobRequestRow[]> => (await client.query<JobRequestRow>(q)).rows;

  it("SUBMITTED rows of the bridge's job ids -> oldest dt_job_submitted first, at most the LIMIT, other jobs and statuses left out", async () => {
    const table = await createJobRequestTable(client, newEnv(), "current");
    await submit(table, "c", minutes(3));
    await submit(table, "a", minutes(1));
    await submit(table, "d", minutes(4));
    await submit(table, "b", minutes(2));
    await submit(table, "other-job", minutes(0), "uci-private-exhaust");
    const processing = await submit(table, "running", minutes(0));
    await client.query(`UPDATE ${table} SET status = 'PROCESSING' WHERE tag = $1`, [processing.tag]);
    const picked = await rows(selectSubmittedRows(table, JOB_IDS, 3));
    expect(picked.map((r) => r.tag)).toEqual(["a:org-1", "b:org-1", "c:org-1"]);
    expect(picked[0]).toMatchObject({ jobId: "progress-exhaust", status: "SUBMITTED", requestData: '{"batchId":"b-a"}', requestedBy: "user-1", requestedChannel: "org-1", iteration: 0, encryptionKey: null, completedUs: null });
    expect(picked[0]?.submittedUs).toBe(`${minutes(1).getTime()}000`);
  });

  it("rows by key -> exactly the keys asked for, whatever their status", async () => {
    const table = await createJobRequestTable(client, newEnv(), "current");
    const a = await submit(table, "a", minutes(1));
    await submit(table, "b", minutes(2));
    const c = await submit(table, "c", minutes(3));
    await client.query(`UPDATE ${table} SET status = 'SUCCESS' WHERE tag = $1`, [c.tag]);
    const found = await rows(selectRowsByKeys(table, [a, c, { tag: "gone:org-1", requestId: "X" }]));
    expect(found.map((r) => `${r.tag} ${r.status}`).sort()).toEqual(["a:org-1 SUBMITTED", "c:org-1 SUCCESS"]);
  });

  const widths: JobRequestTableWidth[] = ["current", "older"];
  it.each(widths)("%s table: PROCESSING then SUCCESS -> the columns Sunbird's job writes, processed_batches as JSON", async (width) => {
    const table = await createJobRequestTable(client, newEnv(), width);
    const { tag } = await submit(table, "ok", minutes(1));
    const [row] = await rows(selectSubmittedRows(table, JOB_IDS, 10));
    if (row === undefined) throw new Error("no row");
    expect((await client.query(updateRow(table, processingWrite(row)))).rowCount).toBe(1);
    const [running] = await rows(selectRowsByKeys(table, [row]));
    expect(running?.status).toBe("PROCESSING");
    const result = {
      downloadUrls: ["progress-exhaust/R1/b-ok_progress_20260302.zip"],
      processedBatches: [{ channel: "org-1", batchId: "b-ok", filePath: "progress-exhaust/R1/b-ok_progress_20260302.zip", fileSize: 1234 }],
      executionTimeMs: 4567,
      completedAt: "2026-03-02T05:00:00.123Z",
    };
    expect((await client.query(updateRow(table, successWrite(running as JobRequestRow, result)))).rowCount).toBe(1);
    const { rows: stored } = await client.query(
      `SELECT status, iteration, download_urls, processed_batches::text AS pb, execution_time, to_char(dt_job_completed, 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS completed, err_message, dt_file_created FROM ${table} WHERE tag = $1`,
      [tag],
    );
    expect(stored).toEqual([
      {
        status: "SUCCESS",
        iteration: 0,
        download_urls: result.downloadUrls,
        pb: JSON.stringify(result.processedBatches),
        execution_time: 4567,
        completed: "2026-03-02T05:00:00.123",
        err_message: "",
        dt_file_created: null,
      },
    ]);
  });

  it("a stale guard -> the UPDATE changes nothing: status moved on, iteration moved on, or a resubmission's new dt_job_submitted", async () => {
    const table = await createJobRequestTable(client, newEnv(), "current");
    await submit(table, "r", minutes(1), "userinfo-exhaust", "k1");
    const [read] = await rows(selectSubmittedRows(table, JOB_IDS, 10));
    if (read === undefined) throw new Error("no row");
    const failed = failedWrite(read, ["No data found"], { completedAt: minutes(2).toISOString() });
    expect((await client.query(updateRow(table, failed))).rowCount).toBe(1);
    // The same write planned from the same (now stale) read: refused.
    expect((await client.query(updateRow(table, processingWrite(read)))).rowCount).toBe(0);
    // The API resets the FAILED row (iteration kept, new dt_job_submitted): a write planned from the FAILED read is refused.
    const [failedRow] = await rows(selectRowsByKeys(table, [read]));
    await submit(table, "r", minutes(5), "userinfo-exhaust", "k2");
    expect((await client.query(updateRow(table, adoptionWrite(failedRow as JobRequestRow)))).rowCount).toBe(0);
    const [resubmitted] = await rows(selectRowsByKeys(table, [read]));
    expect(resubmitted).toMatchObject({ status: "SUBMITTED", iteration: 1, encryptionKey: "k2", submittedUs: `${minutes(5).getTime()}000` });
    expect((await client.query(updateRow(table, processingWrite(resubmitted as JobRequestRow)))).rowCount).toBe(1);
    const { rows: final } = await client.query(`SELECT status, iteration, err_message FROM ${table}`);
    expect(final).toEqual([{ status: "PROCESSING", iteration: 1, err_message: "No data found" }]);
  });

  it("dt_job_submitted with microseconds -> read exactly and the guard matches it (no millisecond rounding)", async () => {
    const table = await createJobRequestTable(client, newEnv(), "current");
    const { tag } = await submit(table, "us", minutes(1));
    await client.query(`UPDATE ${table} SET dt_job_submitted = '2026-03-02 04:06:06.789456' WHERE tag = $1`, [tag]);
    const [row] = await rows(selectSubmittedRows(table, JOB_IDS, 10));
    expect(row?.submittedUs).toBe(`${Date.parse("2026-03-02T04:06:06.789Z")}456`);
    expect((await client.query(updateRow(table, processingWrite(row as JobRequestRow)))).rowCount).toBe(1);
  });

  it("cutover candidates -> Spark's FAILED rows below iteration 3 finished before cutover and PROCESSING rows submitted before it", async () => {
    const table = await createJobRequestTable(client, newEnv(), "current");
    const set = (tag: string, sql: string) => client.query(`UPDATE ${table} SET ${sql} WHERE tag = $1`, [tag]);
    await set((await submit(table, "failed-before", minutes(1))).tag, `status = 'FAILED', iteration = 2, dt_job_completed = '2026-03-02 04:30:00'`);
    await set((await submit(table, "failed-3", minutes(1))).tag, `status = 'FAILED', iteration = 3, dt_job_completed = '2026-03-02 04:30:00'`);
    await set((await submit(table, "failed-after", minutes(1))).tag, `status = 'FAILED', iteration = 1, dt_job_completed = '2026-03-02 06:00:00'`);
    await set((await submit(table, "processing-before", minutes(2))).tag, `status = 'PROCESSING'`);
    await set((await submit(table, "processing-after", minutes(120))).tag, `status = 'PROCESSING'`);
    await set((await submit(table, "success", minutes(1))).tag, `status = 'SUCCESS'`);
    const found = await rows(selectAdoptionCandidates(table, JOB_IDS, "2026-03-02T05:00:00Z", 10));
    expect(found.map((r) => r.tag)).toEqual(["failed-before:org-1", "processing-before:org-1"]);
    expect(found[0]?.completedUs).toBe(`${Date.parse("2026-03-02T04:30:00Z")}000`);
  });
});
