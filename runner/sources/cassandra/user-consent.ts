import type { Consent } from "../../reports/model.ts";
import type { CassandraReads } from "./cassandra-reads.ts";
import { pagedRows } from "./cassandra-reads.ts";

/**
 * The users' consent to the requesting org for this collection: reads by the full key (§5.1), several users per
 * request. Users without a row are absent from the map.
 */
export async function readConsents(db: CassandraReads, keyspace: string, userIds: readonly string[], consumerId: string, objectId: string): Promise<Map<string, Consent>> {
  const query = `SELECT user_id, status, last_updated_on FROM ${keyspace}.user_consent WHERE user_id IN ? AND consumer_id = ? AND object_id = ?`;
  const byUser = new Map<string, Consent>();
  for await (const row of pagedRows(db, query, [[...userIds], consumerId, objectId])) {
    byUser.set(row.get("user_id") as string, { status: row.get("status") ?? null, lastUpdatedOn: row.get("last_updated_on") ?? null });
  }
  return byUser;
}
