import type { Client } from "cassandra-driver";
import type { ExhaustRequestSpec } from "../../../crds/exhaust-request.ts";
import type { BatchResolution, ResolvedBatch } from "../plan/accept-batches.ts";

export interface BatchReadOptions {
  keyspace: string;
  /** Read timeout per query; a slow store makes the resolution "unavailable", retried later. */
  timeoutMs: number;
}

/**
 * Resolves the request's batches from course_batch (reports-spec.md §4.1, D13). Explicit ids are read by partition
 * key (spec.collectionId); ids not found there are looked up by batchid alone, a filtered read of a small table,
 * because a batch is exported against its own collection. "all" reads the collection's partition and keeps the
 * listed statuses. A store error gives "unavailable" with the driver's message, never a rejection.
 */
export async function resolveBatches(client: Client, spec: ExhaustRequestSpec, options: BatchReadOptions): Promise<BatchResolution> {
  const table = `${options.keyspace}.course_batch`;
  const query = (cql: string, params: unknown[]) => client.execute(cql, params, { prepare: true, readTimeout: options.timeoutMs });
  try {
    if (spec.batches.ids === undefined) {
      const rs = await query(`SELECT courseid, batchid, status FROM ${table} WHERE courseid = ?`, [spec.collectionId]);
      const statuses = spec.batches.all?.statuses;
      const found = rs.rows
        .filter((row) => statuses === undefined || statuses.includes(row.get("status") as 0 | 1 | 2))
        .map((row): ResolvedBatch => ({ batchId: row.get("batchid") as string, collectionId: row.get("courseid") as string }));
      return { kind: "resolved", found, notFound: [] };
    }
    const ids = [...new Set(spec.batches.ids)];
    const own = await query(`SELECT courseid, batchid FROM ${table} WHERE courseid = ? AND batchid IN ?`, [spec.collectionId, ids]);
    const found = own.rows.map((row): ResolvedBatch => ({ batchId: row.get("batchid") as string, collectionId: row.get("courseid") as string }));
    const notFound: string[] = [];
    for (const id of ids.filter((i) => !found.some((b) => b.batchId === i))) {
      const collectionId = await collectionOfBatch(client, id, options);
      if (collectionId === null) notFound.push(id);
      else found.push({ batchId: id, collectionId });
    }
    return { kind: "resolved", found, notFound };
  } catch (err) {
    return { kind: "unavailable", message: `Cassandra unavailable: ${(err as Error).message}` };
  }
}

/**
 * The collection of a batch found by batchid alone (a filtered read of a small table; courseid is the partition
 * key), or null when course_batch has no such batch. Store errors throw.
 */
export async function collectionOfBatch(client: Client, batchId: string, options: BatchReadOptions): Promise<string | null> {
  const rs = await client.execute(`SELECT courseid FROM ${options.keyspace}.course_batch WHERE batchid = ? LIMIT 1 ALLOW FILTERING`, [batchId], { prepare: true, readTimeout: options.timeoutMs });
  return (rs.first()?.get("courseid") as string | undefined) ?? null;
}
