import type { BatchStatus } from "../../../crds/exhaust-request.ts";
import type { ProgressReading } from "../../../crds/runner-progress.ts";
import { instantMs, toMetaTime } from "../../kube/meta/meta-time.ts";

/** A progress line read from the log of the Job that runs a batch now. */
export interface JobProgressReading extends ProgressReading {
  jobName: string;
}

/**
 * A Running batch takes the rows and bytes of its runner's latest progress line, with the line's instant as
 * progressTime. A line from another Job (an earlier attempt), one no newer than progressTime, or one with fewer rows
 * than shown is ignored, so rows never move backwards while the batch runs; a batch in any other phase is left as it
 * is, so a final result is never overwritten.
 */
export function mergeProgress(batch: BatchStatus, reading: JobProgressReading | undefined): BatchStatus {
  if (batch.phase !== "Running" || reading === undefined || reading.jobName !== batch.jobName) return batch;
  const shownMs = instantMs(batch.progressTime);
  if (shownMs !== undefined && reading.timeMs <= shownMs) return batch;
  if (reading.rows < (batch.rows ?? 0)) return batch;
  return { ...batch, rows: reading.rows, bytes: Math.max(reading.bytes, batch.bytes ?? 0), progressTime: toMetaTime(new Date(reading.timeMs)) };
}

/** An attempt that ends, or a new one, drops the counts so far: only a result or the new attempt's lines count. */
export function withoutProgress(batch: BatchStatus): BatchStatus {
  const { rows: _r, bytes: _b, progressTime: _p, ...rest } = batch;
  return rest;
}
