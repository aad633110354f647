import { execFile, spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_TERMINATION_MESSAGE_PATH, runnerSettings, type ResultManifest } from "../../../crds/runner-contract.ts";
import { settingGroups } from "../../../runner/help-text.ts";
import { deleteKeysWithPrefix } from "../../data/redis-keys.ts";
import { dropKeyspace } from "../../data/schema.ts";
import { endpoints } from "../../env/endpoints.ts";
import { loadTryout, TRYOUT_PASSWORD, tryoutSettings, type Tryout } from "../../env/runner-tryout.ts";
import { cassandraClient, redisClient, s3Client } from "../../env/store-clients.ts";
import { rand } from "./harness.ts";

// The runner as a person runs it: the `exhaust-runner` executable that `npm ci` links into node_modules/.bin, with
// that directory first on PATH (so its shebang finds Node 24), no TERMINATION_MESSAGE_PATH, and the settings that
// `npm run env:up -- --stores` prints, here for the test stack's stores and a keyspace of the test's own.

const repoRoot = resolve(import.meta.dirname, "../../..");
const execFileAsync = promisify(execFile);
const bin = join(repoRoot, "node_modules/.bin/exhaust-runner");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runBin(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(bin, args, {
    env: { PATH: `${join(repoRoot, "node_modules/.bin")}:${process.env.PATH ?? ""}`, ...(process.env.NODE_OPTIONS ? { NODE_OPTIONS: process.env.NODE_OPTIONS } : {}), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((done) => child.on("close", (code) => done({ code, stdout, stderr })));
}

// Run by hand (these tests run as root on the test machine), the runner must leave /dev as it found it.
const kubeletFile = (): string => (existsSync(DEFAULT_TERMINATION_MESSAGE_PATH) ? `present, ${statSync(DEFAULT_TERMINATION_MESSAGE_PATH).mtimeMs}` : "absent");

describe("exhaust-runner by hand: the executable", () => {
  it("is linked by npm ci and executable", async () => {
    expect((await stat(bin)).mode & 0o111).not.toBe(0);
  });

  it("--help -> exit 0, every group in order, every setting with its env var and default", async () => {
    const run = await runBin(["--help"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Usage: exhaust-runner /);
    const titles = run.stdout.split("\n").filter((l) => /^\S.*:$/.test(l) && !l.startsWith("Usage"));
    expect(titles).toEqual(settingGroups.map((g) => `${g.title}:`));
    for (const s of Object.values(runnerSettings)) expect(run.stdout).toMatch(new RegExp(`^  (--${s.flag}|\\(env only, secret\\)) +${s.env} +default: `, "m"));
  });

  it("npm run runner -- --help -> the same help, exit 0 (npm puts node_modules/.bin, so Node 24, first on PATH)", async () => {
    const [help, viaNpm] = await Promise.all([runBin(["--help"]), execFileAsync("npm", ["run", "--silent", "runner", "--", "--help"], { cwd: repoRoot })]);
    expect(viaNpm.stdout).toBe(help.stdout);
  });

  it("a mistyped flag at argument 5 -> exit 11 naming that position and the flag meant, no file in /dev", async () => {
    const before = kubeletFile();
    const run = await runBin(["--report", "progress", "--request-id", "R1", "--batch-id", "b1"]);
    expect(run.code).toBe(11);
    expect(run.stderr).toContain("invalid command line: unknown option at argument 5 (not shown); did you mean --batch-ids?");
    expect(run.stdout).toBe("");
    expect(kubeletFile()).toBe(before);
  });
});

describe("exhaust-runner by hand: a batch against the real stores, with the settings env:up --stores prints", () => {
  const names = { keyspace: `t_${rand()}`, redisKeyPrefix: `t:${rand()}:`, bucket: `t-${rand()}` };
  const clients = { cassandra: cassandraClient(endpoints().cassandra), redis: redisClient(endpoints().redis), s3: s3Client(endpoints().s3) };
  let tryout: Tryout;
  let outputDir: string;

  beforeAll(async () => {
    tryout = tryoutSettings(endpoints(), names, await loadTryout(clients, names));
    outputDir = await mkdtemp(join(tmpdir(), "by-hand-"));
  });
  afterAll(async () => {
    await rm(outputDir, { recursive: true, force: true });
    await dropKeyspace(clients.cassandra, names.keyspace).catch(() => undefined);
    for (const db of [12, 10]) {
      const conn = clients.redis.duplicate({ db });
      await deleteKeysWithPrefix(conn, names.redisKeyPrefix);
      conn.disconnect();
    }
    clients.redis.disconnect();
    clients.s3.destroy();
    await clients.cassandra.shutdown();
  });

  it("runner.env plus --report and --request-id -> every batch's zip in --output-dir, the manifest on stdout alone, nothing in /dev", async () => {
    const before = kubeletFile();
    const run = await runBin(["--report", "userinfo", "--request-id", "TRY1", "--output-dir", outputDir], { ...tryout.env, EXHAUST_LOG_LEVEL: "warn" });
    expect(run.code, run.stderr).toBe(0);
    const manifest = JSON.parse(run.stdout) as ResultManifest;
    const batchIds = tryout.env[runnerSettings.batchIds.env]?.split(",") ?? [];
    expect(manifest.batches.map((b) => b.batchId).sort()).toEqual([...batchIds].sort());
    for (const batch of manifest.batches) {
      expect(batch).toMatchObject({ ok: true, objectUri: expect.stringMatching(new RegExp(`^file://${outputDir}/userinfo-exhaust/TRY1/${batch.batchId}_userinfo_\\d{8}\\.zip$`)) });
      const file = fileURLToPath(batch.objectUri ?? "");
      expect((await readFile(file)).length).toBe(batch.bytes);
      expect(batch.rows).toBeGreaterThan(0);
      // The sample tenants protect UserInfo: the zip opens with the password runner.env gives.
      const csv = (await execFileAsync("unzip", ["-P", TRYOUT_PASSWORD, "-p", file])).stdout;
      expect(csv.split("\r\n").filter((l) => l !== "")).toHaveLength((batch.rows ?? 0) + 1);
    }
    expect(kubeletFile()).toBe(before);
  });

  it("the printed flags, secrets from env, --s3-bucket -> exit 0 with s3:// objects in the printed bucket", async () => {
    const secrets = Object.fromEntries(Object.values(runnerSettings).filter((s) => s.secret && tryout.env[s.env] !== undefined).map((s) => [s.env, tryout.env[s.env] ?? ""]));
    const run = await runBin([...tryout.flags, "--report", "response", "--request-id", "TRY2", "--s3-bucket", tryout.bucket, "--log-level", "warn"], { ...secrets, AWS_EC2_METADATA_DISABLED: "true" });
    expect(run.code, run.stderr).toBe(0);
    const manifest = JSON.parse(run.stdout) as ResultManifest;
    // Every batch of the sample, so an empty result cannot pass the loop below.
    expect(manifest.batches.length).toBeGreaterThan(0);
    for (const batch of manifest.batches) expect(batch).toMatchObject({ ok: true, objectUri: expect.stringMatching(new RegExp(`^s3://${tryout.bucket}/response-exhaust/TRY2/`)) });
  });
});
