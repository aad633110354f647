// Operator benchmark (not a test): N requests x M batches against the real control plane and stand-in node, with a
// fast stand-in runner (test/env/images/exit-code.ts, exit 0), so the figures are the operator's, not the runner's.
// Reports time to all-complete, reconciles/s, p50/p99 reconcile latency, API calls per batch and the time from a
// request's creation to its first runner pod running, and writes them into docs/operator.md.
//   npm run bench:operator -- [--requests 200] [--batches 2] [--max-concurrent 8] [--workers 2] [--endpoints file.json] [--no-write]
// Without --endpoints it starts its own stack on random loopback ports and stops it at the end.
// --hold-seconds S measures live progress instead (docs/operator.md, "Live progress"): each runner is the stand-in
// test/env/images/progress-lines.ts, Running for S seconds and logging a progress line every --progress-interval
// seconds; the operator reads them through pods/log under --log-reads-per-second. It prints log reads per minute,
// the API server's time per read and per minute, and those figures projected to 1,000 running batches. No docs write.
import { ANY_CHANNEL, CHANNELS_ANNOTATION } from "../crds/export-policy.ts";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { KubeConfig } from "@kubernetes/client-node";
import { newKubeApi } from "../operator/kube/client/api-client.ts";
import { Informer } from "../operator/kube/cache/informer.ts";
import type { KubeObject } from "../operator/kube/meta/kube-object.ts";
import { apiServerSource } from "../operator/kube/cache/resource-source.ts";
import { pods } from "../operator/kube/meta/resource-type.ts";
import { systemClock } from "../operator/clock/clock.ts";
import { newLogger } from "../operator/log/log.ts";
import { createSchema, dropKeyspace } from "../test/data/schema.ts";
import type { Endpoints } from "../test/env/endpoints.ts";
import { startOperator } from "../test/env/operator-process.ts";
import { guardPath, repoRoot, startStack, type Stack } from "../test/env/stack.ts";
import { cassandraClient } from "../test/env/store-clients.ts";
import { histogramDelta, histogramQuantile, parseMetrics, sumSamples as sum, type Samples } from "../test/env/metric-samples.ts";

const { values: args } = parseArgs({
  options: {
    requests: { type: "string", default: "200" },
    batches: { type: "string", default: "2" },
    "max-concurrent": { type: "string", default: "8" },
    workers: { type: "string", default: "2" },
    endpoints: { type: "string" },
    "no-write": { type: "boolean", default: false },
    "hold-seconds": { type: "string" },
    "progress-interval": { type: "string", default: "1" },
    "log-reads-per-second": { type: "string", default: "2" },
  },
});
const holdSeconds = args["hold-seconds"] === undefined ? undefined : Number(args["hold-seconds"]);
const progressInterval = Number(args["progress-interval"]);
const logReadsPerSecond = Number(args["log-reads-per-second"]);
const N = Number(args.requests);
const M = Number(args.batches);
const maxConcurrent = Number(args["max-concurrent"]);
const workers = Number(args.workers);
const docFile = join(repoRoot, "docs/operator.md");
const startMarker = "<!-- bench:operator:start -->";
const endMarker = "<!-- bench:operator:end -->";

