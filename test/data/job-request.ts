import { createHash } from "node:crypto";
import type pg from "pg";

// Sunbird's request queue as its installer creates it and its analytics service writes it (reports-spec.md §3.2,
// §3.4), for tests of the bridge. Nothing here is the bridge's code: it plays Sunbird's part.

/**
 * `current`: the installer's postgres.sql verbatim (sunbird-ed-installer release 8.0.0): the old CREATE TABLE,
 * then batch_number, processed_batches text and encryption_key widened to varchar(500).
 * `older`: the definition before those changes as Lern's jobs knew it: encryption_key varchar(50) (too short for a
 * key encrypted with the platform scheme) and processed_batches json.
 */
export type JobRequestTableWidth = "current" | "older";

/** A pg Client or Pool: a test whose cases run at once queries through a Pool, one connection per query. */
export type Queryable = Pick<pg.Pool, "query">;

export const jobRequestTableName = (env: string): string => `${env}_job_request`;

export function jobRequestDdl(env: string, width: JobRequestTableWidth): string[] {
  const table = jobRequestTableName(env);
  const create = `CREATE TABLE IF NOT EXISTS ${table} (
    tag VARCHAR(100),
    request_id VARCHAR(50),
    job_id VARCHAR(50),
    status VARCHAR(50),
    request_data json,
    requested_by VARCHAR(50),
    requested_channel VARCHAR(50),
    dt_job_submitted TIMESTAMP,
    download_urls text[],
    dt_file_created TIMESTAMP,
    dt_job_completed TIMESTAMP,
    execution_time INTEGER,
    err_message VARCHAR(300),
    iteration INTEGER,
    encryption_key VARCHAR(50),
    PRIMARY KEY (tag, request_id)
)`;
  if (width === "older") {
    return [create, `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS batch_number INTEGER`, `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS processed_batches json`];
  }
  return [
    create,
    `ALTER TABLE ${table}\nADD COLUMN IF NOT EXISTS batch_number INTEGER`,
    `ALTER TABLE ${table}\nADD COLUMN IF NOT EXISTS processed_batches text`,
    `ALTER TABLE ${table}\nALTER COLUMN encryption_key TYPE varchar(500)`,
  ];
}

export async function createJobRequestTable(client: Queryable, env: string, width: JobRequestTableWidth): Promise<string> {
  for (const statement of jobRequestDdl(env, width)) await client.query(statement);
  return jobRequestTableName(env);
}

export interface SunbirdSubmission {
  /** The caller's tag, without the `:<channel>` suffix the API appends. */
  tag: string;
  /** `request.dataset`, the job id. */
  dataset: string;
  /** `request.datasetConfig`, stored as request_data. */
  datasetConfig: Record<string, unknown>;
  /** Instead of datasetConfig: the exact request_data text (malformed shapes in tests). */
  requestDataText?: string;
  requestedBy: string;
  /** X-Channel-ID, the requesting org. */
  channel: string;
  /** As stored: plaintext (direct API path) or encrypted with the platform scheme (course service path). */
  encryptionKey?: string | null;
  /** The API server's clock: dt_job_submitted and the date in the request_id. */
  submittedAt: Date;
  /** The API server's local date at submission (yyyy-MM-dd); the UTC date of submittedAt when not given. */
  localDate?: string;
}

/** §3.4: uppercase hex MD5 of `<dataset>|<tag>|<requestedBy>|<channel>|<yyyy-MM-dd>` (`|<type>` when the config has one). */
export function sunbirdRequestId(s: Pick<SunbirdSubmission, "tag" | "dataset" | "datasetConfig" | "requestedBy" | "channel" | "submittedAt" | "localDate">): string {
  const date = s.localDate ?? s.submittedAt.toISOString().slice(0, 10);
  const type = s.datasetConfig.type;
  const parts = [s.dataset, s.tag, s.requestedBy, s.channel, date, ...(typeof type === "string" ? [type] : [])];
  return createHash("md5").update(parts.join("|")).digest("hex").toUpperCase();
}

export type SubmitOutcome = "inserted" | "resubmitted" | "unchanged";

/**
 * `/request/submit` as JobAPIService.scala does it: a new (tag, request_id) is inserted SUBMITTED with iteration 0;
 * a FAILED row is reset to SUBMITTED with new dt_job_submitted, request_data and encryption_key, iteration kept;
 * any other row is left unchanged. Times are written in UTC, the zone of Sunbird's deployed JVMs.
 */
export async function submitJobRequest(client: Queryable, table: string, s: SunbirdSubmission): Promise<{ tag: string; requestId: string; outcome: SubmitOutcome }> {
  const tag = `${s.tag}:${s.channel}`;
  const requestId = sunbirdRequestId(s);
  const requestData = s.requestDataText ?? JSON.stringify(s.datasetConfig);
  const key = s.encryptionKey ?? null;
  const existing = await client.query<{ status: string }>(`SELECT status FROM ${table} WHERE tag = $1 AND request_id = $2`, [tag, requestId]);
  const status = existing.rows[0]?.status;
  if (status === undefined) {
    await client.query(
      `INSERT INTO ${table} (tag, request_id, job_id, status, request_data, requested_by, requested_channel, dt_job_submitted, encryption_key, iteration)
       VALUES ($1, $2, $3, 'SUBMITTED', CAST($4 AS json), $5, $6, $7::timestamptz AT TIME ZONE 'UTC', $8, 0)`,
      [tag, requestId, s.dataset, requestData, s.requestedBy, s.channel, s.submittedAt.toISOString(), key],
    );
    return { tag, requestId, outcome: "inserted" };
  }
  if (status !== "FAILED") return { tag, requestId, outcome: "unchanged" };
  await client.query(
    `UPDATE ${table} SET status = 'SUBMITTED', dt_job_submitted = $3::timestamptz AT TIME ZONE 'UTC', request_data = CAST($4 AS json), encryption_key = $5 WHERE tag = $1 AND request_id = $2`,
    [tag, requestId, s.submittedAt.toISOString(), requestData, key],
  );
  return { tag, requestId, outcome: "resubmitted" };
}

/**
 * §3.6: the object key Sunbird's analytics service signs for one download_urls entry (JobAPIService.scala,
 * release-5.1.x): an entry containing `http` loses its scheme, host and container segment; one containing `wasb`
 * loses its scheme and host; any other entry is the key itself.
 */
export function sunbirdObjectKey(entry: string): string {
  if (entry.includes("http")) return new URL(entry).pathname.split("/").slice(2).join("/");
  if (entry.includes("wasb")) return entry.replace(/^[a-z]+:\/\/[^/]*\//i, "");
  return entry;
}

/** The columns Sunbird's API reads back for /request/read (reports-spec.md §3.1). */
export interface JobRequestReadBack {
  status: string;
  iteration: number | null;
  download_urls: string[] | null;
  err_message: string | null;
}

export async function readJobRequest(client: Queryable, table: string, key: { tag: string; requestId: string }): Promise<JobRequestReadBack | undefined> {
  const { rows } = await client.query<JobRequestReadBack>(`SELECT status, iteration, download_urls, err_message FROM ${table} WHERE tag = $1 AND request_id = $2`, [key.tag, key.requestId]);
  return rows[0];
}
