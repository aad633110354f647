import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ExhaustRequest } from "../../crds/exhaust-request.ts";
import type { KubeObject } from "../../operator/kube/meta/kube-object.ts";
import { jobs } from "../../operator/kube/meta/resource-type.ts";
import { REQUEST_LABEL } from "../../operator/requests/runner-job/runner-job.ts";
import { endpoints } from "../env/endpoints.ts";
import { startOperator, type OperatorProcess } from "../env/operator-process.ts";
import { eventually } from "../env/process.ts";
import { repoRoot } from "../env/stack.ts";
import type { TestCluster } from "../e2e/support/cluster.ts";
import { freshCluster, type FreshCluster } from "../e2e/support/fresh-cluster.ts";
import { operatorConfigFor, testStores, type TestStores } from "../e2e/support/stores.ts";
import { progressSpec, runnerNamespace, tearDownSuite } from "../e2e/support/suite.ts";
import { countLeaks } from "./count-leaks.ts";
import { faultRowHolds, type FaultRow } from "./fault-row.ts";
import { duplicateCreations, jobSeenOf } from "./job-ledger.ts";
import { watchNamespace } from "./namespace-watch.ts";
import { recordFaultRow } from "./record-fault-row.ts";
import { testDataSecrets } from "./test-data-secrets.ts";

// Scenario 4: the kube-apiserver restarted (SIGTERM, started again on the same port; etcd kept) while requests run.
// It runs on a private cluster (test/e2e/support/fresh-cluster.ts: its own etcd, apiserver, KCM and stand-in node),
// because restarting the stack's apiserver would break every test running beside it. It is short already (4 requests,
// one restart), so `npm test` runs it as it is (vitest.config.ts), and `npm run test:faults` too. Two operator replicas share a Lease: the leader either keeps it (the restart took less
// than the renew deadline) or loses it and exits, and the standby takes over. Runners are the stand-in
// exhaust-test/sleep (8 s, exit 0), so batches are Running across the restart.

const REQUESTS = 4;
const ZIP_PASSWORD = "faults-apiserver-password";
const FINAL = new Set(["Succeeded", "PartiallySucceeded", "Failed"]);

