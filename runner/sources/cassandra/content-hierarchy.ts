import type { CassandraReads } from "./cassandra-reads.ts";
import { readRows } from "./cassandra-reads.ts";

/** The collection's hierarchy JSON (D12), or null when the row (or its document) is missing. */
export async function readHierarchyJson(db: CassandraReads, keyspace: string, collectionId: string): Promise<string | null> {
  const rows = await readRows(db, `SELECT hierarchy FROM ${keyspace}.content_hierarchy WHERE identifier = ?`, [collectionId]);
  return (rows[0]?.get("hierarchy") as string | null | undefined) ?? null;
}
