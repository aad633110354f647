import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ExhaustRequest } from "../../crds/exhaust-request.ts";
import type { OperatorConfigInput } from "../../operator/config/operator-config.ts";
import type { Endpoints } from "../env/endpoints.ts";
import { startOperator, type OperatorProcess } from "../env/operator-process.ts";
import { eventually } from "../env/process.ts";
import type { TestCluster } from "../e2e/support/cluster.ts";
import { operatorConfigFor, testStores, type TestStores } from "../e2e/support/stores.ts";
import { progressSpec, runnerNamespace, tearDownSuite } from "../e2e/support/suite.ts";
import { countLeaks, type LeakCount, type ScannedText } from "./count-leaks.ts";
import type { FaultRow } from "./fault-row.ts";
import { SINGLE_REPLICA_LEASE } from "./single-replica-lease.ts";
import { testDataSecrets } from "./test-data-secrets.ts";
import { webhookReceiver, webhookSecrets, type WebhookReceiver } from "./webhook-receiver.ts";

// Scenario 3: a private store the runners use (Redis, Cassandra or S3) is really stopped (SIGTERM) right after
// `requests` progress requests are created, kept down for `outageMs`, and started again on the same port. Every
// request must complete; every failure seen on the way must be retryable and name the store that failed. The
// operator's log, the namespace's Events, the statuses and /metrics are scanned for the test data's secrets and
// decrypted PII (scenario 6). Every request has a completion webhook whose URL carries a token, half of them one
// that answers 503, so the token is in the operator's hands on both its success and its failure path.

/** A private store process the scenario may stop and start; the rest of the suite never sees it. */
export interface StoppableStore {
  /** The row's name of the store: "Redis", "Cassandra", "S3". */
  name: string;
  /** The stack's endpoints with this store's address in place of the shared one. */
  endpoints(e: Endpoints): Endpoints;
  /** SIGTERM; resolves once the process has exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port and waits until it answers. */
  start(): Promise<void>;
  close(): Promise<void>;
  /** Whether a restart loses what was stored (moto keeps objects in memory only). */
  forgetsData?: boolean;
}

export interface StoreOutage {
  e: Endpoints;
  store: StoppableStore;
  requests: number;
  outageMs: number;
  /** Operator retry settings; absent keeps the defaults (the long variant's point). */
  retry?: Pick<OperatorConfigInput, "retry" | "storeOutageRetry">;
  timeoutMs: number;
}

export interface StoreOutageOutcome {
  row: FaultRow;
  /** Every distinct lastError seen while the requests ran. */
  errorsSeen: { message: string; retryable: boolean }[];
  phases: (string | undefined)[];
  leaks: LeakCount;
  /** How many runner container logs and termination messages the leak scan read. */
  runnerFilesScanned: number;
  /** Webhook calls received (answered 200 / 503), the calls expected (3 tries per failing webhook), and the
   *  WebhookFailed Events: the token was really used on both paths when these match. */
  webhook: { okCalls: number; failCalls: number; expectedOk: number; expectedFail: number; failedEvents: number };
}

const ZIP_PASSWORD = "faults-zip-password";

