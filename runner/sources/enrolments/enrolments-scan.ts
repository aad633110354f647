import { types } from "cassandra-driver";
import type { Enrolment } from "../../reports/model.ts";
import { newBoundedQueue, type BoundedQueue } from "../../streams/bounded-queue.ts";
import type { CassandraReads } from "../cassandra/cassandra-reads.ts";
import { pagedPages } from "../cassandra/cassandra-reads.ts";
import { enrolmentColumns, isReportable, toEnrolment } from "./enrolment-row.ts";
import type { EnrolmentTable } from "./enrolments-by-index.ts";
import { mergeBounded } from "../../streams/merge-bounded.ts";
import { splitRing } from "./token-ranges.ts";

export interface ScanOptions {
  ranges: number;
  parallelism: number;
  /** Enrolments buffered per batch (plus at most one page) before the scan waits for that batch's consumer. */
  queueCapacity: number;
}

/**
 * D18 without an index: ONE token-range scan of the enrolments table serves every batch of the run. Each page's rows
 * are routed, as one chunk per batch, to a bounded queue per batch, so the slowest batch's consumer paces the scan and
 * memory stays flat. `done` settles when the scan has ended (or failed; every queue then fails with the same error).
 */
export function scanEnrolments(db: CassandraReads, t: EnrolmentTable, batchIds: readonly string[], opts: ScanOptions): { perBatch: Map<string, AsyncIterable<Enrolment[]>>; done: Promise<void> } {
  const queues = new Map<string, BoundedQueue<Enrolment[]>>(batchIds.map((id) => [id, newBoundedQueue<Enrolment[]>(opts.queueCapacity, (chunk) => chunk.length)]));
  const query = `SELECT ${enrolmentColumns(t.withProgress)} FROM ${t.keyspace}.${t.table} WHERE token(userid) > ? AND token(userid) <= ?`;
  const ranges = splitRing(opts.ranges).map((r) => () => pagedPages(db, query, [types.Long.fromString(r.start.toString()), types.Long.fromString(r.end.toString())]));
  const done = (async () => {
    try {
      for await (const rows of mergeBounded(ranges, opts.parallelism)) {
        for (const [batchId, chunk] of routed(rows, queues, t.collectionId)) await queues.get(batchId)?.push(chunk);
      }
      for (const q of queues.values()) q.close();
    } catch (err) {
      for (const q of queues.values()) q.fail(err);
    }
  })();
  return { perBatch: new Map(queues), done };
}

/** One page's reportable enrolments of the run's batches, grouped by batch; other batches' rows are not decoded. */
function routed(rows: readonly types.Row[], batches: ReadonlyMap<string, unknown>, collectionId: string): Map<string, Enrolment[]> {
  const byBatch = new Map<string, Enrolment[]>();
  for (const row of rows) {
    const batchId = row.get("batchid") as string;
    if (!batches.has(batchId)) continue;
    const enrolment = toEnrolment(row);
    if (!isReportable(enrolment, collectionId)) continue;
    const chunk = byBatch.get(batchId);
    if (chunk === undefined) byBatch.set(batchId, [enrolment]);
    else chunk.push(enrolment);
  }
  return byBatch;
}
