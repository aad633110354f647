// Runner benchmark (not a test): for each report and size, the runner child's rows/s and peak RSS, and in the same run
// the rate of a plain cassandra-driver read of the same enrolment rows; the ratio is the figure (docs/runner.md).
//   npm run bench:runner -- [--sizes 10000,100000,1000000] [--reports progress,response,userinfo] [--endpoints file.json]
//                             [--node-flags="--max-old-space-size=160 --max-semi-space-size=16"] [--no-write]
//                             [--env EXHAUST_REDIS_PIPELINE_SIZE=500,...] [--shape light|sunbird] [--keep] [--reuse <id>]
// --shape sunbird is the shape of issue 18 (test/data/sunbird-shape.ts), the runner started with its tier's flags as
// the operator starts it (unless --node-flags is given). --keep leaves the loaded data in place and prints its id;
// --reuse <id> runs against such data instead of loading (with --endpoints and one size), to compare code changes.
// Without --endpoints it starts its own Cassandra, Redis and moto on random loopback ports and stops them at the end.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../test/env/cache-paths.ts";
import { parseArgs } from "node:util";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import type { Client, ClientOptions } from "cassandra-driver";
import { concurrent, types } from "cassandra-driver";
import type { Redis } from "ioredis";
import { decodeTerminationMessage } from "../crds/runner-contract.ts";
import { defaultTiers } from "../operator/config/operator-config.ts";
import { tierFor } from "../operator/requests/capacity/sizing.ts";
import { nodeHeapOptions, RUNNER_MALLOC_ENV } from "../operator/requests/runner-job/node-heap.ts";
import { parseConfig } from "../runner/config.ts";
import { readAttempts } from "../runner/sources/cassandra/assessment-attempts.ts";
import type { CassandraReads } from "../runner/sources/cassandra/cassandra-reads.ts";
import { chunked } from "../runner/streams/chunked.ts";
import { scanEnrolments } from "../runner/sources/enrolments/enrolments-scan.ts";
import { mapConcurrent } from "../runner/streams/map-concurrent.ts";
import { lookupGroupSize } from "../runner/sources/report-rows.ts";
import { readConsents } from "../runner/sources/cassandra/user-consent.ts";
import { deleteKeysWithPrefix } from "../test/data/redis-keys.ts";
import { SUNBIRD_PII_KEY } from "../test/data/pii-encrypt.ts";
import { SUNBIRD_BATCH_ID, SUNBIRD_CHANNEL, SUNBIRD_COURSE_ID, sunbirdAttempts, sunbirdHierarchy, sunbirdUser, sunbirdUserId } from "../test/data/sunbird-shape.ts";
import { createSchema, dropKeyspace } from "../test/data/schema.ts";
import type { Endpoints } from "../test/env/endpoints.ts";
import { waitUntil, type Managed } from "../test/env/process.ts";
import { loadavg } from "node:os";
import { startCassandra } from "../test/env/stores/cassandra.ts";
import { startRedis } from "../test/env/stores/redis.ts";
import { startS3 } from "../test/env/stores/s3.ts";
import { cassandraClient, redisClient, s3Client } from "../test/env/store-clients.ts";
import { installRawUdtLists, RAW_UDT_LISTS } from "../runner/sources/cassandra/raw-udt-lists.ts";

const docFile = join(repoRoot, "docs/runner.md");

// The heap the Job gives the runner (docs/runner.md): a capped old space keeps V8 from growing lazily into garbage.
const defaultNodeFlags = "--max-old-space-size=160 --max-semi-space-size=16";

type Stores = Pick<Endpoints, "cassandra" | "redis" | "s3">;
type Report = "progress" | "response" | "userinfo";

