import { createHash } from "node:crypto";
import { Readable, Transform, pipeline } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { Redis } from "ioredis";
import { requestIdForBatch, type BatchResult, type RunnerConfig } from "../crds/runner-contract.ts";
import { encryptedPayload } from "./archive/encrypted-payload.ts";
import { zipStream } from "./archive/zip-stream.ts";
import { csvChunkStream } from "./format/csv.ts";
import type { Logger } from "./log.ts";
import { classifyFailure, type Failure } from "./outcome/classify-failure.ts";
import { isNonRetryable, NO_DATA_FOUND, RetryableError, uploadFailed } from "./outcome/errors.ts";
import type { Batch, Enrolment } from "./reports/model.ts";
import { newRowContext } from "./reports/row-context.ts";
import type { ProgressBoard } from "./progress/progress-board.ts";
import { objectKey, zipEntryName } from "./sinks/object-key.ts";
import { batchKeyPrefix, isBatchObjectKey, type BatchKeyParts } from "../crds/report-object-key.ts";
import type { Sink } from "./sinks/sink.ts";
import type { CassandraReads } from "./sources/cassandra/cassandra-reads.ts";
import { hasBatchIdIndex } from "./sources/enrolments/enrolment-index.ts";
import { enrolmentsByIndex, type EnrolmentTable } from "./sources/enrolments/enrolments-by-index.ts";
import { scanEnrolments } from "./sources/enrolments/enrolments-scan.ts";
import { assertUserCacheFilled } from "./sources/redis/redis-caches.ts";
import { readReportInputs, type ReportInputs } from "./sources/report-inputs.ts";
import { reportRows, type RowStats } from "./sources/report-rows.ts";

export interface RunDeps {
  db: CassandraReads;
  userCache: Redis;
  relationCache: Redis;
  sink: Sink;
  log: Logger;
  /** The run's instant: the file-name date and the zip entry's time. */
  startedAt: Date;
  /** Monotonic milliseconds, for durations. */
  elapsedMs: () => number;
  /** Where streaming batches show their counts so far (on the elapsedMs clock); no progress when absent. */
  progress?: ProgressBoard;
}

export interface RunOutcome {
  batches: BatchResult[];
  /** A failure caused by the runner's own settings (exit 11). */
  configFailure: boolean;
}

/** Thrown into a batch's streams to stop them (SIGTERM, or the sink failed); never reported as the cause. */
const stopped = new Error("batch stopped");

/**
 * One report for the run's batches of one collection: shared inputs read once, enrolments read once (by index, or
 * one scan shared by every batch, D18), then each batch streamed rows -> CSV -> (payload) -> zip -> sink at the same
 * time. A failure of the shared part fails every batch; a batch's own failure fails only that batch.
 */
export async function runReport(config: RunnerConfig, deps: RunDeps, signal: AbortSignal): Promise<RunOutcome> {
  const batchIds = [...new Set(config.batchIds)];
  let inputs: ReportInputs;
  let enrolmentsOf: (batchId: string) => AsyncIterable<Enrolment[]>;
  try {
    inputs = await readReportInputs(deps.db, deps.relationCache, config);
    enrolmentsOf = inputs.headerOnly ? () => noEnrolments() : await enrolmentReader(config, deps, batchIds.filter((id) => inputs.batches.has(id)));
  } catch (err) {
    const failure = classifyFailure(err);
    deps.log.warn({ message: failure.message, retryable: failure.retryable }, "run failed before streaming");
    return { batches: batchIds.map((batchId) => withRequestId(config, failed(batchId, failure))), configFailure: failure.config };
  }
  const results = await Promise.all(
    batchIds.map(async (batchId) => {
      const batch = inputs.batches.get(batchId);
      if (batch === undefined) return { result: failed(batchId, { retryable: false, message: NO_DATA_FOUND, config: false, storeUnreachable: false }), config: false };
      return runBatch(batch, enrolmentsOf(batchId), inputs, config, deps, signal);
    }),
  );
  return { batches: results.map((r) => withRequestId(config, r.result)), configFailure: results.some((r) => r.config) };
}

