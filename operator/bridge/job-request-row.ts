// One `<env>_job_request` row as the bridge reads it (reports-spec.md §3.2), plain data the shell fills from its
// SELECT (bridge-queries.ts); the pure modules decide from it.

export const ROW_STATUS = { submitted: "SUBMITTED", processing: "PROCESSING", success: "SUCCESS", failed: "FAILED" } as const;

export interface RowKey {
  tag: string;
  requestId: string;
}

export interface JobRequestRow extends RowKey {
  jobId: string;
  /** As stored; Sunbird writes SUBMITTED, PROCESSING, SUCCESS or FAILED. */
  status: string;
  /** request_data::text, exactly as stored (the duplicate rule hashes this text). */
  requestData: string | null;
  requestedBy: string | null;
  requestedChannel: string | null;
  /**
   * dt_job_submitted as whole microseconds since the epoch, in decimal (a bigint as pg returns it): exact, so it
   * names a submission and guards writes without the rounding of a JS Date. Null when the column is.
   */
  submittedUs: string | null;
  /** dt_job_completed, the same way; the cutover switch tells Spark's FAILED rows from the bridge's by it. */
  completedUs: string | null;
  iteration: number | null;
  encryptionKey: string | null;
}

/** One submission of a row: the API's resubmission gives the same key a new dt_job_submitted. */
export interface Submission extends RowKey {
  submittedUs: string;
}

export const submissionOf = (row: JobRequestRow): Submission => ({ tag: row.tag, requestId: row.requestId, submittedUs: row.submittedUs ?? "" });

/** A map key for a submission; the newline cannot occur in a tag of the API's making, and only separates here. */
export const submissionKey = (s: Submission): string => `${s.tag}\n${s.requestId}\n${s.submittedUs}`;

export const rowKeyOf = (r: RowKey): string => `${r.tag}\n${r.requestId}`;

/** Milliseconds of a submittedUs text (for lag metrics); undefined when there is none. */
export const submittedMs = (row: JobRequestRow): number | undefined => (row.submittedUs === null ? undefined : Number(BigInt(row.submittedUs) / 1000n));