const { values: args } = parseArgs({
  options: {
    sizes: { type: "string", default: "10000,100000,1000000" }, reports: { type: "string", default: "progress,response,userinfo" }, endpoints: { type: "string" },
    "node-flags": { type: "string" }, "no-write": { type: "boolean", default: false }, env: { type: "string", default: "" },
    shape: { type: "string", default: "light" }, keep: { type: "boolean", default: false }, reuse: { type: "string" }, "runner-root": { type: "string", default: repoRoot },
  },
});
const sizes = (args.sizes ?? "").split(",").map(Number).filter((n) => n > 0);
if (args.shape !== "light" && args.shape !== "sunbird") throw new Error(`--shape must be light or sunbird, not ${args.shape}`);
const shape = args.shape;

/** The shape's course, batch and org: what the runner is asked for. */
const target = shape === "sunbird" ? { course: SUNBIRD_COURSE_ID, batch: SUNBIRD_BATCH_ID, channel: SUNBIRD_CHANNEL } : { course: "do_bench", batch: "BENCH", channel: "org_a" };
const benchPii = { key: SUNBIRD_PII_KEY, salt: "bench-salt" };

/** The runner's node flags for `size` enrolments: --node-flags, else the tier's as the operator sets them (sunbird shape). */
function nodeFlagsFor(size: number): string[] {
  const tier = tierFor([size], defaultTiers, "medium");
  const flags = args["node-flags"] ?? (shape === "sunbird" ? nodeHeapOptions(tier.limits.memory ?? tier.requests.memory) : undefined) ?? defaultNodeFlags;
  return flags.split(" ").filter((f) => f !== "");
}
// Extra runner settings, e.g. --env EXHAUST_REDIS_PIPELINE_SIZE=500,EXHAUST_CASSANDRA_CONCURRENCY=16.
const runnerEnvOverrides = Object.fromEntries((args.env ?? "").split(",").filter((kv) => kv.includes("=")).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
const reports = (args.reports ?? "").split(",").filter((r): r is Report => ["progress", "response", "userinfo"].includes(r));

async function startStores(runDir: string): Promise<{ stores: Stores; procs: Managed[]; storePids: StorePids }> {
  const [c, r, s] = await Promise.all([startCassandra(runDir), startRedis(runDir), startS3(runDir)]);
  return {
    stores: { cassandra: { contactPoint: c.contactPoint, localDataCenter: c.localDataCenter }, redis: { host: r.host, port: r.port }, s3: { endpoint: s.endpoint, region: s.region, accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey } },
    procs: [c.proc, r.proc, s.proc],
    storePids: { cassandra: c.proc.child.pid, redis: r.proc.child.pid },
  };
}

/** The stores' processes, when the benchmark started them (with --endpoints their CPU is not measured). */
type StorePids = { cassandra: number | undefined; redis: number | undefined };

/** A process's user + system CPU seconds so far (fields 14 and 15 of /proc/<pid>/stat, in clock ticks of 1/100 s). */
function cpuSecondsOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Runs `work` and returns its result with the CPU seconds each store spent meanwhile (NaN when not measured). */
async function withStoreCpu<T>(pids: StorePids, work: () => Promise<T>): Promise<{ value: T; cassandraCpu: number; redisCpu: number }> {
  const before = { cassandra: cpuSecondsOf(pids.cassandra), redis: cpuSecondsOf(pids.redis) };
  const value = await work();
  return { value, cassandraCpu: cpuSecondsOf(pids.cassandra) - before.cassandra, redisCpu: cpuSecondsOf(pids.redis) - before.redis };
}

const seconds = (s: number): string => (Number.isNaN(s) ? "–" : s.toFixed(1));

/** Runs `statements` through executeConcurrent in chunks, so a million rows never sit in memory. */
async function insertAll(db: Client, statements: Iterable<{ query: string; params: unknown[] }>): Promise<void> {
  const chunk: { query: string; params: unknown[] }[] = [];
  for (const s of statements) {
    chunk.push(s);
    if (chunk.length === 10_000) await concurrent.executeConcurrent(db, chunk.splice(0), { concurrencyLevel: 256 });
  }
  await concurrent.executeConcurrent(db, chunk, { concurrencyLevel: 256 });
}

/** The sunbird shape (test/data/sunbird-shape.ts): one batch of exactly `size` enrolments. */
async function loadSunbird(db: Client, redis: Redis, ks: string, prefix: string, size: number): Promise<void> {
  await createSchema(db, ks);
  await db.execute(`INSERT INTO ${ks}.content_hierarchy (identifier, hierarchy) VALUES (?, ?)`, [SUNBIRD_COURSE_ID, sunbirdHierarchy()], { prepare: true });
  await db.execute(`INSERT INTO ${ks}.course_batch (courseid, batchid, name, status) VALUES (?, ?, 'Sunbird-shaped batch', 1)`, [SUNBIRD_COURSE_ID, SUNBIRD_BATCH_ID], { prepare: true });
  await db.execute(`INSERT INTO ${ks}.tenant_preference_v2 (orgid, key, data) VALUES (?, 'dataSecurityPolicy', '{"level":"PASSWORD_PROTECTED_DATASET"}')`, [SUNBIRD_CHANNEL], { prepare: true });
  const enrolled = new Date("2024-01-10T05:00:00Z");
  const seed = 18;
  const statements = function* () {
    for (let i = 0; i < size; i++) {
      const user = sunbirdUserId(i);
      const status = Object.fromEntries(Array.from({ length: 20 }, (_, l) => [`do_21340000000000001${String(l).padStart(2, "0")}`, (i + l) % 3 === 0 ? 1 : 2]));
      yield { query: `INSERT INTO ${ks}.user_enrolments (userid, courseid, batchid, active, enrolled_date, contentstatus) VALUES (?, ?, ?, true, ?, ?)`, params: [user, SUNBIRD_COURSE_ID, SUNBIRD_BATCH_ID, enrolled, status] };
      for (const a of sunbirdAttempts(seed, i)) {
        yield { query: `INSERT INTO ${ks}.assessment_aggregator (user_id, course_id, batch_id, content_id, attempt_id, last_attempted_on, total_score, total_max_score, grand_total, question) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, params: [user, SUNBIRD_COURSE_ID, SUNBIRD_BATCH_ID, a.content_id, a.attempt_id, a.last_attempted_on, a.total_score, a.total_max_score, a.grand_total, a.question] };
      }
      yield { query: `INSERT INTO ${ks}.user_consent (user_id, consumer_id, object_id, status, last_updated_on) VALUES (?, ?, ?, 'ACTIVE', ?)`, params: [user, SUNBIRD_CHANNEL, SUNBIRD_COURSE_ID, enrolled] };
    }
  };
  await insertAll(db, statements());
  for (let start = 0; start < size; start += 5000) {
    const pipeline = redis.pipeline();
    for (let i = start; i < Math.min(size, start + 5000); i++) pipeline.hset(`${prefix}user:${sunbirdUserId(i)}`, sunbirdUser(seed, i, benchPii));
    await pipeline.exec();
  }
}

/** One batch of exactly `size` enrolments; 30% of users attempted the assessment (2 questions); 80% consented. */
async function load(db: Client, redis: Redis, ks: string, prefix: string, size: number): Promise<void> {
  await createSchema(db, ks);
  const hierarchy = { identifier: "do_bench", name: "Bench Course", channel: "org_a", status: "Live", userConsent: "Yes", leafNodesCount: 8, children: [{ identifier: "do_qs", name: "Quiz", objectType: "QuestionSet", primaryCategory: "Practice Question Set" }] };
  await db.execute(`INSERT INTO ${ks}.content_hierarchy (identifier, hierarchy) VALUES (?, ?)`, ["do_bench", JSON.stringify(hierarchy)], { prepare: true });
  await db.execute(`INSERT INTO ${ks}.course_batch (courseid, batchid, name, status) VALUES ('do_bench', 'BENCH', 'Bench Batch', 1)`);
  await db.execute(`INSERT INTO ${ks}.tenant_preference_v2 (orgid, key, data) VALUES ('org_a', 'dataSecurityPolicy', '{"level":"PASSWORD_PROTECTED_DATASET"}')`);
  const user = (i: number) => `user-${String(i).padStart(8, "0")}`;
  const enrolled = new Date("2024-01-15T00:00:00Z");
  const question = (id: string) => ({ id, type: "mcq", title: `Question ${id}`, description: "Pick one", duration: types.BigDecimal.fromString("12.5"), score: 1, max_score: 1, params: [{ "1": '{"text":"A"}' }], resvalues: [{ "1": '{"text":"A"}' }], assess_ts: null });
  const statements = function* () {
    for (let i = 0; i < size; i++) {
      yield { query: `INSERT INTO ${ks}.user_enrolments (userid, courseid, batchid, active, enrolled_date, contentstatus) VALUES (?, 'do_bench', 'BENCH', true, ?, ?)`, params: [user(i), enrolled, { do_a: 2, do_b: i % 3 === 0 ? 2 : 1 }] };
      if (i % 10 < 3) {
        yield { query: `INSERT INTO ${ks}.assessment_aggregator (user_id, course_id, batch_id, content_id, attempt_id, last_attempted_on, total_score, total_max_score, grand_total, question) VALUES (?, 'do_bench', 'BENCH', 'do_qs', 'a1', ?, 1, 2, '1/2', ?)`, params: [user(i), enrolled, [question("q1"), question("q2")]] };
      }
      if (i % 10 < 8) yield { query: `INSERT INTO ${ks}.user_consent (user_id, consumer_id, object_id, status, last_updated_on) VALUES (?, 'org_a', 'do_bench', 'ACTIVE', ?)`, params: [user(i), enrolled] };
    }
  };
  await insertAll(db, statements());
  for (let start = 0; start < size; start += 5000) {
    const pipeline = redis.pipeline();
    for (let i = start; i < Math.min(size, start + 5000); i++) {
      pipeline.hset(`${prefix}user:${user(i)}`, { firstname: `First ${i}`, lastname: "Last", rootorgid: "org_a", orgname: "Org A", state: "Karnataka", district: `District ${i % 30}`, schoolname: `School ${i % 977}`, usertype: "teacher", email: `u${i}@example.org` });
    }
    await pipeline.exec();
  }
}

/**
 * Waits until Cassandra has no flush or compaction running for a few polls in a row: the load's own compactions would
 * otherwise compete with whichever read comes first and make the ratio a measure of the load, not of the reads.
 */
async function compactionsSettled(db: Client): Promise<void> {
  let quiet = 0;
  const settled = async () => {
    const tasks = await db.execute("SELECT keyspace_name FROM system_views.sstable_tasks");
    quiet = tasks.rowLength === 0 ? quiet + 1 : 0;
    return quiet >= 3;
  };
  await waitUntil("Cassandra's flushes and compactions", settled, { timeoutMs: 600_000, intervalMs: 1000 });
}

/** Rows/s of a plain paged read of the whole enrolments table (the same rows the runner reads). */
async function plainRead(db: Client, ks: string): Promise<number> {
  const started = performance.now();
  let rows = 0;
  const stream = db.stream(`SELECT * FROM ${ks}.user_enrolments`, [], { prepare: true, fetchSize: 5000, autoPage: true }) as unknown as AsyncIterable<unknown>;
  for await (const _row of stream) rows++;
  return rows / ((performance.now() - started) / 1000);
}

interface RunnerFigures {
  rows: number;
  rowsPerSecond: number;
  peakRssMb: number;
  wallSeconds: number;
  /** The child's user + system CPU time (sampled, so up to 50 ms short): less noisy than rates on a shared machine. */
  cpuSeconds: number;
  /** The one-minute load average of the machine when the runner ended. */
  loadAverage: number;
}

function runnerEnv(stores: Stores, ks: string, prefix: string, bucket: string, report: Report): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    EXHAUST_REPORT: report, EXHAUST_REQUEST_ID: `BENCH-${report}`, EXHAUST_COLLECTION_ID: target.course, EXHAUST_BATCH_IDS: target.batch, EXHAUST_REQUESTED_CHANNEL: target.channel,
    EXHAUST_CASSANDRA_CONTACT_POINTS: stores.cassandra.contactPoint, EXHAUST_CASSANDRA_LOCAL_DC: stores.cassandra.localDataCenter, EXHAUST_CASSANDRA_CONSISTENCY: "ONE",
    EXHAUST_USER_KEYSPACE: ks, EXHAUST_COURSES_KEYSPACE: ks, EXHAUST_ENROLMENTS_KEYSPACE: ks, EXHAUST_HIERARCHY_KEYSPACE: ks,
    EXHAUST_REDIS_USER_HOST: stores.redis.host, EXHAUST_REDIS_USER_PORT: String(stores.redis.port), EXHAUST_REDIS_KEY_PREFIX: prefix,
    EXHAUST_S3_ENDPOINT: stores.s3.endpoint, EXHAUST_S3_REGION: stores.s3.region, EXHAUST_S3_FORCE_PATH_STYLE: "true", EXHAUST_S3_BUCKET: bucket,
    AWS_ACCESS_KEY_ID: stores.s3.accessKeyId, AWS_SECRET_ACCESS_KEY: stores.s3.secretAccessKey, AWS_EC2_METADATA_DISABLED: "true",
    EXHAUST_ZIP_PASSWORD: "bench-password", EXHAUST_PII_KEY: benchPii.key, EXHAUST_PII_SALT: benchPii.salt, EXHAUST_LOG_LEVEL: "warn",
    ...RUNNER_MALLOC_ENV,
    ...runnerEnvOverrides,
  };
}

/**
 * Enrolments/s of the runner's Cassandra reads alone, with the runner's own code and settings: the shared token-range
 * scan and the per-user lookups of the report (attempts, or consents for UserInfo), without Redis, rows, CSV, zip or
 * upload. No runner can be faster on these stores, so it is the ceiling the runner's ratio is read against.
 */
async function readsOnly(db: Client, env: Record<string, string>): Promise<number> {
  const parsed = parseConfig([], env);
  if (!parsed.ok) throw new Error(parsed.message);
  const config = parsed.config;
  const reads: CassandraReads = { client: db, consistency: types.consistencies.one, fetchSize: config.cassandraFetchSize };
  const table = { keyspace: config.enrolmentsKeyspace, table: config.enrolmentsTable, collectionId: config.collectionId, withProgress: config.report === "progress" };
  const started = performance.now();
  const scan = scanEnrolments(reads, table, [target.batch], { ranges: config.scanRanges, parallelism: config.scanParallelism, queueCapacity: 2 * config.redisPipelineSize });
  const lookup = async (userIds: string[]): Promise<number> => {
    if (config.report === "userinfo") await readConsents(reads, config.userKeyspace, userIds, config.requestedChannel, config.collectionId);
    else await readAttempts(reads, config.coursesKeyspace, userIds, config.collectionId, target.batch, config.report === "response");
    return userIds.length;
  };
  const batch = scan.perBatch.get(target.batch);
  if (batch === undefined) throw new Error(`the scan has no queue for ${target.batch}`);
  let enrolments = 0;
  for await (const users of mapConcurrent(chunked(batch, lookupGroupSize), config.cassandraConcurrency, (group) => lookup(group.map((e) => e.userId)))) enrolments += users;
  await scan.done;
  return enrolments / ((performance.now() - started) / 1000);
}

async function runRunner(runnerSettings: Record<string, string>, nodeFlags: readonly string[]): Promise<RunnerFigures> {
  const dir = mkdtempSync(join(tmpdir(), "bench-runner-"));
  const env: Record<string, string> = { ...runnerSettings, TERMINATION_MESSAGE_PATH: join(dir, "termination-log") };
  const started = performance.now();
  // bash's `times` prints the rusage of the runner once it has exited (user and system time of its children), exact
  // where sampling /proc would miss the last interval; the runner's own stdout (the manifest) is dropped.
  const wrapper = 'exec 3>&1 1>/dev/null; node_pid_file="$1"; shift; "$@" & echo $! > "$node_pid_file"; wait $!; rc=$?; times >&3; exit $rc';
  const pidFile = join(dir, "pid");
  const child = spawn("bash", ["-c", wrapper, "bash", pidFile, process.execPath, ...nodeFlags, join(args["runner-root"] ?? repoRoot, "runner/main.ts")], { env, stdio: ["ignore", "pipe", "inherit"] });
  let times = "";
  child.stdout.on("data", (chunk: Buffer) => (times += chunk.toString()));
  let peakKb = 0;
  let pid: string | undefined;
  const sample = setInterval(() => {
    try {
      pid ??= readFileSync(pidFile, "utf8").trim() || undefined;
      if (pid === undefined) return;
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      // Not started yet, or exited between samples.
    }
  }, 50);
  const code = await new Promise<number | null>((done) => child.on("close", done));
  clearInterval(sample);
  // `times`: the shell's own user and system time, then its children's ("0m3.210s 0m0.402s").
  const childTimes = /(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/.exec(times.trim());
  const cpuSeconds = childTimes === null ? Number.NaN : Number(childTimes[1]) * 60 + Number(childTimes[2]) + Number(childTimes[3]) * 60 + Number(childTimes[4]);
  const wallSeconds = (performance.now() - started) / 1000;
  const decoded = decodeTerminationMessage(readFileSync(env.TERMINATION_MESSAGE_PATH ?? "", "utf8"));
  rmSync(dir, { recursive: true, force: true });
  const batch = decoded.ok ? decoded.manifest.batches[0] : undefined;
  if (code !== 0 || batch?.ok !== true) throw new Error(`runner ${env.EXHAUST_REPORT} failed (exit ${code}): ${batch?.message ?? "no manifest"}`);
  return { rows: batch.rows ?? 0, rowsPerSecond: (batch.rows ?? 0) / ((batch.durationMs ?? 1) / 1000), peakRssMb: peakKb / 1024, wallSeconds, cpuSeconds, loadAverage: loadavg()[0] ?? Number.NaN };
}

async function main(): Promise<void> {
  const runDir = mkdtempSync(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "bench-runner-"));
  const own = args.endpoints === undefined ? await startStores(runDir) : undefined;
  const stores: Stores = own?.stores ?? (JSON.parse(readFileSync(args.endpoints ?? "", "utf8")) as Stores);
  // An endpoints file may name the stores' processes ("pids"), so their CPU is measured with --endpoints too.
  const storePids: StorePids = own?.storePids ?? { cassandra: undefined, redis: undefined, ...(stores as { pids?: StorePids }).pids };
  // The reads-only ceiling reads the question column as the runner does: its bytes, not the driver's objects.
  installRawUdtLists();
  const db = cassandraClient(stores.cassandra, { queryOptions: { consistency: types.consistencies.one }, socketOptions: { readTimeout: 120_000 }, encoding: { [RAW_UDT_LISTS]: "question" } as ClientOptions["encoding"] });
  const redis = redisClient(stores.redis, 12);
  const s3 = s3Client(stores.s3);
  const lines: string[] = [];
  try {
    for (const size of sizes) {
      const id = args.reuse ?? `${size}_${Date.now().toString(36)}`;
      const ks = `bench_${id}`;
      const prefix = `bench:${id}:`;
      const bucket = `bench-${id.replaceAll("_", "-")}`;
      if (args.reuse === undefined) {
        const loadStarted = performance.now();
        await (shape === "sunbird" ? loadSunbird : load)(db, redis, ks, prefix, size);
        await s3.send(new CreateBucketCommand({ Bucket: bucket }));
        console.error(`loaded ${size} enrolments (${shape} shape, data id ${id}) in ${((performance.now() - loadStarted) / 1000).toFixed(0)} s`);
      }
      const settleStarted = performance.now();
      await compactionsSettled(db);
      console.error(`compactions settled in ${((performance.now() - settleStarted) / 1000).toFixed(0)} s`);
      for (const report of reports) {
        const env = runnerEnv(stores, ks, prefix, bucket, report);
        const plain = await withStoreCpu(storePids, () => plainRead(db, ks));
        const ceiling = await withStoreCpu(storePids, () => readsOnly(db, env));
        const run = await withStoreCpu(storePids, () => runRunner(env, nodeFlagsFor(size)));
        const figures = run.value;
        const line = `| ${report} | ${size.toLocaleString("en")} | ${figures.rows.toLocaleString("en")} | ${Math.round(figures.rowsPerSecond).toLocaleString("en")} | ${Math.round(plain.value).toLocaleString("en")} | ${(figures.rowsPerSecond / plain.value).toFixed(2)} | ${(ceiling.value / plain.value).toFixed(2)} | ${figures.peakRssMb.toFixed(0)} | ${figures.wallSeconds.toFixed(1)} | ${figures.cpuSeconds.toFixed(1)} | ${((figures.cpuSeconds * 1e6) / Math.max(1, figures.rows)).toFixed(1)} | ${figures.loadAverage.toFixed(1)} | ${seconds(plain.cassandraCpu)} | ${seconds(ceiling.cassandraCpu)} | ${seconds(run.cassandraCpu)} | ${seconds(run.redisCpu)} |`;
        console.error(line);
        lines.push(line);
      }
      if (!args.keep && args.reuse === undefined) {
        await dropKeyspace(db, ks).catch(() => undefined);
        await deleteKeysWithPrefix(redis, prefix);
      }
    }
  } finally {
    redis.disconnect();
    await db.shutdown();
    s3.destroy();
    for (const p of own?.procs ?? []) await p.stop(15_000);
    rmSync(runDir, { recursive: true, force: true });
  }
  const table = [
    `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench:runner -- --shape ${shape} --sizes ${sizes.join(",")} --reports ${reports.join(",")}\`, runner started as ${sizes.map((size) => `\`${Object.entries(RUNNER_MALLOC_ENV).map(([k, v]) => `${k}=${v} `).join("")}node ${nodeFlagsFor(size).join(" ")} runner/main.ts\``).filter((v, i, all) => all.indexOf(v) === i).join(" / ")} (one batch, no batchid index: the token-range scan; ZipCrypto zip to moto; all stores on the same 2-core machine; load average: the machine's, one minute, when the runner ended).`,
    "",
    "| Report | Enrolments | Rows | Runner rows/s | Plain read rows/s | Ratio | Reads-only ratio | Peak RSS (MB) | Wall (s) | Runner CPU (s) | Runner CPU per row (µs) | Load average | Cassandra CPU, plain read (s) | Cassandra CPU, reads only (s) | Cassandra CPU, runner (s) | Redis CPU, runner (s) |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ...lines,
  ].join("\n");
  console.log(table);
  if (!args["no-write"]) writeResults(table);
}

function writeResults(table: string): void {
  // Each shape has its own table in the doc.
  const marker = shape === "sunbird" ? "bench:runner:sunbird" : "bench:runner";
  const startMarker = `<!-- ${marker}:start -->`;
  const endMarker = `<!-- ${marker}:end -->`;
  const doc = readFileSync(docFile, "utf8");
  const start = doc.indexOf(startMarker);
  const end = doc.indexOf(endMarker);
  if (start < 0 || end < start) throw new Error(`${docFile} has no ${startMarker} ... ${endMarker} section`);
  writeFileSync(docFile, `${doc.slice(0, start + startMarker.length)}\n${table}\n${doc.slice(end)}`);
}

await main();
