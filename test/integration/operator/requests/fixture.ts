import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { OperatorConfigInput } from "../../../../operator/config/operator-config.ts";
import { createSchema, dropKeyspace } from "../../../data/schema.ts";
import type { Endpoints } from "../../../env/endpoints.ts";
import { startOperator, type OperatorProcess } from "../../../env/operator-process.ts";
import { repoRoot } from "../../../env/stack.ts";
import { testCluster, type TestCluster } from "../../../e2e/support/cluster.ts";
import { cassandraClient } from "../../../env/store-clients.ts";

/** A test image's command (test/env/images), as the stand-in node runs it: node + an absolute script path. */
export const testImage = (script: "exit-code" | "sleep", ...args: string[]) => ({
  image: `exhaust-test/${script}:latest`,
  command: ["node", join(repoRoot, "test/env/images", `${script}.ts`), ...args],
});

export interface ImageFixture {
  cluster: TestCluster;
  collectionId: string;
  batchIds: string[];
  /** A replica whose runner Jobs run `runner` (a test image) instead of the runner. */
  operator(runner: { image: string; command: string[] }, config?: Partial<OperatorConfigInput>, options?: { name?: string; waitForLeadership?: boolean }): Promise<OperatorProcess>;
  cleanup(): Promise<void>;
}

/**
 * Controller tests that need no report data: a namespace, a keyspace holding one Live collection with `batches`
 * batches (so requests resolve), and operators whose Jobs run a test image. Everything started here is stopped by
 * cleanup().
 */
export async function imageFixture(e: Endpoints, suite: string, batches = 1): Promise<ImageFixture> {
  const cluster = await testCluster(e, suite);
  const keyspace = `t_${randomBytes(4).toString("hex")}`;
  const cassandra = cassandraClient(e.cassandra);
  await createSchema(cassandra, keyspace);
  const collectionId = `do_${suite.replaceAll("-", "_")}`;
  const batchIds = Array.from({ length: batches }, (_, i) => `batch-${i + 1}`);
  await cassandra.execute(`INSERT INTO ${keyspace}.content_hierarchy (identifier, hierarchy) VALUES (?, ?)`, [collectionId, JSON.stringify({ identifier: collectionId, status: "Live" })], { prepare: true });
  for (const id of batchIds) {
    await cassandra.execute(`INSERT INTO ${keyspace}.course_batch (courseid, batchid, name, status) VALUES (?, ?, ?, 1)`, [collectionId, id, id], { prepare: true });
  }
  const started: OperatorProcess[] = [];
  return {
    cluster,
    collectionId,
    batchIds,
    async operator(runner, config = {}, options = {}) {
      const base: OperatorConfigInput = {
        controller: { namespace: cluster.namespace, workers: 2 },
        runner: {
          ...runner,
          settings: { cassandraContactPoints: e.cassandra.contactPoint, cassandraLocalDc: e.cassandra.localDataCenter, coursesKeyspace: keyspace, hierarchyKeyspace: keyspace, enrolmentsKeyspace: keyspace },
        },
        requests: { recheckSeconds: 2 },
      };
      const op = await startOperator({ endpoints: e, config: { ...base, ...config }, leaseName: `lease-${cluster.namespace}`, ...options });
      started.push(op);
      return op;
    },
    async cleanup() {
      for (const op of started) await op.stop();
      await cluster.deleteNamespace();
      await dropKeyspace(cassandra, keyspace).catch(() => undefined);
      await cassandra.shutdown();
    },
  };
}
