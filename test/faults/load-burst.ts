import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ExhaustRequest } from "../../crds/exhaust-request.ts";
import type { Informer } from "../../operator/kube/cache/informer.ts";
import type { KubeObject } from "../../operator/kube/meta/kube-object.ts";
import { exhaustRequests, jobs, type ResourceType } from "../../operator/kube/meta/resource-type.ts";
import { REQUEST_LABEL } from "../../operator/requests/runner-job/runner-job.ts";
import type { Endpoints } from "../env/endpoints.ts";
import { histogramDelta, histogramQuantile, parseMetrics, sumSamples } from "../env/metric-samples.ts";
import { startOperator, type OperatorProcess } from "../env/operator-process.ts";
import { eventually } from "../env/process.ts";
import { repoRoot } from "../env/stack.ts";
import type { TestCluster } from "../e2e/support/cluster.ts";
import { operatorConfigFor, testStores, type TestStores } from "../e2e/support/stores.ts";
import { progressSpec, runnerNamespace, tearDownSuite } from "../e2e/support/suite.ts";
import { countLeaks, type LeakCount } from "./count-leaks.ts";
import type { FaultRow } from "./fault-row.ts";
import { SINGLE_REPLICA_LEASE } from "./single-replica-lease.ts";
import { duplicateCreations, jobSeenOf } from "./job-ledger.ts";
import { watchNamespace } from "./namespace-watch.ts";
import { statusRegressions } from "./status-regressions.ts";
import { testDataSecrets } from "./test-data-secrets.ts";

// Scenario 7 (load): `requests` one-batch progress requests created in one burst against a global runner limit
// (limits.maxConcurrentBatches). The runner is the stand-in image exhaust-test/exit-code (exit 0 at once), as in
// bench:operator, so the figures are the operator's and 1,000 requests finish in minutes on 2 cores. A watch records
// every Job ever created (one per batch attempt, never more than the limit at once) and every status a request
// went through (no field moves backwards). Reconcile p99 and API calls per batch come from the operator's /metrics,
// its peak RSS from /proc (VmHWM).

export interface LoadBurst {
  e: Endpoints;
  requests: number;
  maxConcurrentBatches: number;
  timeoutMs: number;
}

export interface LoadFigures {
  secondsToAllComplete: number;
  reconcileP99Ms: number;
  apiCallsPerBatch: number;
  peakRssMiB: number;
}

export interface LoadOutcome {
  row: FaultRow;
  figures: LoadFigures;
  phases: Map<string, string | undefined>;
  jobsCreated: number;
  /** Batch attempts the statuses count (sum of attempts): what jobsCreated must equal. */
  batchAttempts: number;
  /** The most runner Jobs active (created, not finished, not deleted) at once. */
  maxActiveJobs: number;
  /** Every backwards move a watch saw, `<request> <field>: <before> -> <after>`. */
  regressions: string[];
  statusesSeen: number;
  leaks: LeakCount;
}

const ZIP_PASSWORD = "faults-load-password";
const FINAL = new Set(["Succeeded", "PartiallySucceeded", "Failed"]);
/** Concurrent creations: a burst, without queueing a thousand sockets at once. */
const CREATE_CONCURRENCY = 50;

type JobObject = KubeObject & { status?: { succeeded?: number; failed?: number } };

