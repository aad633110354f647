import type { Batch } from "../../reports/model.ts";
import type { CassandraReads } from "./cassandra-reads.ts";
import { readRows } from "./cassandra-reads.ts";

/** The run's batches of one collection by partition key (§4.1); ids not found are absent from the map. */
export async function readBatches(db: CassandraReads, keyspace: string, collectionId: string, batchIds: readonly string[]): Promise<Map<string, Batch>> {
  const rows = await readRows(db, `SELECT courseid, batchid, name, status FROM ${keyspace}.course_batch WHERE courseid = ? AND batchid IN ?`, [collectionId, [...batchIds]]);
  return new Map(
    rows.map((row) => {
      const batch: Batch = { courseId: row.get("courseid"), batchId: row.get("batchid"), name: row.get("name") ?? null, status: row.get("status") ?? null };
      return [batch.batchId, batch];
    }),
  );
}
