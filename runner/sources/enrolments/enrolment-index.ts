import { TABLE_INDEXES_QUERY, targetsBatchId } from "../../../crds/batch-id-index.ts";
import type { CassandraReads } from "../cassandra/cassandra-reads.ts";
import { readRows } from "../cassandra/cassandra-reads.ts";

/** D18: whether the enrolments table has an index on batchid (a secondary index or SAI). */
export async function hasBatchIdIndex(db: CassandraReads, keyspace: string, table: string): Promise<boolean> {
  const rows = await readRows(db, TABLE_INDEXES_QUERY, [keyspace, table]);
  return rows.some((row) => targetsBatchId(row.get("options") as Record<string, string> | Map<string, string> | null));
}
