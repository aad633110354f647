import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemClock } from "../../../../operator/clock/clock.ts";
import type { KubeApi } from "../../../../operator/kube/client/api-client.ts";
import { objectPath, leases } from "../../../../operator/kube/meta/resource-type.ts";
import { LeaderElector } from "../../../../operator/leader/lease.ts";
import { leaderIdentity } from "../../../../operator/leader/lease-decision.ts";
import type { LeaseSpec } from "../../../../operator/leader/lease-decision.ts";
import { eventually, plumbingCluster } from "./cluster.ts";

// Short timings keep the test quick; the logic is the same as with 15/10/2 s.
const timings = { leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 300 };

/** The real client, with a switch that makes every call fail, as a network partition would. */
function partitionable(api: KubeApi) {
  let cut = false;
  const wrapped: KubeApi = {
    request: (method, path, options) => (cut ? Promise.reject(new Error("partitioned")) : api.request(method, path, options)),
  };
  return { api: wrapped, partition: () => (cut = true) };
}

describe("leader election on a Lease", () => {
  let cluster: Awaited<ReturnType<typeof plumbingCluster>>;
  const electors: LeaderElector[] = [];
  const log: string[] = [];

  beforeEach(async () => {
    cluster = await plumbingCluster("leader");
    log.length = 0;
  });
  afterEach(async () => {
    await Promise.all(electors.splice(0).map((e) => e.release()));
    await cluster.deleteNamespace();
  });

  function elector(name: string, api: KubeApi = cluster.api) {
    const e = new LeaderElector({
      api,
      namespace: cluster.namespace,
      name: "exhaust-operator",
      identity: leaderIdentity(name, "x1"),
      clock: systemClock,
      log: cluster.log,
      timings,
      masterStatus: cluster.metrics.leaderElectionMasterStatus,
      onStartedLeading: () => log.push(`${name} started`),
      onStoppedLeading: () => log.push(`${name} stopped`),
    });
    electors.push(e);
    e.start();
    return e;
  }

  const holder = async () =>
    (await cluster.api.request<{ spec?: LeaseSpec }>("GET", objectPath(leases, cluster.namespace, "exhaust-operator"))).spec?.holderIdentity;

  it("two candidates -> exactly one leader, and it is the Lease holder", async () => {
    const a = elector("pod-a");
    const b = elector("pod-b");
    await eventually(() => a.isLeader() || b.isLeader(), 10_000, "a leader");
    await new Promise((resolve) => setTimeout(resolve, 1500)); // several retry periods: still one leader
    expect([a.isLeader(), b.isLeader()].filter(Boolean)).toHaveLength(1);
    const leader = a.isLeader() ? "pod-a" : "pod-b";
    expect(await holder()).toBe(leaderIdentity(leader, "x1"));
    expect(log).toEqual([`${leader} started`]);
  });

  it("a released Lease is taken over by the standby within a few retry periods", async () => {
    const a = elector("pod-a");
    await eventually(() => a.isLeader(), 10_000, "pod-a leading");
    const b = elector("pod-b");
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(b.isLeader()).toBe(false);
    const released = Date.now();
    await a.release();
    await eventually(() => b.isLeader(), 5000, "pod-b taking over");
    expect(Date.now() - released).toBeLessThan(timings.leaseDurationMs);
    expect(log).toEqual(["pod-a started", "pod-b started"]); // a voluntary release does not call onStoppedLeading
  });

  it("a leader that cannot renew stops at its renew deadline; the standby leads after the lease expires", async () => {
    const cut = partitionable(cluster.api);
    const a = elector("pod-a", cut.api);
    await eventually(() => a.isLeader(), 10_000, "pod-a leading");
    const b = elector("pod-b");
    const partitioned = Date.now();
    cut.partition();
    await eventually(() => log.includes("pod-a stopped"), 5000, "pod-a stepping down");
    const steppedDownAfter = Date.now() - partitioned;
    expect(steppedDownAfter).toBeLessThanOrEqual(timings.renewDeadlineMs + 500);
    expect(a.isLeader()).toBe(false);
    await eventually(() => b.isLeader(), 10_000, "pod-b taking over");
    // pod-b may only lead after pod-a stopped: never two leaders at once.
    expect(log).toEqual(["pod-a started", "pod-a stopped", "pod-b started"]);
    expect(Date.now() - partitioned).toBeLessThan(timings.leaseDurationMs + 2 * timings.retryPeriodMs * 2.2 + 1000);
    const metrics = await cluster.metrics.registry.metrics();
    expect(metrics).toContain('leader_election_master_status{name="exhaust-operator"} 1');
  });
});
