// exhaust-operator: wiring only. Configuration, clients, the controller manager with the ExhaustRequest and
// ExhaustSchedule controllers, and exit on SIGTERM or a lost Lease.
// Usage: npm start -- [--kubeconfig <file>] [--config <file>] [flags: --help lists them]
import { driverConsistencyName } from "../crds/runner-contract.ts";
import { KubeConfig } from "@kubernetes/client-node";
import { auth, Client, policies, types } from "cassandra-driver";
import pg from "pg";
import { platformDecryptor } from "../crds/platform-decryption.ts";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { systemClock } from "./clock/clock.ts";
import { configFilePath, configOverrides, parseOperatorConfig } from "./config/operator-config.ts";
import { newKubeApi } from "./kube/client/api-client.ts";
import { EventRecorder } from "./kube/events/event-recorder.ts";
import { leaderIdentity } from "./leader/lease-decision.ts";
import { newLogger } from "./log/log.ts";
import { exitOnSignals } from "./manager/graceful-shutdown.ts";
import { ControllerManager } from "./manager/manager.ts";
import { newOperatorMetrics } from "./metrics/registry.ts";
import { processOptions, usage } from "./config/process-options.ts";
import { requestController } from "./requests/reconcile/controller.ts";
import { scheduleController } from "./schedules/reconcile/controller.ts";
import { StoreReader } from "./requests/store-reads/store-reader.ts";
import { storeSettingsFor } from "./requests/store-reads/store-settings.ts";
import { batchCollections } from "./sunbird-bridge/batch-collections.ts";
import { bridgeController } from "./sunbird-bridge/bridge-controller.ts";
import { downloadController } from "./downloads/download-controller.ts";
import { faultHook, parseFaultPoint } from "./faults/fault-point.ts";
import { signingSettings } from "./storage/signing-settings.ts";
import { newUrlSigner } from "./storage/url-signer.ts";
import { newOutputRemover } from "./storage/output-remover.ts";
import { storageClients } from "./storage/storage-clients.ts";

const fail = (message: string): never => {
  process.stderr.write(`exhaust-operator: ${message}\n`);
  process.exit(2);
};

const opts = processOptions(process.argv.slice(2), process.env);
if (!opts.ok) fail(opts.error);
const options = opts.ok ? opts.options : fail("unreachable");
if (options.help) {
  process.stdout.write(usage(configOverrides));
  process.exit(0);
}
const log = newLogger({ level: options.logLevel });
// Test-only (the fault suite, docs/reliability.md): unset in every deployment, so the hook is a no-op.
const faultPoint = parseFaultPoint(process.env.EXHAUST_FAULT_POINT);
if (!faultPoint.ok) fail(faultPoint.error);

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
  // The driver's default waits up to 10 minutes between reconnection attempts: after a 10-minute Cassandra outage
  // the operator saw Cassandra again 6.7 minutes after it was back (docs/reliability.md, scenario 3). 30 s at most.
  policies: { reconnection: new policies.reconnection.ExponentialReconnectionPolicy(1_000, 30_000, false) },
});

const manager: ControllerManager = new ControllerManager({
  api,
  kc,
  ...(config.controller.namespace === undefined ? {} : { namespace: config.controller.namespace }),
  clock,
  log,
  metrics,
  ...(options.leaderElect ? { leaderElection: { namespace: options.leaseNamespace, name: options.leaseName, identity, timings: options.leaseTimings } } : {}),
  health: { host: options.healthHost, port: options.healthPort },
  drainTimeoutMs: 20_000,
  onLostLease: () => void manager.leaseLost().then(() => process.exit(1)),
});
const recorder = new EventRecorder({ api, clock, log, instance: identity });
// Download URLs are signed, and deleted requests' objects removed (outputReclaimPolicy Delete), with the storage
// credentials the runners get, from the operator's own env (a Secret).
const storage = storageClients(signingSettings(config.runner, process.env));
manager.add(
  requestController({
    api,
    metrics: metrics.request,
    store: new StoreReader({ api, cassandra, settings: storeSettings, clock, log, maxBatchesPerRequest: config.requests.maxBatchesPerRequest }),
    recorder,
    config,
    clock,
    fault: faultHook(faultPoint.ok ? faultPoint.faultPoint : undefined, () => process.kill(process.pid, "SIGKILL")),
    removeOutputs: newOutputRemover(storage),
  }),
);
manager.add(scheduleController({ api, recorder, config: config.schedules, workers: config.controller.workers, clock, metrics: metrics.schedule }));
if (config.bridge.enabled) addBridge();
manager.add(downloadController({ api, sign: newUrlSigner(storage), workers: 1, clock, exportPolicy: config.exportPolicy.enabled }));
manager.onClose(() => cassandra.shutdown().catch(() => undefined));
exitOnSignals(manager.shutdown);

const { healthPort } = await manager.start();
log.info({ namespace: config.controller.namespace ?? "(all)", healthPort, leaderElection: options.leaderElect }, "Operator started");

/** The Sunbird bridge (docs/sunbird-bridge.md): its Postgres pool, the platform key for stored keys (D8), its controller. */
function addBridge(): void {
  const { bridge } = config;
  const platformKey = process.env.EXHAUST_BRIDGE_PLATFORM_KEY;
  const platformSalt = process.env.EXHAUST_BRIDGE_PLATFORM_SALT;
  if ((platformKey === undefined) !== (platformSalt === undefined)) fail("EXHAUST_BRIDGE_PLATFORM_KEY and EXHAUST_BRIDGE_PLATFORM_SALT are set together or not at all");
  let decrypt: ((value: string) => string) | undefined;
  try {
    decrypt = platformKey === undefined || platformSalt === undefined ? undefined : platformDecryptor(platformKey, platformSalt);
  } catch (err) {
    fail(`EXHAUST_BRIDGE_PLATFORM_KEY: ${(err as Error).message}`);
  }
  const { postgres } = bridge;
  const pool = new pg.Pool({
    host: postgres.host,
    port: postgres.port,
    database: postgres.database,
    user: postgres.user,
    ...(process.env.EXHAUST_BRIDGE_POSTGRES_PASSWORD === undefined ? {} : { password: process.env.EXHAUST_BRIDGE_POSTGRES_PASSWORD }),
    ssl: postgres.ssl,
    max: 2,
    connectionTimeoutMillis: postgres.connectTimeoutSeconds * 1000,
    query_timeout: 30_000,
  });
  // An idle connection that Postgres drops (a restart, a failover) is an event here, not a crash; the next pass
  // gets a fresh connection or fails and is retried with backoff.
  pool.on("error", (err) => log.warn({ err }, "A Postgres connection of the bridge failed"));
  manager.add(
    bridgeController({
      api,
      rows: pool,
      lookupBatches: (ids) => batchCollections(cassandra, ids, { keyspace: storeSettings.coursesKeyspace, timeoutMs: 10_000 }),
      recorder,
      config: { bridge, maxBatchesPerRequest: config.requests.maxBatchesPerRequest, exportPolicy: config.exportPolicy.enabled },
      ...(decrypt === undefined ? {} : { decrypt }),
      metrics: metrics.bridge,
      clock,
    }),
  );
  manager.onClose(() => pool.end().catch(() => undefined));
  log.info({ namespace: bridge.namespace, table: bridge.table, pollSeconds: bridge.pollSeconds, postgres: `${postgres.host}:${postgres.port}/${postgres.database}`, keyDecryption: decrypt !== undefined }, "Sunbird bridge enabled");
}

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
