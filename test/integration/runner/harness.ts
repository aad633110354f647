import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { S3Client } from "@aws-sdk/client-s3";
import { CreateBucketCommand, GetObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import type { Client } from "cassandra-driver";
import { types } from "cassandra-driver";
import type { Redis } from "ioredis";
import { decodeTerminationMessage, type ResultManifest } from "../../../crds/runner-contract.ts";
import { endpoints } from "../../env/endpoints.ts";
import { cassandraClient, redisClient, s3Client } from "../../env/store-clients.ts";
import { deleteKeysWithPrefix } from "../../data/redis-keys.ts";
import { dropKeyspace } from "../../data/schema.ts";

// Shared by the runner's integration tests: one isolated keyspace, Redis key prefix and bucket per test file, and
// the runner started as a child process with env only, as the Job starts it.

const repoRoot = resolve(import.meta.dirname, "../../..");
const execFileAsync = promisify(execFile);

export const rand = (): string => randomBytes(5).toString("hex");

export interface Stores {
  keyspace: string;
  prefix: string;
  bucket: string;
  cassandra: Client;
  redis: { users: Redis; relations: Redis };
  s3: S3Client;
  close(): Promise<void>;
}

export async function openStores(): Promise<Stores> {
  const e = endpoints();
  const id = rand();
  const cassandra = cassandraClient(e.cassandra, { queryOptions: { consistency: types.consistencies.one, prepare: true } });
  await cassandra.connect();
  const users = redisClient(e.redis, 12);
  const relations = redisClient(e.redis, 10);
  const s3 = s3Client(e.s3);
  const bucket = `t-${id}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const prefix = `t:${id}:`;
  return {
    keyspace: `t_${id}`,
    prefix,
    bucket,
    cassandra,
    redis: { users, relations },
    s3,
    async close() {
      await dropKeyspace(cassandra, `t_${id}`).catch(() => undefined);
      for (const r of [users, relations]) {
        await deleteKeysWithPrefix(r, prefix);
        r.disconnect();
      }
      await cassandra.shutdown();
      s3.destroy();
    },
  };
}

/** The env a Job would give the runner for these stores (every keyspace the test's own). */
export function runnerEnv(stores: Stores, settings: Record<string, string>): Record<string, string> {
  const e = endpoints();
  return {
    PATH: process.env.PATH ?? "",
    ...(process.env.NODE_OPTIONS ? { NODE_OPTIONS: process.env.NODE_OPTIONS } : {}),
    EXHAUST_CASSANDRA_CONTACT_POINTS: e.cassandra.contactPoint,
    EXHAUST_CASSANDRA_LOCAL_DC: e.cassandra.localDataCenter,
    EXHAUST_CASSANDRA_CONSISTENCY: "ONE",
    EXHAUST_USER_KEYSPACE: stores.keyspace,
    EXHAUST_COURSES_KEYSPACE: stores.keyspace,
    EXHAUST_ENROLMENTS_KEYSPACE: stores.keyspace,
    EXHAUST_HIERARCHY_KEYSPACE: stores.keyspace,
    EXHAUST_REDIS_USER_HOST: e.redis.host,
    EXHAUST_REDIS_USER_PORT: String(e.redis.port),
    EXHAUST_REDIS_KEY_PREFIX: stores.prefix,
    EXHAUST_S3_ENDPOINT: e.s3.endpoint,
    EXHAUST_S3_REGION: e.s3.region,
    EXHAUST_S3_FORCE_PATH_STYLE: "true",
    EXHAUST_S3_BUCKET: stores.bucket,
    AWS_ACCESS_KEY_ID: e.s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: e.s3.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: "true",
    EXHAUST_LOG_LEVEL: "warn",
    ...settings,
  };
}

export interface RunnerRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Parsed from the termination-message file. */
  manifest: ResultManifest | undefined;
  terminationMessage: string;
}

/** Starts `node runner/main.ts` with env only; `onStart` sees the child (to signal it). */
export async function runRunner(env: Record<string, string>, onStart?: (child: ChildProcess) => void): Promise<RunnerRun> {
  const dir = await mkdtemp(join(tmpdir(), "runner-test-"));
  const terminationFile = join(dir, "termination-log");
  const child = spawn(process.execPath, [join(repoRoot, "runner/main.ts")], { env: { TERMINATION_MESSAGE_PATH: terminationFile, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  onStart?.(child);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) => child.on("close", (c, s) => done([c, s])));
  const terminationMessage = await readFile(terminationFile, "utf8").catch(() => "");
  await rm(dir, { recursive: true, force: true });
  const decoded = decodeTerminationMessage(terminationMessage);
  return { code, signal, stdout, stderr, manifest: decoded.ok ? decoded.manifest : undefined, terminationMessage };
}

/** The object's text; a `.zip` is opened with Info-ZIP `unzip` (with -P when a password is given). */
export async function objectCsv(stores: Stores, uri: string, password?: string): Promise<string> {
  return (await objectContent(stores, uri, password)).toString("utf8");
}

/** The object's bytes, or for a `.zip` the bytes of its single entry. */
export async function objectContent(stores: Stores, uri: string, password?: string): Promise<Buffer> {
  const key = uri.replace(`s3://${stores.bucket}/`, "");
  const object = await stores.s3.send(new GetObjectCommand({ Bucket: stores.bucket, Key: key }));
  const bytes = Buffer.from(await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
  if (!key.endsWith(".zip")) return bytes;
  const dir = await mkdtemp(join(tmpdir(), "runner-zip-"));
  const zip = join(dir, "object.zip");
  await writeFile(zip, bytes);
  try {
    const { stdout } = await execFileAsync("unzip", [...(password === undefined ? [] : ["-P", password]), "-p", zip], { encoding: "buffer", maxBuffer: 1 << 30 });
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every object key and every unfinished multipart upload in the bucket. */
export async function bucketContents(stores: Stores): Promise<{ objects: string[]; uploads: string[] }> {
  const objects = await stores.s3.send(new ListObjectsV2Command({ Bucket: stores.bucket }));
  const uploads = await stores.s3.send(new ListMultipartUploadsCommand({ Bucket: stores.bucket }));
  return { objects: (objects.Contents ?? []).map((o) => o.Key ?? ""), uploads: (uploads.Uploads ?? []).map((u) => u.Key ?? "") };
}

/** RFC 4180 text -> rows (header first); the test-side reader of what the runner wrote. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** Rows as a sorted multiset of lines (D3: row order is not defined). */
export const asMultiset = (rows: string[][]): string[] => rows.map((r) => JSON.stringify(r)).sort();
