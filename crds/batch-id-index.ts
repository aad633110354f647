// D18: the operator (Job per batch, or one scan Job for several) and the runner (index query, or token-range scan)
// must agree on whether the enrolments table has an index on batchid, so both decide it from the same rows.

/** The index rows of one table: keyspace, then table name. */
export const TABLE_INDEXES_QUERY = "SELECT options FROM system_schema.indexes WHERE keyspace_name = ? AND table_name = ?";

/** Whether an index row's options target batchid: a secondary index or SAI names its column in `target`, maybe quoted. */
export function targetsBatchId(options: Record<string, string> | Map<string, string> | null | undefined): boolean {
  const target = options instanceof Map ? options.get("target") : options?.target;
  return target !== undefined && target.replaceAll('"', "") === "batchid";
}