describe("fault scenario 4: the apiserver restarted, etcd kept", () => {
  let fresh: FreshCluster | undefined;
  let stores: TestStores | undefined;
  let cluster: TestCluster | undefined;
  const replicas: OperatorProcess[] = [];
  afterAll(async () => {
    for (const r of replicas.slice(1)) await r.stop();
    await tearDownSuite({ operator: replicas[0], cluster, stores });
    await fresh?.stop();
  });

  it("informers resume: the requests running across the restart and one created right after it all succeed, one Job per batch attempt; the Lease is kept or taken over", { timeout: 300_000 }, async () => {
    fresh = await freshCluster(endpoints(), "apiserver-restart", { manifests: true });
    const e = fresh.endpoints;
    stores = await testStores(e, { seed: 4, collections: 1, batchesPerCollection: 2, enrolments: 5 });
    cluster = await runnerNamespace(e, "faults-apiserver", stores, ZIP_PASSWORD);
    const c = cluster;
    const base = operatorConfigFor(e, stores, c.namespace);
    const config = {
      ...base,
      runner: { ...base.runner, image: "exhaust-test/sleep:restart", command: ["node", join(repoRoot, "test/env/images/sleep.ts"), "8"] },
      scan: { enrolmentsHaveBatchIdIndex: true },
    };
    const leaseName = `lease-${c.namespace}`;
    replicas.push(await startOperator({ endpoints: e, config, leaseName, name: "restart-a" }));
    replicas.push(await startOperator({ endpoints: e, config, leaseName, name: "restart-b", waitForLeadership: false }));
    const jobsEver = new Map<string, KubeObject>();
    const jobWatch = watchNamespace<KubeObject>(e, c.namespace, jobs, REQUEST_LABEL);
    jobWatch.onChange((job) => jobsEver.set(job.metadata?.uid ?? "", job));
    jobWatch.start();
    await jobWatch.synced();
    const spec = progressSpec(stores);
    const names = Array.from({ length: REQUESTS }, (_, i) => `before-${i}`);
    for (const n of names) await c.createRequest(n, spec);
    await eventually("a batch running", async () => ((await c.getRequest(names[0] ?? ""))?.status?.batches?.some((b) => b.phase === "Running") === true ? true : undefined), 120_000, 500);
    const holderBefore = await leaseHolder(c, leaseName);

    const restartFrom = performance.now();
    await fresh.restartApiserver();
    const restartMs = performance.now() - restartFrom;
    const back = performance.now();
    await c.createRequest("after-restart", spec);
    await eventually("the request created after the restart reconciled", async () => ((await c.getRequest("after-restart"))?.status?.phase === undefined ? undefined : true), 120_000, 250);
    const resumeMs = performance.now() - back;
    const all = [...names, "after-restart"];
    const finished = await eventually(
      "every request finished",
      async () => {
        const got = await Promise.all(all.map(async (n) => c.getRequest(n)));
        return got.every((r) => FINAL.has(r?.status?.phase ?? "")) ? got : undefined;
      },
      300_000,
      1_000,
    );
    const recoverMs = performance.now() - back;
    const holderAfter = await eventually("a Lease holder", async () => leaseHolder(c, leaseName), 60_000, 500);
    const leaders = await Promise.all(replicas.map(async (r) => (r.proc.exited() ? false : r.isLeader().catch(() => false))));
    await jobWatch.stop();

    const leaks = countLeaks(
      [
        ...(await Promise.all(replicas.map(async (r) => ({ where: `operator ${r.name} log`, text: await readFile(r.logFile, "utf8") })))),
        { where: "status", text: JSON.stringify(finished.map((r) => r?.status)) },
      ],
      testDataSecrets(e, stores, ZIP_PASSWORD),
    );
    const batches = finished.flatMap((r: ExhaustRequest | undefined) => r?.status?.batches ?? []);
    const completed = batches.filter((b) => b.phase === "Succeeded").length;
    const row: FaultRow = {
      scenario: `4 apiserver restarted (etcd kept), Lease ${holderAfter === holderBefore ? "kept" : "taken over by the standby"}`,
      requests: all.length,
      batches: batches.length,
      faults: 1,
      completed,
      duplicates: duplicateCreations([...jobsEver.values()].map(jobSeenOf)),
      lost: batches.length - completed,
      leaked: leaks.count,
      recoverMs,
    };
    recordFaultRow(row);
    process.stdout.write(`${JSON.stringify({ restartMs: Math.round(restartMs), resumeMs: Math.round(resumeMs), holderBefore, holderAfter, leaders, exited: replicas.map((r) => r.proc.exited()) })}\n`);

    expect(finished.map((r) => r?.status?.phase)).toEqual(all.map(() => "Succeeded"));
    expect(jobsEver.size).toBe(batches.reduce((n, b) => n + b.attempts, 0));
    expect(leaks.hits).toEqual([]);
    expect(faultRowHolds(row)).toBe(true);
    // Exactly one live leader, and it holds the Lease: the one from before, or the standby after the leader exited.
    expect(leaders.filter(Boolean)).toHaveLength(1);
    const leader = replicas[leaders.indexOf(true)];
    expect(holderAfter?.startsWith(`${leader?.name ?? "-"}_`)).toBe(true);
    if (holderAfter !== holderBefore) expect(replicas.find((r) => holderBefore?.startsWith(`${r.name}_`) === true)?.proc.exited()).toBe(true);
  });
});

async function leaseHolder(c: TestCluster, leaseName: string): Promise<string | undefined> {
  const lease = await c.api.request<{ spec?: { holderIdentity?: string } }>("GET", `/apis/coordination.k8s.io/v1/namespaces/exhaust-system/leases/${leaseName}`);
  return lease.spec?.holderIdentity;
}
