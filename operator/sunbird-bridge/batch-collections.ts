import type { Client } from "cassandra-driver";
import type { BatchCollections } from "../bridge/row-to-request.ts";
import { collectionOfBatch, type BatchReadOptions } from "../requests/store-reads/course-batches.ts";

/**
 * course_batch.courseid of each batch (null: no such batch), with the request controller's own read of a batch by
 * batchid. A store error throws: the pass is retried with backoff and the rows stay SUBMITTED meanwhile.
 */
export async function batchCollections(cassandra: Client, batchIds: readonly string[], options: BatchReadOptions): Promise<BatchCollections> {
  const lookups: Record<string, string | null> = {};
  for (const id of new Set(batchIds)) lookups[id] = await collectionOfBatch(cassandra, id, options);
  return lookups;
}