// A shared scan serves several requests: each manifest entry names its own, so each request reads only its batches.
const withRequestId = (config: RunnerConfig, result: BatchResult): BatchResult =>
  config.batchRequestIds === undefined ? result : { ...result, requestId: requestIdForBatch(config, result.batchId) };

async function enrolmentReader(config: RunnerConfig, deps: RunDeps, batchIds: string[]): Promise<(batchId: string) => AsyncIterable<Enrolment[]>> {
  await assertUserCacheFilled(deps.userCache, config.redisKeyPrefix);
  const table: EnrolmentTable = { keyspace: config.enrolmentsKeyspace, table: config.enrolmentsTable, collectionId: config.collectionId, withProgress: config.report === "progress" };
  if (await hasBatchIdIndex(deps.db, table.keyspace, table.table)) {
    deps.log.info({ batches: batchIds.length }, "reading enrolments through the batchid index");
    return (batchId) => enrolmentsByIndex(deps.db, table, batchId);
  }
  deps.log.info({ batches: batchIds.length, ranges: config.scanRanges }, "no batchid index: one token-range scan for all batches");
  const scan = scanEnrolments(deps.db, table, batchIds, { ranges: config.scanRanges, parallelism: config.scanParallelism, queueCapacity: 2 * config.redisPipelineSize });
  void scan.done.then(() => deps.log.info("enrolment scan finished"));
  return (batchId) => scan.perBatch.get(batchId) ?? noEnrolments();
}

async function runBatch(batch: Batch, enrolments: AsyncIterable<Enrolment[]>, inputs: ReportInputs, config: RunnerConfig, deps: RunDeps, signal: AbortSignal): Promise<{ result: BatchResult; config: boolean }> {
  const start = deps.elapsedMs();
  const { ext, zip, payload } = inputs.protection;
  const naming = { report: config.report, batchId: batch.batchId, date: deps.startedAt, timeZone: config.timeZone };
  const keyParts = { ...naming, prefix: config.s3KeyPrefix, requestId: requestIdForBatch(config, batch.batchId) };
  const key = objectKey({ ...keyParts, ext });
  await abortEarlierUploads(deps, keyParts);
  const stats: RowStats = { rows: 0, usersSkipped: 0 };
  const ctx = newRowContext(inputs.collection, batch, config.timeZone);
  const rowSource = { db: deps.db, userCache: deps.userCache, redisKeyPrefix: config.redisKeyPrefix, pipelineSize: config.redisPipelineSize, concurrency: config.cassandraConcurrency };
  const rows = Readable.from(inputs.headerOnly ? noRows() : reportRows(enrolments, inputs.collection, ctx, inputs.spec, rowSource, stats), { objectMode: true, highWaterMark: rowGroupsAhead(config.report) });
  const digest = digestTap();
  const untrack = deps.progress?.track(batch.batchId, start, { rows: () => stats.rows, bytes: () => digest.bytes() });
  // A header-only file (D7) looked at no user, so it has no skipped count to report, not a count of 0.
  const skipped = () => (inputs.headerOnly ? {} : { usersSkipped: stats.usersSkipped });
  const stop = () => {
    rows.destroy(stopped);
    digest.destroy(stopped);
  };
  let sourceError: unknown;
  const sourceSettled = new Promise<void>((resolve) => {
    const csv = pipeline(rows, csvChunkStream(inputs.header), (err) => {
      if (err && err !== stopped) sourceError ??= err;
      resolve();
    });
    try {
      const bytes = payload === null ? csv : encryptedPayload(csv, payload);
      const body = zip === null ? (bytes instanceof Readable ? bytes : Readable.from(bytes)) : Readable.fromWeb(zipStream(zipEntryName(naming), bytes, zip, deps.startedAt, config.zipLevel) as WebReadableStream<Uint8Array>);
      pipeline(body, digest, () => undefined);
    } catch (err) {
      // A key or password problem found before the first byte: the cause, not the sink's reaction to it.
      sourceError = err;
      stop();
    }
  });
  signal.addEventListener("abort", stop, { once: true });
  if (signal.aborted) stop();
  try {
    const { uri } = await deps.sink.put(key, digest, ext === "zip" ? "application/zip" : "text/csv; charset=utf-8");
    await sourceSettled;
    const result: BatchResult = { batchId: batch.batchId, ok: true, objectUri: uri, rows: stats.rows, bytes: digest.bytes(), sha256: digest.sha256(), ...skipped(), durationMs: Math.round(deps.elapsedMs() - start) };
    deps.log.info({ batchId: batch.batchId, rows: stats.rows, bytes: result.bytes, ...skipped(), durationMs: result.durationMs }, "batch uploaded");
    return { result, config: false };
  } catch (err) {
    stop();
    await sourceSettled;
    const failure = signal.aborted
      ? { retryable: true, message: `Runner terminated: ${String(signal.reason)}`, config: false, storeUnreachable: false }
      : classifyFailure(sourceError ?? sinkFailure(err));
    deps.log.warn({ batchId: batch.batchId, message: failure.message, retryable: failure.retryable }, "batch failed");
    return { result: { ...failed(batch.batchId, failure), ...skipped(), durationMs: Math.round(deps.elapsedMs() - start) }, config: failure.config };
  } finally {
    untrack?.();
    signal.removeEventListener("abort", stop);
  }
}

