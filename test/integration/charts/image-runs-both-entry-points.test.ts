import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resultManifestSchema } from "../../../crds/runner-contract.ts";
import { IMAGE } from "../../env/cache-paths.ts";
import { endpoints } from "../../env/endpoints.ts";
import { imageContainer, runInImage, sharedDir, type ImageContainer } from "../../env/image-container.ts";
import { startOperator, type OperatorProcess } from "../../env/operator-process.ts";
import type { TestCluster } from "../../e2e/support/cluster.ts";
import { operatorConfigFor, testStores, type TestStores } from "../../e2e/support/stores.ts";
import { progressRequestSucceeds, runnerNamespace, tearDownSuite } from "../../e2e/support/suite.ts";
import { loadFixture } from "../runner/fixture.ts";
import { bucketContents, openStores, runnerEnv, type Stores } from "../runner/harness.ts";

// The image built from the unchanged Dockerfile (test/env/setup/image.sh) holds both entry points: run as the
// Dockerfile's user 1000, its runner exports a batch from the real stores, and its operator completes a request
// against the real apiserver.

describe(`the image ${IMAGE}`, () => {
  const e = endpoints();
  let container: ImageContainer;
  beforeAll(() => {
    container = imageContainer();
  });
  afterAll(() => container?.remove());

  describe("as the runner", () => {
    let stores: Stores;
    beforeAll(async () => {
      stores = await openStores();
      await loadFixture(stores, { batchIdIndex: false });
    });
    afterAll(async () => stores?.close());

    it("exports one batch to S3 from Cassandra and Redis and prints its result manifest", async () => {
      // The host's PATH and NODE_OPTIONS (the loopback guard's host path) mean nothing inside the image.
      const { PATH: _path, NODE_OPTIONS: _options, ...env } = runnerEnv(stores, {
        EXHAUST_REPORT: "progress",
        EXHAUST_REQUEST_ID: "IMAGE-RUN",
        EXHAUST_COLLECTION_ID: "do_c1",
        EXHAUST_BATCH_IDS: "B1",
        EXHAUST_REQUESTED_CHANNEL: "org_a",
        EXHAUST_OUTPUT_FORMAT: "csv",
        TERMINATION_MESSAGE_PATH: "/tmp/termination-log",
      });
      const run = await runInImage(container, ["node", "runner/main.ts"], { env });
      expect(run.code, run.stderr).toBe(0);
      const manifest = resultManifestSchema.parse(JSON.parse(run.stdout.trim().split("\n").at(-1) ?? ""));
      expect(manifest.batches.map((b) => [b.batchId, b.ok])).toEqual([["B1", true]]);
      const key = `progress-exhaust/IMAGE-RUN/${manifest.batches[0]?.objectUri?.split("/").at(-1) ?? ""}`;
      expect(manifest.batches[0]?.objectUri).toBe(`s3://${stores.bucket}/${key}`);
      expect((await bucketContents(stores)).objects).toContain(key);
    });
  });

  describe("as the operator", () => {
    let stores: TestStores;
    let cluster: TestCluster;
    let operator: OperatorProcess;
    beforeAll(async () => {
      stores = await testStores(e, { seed: 13, collections: 1, batchesPerCollection: 1, enrolments: 20 });
      cluster = await runnerNamespace(e, "image", stores);
      // The kubeconfig (CA inline) and the config file, copied where the image's user may read them.
      const shared = sharedDir();
      const kubeconfig = shared.share(e.k8s.operatorKubeconfig);
      const inImage = (flags: string[]): string[] => flags.map((f, i) => (flags[i - 1] === "--kubeconfig" ? kubeconfig : flags[i - 1] === "--config" ? shared.share(f) : f));
      const config = operatorConfigFor(e, stores, cluster.namespace);
      operator = await startOperator({
        endpoints: e,
        config: { ...config, runner: { ...config.runner, image: IMAGE } },
        leaseName: `lease-${cluster.namespace}`,
        launch: (flags, env) => ({ command: "buildah", args: container.runArgs(["node", "operator/main.ts", ...inImage(flags)], { env, readOnlyDirs: [shared.dir] }) }),
      });
    });
    afterAll(async () => tearDownSuite({ operator, cluster, stores }));

    it("completes a request: its runner Job succeeds and the batch's object is in S3", { timeout: 180_000 }, async () => {
      const outcome = await progressRequestSucceeds(cluster, stores, "from-image", 120);
      expect(outcome.batches).toBeGreaterThan(0);
      expect(outcome.withObject).toBe(outcome.batches);
    });
  });
});
