import type { TestStores } from "./stores.ts";

/**
 * Adds a collection (a copy of the first sample collection's hierarchy with the given root fields) and one batch of
 * it, so a test can ask for a collection in a state the sample data lacks: retired, without user consent.
 */
export async function addCollection(stores: TestStores, collectionId: string, batchId: string, root: Record<string, string>): Promise<void> {
  const source = stores.data.data.contentHierarchies[0];
  if (source === undefined) throw new Error("the sample data has no collection to copy");
  const hierarchy = { ...(JSON.parse(source.hierarchy) as Record<string, unknown>), identifier: collectionId, ...root };
  await stores.cassandra.execute(`INSERT INTO ${stores.keyspace}.content_hierarchy (identifier, hierarchy) VALUES (?, ?)`, [collectionId, JSON.stringify(hierarchy)], { prepare: true });
  await stores.cassandra.execute(`INSERT INTO ${stores.keyspace}.course_batch (courseid, batchid, name, status) VALUES (?, ?, ?, 1)`, [collectionId, batchId, `Batch ${batchId}`], {
    prepare: true,
  });
}
