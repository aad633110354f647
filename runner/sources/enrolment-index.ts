import type { CassandraReads } from "./cassandra-reads.ts";
import { readRows } from "./cassandra-reads.ts";

/**
 * D18: whether the enrolments table has an index on batchid (a secondary index or SAI). Either kind names its column
 * in options.target, possibly quoted.
 */
export async function hasBatchIdIndex(db: CassandraReads, keyspace: string, table: string): Promise<boolean> {
  const rows = await readRows(db, "SELECT options FROM system_schema.indexes WHERE keyspace_name = ? AND table_name = ?", [keyspace, table]);
  return rows.some((row) => {
    const options = row.get("options") as Record<string, string> | Map<string, string> | null;
    const target = options instanceof Map ? options.get("target") : options?.target;
    return target !== undefined && target.replaceAll('"', "") === "batchid";
  });
}