/**
 * An earlier attempt of this batch that was SIGKILLed mid-upload left an unfinished upload holding personal data;
 * this attempt removes it before writing. Best effort: a store that refuses the listing (a narrow IAM policy) must
 * not fail a report the upload itself could still write, and the bucket's lifecycle rule remains the backstop.
 */
async function abortEarlierUploads(deps: RunDeps, parts: BatchKeyParts & { prefix: string }): Promise<void> {
  if (deps.sink.abortUnfinished === undefined) return;
  const prefix = batchKeyPrefix(parts);
  try {
    const aborted = await deps.sink.abortUnfinished(prefix, (key) => isBatchObjectKey(key, parts));
    if (aborted > 0) deps.log.info({ prefix, aborted }, "aborted unfinished uploads of an earlier attempt");
  } catch (err) {
    deps.log.warn({ prefix, message: classifyFailure(err).message }, "unfinished uploads of earlier attempts not listed");
  }
}

// The sink's own verdict (a key outside outputDir is a configuration error, an unreachable service) stands; anything
// else it throws is a retryable upload failure.
const sinkFailure = (err: unknown): unknown =>
  err === stopped || isNonRetryable(err) || err instanceof RetryableError ? err : new RetryableError(uploadFailed(err instanceof Error ? err.message : String(err)));

const failed = (batchId: string, f: Failure): BatchResult => ({ batchId, ok: false, retryable: f.retryable, message: f.message, ...(f.storeUnreachable ? { storeUnreachable: true } : {}) });

// Row groups waiting for the CSV stream. A Response group is already CSV (about 11 rows per enrolment, a third of a
// MB for 50 users), so 4 of them keep the stream fed while holding little memory outside the heap; the other reports'
// groups are cells, a few KB each.
const rowGroupsAhead = (report: RunnerConfig["report"]): number => (report === "response" ? 4 : 32);

async function* noEnrolments(): AsyncGenerator<Enrolment[]> {}
/** A header-only file. */
async function* noRows(): AsyncGenerator<string[][]> {}

/** A pass-through that counts the bytes and hashes them as they go to the sink. */
function digestTap(): Transform & { bytes(): number; sha256(): string } {
  const hash = createHash("sha256");
  let count = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      count += chunk.length;
      callback(null, chunk);
    },
  });
  let hex: string | undefined;
  return Object.assign(tap, { bytes: () => count, sha256: () => (hex ??= hash.digest("hex")) });
}
