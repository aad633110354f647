import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endpoints } from "../env/endpoints.ts";
import { countingProxy, type CountingProxy } from "../env/counting-proxy.ts";
import { startOperator, type OperatorProcess } from "../env/operator-process.ts";
import type { TestCluster } from "./support/cluster.ts";
import { operatorConfigFor, testStores, type TestStores } from "./support/stores.ts";
import { progressSpec, runnerNamespace, tearDownSuite } from "./support/suite.ts";

// Live progress (issue 17): while a batch streams, its runner logs a progress line per interval (a pipe: JSON), the
// operator reads the pod's last lines through pods/log (the stand-in node serves the kubelet's log endpoint) and
// shows the rows so far in status.batches[].rows before the batch Succeeds. The runner reads Redis one user at a
// time through a proxy that delays each request 10 ms (a slow network; its own settings alone let 8,000 users finish
// in 2.4 s on an idle machine), and both intervals are 1 s, so the batch streams for many intervals.

interface Sample {
  phase?: string;
  rows?: number;
  progressTime?: string;
  totalRows?: number;
}

describe("live progress of a running batch", () => {
  const e = endpoints();
  let cluster: TestCluster;
  let stores: TestStores;
  let operator: OperatorProcess;
  let slowRedis: CountingProxy;

  beforeAll(async () => {
    stores = await testStores(e, { seed: 83, collections: 1, batchesPerCollection: 1, enrolments: 4000 });
    cluster = await runnerNamespace(e, "progress", stores);
    slowRedis = await countingProxy(e.redis.port, { delayMs: 10 });
    const config = operatorConfigFor(e, stores, cluster.namespace, { redisPort: slowRedis.port });
    operator = await startOperator({
      endpoints: e,
      config: {
        ...config,
        runner: { ...config.runner, settings: { ...config.runner?.settings, progressSeconds: 1, redisPipelineSize: 1 } },
        progress: { intervalSeconds: 1 },
      },
      leaseName: `lease-${cluster.namespace}`,
    });
  }, 240_000);
  afterAll(async () => {
    await tearDownSuite({ operator, cluster, stores });
    await slowRedis.close();
  });

  it("status.batches[].rows rises above 0 while the batch is Running, then holds the result's rows", async () => {
    await cluster.createRequest("live", progressSpec(stores));
    const samples: Sample[] = [];
    const deadline = Date.now() + 240_000;
    for (;;) {
      const status = (await cluster.getRequest("live"))?.status;
      const b = status?.batches?.[0];
      samples.push({ phase: b?.phase, rows: b?.rows, progressTime: b?.progressTime, totalRows: status?.totals?.rows });
      if (b?.phase === "Succeeded" || b?.phase === "Failed" || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const final = samples[samples.length - 1];
    expect(final?.phase).toBe("Succeeded");
    const live = samples.filter((s) => s.phase === "Running" && (s.rows ?? 0) > 0);
    expect(live.length).toBeGreaterThan(0);
    expect(live.every((s) => s.progressTime !== undefined && s.totalRows === s.rows)).toBe(true);
    // Never backwards while Running, and never above the final count.
    const seen = live.map((s) => s.rows ?? 0);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    const planned = stores.data.batches[0]?.exportableInCache;
    expect(final?.rows).toBe(planned);
    expect(Math.max(...seen)).toBeLessThanOrEqual(final?.rows ?? 0);
    expect(final?.progressTime).toBeUndefined();
  }, 300_000);
});
