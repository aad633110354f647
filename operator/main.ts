// exhaust-operator: wiring only. Configuration, clients, informers for ExhaustRequests and runner Jobs and pods,
// leader election, the request controller, the health and metrics server, and graceful shutdown on SIGTERM.
// Usage: npm start -- [--kubeconfig <file>] [--config <file>] [flags of operator/config.ts and process-options.ts]
import { driverConsistencyName } from "../crds/runner-contract.ts";
import { KubeConfig } from "@kubernetes/client-node";
import { auth, Client, types } from "cassandra-driver";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { systemClock } from "./clock.ts";
import { configFilePath, parseOperatorConfig } from "./config.ts";
import { startHealthServer } from "./health/server.ts";
import { newKubeApi } from "./kube/client/api-client.ts";
import { EventRecorder } from "./kube/events/event-recorder.ts";
import { exitOnSignals, gracefulShutdown } from "./manager/graceful-shutdown.ts";
import { startReconcileLoop, type ReconcileLoop } from "./kube/runtime/reconcile-loop.ts";
import { WorkQueue } from "./kube/runtime/work-queue.ts";
import { leaderIdentity } from "./leader/lease-decision.ts";
import { LeaderElector } from "./leader/lease.ts";
import { newLogger } from "./log.ts";
import { newOperatorMetrics } from "./metrics/registry.ts";
import { processOptions } from "./process-options.ts";
import { newRequestCaches } from "./requests/reconcile/caches.ts";
import { enqueueRequestChanges, newRequestReconciler } from "./requests/reconcile/controller.ts";
import { RunnerSlots } from "./requests/reconcile/runner-slots.ts";
import { StoreReader } from "./requests/store-reads/store-reader.ts";
import { storeSettingsFor } from "./requests/store-reads/store-settings.ts";

const fail = (message: string): never => {
  process.stderr.write(`exhaust-operator: ${message}\n`);
  process.exit(2);
};

const argv = process.argv.slice(2);
const opts = processOptions(argv, process.env);
if (!opts.ok) fail(opts.error);
const options = opts.ok ? opts.options : fail("unreachable");
const log = newLogger({ level: options.logLevel });

const configPath = configFilePath(process.env, options.configArgv);
const parsed = parseOperatorConfig({ file: configPath === undefined ? undefined : await readConfigFile(configPath), env: process.env, argv: options.configArgv });
if (!parsed.ok) fail(`invalid configuration:\n  ${parsed.errors.join("\n  ")}`);
const config = parsed.ok ? parsed.config : fail("unreachable");
const stores = storeSettingsFor(config.runner);
if (!stores.ok) fail(`invalid configuration: ${stores.error}`);
const storeSettings = stores.ok ? stores.settings : fail("unreachable");

const kc = new KubeConfig();
if (options.kubeconfig !== undefined) kc.loadFromFile(options.kubeconfig);
else kc.loadFromDefault();
const metrics = newOperatorMetrics();
const api = newKubeApi(kc, metrics.restClientRequests);
const clock = systemClock;
const identity = leaderIdentity(process.env.POD_NAME ?? hostname(), randomBytes(4).toString("hex"));

// The operator's own Cassandra password, if any, comes from its environment (a Secret in its Deployment).
const cassandraPassword = process.env.EXHAUST_CASSANDRA_PASSWORD;
const cassandra = new Client({
  contactPoints: storeSettings.contactPoints,
  localDataCenter: storeSettings.localDataCenter,
  ...(storeSettings.username !== undefined && cassandraPassword !== undefined
    ? { authProvider: new auth.PlainTextAuthProvider(storeSettings.username, cassandraPassword) }
    : {}),
  queryOptions: { consistency: types.consistencies[consistencyName(storeSettings.consistency)], prepare: true },
});

const caches = newRequestCaches({
  api,
  kc,
  ...(config.controller.namespace === undefined ? {} : { namespace: config.controller.namespace }),
  clock,
  log,
  metrics: metrics.informer,
  restClientRequests: metrics.restClientRequests,
});
const slots = new RunnerSlots(clock);
const queue = new WorkQueue({ name: "exhaustrequest", clock, metrics: metrics.workqueue });
enqueueRequestChanges(caches, slots, queue, config.limits);
const reconcile = newRequestReconciler({
  api,
  caches,
  slots,
  store: new StoreReader({ api, cassandra, settings: storeSettings, clock, log, maxBatchesPerRequest: config.requests.maxBatchesPerRequest }),
  recorder: new EventRecorder({ api, clock, log, instance: identity }),
  config,
  clock,
  log,
});

let loop: ReconcileLoop | undefined;
const startControllers = () => {
  log.info({ identity }, "Starting the ExhaustRequest controller");
  loop = startReconcileLoop({ name: "exhaustrequest", queue, reconcile, workers: config.controller.workers, timeoutMs: 60_000, clock, log, metrics: metrics.reconcile });
};
const elector = options.leaderElect
  ? new LeaderElector({
      api,
      namespace: options.leaseNamespace,
      name: options.leaseName,
      identity,
      clock,
      log,
      masterStatus: metrics.leaderElectionMasterStatus,
      onStartedLeading: startControllers,
      onStoppedLeading: () => void shutdown("lost the leader Lease").then(() => process.exit(1)),
    })
  : undefined;

const informers = [caches.requests, caches.jobs, caches.pods];
const health = await startHealthServer({
  host: options.healthHost,
  port: options.healthPort,
  registry: metrics.registry,
  readyChecks: { informers: () => informers.every((i) => i.hasSynced()) },
  log,
});

const shutdown = gracefulShutdown(
  {
    stopIntake: () => queue.shutDown(),
    drain: async (timeoutMs) => (loop === undefined ? true : loop.stop(timeoutMs)),
    release: async () => elector?.release(),
    close: async () => {
      await Promise.all(informers.map((i) => i.stop()));
      await cassandra.shutdown().catch(() => undefined);
      await health.close();
    },
  },
  { drainTimeoutMs: 20_000, log },
);
exitOnSignals(shutdown);

for (const informer of informers) informer.start();
await Promise.all(informers.map((i) => i.synced()));
log.info({ namespace: config.controller.namespace ?? "(all)", healthPort: health.port, leaderElection: options.leaderElect }, "Caches synced");
if (elector !== undefined) elector.start();
else startControllers();

async function readConfigFile(path: string): Promise<unknown> {
  try {
    const text = readFileSync(path, "utf8");
    if (path.endsWith(".json")) return JSON.parse(text);
    // YAML is only needed for YAML files; JSON configs work without the parser.
    const { parse } = await import("yaml");
    return parse(text);
  } catch (err) {
    return fail(`cannot read the config file ${path}: ${(err as Error).message}`);
  }
}

function consistencyName(name: string): keyof typeof types.consistencies {
  return driverConsistencyName(name) as keyof typeof types.consistencies;
}
