import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { KubeConfig, type V1Job } from "@kubernetes/client-node";
import type { ExhaustRequest, ExhaustRequestStatus } from "../../crds/exhaust-request.ts";
import { systemClock } from "../../operator/clock/clock.ts";
import type { OperatorConfigInput } from "../../operator/config/operator-config.ts";
import type { FaultPointName } from "../../operator/faults/fault-point.ts";
import { Informer } from "../../operator/kube/cache/informer.ts";
import { apiServerSource } from "../../operator/kube/cache/resource-source.ts";
import type { KubeObject } from "../../operator/kube/meta/kube-object.ts";
import { exhaustRequests, jobs } from "../../operator/kube/meta/resource-type.ts";
import { newLogger } from "../../operator/log/log.ts";
import { REQUEST_LABEL } from "../../operator/requests/runner-job/runner-job.ts";
import { rngFor } from "../data/prng.ts";
import { createSchema, dropKeyspace } from "../data/schema.ts";
import { testCluster, type TestCluster } from "../e2e/support/cluster.ts";
import type { Endpoints } from "../env/endpoints.ts";
import { startOperator, type OperatorProcess } from "../env/operator-process.ts";
import { eventually, waitUntil } from "../env/process.ts";
import { repoRoot } from "../env/stack.ts";
import { cassandraClient } from "../env/store-clients.ts";
import { countLeaks, type LeakCount } from "./count-leaks.ts";
import type { FaultRow } from "./fault-row.ts";
import { batchesRunningTwice, creationsPerAttempt, duplicateCreations, jobSeenOf, type JobSeen } from "./job-ledger.ts";
import { statusRegressions } from "./status-regressions.ts";
import { webhookReceiver, webhookSecrets, type WebhookReceiver } from "./webhook-receiver.ts";

// Scenario 1: two operator replicas with leader election; the leader is SIGKILLed at named points on purpose (it
// kills itself through the test-only EXHAUST_FAULT_POINT hook, operator/faults/fault-point.ts) and then at seeded
// random instants (the test sends SIGKILL); each killed replica is started again as the standby. The runners are
// the stand-in image exhaust-test/exit-code (exit 0 at once), so the figures are the operator's. Watches started
// before the first request record every Job ever created and every status version of every request. Scenario 6:
// every request has a completion webhook whose URL carries a token (every fourth one answers 503), the secret the
// operator itself reads; every replica's log, the Events, the statuses and /metrics are scanned for it and for the
// S3 secret key.

export interface OperatorKills {
  e: Endpoints;
  requests: number;
  batchesPerRequest: number;
  /** The named points, hit in this order, one kill each. */
  namedPoints: readonly FaultPointName[];
  randomKills: number;
  seed: number;
  label: string;
  timeoutMs: number;
}

export interface Kill {
  /** The named point with its nth hit, or "random <ms> ms after takeover". */
  how: string;
  /** Some request had not Succeeded when the replica died. */
  workLeft: boolean;
  /** The signal the replica died of, as its parent saw it. */
  signal: string | null;
}

export interface OperatorKillsOutcome {
  row: FaultRow;
  phases: (string | undefined)[];
  /** The kills, in order. */
  kills: Kill[];
  /** Batch attempts in the final statuses and Job creations per attempt key. */
  attempts: number;
  creations: Map<string, number>;
  regressions: string[];
  ranTwice: string[];
  leaks: LeakCount;
  /** Webhook calls that arrived with the token and were answered 200, and the requests whose webhook answers. */
  webhookOkCalls: number;
  webhooksAnswering: number;
}

// An 11 s Lease instead of the default 15 s: a takeover waits about 11 s for the killed leader's Lease. The renew
// deadline and retry period stay 10 s and 2 s: with 6/4/1.5 s the leaders of the loaded suite lost their Lease on
// their own (a Lease request there took over 3 s), which is not the fault under test.
const LEASE_TIMINGS = ["--leader-election-lease-duration", "11"];

const COLLECTION = "do_kills";
const CHANNEL = "kills";

