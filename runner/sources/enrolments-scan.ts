import { types } from "cassandra-driver";
import type { Enrolment } from "../reports/model.ts";
import { newBoundedQueue, type BoundedQueue } from "./bounded-queue.ts";
import type { CassandraReads } from "./cassandra-reads.ts";
import { pagedRows } from "./cassandra-reads.ts";
import { enrolmentColumns, isReportable, toEnrolment } from "./enrolment-row.ts";
import type { EnrolmentTable } from "./enrolments-by-index.ts";
import { mergeBounded } from "./merge-bounded.ts";
import { splitRing } from "./token-ranges.ts";

export interface ScanOptions {
  ranges: number;
  parallelism: number;
  /** Enrolments buffered per batch before the scan waits for that batch's consumer. */
  queueCapacity: number;
}

/**
 * D18 without an index: ONE token-range scan of the enrolments table serves every batch of the run. Rows are routed
 * to a bounded queue per batch, so the slowest batch's consumer paces the scan and memory stays flat. `done` settles
 * when the scan has ended (or failed; every queue then fails with the same error).
 */
export function scanEnrolments(db: CassandraReads, t: EnrolmentTable, batchIds: readonly string[], opts: ScanOptions): { perBatch: Map<string, AsyncIterable<Enrolment>>; done: Promise<void> } {
  const queues = new Map<string, BoundedQueue<Enrolment>>(batchIds.map((id) => [id, newBoundedQueue<Enrolment>(opts.queueCapacity)]));
  const query = `SELECT ${enrolmentColumns(t.withProgress)} FROM ${t.keyspace}.${t.table} WHERE token(userid) > ? AND token(userid) <= ?`;
  const ranges = splitRing(opts.ranges).map((r) => () => pagedRows(db, query, [types.Long.fromString(r.start.toString()), types.Long.fromString(r.end.toString())]));
  const done = (async () => {
    try {
      for await (const row of mergeBounded(ranges, opts.parallelism)) {
        const queue = queues.get(row.get("batchid") as string);
        if (queue === undefined) continue;
        const enrolment = toEnrolment(row);
        if (isReportable(enrolment, t.collectionId)) await queue.push(enrolment);
      }
      for (const q of queues.values()) q.close();
    } catch (err) {
      for (const q of queues.values()) q.fail(err);
    }
  })();
  return { perBatch: new Map(queues), done };
}
