import type { Client } from "cassandra-driver";
import { TABLE_INDEXES_QUERY, targetsBatchId } from "../../../crds/batch-id-index.ts";

/** D18: whether the enrolments table has an index on batchid, a secondary index or SAI. */
export async function hasBatchIdIndex(client: Client, keyspace: string, table: string, timeoutMs: number): Promise<boolean> {
  const rs = await client.execute(TABLE_INDEXES_QUERY, [keyspace, table], { prepare: true, readTimeout: timeoutMs });
  return rs.rows.some((row) => targetsBatchId(row.get("options") as Record<string, string> | Map<string, string> | null));
}

/**
 * Enrolment rows per batch through the batchid index, for sizing runner pods. Only called when the index exists,
 * so no count ever scans the table; a count that fails or times out is left out (the default tier applies).
 */
export async function countEnrolments(
  client: Client,
  batchIds: readonly string[],
  options: { keyspace: string; table: string; timeoutMs: number },
): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const id of batchIds) {
    try {
      const rs = await client.execute(`SELECT count(*) FROM ${options.keyspace}.${options.table} WHERE batchid = ?`, [id], {
        prepare: true,
        readTimeout: options.timeoutMs,
      });
      out[id] = Number(rs.first()?.get("count") ?? 0);
    } catch {
      // Sizing is a hint; the default tier applies.
    }
  }
  return out;
}
