#!/usr/bin/env node
// exhaust-runner: one report for one batch (or several batches of one collection sharing one enrolment scan).
// Wiring only: configuration, clients, signals, the result manifest and the exit code (docs/runner.md).
import { readFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { auth, Client, types } from "cassandra-driver";
import type { ClientOptions } from "cassandra-driver";
import { Redis } from "ioredis";
import { driverConsistencyName, runnerExitCodes, type RunnerConfig } from "../crds/runner-contract.ts";
import { readCommandLine } from "./command-line.ts";
import { parseConfig, terminationMessagePathOf } from "./config.ts";
import { helpText } from "./help-text.ts";
import { newLogger } from "./log.ts";
import { exitCodeFor } from "./outcome/exit-code.ts";
import { scrubMessage } from "./outcome/scrub-message.ts";
import { writeConfigError, writeResult } from "./outcome/write-result.ts";
import { runReport } from "./pipeline.ts";
import { ProgressBoard } from "./progress/progress-board.ts";
import { jsonProgressReporter, terminalProgressReporter } from "./progress/progress-reporter.ts";
import { azureBlobSink } from "./sinks/azure-block-upload.ts";
import { gcsSink } from "./sinks/gcs-resumable-upload.ts";
import { localDirSink } from "./sinks/local-dir.ts";
import { azureBlobEndpoint } from "../crds/azure-blob-endpoint.ts";
import { s3Sink } from "./sinks/s3-upload.ts";
import type { Sink } from "./sinks/sink.ts";
import { uploadShapeFor } from "./sinks/upload-shape.ts";
import { installRawUdtLists, RAW_UDT_LISTS } from "./sources/cassandra/raw-udt-lists.ts";

// After SIGTERM the kubelet waits terminationGracePeriodSeconds (30 s by default) before SIGKILL.
const terminationDeadlineMs = 20_000;
const signalNumbers: Record<string, number> = { SIGINT: 2, SIGTERM: 15 };
// How often the progress board is looked at; the throttle decides which batches are due a line.
const progressTickMs = 1_000;
// Response only: V8 lets the old generation grow over what the last full GC kept (about 26 MB here) by a factor it
// picks, and the room that left was below the young generation's capacity, so V8 started the next incremental marking
// as soon as one ended: 116 full GCs for Response 100k, a third of the runner's CPU. A fixed factor of 2 keeps about
// 43 (150% kept 25 at 10 MB more RSS; docs/runner.md, issue 18). The other reports keep V8's own factor (Progress
// 100k: 19 full GCs with it; at 1M a factor of 2.5 cost 64 MB more RSS). NODE_OPTIONS cannot carry this V8 flag (the
// operator sets the heap caps there), so the runner sets it itself; V8 reads it at each full GC.
const RESPONSE_HEAP_GROWING_PERCENT = 100;

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const terminationMessagePath = terminationMessagePathOf(argv, process.env, readMountinfo());
  const commandLine = readCommandLine(argv);
  if (commandLine.ok && commandLine.help) {
    process.stdout.write(helpText());
    return runnerExitCodes.ok;
  }
  const parsed = parseConfig(argv, process.env);
  if (!parsed.ok) {
    process.stderr.write(`${JSON.stringify({ level: 50, component: "exhaust-runner", msg: `invalid configuration: ${parsed.message}` })}\n`);
    writeConfigError(`invalid configuration: ${parsed.message}`, terminationMessagePath);
    return runnerExitCodes.config;
  }
  const config = parsed.config;
  if (config.report === "response") setFlagsFromString(`--heap-growing-percent=${RESPONSE_HEAP_GROWING_PERCENT}`);
  const log = newLogger(config.logLevel);
  log.info({ report: config.report, requestId: config.requestId, collectionId: config.collectionId, batchIds: config.batchIds }, "runner starting");

  const abort = new AbortController();
  let signalled: string | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled !== undefined) return;
    signalled = signal;
    log.warn({ signal }, "terminating: aborting uploads");
    abort.abort(signal);
    setTimeout(() => process.exit(128 + (signalNumbers[signal] ?? 15)), terminationDeadlineMs).unref();
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);

  const cassandra = newCassandraClient(config);
  const userCache = newRedis(config.redisUserHost, config.redisUserPort, config.redisUserDb);
  const relationCache = newRedis(config.redisRelationHost ?? config.redisUserHost, config.redisRelationPort ?? config.redisUserPort, config.redisRelationDb);
  const started = performance.now();
  const elapsedMs = () => performance.now() - started;
  const progress = new ProgressBoard();
  // A person at a terminal sees a redrawn line per batch; a pod log (a pipe) gets the JSON lines the operator reads.
  const reporter = process.stderr.isTTY ? terminalProgressReporter(progress, process.stderr) : jsonProgressReporter(progress, log, config.progressSeconds * 1000);
  const progressTicker = setInterval(() => reporter.tick(elapsedMs()), progressTickMs);
  progressTicker.unref();
  try {
    const outcome = await runReport(
      config,
      {
        db: { client: cassandra, consistency: consistencyOf(config.cassandraConsistency), fetchSize: config.cassandraFetchSize },
        userCache,
        relationCache,
        sink: await newSink(config),
        log,
        startedAt: new Date(),
        elapsedMs,
        progress,
      },
      abort.signal,
    );
    const written = writeResult({ v: 1, report: config.report, requestId: config.requestId, batches: outcome.batches }, terminationMessagePath);
    if (written.fileError !== undefined) log.warn({ path: terminationMessagePath, error: written.fileError }, "termination message not written");
    if (signalled !== undefined) return 128 + (signalNumbers[signalled] ?? 15);
    return exitCodeFor(outcome.batches, outcome.configFailure);
  } finally {
    clearInterval(progressTicker);
    reporter.stop();
    userCache.disconnect();
    relationCache.disconnect();
    await cassandra.shutdown().catch(() => undefined);
  }
}