export async function loadBurst(s: LoadBurst): Promise<LoadOutcome> {
  let stores: TestStores | undefined;
  let cluster: TestCluster | undefined;
  let operator: OperatorProcess | undefined;
  const informers: Informer<KubeObject>[] = [];
  try {
    stores = await testStores(s.e, { seed: 7, collections: 1, batchesPerCollection: 1, enrolments: 5 });
    cluster = await runnerNamespace(s.e, "faults-load", stores, ZIP_PASSWORD);
    const base = operatorConfigFor(s.e, stores, cluster.namespace);
    operator = await startOperator({
      endpoints: s.e,
      leaseName: `lease-${cluster.namespace}`,
      extraArgs: SINGLE_REPLICA_LEASE,
      config: {
        ...base,
        runner: { ...base.runner, image: "exhaust-test/exit-code:load", command: ["node", join(repoRoot, "test/env/images/exit-code.ts"), "0"] },
        requests: { recheckSeconds: 5 },
        // One Job per batch, as with a batchid index (D18), so Jobs and batch attempts match one to one.
        scan: { enrolmentsHaveBatchIdIndex: true },
        limits: { maxConcurrentBatches: s.maxConcurrentBatches, maxConcurrentBatchesPerChannel: s.maxConcurrentBatches },
      },
    });
    const c = cluster;
    const watch = <T extends KubeObject>(type: ResourceType, labelSelector?: string) => {
      const informer = watchNamespace<T>(s.e, c.namespace, type, labelSelector);
      informers.push(informer as unknown as Informer<KubeObject>);
      return informer;
    };
    const jobsEver = new Map<string, JobObject>();
    const active = new Set<string>();
    let maxActiveJobs = 0;
    const jobWatch = watch<JobObject>(jobs, REQUEST_LABEL);
    jobWatch.onChange((job) => {
      const uid = job.metadata?.uid ?? "";
      if (!jobsEver.has(uid)) jobsEver.set(uid, job);
      if ((job.status?.succeeded ?? 0) + (job.status?.failed ?? 0) > 0) active.delete(uid);
      else active.add(uid);
      maxActiveJobs = Math.max(maxActiveJobs, active.size);
    });
    jobWatch.onDelete((job) => active.delete(job.metadata?.uid ?? ""));
    const latest = new Map<string, ExhaustRequest>();
    const regressions: string[] = [];
    let statusesSeen = 0;
    const requestWatch = watch<ExhaustRequest>(exhaustRequests);
    requestWatch.onChange((r) => {
      const name = r.metadata.name ?? "";
      statusesSeen++;
      for (const field of statusRegressions(latest.get(name)?.status, r.status)) regressions.push(`${name} ${field}`);
      latest.set(name, r);
    });
    for (const informer of informers) informer.start();
    for (const informer of informers) await informer.synced();

    const before = parseMetrics(await operator.metrics());
    const started = performance.now();
    const names = Array.from({ length: s.requests }, (_, i) => `load-${i}`);
    const spec = progressSpec(stores);
    for (let i = 0; i < names.length; i += CREATE_CONCURRENCY) await Promise.all(names.slice(i, i + CREATE_CONCURRENCY).map(async (n) => c.createRequest(n, spec)));
    await eventually("every request finished", async () => (names.every((n) => FINAL.has(latest.get(n)?.status?.phase ?? "")) ? true : undefined), s.timeoutMs, 1_000);
    const seconds = (performance.now() - started) / 1000;
    const metricsText = await operator.metrics();
    const after = parseMetrics(metricsText);
    const peakRssMiB = await peakRss(operator);

    const batches = names.flatMap((n) => latest.get(n)?.status?.batches ?? []);
    const completed = batches.filter((b) => b.phase === "Succeeded").length;
    const duplicates = duplicateCreations([...jobsEver.values()].map(jobSeenOf));
    const leaks = countLeaks(
      [
        { where: "operator log", text: await readFile(operator.logFile, "utf8") },
        { where: "status", text: JSON.stringify([...latest.values()].map((r) => r.status)) },
        { where: "metrics", text: metricsText },
      ],
      testDataSecrets(s.e, stores, ZIP_PASSWORD),
    );
    const row: FaultRow = {
      scenario: `7 load: ${s.requests} requests in one burst, limit ${s.maxConcurrentBatches} (stand-in runner exit-code)`,
      requests: s.requests,
      batches: batches.length,
      faults: 0,
      completed,
      duplicates,
      lost: batches.length - completed,
      leaked: leaks.count,
    };
    const figures: LoadFigures = {
      secondsToAllComplete: round(seconds),
      reconcileP99Ms: round(histogramQuantile(histogramDelta(before, after, "controller_runtime_reconcile_time_seconds_bucket"), 0.99) * 1000),
      apiCallsPerBatch: round((sumSamples(after, "rest_client_requests_total") - sumSamples(before, "rest_client_requests_total")) / Math.max(1, batches.length)),
      peakRssMiB,
    };
    return {
      row,
      figures,
      phases: new Map(names.map((n) => [n, latest.get(n)?.status?.phase])),
      jobsCreated: jobsEver.size,
      batchAttempts: batches.reduce((n, b) => n + b.attempts, 0),
      maxActiveJobs,
      regressions,
      statusesSeen,
      leaks,
    };
  } finally {
    for (const informer of informers) await informer.stop();
    await tearDownSuite({ operator, cluster, stores });
  }
}

/** The operator process's peak resident set (VmHWM), in MiB. */
async function peakRss(operator: OperatorProcess): Promise<number> {
  const status = await readFile(`/proc/${operator.proc.child.pid}/status`, "utf8");
  const kib = Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1]);
  return round(kib / 1024);
}

const round = (n: number): number => Math.round(n * 100) / 100;