process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --import=${guardPath}`.trim();
process.env.AWS_EC2_METADATA_DISABLED = "true";
let stack: Stack | undefined;
const e: Endpoints = args.endpoints !== undefined ? (JSON.parse(readFileSync(args.endpoints, "utf8")) as Endpoints) : (stack = await startStack()).endpoints;

const tag = randomBytes(3).toString("hex");
const namespace = `bench-${tag}`;
const keyspace = `bench_${tag}`;
const kc = new KubeConfig();
kc.loadFromFile(e.k8s.adminKubeconfig);
const api = newKubeApi(kc);
const cassandra = cassandraClient(e.cassandra);
const batchIds = Array.from({ length: M }, (_, i) => `bench-batch-${i + 1}`);
await createSchema(cassandra, keyspace);
await cassandra.execute(`INSERT INTO ${keyspace}.content_hierarchy (identifier, hierarchy) VALUES ('do_bench', ?)`, [JSON.stringify({ identifier: "do_bench", status: "Live" })], { prepare: true });
for (const id of batchIds) await cassandra.execute(`INSERT INTO ${keyspace}.course_batch (courseid, batchid, name, status) VALUES ('do_bench', ?, ?, 1)`, [id, id], { prepare: true });
// The bench namespace may export every channel (docs/security.md, the export policy).
await api.request("POST", "/api/v1/namespaces", { body: { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace, annotations: { [CHANNELS_ANNOTATION]: ANY_CHANNEL } } } });

const operator = await startOperator({
  endpoints: e,
  leaseName: `lease-${namespace}`,
  config: {
    controller: { namespace, workers },
    runner: {
      ...(holdSeconds === undefined
        ? { image: "exhaust-test/exit-code:bench", command: ["node", join(repoRoot, "test/env/images/exit-code.ts"), "0"] }
        : { image: "exhaust-test/progress-lines:bench", command: ["node", join(repoRoot, "test/env/images/progress-lines.ts"), String(holdSeconds)] }),
      settings: {
        cassandraContactPoints: e.cassandra.contactPoint,
        cassandraLocalDc: e.cassandra.localDataCenter,
        coursesKeyspace: keyspace,
        hierarchyKeyspace: keyspace,
        enrolmentsKeyspace: keyspace,
        progressSeconds: progressInterval,
      },
    },
    progress: { intervalSeconds: progressInterval, logReadsPerSecond, logReadBurst: logReadsPerSecond },
    requests: { recheckSeconds: 5 },
    // One Job per batch, as with a batchid index (D18): N x M runner Jobs.
    scan: { enrolmentsHaveBatchIdIndex: true },
    limits: { maxConcurrentBatches: maxConcurrent, maxConcurrentBatchesPerChannel: maxConcurrent },
  },
});

// The first runner pod seen running (or already finished) per request, by our clock: pod times have 1 s resolution.
const createdAt = new Map<string, number>();
const firstPodAt = new Map<string, number>();
const podInformer = new Informer<KubeObject & { status?: { phase?: string } }>({
  name: "bench-pods",
  source: apiServerSource(api, kc, pods, { namespace, labelSelector: "exhaust.sunbird.org/request" }),
  clock: systemClock,
  log: newLogger({ level: "silent" }),
});
podInformer.onChange((pod) => {
  const request = pod.metadata?.labels?.["exhaust.sunbird.org/request"];
  const phase = pod.status?.phase;
  if (request !== undefined && phase !== "Pending" && !firstPodAt.has(request)) firstPodAt.set(request, Date.now());
});
podInformer.start();
await podInformer.synced();

const before = parseMetrics(await operator.metrics());
const started = Date.now();
const path = `/apis/exhaust.sunbird.org/v1alpha1/namespaces/${namespace}/exhaustrequests`;
const names = Array.from({ length: N }, (_, i) => `bench-${i}`);
for (let i = 0; i < names.length; i += 20) {
  await Promise.all(
    names.slice(i, i + 20).map(async (name) => {
      createdAt.set(name, Date.now());
      await api.request("POST", path, {
        body: { apiVersion: "exhaust.sunbird.org/v1alpha1", kind: "ExhaustRequest", metadata: { name }, spec: { report: "progress", collectionId: "do_bench", batches: { ids: batchIds }, requestedBy: "bench", requestedChannel: "bench" } },
      });
    }),
  );
}
let done = 0;
while (done < N) {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const list = await api.request<{ items: { status?: { phase?: string } }[] }>("GET", path);
  const failed = list.items.filter((r) => r.status?.phase === "Failed" || r.status?.phase === "PartiallySucceeded").length;
  if (failed > 0) throw new Error(`${failed} requests failed`);
  done = list.items.filter((r) => r.status?.phase === "Succeeded").length;
}
const elapsedS = (Date.now() - started) / 1000;
const after = parseMetrics(await operator.metrics());

const reconciles = sum(after, "controller_runtime_reconcile_total") - sum(before, "controller_runtime_reconcile_total");
const apiCalls = sum(after, "rest_client_requests_total") - sum(before, "rest_client_requests_total");
const buckets = histogramDelta(before, after, "controller_runtime_reconcile_time_seconds_bucket");
const toPod = names.map((n) => (firstPodAt.get(n) ?? NaN) - (createdAt.get(n) ?? NaN)).filter((ms) => !Number.isNaN(ms)).sort((a, b) => a - b);
const result = {
  requests: N,
  batchesPerRequest: M,
  maxConcurrentBatches: maxConcurrent,
  workers,
  secondsToAllComplete: round(elapsedS),
  reconcilesPerSecond: round(reconciles / elapsedS),
  reconcileP50Ms: round(histogramQuantile(buckets, 0.5) * 1000),
  reconcileP99Ms: round(histogramQuantile(buckets, 0.99) * 1000),
  apiCallsPerBatch: round(apiCalls / (N * M)),
  firstPodP50Seconds: round(percentile(toPod, 0.5) / 1000),
  firstPodP99Seconds: round(percentile(toPod, 0.99) / 1000),
};
console.log(JSON.stringify(result, null, 2));
if (holdSeconds !== undefined) console.log(JSON.stringify(progressCost(before, after, elapsedS), null, 2));

if (!args["no-write"] && holdSeconds === undefined) writeFigures(result);
await podInformer.stop();
await operator.stop();
await api.request("DELETE", `/api/v1/namespaces/${namespace}`).catch(() => undefined);
await dropKeyspace(cassandra, keyspace).catch(() => undefined);
await cassandra.shutdown();
await stack?.stop();

/**
 * Live progress: pods/log reads over the run (every runner Running for --hold-seconds), the API server's time per
 * read as the operator timed it, and the same at 1,000 running batches, where the token bucket, not the number of
 * batches, bounds the reads: min(batches x 60 / interval, logReadsPerSecond x 60) a minute.
 */
function progressCost(a: Samples, b: Samples, seconds: number) {
  const delta = (name: string) => sum(b, name) - sum(a, name);
  const outcome = (o: string) => (b.get(`exhaust_progress_log_reads_total{outcome="${o}"}`) ?? 0) - (a.get(`exhaust_progress_log_reads_total{outcome="${o}"}`) ?? 0);
  const readSeconds = delta("exhaust_progress_log_read_seconds_sum");
  const timed = delta("exhaust_progress_log_read_seconds_count");
  const readMs = timed === 0 ? NaN : (readSeconds * 1000) / timed;
  const perMinute = (n: number) => round((n * 60) / seconds);
  const at1000 = Math.min((1000 * 60) / progressInterval, logReadsPerSecond * 60);
  return {
    runningBatches: N * M,
    progressIntervalSeconds: progressInterval,
    logReadsPerSecondLimit: logReadsPerSecond,
    logReadsPerMinute: perMinute(outcome("read")),
    limitedPerMinute: perMinute(outcome("limited")),
    errorsPerMinute: perMinute(outcome("error")),
    meanReadMs: round(readMs),
    apiServerSecondsPerMinute: round((perMinute(outcome("read")) * readMs) / 1000),
    reconcilesPerMinute: perMinute(delta("controller_runtime_reconcile_total")),
    projectedAt1000: { logReadsPerMinute: at1000, apiServerSecondsPerMinute: round((at1000 * readMs) / 1000) },
  };
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Keeps the block's rows of other sizes, so runs of several sizes build one table. */
function writeFigures(r: typeof result): void {
  const size = `${r.requests} x ${r.batchesPerRequest}`;
  const row = `| ${size} | ${r.maxConcurrentBatches} | ${r.secondsToAllComplete} s | ${r.reconcilesPerSecond} | ${r.reconcileP50Ms} / ${r.reconcileP99Ms} ms | ${r.apiCallsPerBatch} | ${r.firstPodP50Seconds} / ${r.firstPodP99Seconds} s |`;
  const doc = readFileSync(docFile, "utf8");
  const start = doc.indexOf(startMarker);
  const end = doc.indexOf(endMarker);
  if (start < 0 || end < 0) throw new Error(`docs/operator.md lacks the ${startMarker} ... ${endMarker} markers`);
  const kept = doc
    .slice(start, end)
    .split("\n")
    .filter((line) => /^\| \d+ x \d+ \|/.test(line) && !line.startsWith(`| ${size} |`));
  const table = [
    startMarker,
    `Measured ${new Date().toISOString().slice(0, 10)} on the 2-core test machine (\`npm run bench:operator -- --requests N --batches M\`), one Job per batch:`,
    "",
    "| Requests x batches | Max concurrent | All complete | Reconciles/s | Reconcile p50 / p99 | API calls per batch | Creation to first pod p50 / p99 |",
    "|---|---|---|---|---|---|---|",
    ...[...kept, row].sort((a, b) => Number(a.split(" ")[1]) - Number(b.split(" ")[1])),
    endMarker,
  ].join("\n");
  writeFileSync(docFile, doc.slice(0, start) + table + doc.slice(end + endMarker.length));
}
