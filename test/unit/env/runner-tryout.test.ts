import { describe, expect, it } from "vitest";
import { runnerSettings } from "../../../crds/runner-contract.ts";
import { parseConfig } from "../../../runner/config.ts";
import { envFileText, TRYOUT_PASSWORD, tryoutSettings } from "../../env/runner-tryout.ts";

const stores = {
  cassandra: { contactPoint: "127.0.0.1:40739", localDataCenter: "datacenter1" },
  redis: { host: "127.0.0.1", port: 33563 },
  s3: { endpoint: "http://127.0.0.1:33781", region: "us-east-1", accessKeyId: "exhaust-test", secretAccessKey: "exhaust-test-secret" },
};
const summary = {
  collections: [
    { id: "do_empty", name: "No batches", channel: "org_x", leafNodesCount: 1, qualifyingIds: [], optionalNodes: [], batchIds: [] },
    { id: "do_1", name: "One", channel: "org_a", leafNodesCount: 3, qualifyingIds: [], optionalNodes: [], batchIds: ["b1", "b2"] },
  ],
  pii: { key: "ThisAsISerceKtey", salt: "salt" },
  redis: { userKeys: 10, relationSets: 1, userCacheDb: 12, relationCacheDb: 10 },
};
const names = { keyspace: "exhaust_sample", redisKeyPrefix: "", bucket: "exhaust-reports" };
const settingEnvNames = new Set(Object.values(runnerSettings).map((s) => s.env));

describe("tryoutSettings: what env:up --stores prints reaches the stores and the sample", () => {
  const tryout = tryoutSettings(stores, names, summary);

  const runs = [
    { name: "env alone plus report and request id -> a valid configuration writing to a local dir", argv: ["--report", "progress", "--request-id", "T1", "--output-dir", "/tmp/r"], env: tryout.env },
    { name: "env plus --s3-bucket -> valid, writing to the printed bucket", argv: ["--report", "response", "--request-id", "T1", "--s3-bucket", tryout.bucket], env: tryout.env },
    { name: "userinfo from env alone -> valid (sample PII key and salt given)", argv: ["--report", "userinfo", "--request-id", "T1", "--output-dir", "/tmp/r"], env: tryout.env },
    { name: "printed flags plus the secret env -> valid", argv: [...tryout.flags, "--report", "userinfo", "--request-id", "T1", "--output-dir", "/tmp/r"], env: { EXHAUST_PII_KEY: summary.pii.key, EXHAUST_PII_SALT: summary.pii.salt } },
  ];
  for (const c of runs) {
    it(c.name, () => {
      expect(parseConfig(c.argv, c.env)).toMatchObject({ ok: true });
    });
  }

  it("the first collection with batches, its batches and its channel", () => {
    const parsed = parseConfig(["--report", "progress", "--request-id", "T1", "--output-dir", "/tmp/r"], tryout.env);
    expect(parsed.ok && parsed.config).toMatchObject({ collectionId: "do_1", batchIds: ["b1", "b2"], requestedChannel: "org_a", zipPassword: TRYOUT_PASSWORD, textKey: TRYOUT_PASSWORD, redisUserPort: 33563 });
  });

  it("every env name is a runner setting's, but the SDK's metadata switch", () => {
    expect(Object.keys(tryout.env).filter((name) => !settingEnvNames.has(name))).toEqual(["AWS_EC2_METADATA_DISABLED"]);
  });

  it("no secret on the command line, no bucket in env (so --output-dir stays possible)", () => {
    const secretFlags = Object.values(runnerSettings).filter((s) => s.secret).map((s) => `--${s.flag}`);
    expect(tryout.flags.filter((f) => secretFlags.includes(f))).toEqual([]);
    expect(tryout.flags).not.toContain(summary.pii.key);
    expect(tryout.env).not.toHaveProperty(runnerSettings.s3Bucket.env);
  });

  it("a test's key prefix -> passed on; none -> left out", () => {
    expect(tryoutSettings(stores, { ...names, redisKeyPrefix: "t:1:" }, summary).env[runnerSettings.redisKeyPrefix.env]).toBe("t:1:");
    expect(tryout.env).not.toHaveProperty(runnerSettings.redisKeyPrefix.env);
  });

  it("a sample without batches -> an error, not settings that fail later", () => {
    expect(() => tryoutSettings(stores, names, { ...summary, collections: summary.collections.slice(0, 1) })).toThrow("no collection with batches");
  });
});

describe("envFileText", () => {
  const cases: { name: string; env: Record<string, string>; expect: string }[] = [
    { name: "plain value -> quoted line", env: { A: "b" }, expect: "A='b'\n" },
    { name: "a single quote -> closed, escaped, reopened", env: { A: "it's" }, expect: "A='it'\\''s'\n" },
    { name: "several -> one line each, in order", env: { A: "1", B: "x y" }, expect: "A='1'\nB='x y'\n" },
    { name: "none -> empty", env: {}, expect: "" },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(envFileText(c.env)).toBe(c.expect);
    });
  }
});