// Not Linux, or no /proc: no kubelet mount either.
function readMountinfo(): string {
  try {
    return readFileSync("/proc/self/mountinfo", "utf8");
  } catch {
    return "";
  }
}

function newCassandraClient(config: RunnerConfig): Client {
  installRawUdtLists();
  const credentials = config.cassandraUsername !== undefined && config.cassandraPassword !== undefined;
  return new Client({
    contactPoints: config.cassandraContactPoints,
    localDataCenter: config.cassandraLocalDc,
    authProvider: credentials ? new auth.PlainTextAuthProvider(config.cassandraUsername ?? "", config.cassandraPassword ?? "") : undefined,
    queryOptions: { consistency: consistencyOf(config.cassandraConsistency), prepare: true },
    // Response renders the question column from its bytes (runner/sources/cassandra/raw-udt-lists.ts).
    encoding: { [RAW_UDT_LISTS]: "question" } as ClientOptions["encoding"],
  });
}

const consistencyOf = (name: RunnerConfig["cassandraConsistency"]): types.consistencies =>
  types.consistencies[driverConsistencyName(name) as keyof typeof types.consistencies];

function newRedis(host: string, port: number, db: number): Redis {
  // A few reconnects, then commands fail (retryable "Redis unavailable") instead of queueing forever. Connection
  // errors surface through the failing commands, so the client's own error events need no second report.
  const redis = new Redis({ host, port, db, connectTimeout: 10_000, maxRetriesPerRequest: 2, retryStrategy: (times) => (times > 5 ? null : Math.min(times * 200, 2_000)) });
  redis.on("error", () => undefined);
  return redis;
}

// Each provider's SDK is loaded only when the run writes there: the three together cost ~0.4 CPU-s of start-up, and a
// runner writes to one.
async function newSink(config: RunnerConfig): Promise<Sink> {
  if (config.outputDir !== undefined) return localDirSink(config.outputDir);
  const shape = uploadShapeFor(new Set(config.batchIds).size);
  if (config.storageProvider === "azure") {
    const { BlobServiceClient, StorageSharedKeyCredential } = await import("@azure/storage-blob");
    const account = config.azureAccountName ?? "";
    const endpoint = (config.azureBlobEndpoint ?? azureBlobEndpoint(account)).replace(/\/+$/, "");
    // The schema guarantees a key or a SAS token; the key wins when both are set.
    const service =
      config.azureAccountKey !== undefined
        ? new BlobServiceClient(endpoint, new StorageSharedKeyCredential(account, config.azureAccountKey))
        : new BlobServiceClient(`${endpoint}?${(config.azureSasToken ?? "").replace(/^\?/, "")}`);
    const container = config.azureContainer ?? "";
    return azureBlobSink(service.getContainerClient(container), { provider: "azure", account, container, scheme: config.azureUriScheme, endpoint: config.azureBlobEndpoint }, shape);
  }
  if (config.storageProvider === "gcs") {
    const { Storage } = await import("@google-cloud/storage");
    const credentials = config.gcsCredentialsJson === undefined ? undefined : (JSON.parse(config.gcsCredentialsJson) as { client_email: string; private_key: string });
    const storage = new Storage({ apiEndpoint: config.gcsEndpoint, projectId: config.gcsProjectId, credentials });
    return gcsSink(storage.bucket(config.gcsBucket ?? ""), shape);
  }
  const credentials = config.s3AccessKeyId !== undefined && config.s3SecretAccessKey !== undefined ? { accessKeyId: config.s3AccessKeyId, secretAccessKey: config.s3SecretAccessKey } : undefined;
  const { S3Client } = await import("@aws-sdk/client-s3");
  const client = new S3Client({ region: config.s3Region, endpoint: config.s3Endpoint, forcePathStyle: config.s3ForcePathStyle, credentials });
  return s3Sink(client, config.s3Bucket ?? "", shape);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${JSON.stringify({ level: 60, component: "exhaust-runner", msg: "runner crashed", err: scrubMessage(err instanceof Error ? err.message : String(err)) })}\n`);
    process.exit(1);
  },
);
