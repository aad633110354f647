import { randomBytes } from "node:crypto";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endpoints } from "../../env/endpoints.ts";
import { postgresClient } from "../../env/store-clients.ts";
import { createJobRequestTable, submitJobRequest, sunbirdRequestId, type JobRequestTableWidth } from "../../data/job-request.ts";

const env = (): string => `t${randomBytes(4).toString("hex")}`;
const at = new Date("2026-03-02T04:05:06.789Z");

describe("PostgreSQL in the test stack", () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = postgresClient(endpoints().postgres);
    await client.connect();
  });
  afterAll(() => client.end());

  it("is Debian's PostgreSQL on 127.0.0.1, database analytics, password auth", async () => {
    const { rows } = await client.query<{ db: string; addr: string; version: string }>("SELECT current_database() AS db, host(inet_server_addr()) AS addr, current_setting('server_version_num') AS version");
    expect(rows[0]).toMatchObject({ db: "analytics", addr: "127.0.0.1" });
    expect(Number(rows[0]?.version)).toBeGreaterThanOrEqual(150000);
  });

  const widths: { width: JobRequestTableWidth; encryptionKey: string; processedBatches: string }[] = [
    { width: "current", encryptionKey: "character varying(500)", processedBatches: "text" },
    { width: "older", encryptionKey: "character varying(50)", processedBatches: "json" },
  ];
  it.each(widths)("the installer's DDL ($width) -> job_request with encryption_key $encryptionKey, processed_batches $processedBatches", async ({ width, encryptionKey, processedBatches }) => {
    const table = await createJobRequestTable(client, env(), width);
    const { rows } = await client.query<{ column_name: string; type: string }>(
      "SELECT attname AS column_name, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
      [table],
    );
    expect(rows.map((r) => `${r.column_name} ${r.type}`)).toEqual([
      "tag character varying(100)",
      "request_id character varying(50)",
      "job_id character varying(50)",
      "status character varying(50)",
      "request_data json",
      "requested_by character varying(50)",
      "requested_channel character varying(50)",
      "dt_job_submitted timestamp without time zone",
      "download_urls text[]",
      "dt_file_created timestamp without time zone",
      "dt_job_completed timestamp without time zone",
      "execution_time integer",
      "err_message character varying(300)",
      "iteration integer",
      `encryption_key ${encryptionKey}`,
      "batch_number integer",
      `processed_batches ${processedBatches}`,
    ]);
    const pk = await client.query<{ def: string }>("SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'p'", [table]);
    expect(pk.rows[0]?.def).toBe("PRIMARY KEY (tag, request_id)");
  });

  it("a submission as Sunbird's API writes it -> one SUBMITTED row with the MD5 request_id, read back as written", async () => {
    const table = await createJobRequestTable(client, env(), "current");
    const submission = { tag: "do_1130_0130", dataset: "progress-exhaust", datasetConfig: { batchId: "0130" }, requestedBy: "user-1", channel: "org-1", encryptionKey: null, submittedAt: at };
    const written = await submitJobRequest(client, table, submission);
    expect(written).toEqual({ tag: "do_1130_0130:org-1", requestId: sunbirdRequestId(submission), outcome: "inserted" });
    expect(written.requestId).toMatch(/^[0-9A-F]{32}$/);
    const { rows } = await client.query(`SELECT tag, request_id, job_id, status, request_data::text AS data, requested_by, requested_channel, to_char(dt_job_submitted, 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS submitted, iteration, encryption_key FROM ${table}`);
    expect(rows).toEqual([
      { tag: "do_1130_0130:org-1", request_id: written.requestId, job_id: "progress-exhaust", status: "SUBMITTED", data: '{"batchId":"0130"}', requested_by: "user-1", requested_channel: "org-1", submitted: "2026-03-02T04:05:06.789", iteration: 0, encryption_key: null },
    ]);
  });

  it("the same submission again -> unchanged; after FAILED -> reset to SUBMITTED with iteration kept", async () => {
    const table = await createJobRequestTable(client, env(), "current");
    const submission = { tag: "do_1_01", dataset: "userinfo-exhaust", datasetConfig: { batchFilter: ["01"] }, requestedBy: "u", channel: "o", encryptionKey: "k1", submittedAt: at };
    const { tag, requestId } = await submitJobRequest(client, table, submission);
    expect((await submitJobRequest(client, table, { ...submission, encryptionKey: "k2" })).outcome).toBe("unchanged");
    await client.query(`UPDATE ${table} SET status = 'FAILED', iteration = 2 WHERE tag = $1 AND request_id = $2`, [tag, requestId]);
    const later = new Date(at.getTime() + 3_600_000);
    expect((await submitJobRequest(client, table, { ...submission, encryptionKey: "k2", submittedAt: later })).outcome).toBe("resubmitted");
    const { rows } = await client.query(`SELECT status, iteration, encryption_key, to_char(dt_job_submitted, 'HH24:MI') AS hm FROM ${table}`);
    expect(rows).toEqual([{ status: "SUBMITTED", iteration: 2, encryption_key: "k2", hm: "05:05" }]);
  });
});
