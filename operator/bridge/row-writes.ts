import { clipMessage } from "../status/clip-message.ts";
import { ROW_STATUS, type JobRequestRow, type RowKey } from "./job-request-row.ts";
import type { FinishedResult } from "./request-to-row.ts";

// The guarded writes of a job_request row, as plain descriptions that bridge-queries.ts turns into one
// UPDATE … WHERE: compare-and-set on what the bridge read (status, iteration, dt_job_submitted), so a stale writer
// (an old leader, a pass planned before a resubmission) changes nothing and the next pass decides again.

/** err_message is varchar(300); Sunbird abbreviates longer text to its first 297 characters and `...` (§3.5). */
export const ERR_MESSAGE_MAX = 300;

export interface RowGuard {
  status: string;
  iteration: number | null;
  submittedUs: string | null;
}

export type RowChange =
  /** Cutover adoption: the reset Sunbird's API does on a resubmission, without a new dt_job_submitted. */
  | { status: typeof ROW_STATUS.submitted }
  | { status: typeof ROW_STATUS.processing }
  | {
      status: typeof ROW_STATUS.success | typeof ROW_STATUS.failed;
      /** Only FAILED changes it (iteration + 1). */
      iteration?: number;
      downloadUrls: string[] | null;
      /** JSON text, written with a json cast (a text column takes it as text, an older json column as json). */
      processedBatches: string | null;
      executionTimeMs: number | null;
      /** RFC 3339; written as UTC. */
      completedAt: string;
      errMessage: string;
    };

export interface RowWrite {
  key: RowKey;
  guard: RowGuard;
  change: RowChange;
}

const guardOf = (row: JobRequestRow): RowGuard => ({ status: row.status, iteration: row.iteration, submittedUs: row.submittedUs });
const keyOf = (row: JobRequestRow): RowKey => ({ tag: row.tag, requestId: row.requestId });

export const processingWrite = (row: JobRequestRow): RowWrite => ({ key: keyOf(row), guard: guardOf(row), change: { status: ROW_STATUS.processing } });

export const adoptionWrite = (row: JobRequestRow): RowWrite => ({ key: keyOf(row), guard: guardOf(row), change: { status: ROW_STATUS.submitted } });

/** SUCCESS: iteration unchanged, err_message cleared to '' (Sunbird writes NULL as ''), dt_file_created untouched (always NULL). */
export const successWrite = (row: JobRequestRow, result: FinishedResult): RowWrite => ({
  key: keyOf(row),
  guard: guardOf(row),
  change: { status: ROW_STATUS.success, ...resultColumns(result), errMessage: "" },
});

/**
 * FAILED: iteration + 1 (NULL counts as 0), the messages joined with `,` and abbreviated to 300 characters, and what
 * did succeed (download_urls and processed_batches of the succeeded batches; none for a row refused before any
 * request: then the result columns stay NULL as Sunbird leaves them).
 */
export function failedWrite(row: JobRequestRow, messages: readonly string[], result: FinishedResult | { completedAt: string }): RowWrite {
  const columns = "downloadUrls" in result ? resultColumns(result) : { downloadUrls: null, processedBatches: null, executionTimeMs: null, completedAt: result.completedAt };
  return {
    key: keyOf(row),
    guard: guardOf(row),
    change: { status: ROW_STATUS.failed, iteration: (row.iteration ?? 0) + 1, ...columns, errMessage: clipMessage(messages.join(","), ERR_MESSAGE_MAX) },
  };
}

const resultColumns = (r: FinishedResult) => ({
  downloadUrls: r.downloadUrls,
  processedBatches: JSON.stringify(r.processedBatches),
  executionTimeMs: r.executionTimeMs,
  completedAt: r.completedAt,
});