export async function operatorKilled(s: OperatorKills): Promise<OperatorKillsOutcome> {
  const tag = randomBytes(3).toString("hex");
  const keyspace = `faults_kills_${tag}`;
  const cassandra = cassandraClient(s.e.cassandra);
  const rng = rngFor(s.seed, "operator-kills");
  const names = Array.from({ length: s.requests }, (_, i) => `kills-${i}`);
  const batchesOf = (request: number) => Array.from({ length: s.batchesPerRequest }, (_, b) => `kb-${request}-${b}`);
  const replicas = new Map<string, OperatorProcess>();
  let cluster: TestCluster | undefined;
  const informers: { stop(): Promise<void> }[] = [];
  const started: OperatorProcess[] = [];
  let hook: WebhookReceiver | undefined;
  try {
    await createSchema(cassandra, keyspace);
    await cassandra.execute(`INSERT INTO ${keyspace}.content_hierarchy (identifier, hierarchy) VALUES (?, ?)`, [COLLECTION, JSON.stringify({ identifier: COLLECTION, status: "Live" })], { prepare: true });
    for (const id of names.flatMap((_, i) => batchesOf(i))) await cassandra.execute(`INSERT INTO ${keyspace}.course_batch (courseid, batchid, name, status) VALUES (?, ?, ?, 1)`, [COLLECTION, id, id], { prepare: true });
    const c = await testCluster(s.e, "kills");
    cluster = c;
    hook = await webhookReceiver();
    const webhookFor = await webhookSecrets(c, hook);
    const failingHook = (i: number) => i % 4 === 3;

    // The watches: every Job version by uid, every request status in watch order.
    const kc = new KubeConfig();
    kc.loadFromFile(s.e.k8s.adminKubeconfig);
    const quiet = newLogger({ level: "silent" });
    const jobsSeen = new Map<string, JobSeen>();
    const ranTwice = new Set<string>();
    const jobWatch = new Informer<KubeObject & V1Job>({ name: "kills-jobs", source: apiServerSource(c.api, kc, jobs, { namespace: c.namespace, labelSelector: REQUEST_LABEL }), clock: systemClock, log: quiet });
    jobWatch.onChange((j) => {
      jobsSeen.set(j.metadata?.uid ?? "", jobSeenOf(j));
      for (const b of batchesRunningTwice(jobsSeen.values())) ranTwice.add(b);
    });
    const lastStatus = new Map<string, ExhaustRequestStatus | undefined>();
    const regressions: string[] = [];
    const requestWatch = new Informer<ExhaustRequest & KubeObject>({ name: "kills-requests", source: apiServerSource(c.api, kc, exhaustRequests, { namespace: c.namespace }), clock: systemClock, log: quiet });
    requestWatch.onChange((r) => {
      const name = r.metadata.name ?? "";
      for (const line of statusRegressions(lastStatus.get(name), r.status)) regressions.push(`${name}: ${line}`);
      lastStatus.set(name, r.status);
    });
    for (const w of [jobWatch, requestWatch]) {
      w.start();
      informers.push(w);
      await w.synced();
    }

    const config: OperatorConfigInput = {
      controller: { namespace: c.namespace, workers: 2 },
      runner: {
        image: "exhaust-test/exit-code:faults",
        command: ["node", join(repoRoot, "test/env/images/exit-code.ts"), "0"],
        settings: { cassandraContactPoints: s.e.cassandra.contactPoint, cassandraLocalDc: s.e.cassandra.localDataCenter, coursesKeyspace: keyspace, hierarchyKeyspace: keyspace, enrolmentsKeyspace: keyspace },
      },
      requests: { recheckSeconds: 2 },
      // One Job per batch (as with a batchid index, D18), so a batch attempt is one Job.
      scan: { enrolmentsHaveBatchIdIndex: true },
      limits: { maxConcurrentBatches: 6, maxConcurrentBatchesPerChannel: 6 },
    };
    const leaseName = `lease-${c.namespace}`;
    const start = async (name: string, point: string | undefined, lead: boolean) => {
      const replica = await startOperator({
        endpoints: s.e,
        config,
        leaseName,
        name: `${name}-${randomBytes(2).toString("hex")}`,
        env: point === undefined ? {} : { EXHAUST_FAULT_POINT: point },
        waitForLeadership: lead,
        extraArgs: LEASE_TIMINGS,
      });
      replicas.set(name, replica);
      started.push(replica);
      return replica;
    };
    const other = (name: string) => (name === "a" ? "b" : "a");
    // Each named point fires on a seeded hit (1st to 3rd) of the leader that carries it, so it lands mid-stream.
    const points = s.namedPoints.map((p) => `${p}:${rng.int(1, 3)}`);
    await start("a", points[0], true);
    await start("b", points[1], false);

    for (let i = 0; i < names.length; i += 20) {
      await Promise.all(
        names.slice(i, i + 20).map(async (name, j) =>
          c.createRequest(name, { report: "progress", collectionId: COLLECTION, batches: { ids: batchesOf(i + j) }, requestedBy: "faults", requestedChannel: CHANNEL, webhook: webhookFor(failingHook(i + j)) }),
        ),
      );
    }
    const workLeft = () => names.some((n) => lastStatus.get(n)?.phase !== "Succeeded");
    const kills: Kill[] = [];
    let lastFaultAt = performance.now();

    // Named points: the leader kills itself; the standby takes over; the dead one comes back as the standby with
    // the next point (two ahead, as the replicas alternate).
    let leader = "a";
    for (const [i, point] of points.entries()) {
      const dying = replicas.get(leader);
      if (dying === undefined) throw new Error(`no replica ${leader}`);
      await waitUntil(`replica ${leader} killed at ${point}`, async () => dying.proc.exited(), { timeoutMs: 120_000, intervalMs: 100 });
      lastFaultAt = performance.now();
      kills.push({ how: point, workLeft: workLeft(), signal: dying.proc.child.signalCode });
      // The standby takes the Lease before the dead one comes back, so the next point's carrier is not raced. It
      // may reach its own point and die between two polls: that counts as having taken over.
      const next = replicas.get(other(leader));
      if (next === undefined) throw new Error(`no replica ${other(leader)}`);
      await waitUntil(`replica ${other(leader)} takes over`, async () => next.proc.exited() || (await next.isLeader().catch(() => false)), { timeoutMs: 60_000, intervalMs: 250 });
      await start(leader, points[i + 2], false);
      leader = other(leader);
    }
    // Seeded random instants: a delay after the current leader took over, then SIGKILL from outside.
    for (let k = 0; k < s.randomKills; k++) {
      leader = await eventually("a leader", async () => {
        for (const [name, r] of replicas) if (!r.proc.exited() && (await r.isLeader().catch(() => false))) return name;
        return undefined;
      }, 60_000, 250);
      const delayMs = rng.int(500, 6_000);
      await new Promise((r) => setTimeout(r, delayMs));
      const victim = replicas.get(leader);
      await victim?.kill();
      lastFaultAt = performance.now();
      kills.push({ how: `random ${delayMs} ms after takeover`, workLeft: workLeft(), signal: victim?.proc.child.signalCode ?? null });
      await start(leader, undefined, false);
    }

    await eventually("every request finished", async () => (names.every((n) => ["Succeeded", "Failed", "PartiallySucceeded"].includes(lastStatus.get(n)?.phase ?? "")) ? true : undefined), s.timeoutMs, 500);
    const recoverMs = performance.now() - lastFaultAt;
    const statuses = names.map((n) => lastStatus.get(n));
    const batches = statuses.flatMap((st) => st?.batches ?? []);
    const completed = batches.filter((b) => b.phase === "Succeeded").length;
    const duplicates = duplicateCreations(jobsSeen.values());
    const h = hook;
    const answered = names.filter((_, i) => !failingHook(i)).length;
    // Each webhook is called after the status write that finished its request, so the last ones may still be on the
    // way; a leader killed between that write and the call skips it (at most once, docs/operator.md), so this waits
    // a bounded time rather than for all of them.
    await eventually("every answering webhook called", async () => (h.calls("/ok") >= answered ? true : undefined), 15_000, 500).catch(() => undefined);
    const live = [...replicas.values()].filter((r) => !r.proc.exited());
    const leaks = countLeaks(
      [
        ...(await Promise.all(started.map(async (r, i) => ({ where: `operator log ${i}`, text: await readFile(r.logFile, "utf8") })))),
        // Through the API, not kubectl: 300 batches' Events outgrow kubectl's output buffer.
        { where: "Events", text: JSON.stringify(await c.list(`/api/v1/namespaces/${c.namespace}/events`)) },
        { where: "status", text: JSON.stringify(statuses) },
        ...(await Promise.all(live.map(async (r, i) => ({ where: `metrics ${i}`, text: await r.metrics().catch(() => "") })))),
      ],
      [
        { name: "S3 secret key", value: s.e.s3.secretAccessKey },
        { name: "webhook URL token", value: h.token },
      ],
    );
    const row: FaultRow = {
      scenario: `1 operator leader SIGKILLed (${s.label}, seed ${s.seed})`,
      requests: s.requests,
      batches: s.requests * s.batchesPerRequest,
      faults: kills.length,
      completed,
      duplicates,
      lost: s.requests * s.batchesPerRequest - completed,
      leaked: leaks.count,
      recoverMs,
    };
    return {
      row,
      phases: statuses.map((st) => st?.phase),
      kills,
      attempts: batches.reduce((sum, b) => sum + b.attempts, 0),
      creations: creationsPerAttempt(jobsSeen.values()),
      regressions,
      ranTwice: [...ranTwice],
      leaks,
      webhookOkCalls: h.calls("/ok"),
      webhooksAnswering: answered,
    };
  } finally {
    for (const r of replicas.values()) await r.stop().catch(() => undefined);
    for (const w of informers) await w.stop();
    await cluster?.deleteNamespace();
    await dropKeyspace(cassandra, keyspace).catch(() => undefined);
    await cassandra.shutdown();
    await hook?.close();
  }
}
