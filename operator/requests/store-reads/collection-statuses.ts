import type { Client } from "cassandra-driver";
import type { CollectionState, CollectionStatuses } from "../plan/accept-batches.ts";
import { hierarchyStatus } from "./hierarchy-status.ts";

/**
 * What content_hierarchy says of each collection (D12; see hierarchyStatus), a missing row as status null. Undefined when the store
 * could not be read, so the plan keeps waiting instead of failing batches for a transient error.
 */
export async function readCollectionStatuses(
  client: Client,
  collectionIds: readonly string[],
  options: { keyspace: string; timeoutMs: number },
): Promise<CollectionStatuses | undefined> {
  const ids = [...new Set(collectionIds)];
  if (ids.length === 0) return {};
  try {
    const rs = await client.execute(`SELECT identifier, hierarchy FROM ${options.keyspace}.content_hierarchy WHERE identifier IN ?`, [ids], {
      prepare: true,
      readTimeout: options.timeoutMs,
    });
    const out: Record<string, CollectionState> = Object.fromEntries(ids.map((id) => [id, { status: null }]));
    for (const row of rs.rows) out[row.get("identifier") as string] = hierarchyStatus(row.get("hierarchy") as string | null);
    return out;
  } catch {
    return undefined;
  }
}