export async function storeDownMidRun(s: StoreOutage): Promise<StoreOutageOutcome> {
  const store = s.store;
  const e = store.endpoints(s.e);
  let stores: TestStores | undefined;
  let cluster: TestCluster | undefined;
  let operator: OperatorProcess | undefined;
  let hook: WebhookReceiver | undefined;
  try {
    hook = await webhookReceiver();
    stores = await testStores(e, { seed: 16, collections: 1, batchesPerCollection: 2, enrolments: 30 });
    stores.redis.on("error", () => undefined); // the test's own client sees the outage too; the runners' view is what counts
    cluster = await runnerNamespace(e, `faults-${store.name.toLowerCase()}`, stores, ZIP_PASSWORD);
    const webhookFor = await webhookSecrets(cluster, hook);
    operator = await startOperator({ endpoints: e, config: { ...operatorConfigFor(e, stores, cluster.namespace), ...s.retry }, leaseName: `lease-${cluster.namespace}`, extraArgs: SINGLE_REPLICA_LEASE });
    const names = Array.from({ length: s.requests }, (_, i) => `${store.name.toLowerCase()}-down-${i}`);
    const failing = (i: number) => i % 2 === 1;
    // A store that forgets its data on restart is stopped before the requests exist: an object a fast runner stored
    // before the stop would be gone after the restart and counted lost, though no request lost it.
    if (store.forgetsData === true) await store.stop();
    for (const [i, name] of names.entries()) {
      await cluster.createRequest(name, { ...progressSpec(stores), webhook: webhookFor(failing(i)) });
    }
    if (store.forgetsData !== true) await store.stop();
    const errors = new Map<string, boolean>();
    const c = cluster;
    const requests = async () => Promise.all(names.map(async (n) => c.getRequest(n)));
    // Runner pods go with their Jobs once a request finishes, so their files are read at every poll.
    const runnerFiles = new Map<string, string>();
    const noteErrors = async (all: (ExhaustRequest | undefined)[]) => {
      for (const r of all) for (const b of r?.status?.batches ?? []) if (b.lastError !== undefined) errors.set(b.lastError.message, b.lastError.retryable);
      for (const f of await podFileTexts(e.standIn.podsDir, c.namespace)) runnerFiles.set(f.where, f.text);
    };
    // Down for outageMs and, on a machine busy enough that no runner reached the store by then, until one has
    // failed on it (at most 3 minutes more): an outage no runner met proves nothing.
    const stoppedAt = performance.now();
    const downUntil = stoppedAt + s.outageMs;
    while (performance.now() < downUntil || (errors.size === 0 && performance.now() < downUntil + 180_000)) {
      await noteErrors(await requests());
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const downMs = performance.now() - stoppedAt;
    await store.start();
    const recoverFrom = performance.now();
    const finished = await eventually(
      "every request finished",
      async () => {
        const all = await requests();
        await noteErrors(all);
        return all.every((r) => ["Succeeded", "Failed", "PartiallySucceeded"].includes(r?.status?.phase ?? "")) ? all : undefined;
      },
      s.timeoutMs,
      1_000,
    );
    const recoverMs = performance.now() - recoverFrom;
    // Each webhook is called after the status write that finished its request; a failing one is tried 3 times, 1 s
    // and 2 s apart. The scan below must see the logs and Events of every call.
    const expectedOk = names.filter((_, i) => !failing(i)).length;
    const expectedFail = 3 * (names.length - expectedOk);
    const h = hook;
    await eventually("every webhook call", async () => (h.calls("/ok") >= expectedOk && h.calls("/fail") >= expectedFail ? true : undefined), 60_000, 500).catch(() => undefined);
    const events = await cluster.kubectl(["get", "events", "-n", cluster.namespace, "-o", "json"]);
    const failedEvents = (JSON.parse(events) as { items: { reason?: string }[] }).items.filter((ev) => ev.reason === "WebhookFailed").length;
    const batches = finished.flatMap((r) => r?.status?.batches ?? []);
    const keys = [...(await stores.objects()).keys()];
    const completed = batches.filter((b) => b.phase === "Succeeded" && keys.some((k) => b.objectUri?.endsWith(k))).length;
    const leaks = countLeaks(
      [
        ...[...runnerFiles].map(([where, text]) => ({ where, text })),
        { where: "operator log", text: await readFile(operator.logFile, "utf8") },
        { where: "Events", text: events },
        { where: "status", text: JSON.stringify(finished.map((r) => r?.status)) },
        { where: "metrics", text: await operator.metrics() },
      ],
      testDataSecrets(e, stores, ZIP_PASSWORD, hook.token),
    );
    const row: FaultRow = {
      scenario: `3 ${store.name} stopped ${Math.round(s.outageMs / 1000)} s${downMs > s.outageMs + 2_000 ? ` (down ${Math.round(downMs / 1000)} s: until a runner failed on it)` : ""}${s.retry === undefined ? ", default retry settings" : ", short backoffs"}`,
      requests: s.requests,
      batches: batches.length,
      faults: 1,
      completed,
      duplicates: Math.max(0, keys.length - batches.length),
      lost: batches.length - completed,
      leaked: leaks.count,
      recoverMs,
    };
    return { row, errorsSeen: [...errors].map(([message, retryable]) => ({ message, retryable })), phases: finished.map((r) => r?.status?.phase),
      leaks,
      runnerFilesScanned: runnerFiles.size,
      webhook: { okCalls: hook.calls("/ok"), failCalls: hook.calls("/fail"), expectedOk, expectedFail, failedEvents },
    };
  } finally {
    await tearDownSuite({ operator, cluster, stores });
    await store.close();
    await hook?.close();
  }
}

/** Every container log and termination message the stand-in node keeps for the namespace's pods. */
async function podFileTexts(podsDir: string, namespace: string): Promise<ScannedText[]> {
  const root = join(podsDir, namespace);
  const out: ScannedText[] = [];
  for (const pod of await readdir(root).catch(() => [])) {
    for (const file of await readdir(join(root, pod)).catch(() => [])) {
      if (file.endsWith(".log") || file.endsWith(".termination-log")) out.push({ where: `pod ${pod} ${file}`, text: await readFile(join(root, pod, file), "utf8") });
    }
  }
  return out;
}
