import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHealthServer } from "../../../../operator/health/server.ts";
import type { HealthServer } from "../../../../operator/health/server.ts";
import { newLogger } from "../../../../operator/log/log.ts";
import { newOperatorMetrics } from "../../../../operator/metrics/registry.ts";

describe("health and metrics server", () => {
  let server: HealthServer;
  let synced = false;
  const metrics = newOperatorMetrics();

  beforeAll(async () => {
    metrics.leaderElectionMasterStatus.set({ name: "exhaust-operator" }, 1);
    server = await startHealthServer({
      host: "127.0.0.1",
      port: 0,
      registry: metrics.registry,
      readyChecks: { informers: () => synced, leaderElection: () => true },
      log: newLogger({ level: "silent" }),
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  const get = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${server.port}${path}`);
    return { status: res.status, text: await res.text() };
  };

  it("/healthz answers while the process runs", async () => {
    expect(await get("/healthz")).toEqual({ status: 200, text: "ok" });
  });

  it("/readyz fails until the caches are synced, naming the failing check", async () => {
    const before = await get("/readyz");
    expect(before.status).toBe(503);
    expect(before.text).toContain("[-]informers failed");
    synced = true;
    const after = await get("/readyz");
    expect(after.status).toBe(200);
    expect(after.text).toContain("[+]informers ok");
  });

  it("/metrics serves the registry in Prometheus text format, process metrics included", async () => {
    const { status, text } = await get("/metrics");
    expect(status).toBe(200);
    expect(text).toContain('leader_election_master_status{name="exhaust-operator"} 1');
    expect(text).toContain("process_cpu_user_seconds_total");
  });

  it("unknown paths are 404", async () => {
    expect((await get("/nope")).status).toBe(404);
  });
});
