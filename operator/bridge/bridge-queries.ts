import { ROW_STATUS, type RowKey } from "./job-request-row.ts";
import type { RowWrite } from "./row-writes.ts";

// The SQL the bridge's shell runs, as parameterised text + values (node-postgres' { text, values }). The table name
// is interpolated (SQL has no parameter for it); bridge-config.ts admits only a plain identifier.

export interface Query {
  text: string;
  values: unknown[];
}

// Timestamps travel as exact microseconds since the epoch (timestamp without time zone, read as UTC): a JS Date
// would round them to milliseconds, and a guard comparing rounded values would refuse every write.
const micros = (column: string): string => `(extract(epoch from ${column}) * 1000000)::bigint`;

/** The columns of a JobRequestRow (job-request-row.ts), named as its fields. */
const ROW_COLUMNS = [
  "tag",
  `request_id AS "requestId"`,
  `job_id AS "jobId"`,
  "status",
  `request_data::text AS "requestData"`,
  `requested_by AS "requestedBy"`,
  `requested_channel AS "requestedChannel"`,
  `${micros("dt_job_submitted")}::text AS "submittedUs"`,
  `${micros("dt_job_completed")}::text AS "completedUs"`,
  "iteration",
  `encryption_key AS "encryptionKey"`,
].join(", ");

/** SUBMITTED rows of the bridge's job ids, oldest submission first, at most `limit` (one pass's batch). */
export const selectSubmittedRows = (table: string, jobIds: readonly string[], limit: number): Query => ({
  text: `SELECT ${ROW_COLUMNS} FROM ${table} WHERE status = $1 AND job_id = ANY($2::text[]) ORDER BY dt_job_submitted ASC NULLS LAST, tag, request_id LIMIT $3`,
  values: [ROW_STATUS.submitted, [...jobIds], limit],
});

/** The rows the bridge's requests serve, by primary key, whatever their status. */
export const selectRowsByKeys = (table: string, keys: readonly RowKey[]): Query => ({
  text: `SELECT ${ROW_COLUMNS} FROM ${table} WHERE (tag, request_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
  values: [keys.map((k) => k.tag), keys.map((k) => k.requestId)],
});

/**
 * Cutover candidates (the planner decides, see plan-bridge-pass.ts): FAILED rows with iteration < 3 that Spark
 * finished before the cutover, and PROCESSING rows submitted before it.
 */
export const selectAdoptionCandidates = (table: string, jobIds: readonly string[], cutoverAt: string, limit: number): Query => ({
  text:
    `SELECT ${ROW_COLUMNS} FROM ${table} WHERE job_id = ANY($1::text[]) AND (` +
    `(status = $2 AND iteration < 3 AND COALESCE(dt_job_completed, dt_job_submitted) < ($4::timestamptz AT TIME ZONE 'UTC')) OR ` +
    `(status = $3 AND dt_job_submitted < ($4::timestamptz AT TIME ZONE 'UTC'))` +
    `) ORDER BY dt_job_submitted ASC NULLS LAST, tag, request_id LIMIT $5`,
  values: [[...jobIds], ROW_STATUS.failed, ROW_STATUS.processing, cutoverAt, limit],
});

/**
 * One guarded UPDATE: keyed by (tag, request_id) and applied only while status, iteration and dt_job_submitted are
 * what the bridge read (IS NOT DISTINCT FROM, so NULLs compare too). rowCount 0 means the row changed or went:
 * the shell skips the rest of that submission's actions and the next pass reads it again.
 */
export function updateRow(table: string, write: RowWrite): Query {
  const values: unknown[] = [write.key.tag, write.key.requestId, write.guard.status, write.guard.iteration, write.guard.submittedUs];
  const param = (value: unknown): string => {
    values.push(value);
    return `$${values.length}`;
  };
  const sets = [`status = ${param(write.change.status)}`];
  const c = write.change;
  if (c.status === ROW_STATUS.success || c.status === ROW_STATUS.failed) {
    if (c.iteration !== undefined) sets.push(`iteration = ${param(c.iteration)}`);
    sets.push(
      `download_urls = ${param(c.downloadUrls)}::text[]`,
      `processed_batches = ${param(c.processedBatches)}::json`,
      `execution_time = ${param(c.executionTimeMs)}::integer`,
      `dt_job_completed = ${param(c.completedAt)}::timestamptz AT TIME ZONE 'UTC'`,
      `err_message = ${param(c.errMessage)}`,
    );
  }
  return {
    text:
      `UPDATE ${table} SET ${sets.join(", ")} WHERE tag = $1 AND request_id = $2 AND status IS NOT DISTINCT FROM $3 ` +
      `AND iteration IS NOT DISTINCT FROM $4::integer AND ${micros("dt_job_submitted")} IS NOT DISTINCT FROM $5::bigint`,
    values,
  };
}
