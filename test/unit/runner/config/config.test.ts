import { describe, expect, it } from "vitest";
import { parseConfig, terminationMessagePathOf } from "../../../../runner/config.ts";

const baseEnv = {
  EXHAUST_REPORT: "progress",
  EXHAUST_REQUEST_ID: "REQ1",
  EXHAUST_COLLECTION_ID: "do_1",
  EXHAUST_BATCH_IDS: "b1, b2,,",
  EXHAUST_REQUESTED_CHANNEL: "org1",
  EXHAUST_CASSANDRA_CONTACT_POINTS: "127.0.0.1:9042",
  EXHAUST_HIERARCHY_KEYSPACE: "dev_hierarchy_store",
  EXHAUST_REDIS_USER_HOST: "127.0.0.1",
  EXHAUST_S3_BUCKET: "reports",
};

describe("parseConfig", () => {
  const ok = [
    {
      name: "env only -> defaults filled, list split and trimmed",
      argv: [],
      env: baseEnv,
      expect: { batchIds: ["b1", "b2"], cassandraConsistency: "LOCAL_QUORUM", redisUserDb: 12, redisRelationDb: 10, timeZone: "Asia/Kolkata", outputFormat: "zip" },
    },
    {
      name: "a flag wins over env",
      argv: ["--report", "response", "--redis-user-db=3"],
      env: baseEnv,
      expect: { report: "response", redisUserDb: 3 },
    },
    {
      name: "secrets from env are accepted",
      argv: [],
      env: { ...baseEnv, EXHAUST_REPORT: "userinfo", EXHAUST_PII_KEY: "0123456789abcdef", EXHAUST_PII_SALT: "salt", EXHAUST_ZIP_PASSWORD: "pw" },
      expect: { piiKey: "0123456789abcdef", zipPassword: "pw" },
    },
    {
      name: "an empty env var counts as unset",
      argv: [],
      env: { ...baseEnv, EXHAUST_S3_ENDPOINT: "", EXHAUST_S3_FORCE_PATH_STYLE: "true", EXHAUST_ASSESSMENT_CONTENT_TYPES: "A,B" },
      expect: { s3Endpoint: undefined, s3ForcePathStyle: true, assessmentContentTypes: ["A", "B"] },
    },
    {
      name: "azure with an account key -> provider azure, wasb URIs by default",
      argv: [],
      env: { ...baseEnv, EXHAUST_S3_BUCKET: undefined, EXHAUST_STORAGE_PROVIDER: "azure", EXHAUST_AZURE_STORAGE_ACCOUNT: "sbdev", EXHAUST_AZURE_CONTAINER: "reports", AZURE_STORAGE_KEY: "a2V5" },
      expect: { storageProvider: "azure", azureContainer: "reports", azureUriScheme: "wasb" },
    },
    {
      name: "azure with a SAS token instead of a key -> accepted",
      argv: [],
      env: { ...baseEnv, EXHAUST_S3_BUCKET: undefined, EXHAUST_STORAGE_PROVIDER: "azure", EXHAUST_AZURE_STORAGE_ACCOUNT: "sbdev", EXHAUST_AZURE_CONTAINER: "reports", AZURE_STORAGE_SAS_TOKEN: "sv=2024&sig=x" },
      expect: { storageProvider: "azure", azureSasToken: "sv=2024&sig=x" },
    },
    {
      name: "gcs with a service-account key file -> provider gcs",
      argv: [],
      env: { ...baseEnv, EXHAUST_S3_BUCKET: undefined, EXHAUST_STORAGE_PROVIDER: "gcs", EXHAUST_GCS_BUCKET: "reports", EXHAUST_GCS_CREDENTIALS_JSON: JSON.stringify({ client_email: "sa@p.iam.gserviceaccount.com", private_key: "k" }) },
      expect: { storageProvider: "gcs", gcsBucket: "reports" },
    },
    {
      name: "gcs with an output directory and no bucket -> local files",
      argv: ["--storage-provider", "gcs", "--output-dir", "/tmp/x"],
      env: { ...baseEnv, EXHAUST_S3_BUCKET: undefined },
      expect: { storageProvider: "gcs", outputDir: "/tmp/x" },
    },
  ];
  for (const c of ok) {
    it(c.name, () => {
      const result = parseConfig(c.argv, c.env);
      expect(result).toMatchObject({ ok: true, config: c.expect });
    });
  }

  const bad = [
    { name: "missing report -> names the setting and its env", argv: [], env: { ...baseEnv, EXHAUST_REPORT: undefined }, mentions: ["report", "EXHAUST_REPORT"] },
    { name: "unknown report value -> named", argv: ["--report", "grades"], env: baseEnv, mentions: ["report", "grades"] },
    { name: "unknown flag -> command line error naming its position only", argv: ["--report=progress", "--nope", "1"], env: baseEnv, mentions: ["unknown option at argument 2"], hides: "nope" },
    { name: "stray positional after an empty secret flag -> value not echoed", argv: ["--report=progress", "--zip-password=", "hunter2"], env: baseEnv, mentions: ["positional argument at argument 3"], hides: "hunter2" },
    { name: "stray argument that looks like a short option -> value not echoed", argv: ["-xhunter2"], env: baseEnv, mentions: ["unknown option"], hides: "hunter2" },
    { name: "stray argument that is not a flag name -> value not echoed", argv: ["--hunter2=x!y"], env: baseEnv, mentions: ["unknown option"], hides: "hunter2" },
    { name: "secret as flag -> rejected, value not echoed", argv: ["--zip-password", "hunter2"], env: baseEnv, mentions: ["EXHAUST_ZIP_PASSWORD"], hides: "hunter2" },
    { name: "bad time zone", argv: ["--time-zone", "Mars/Base"], env: baseEnv, mentions: ["timeZone"] },
    { name: "neither bucket nor dir", argv: [], env: { ...baseEnv, EXHAUST_S3_BUCKET: undefined }, mentions: ["s3Bucket"] },
    { name: "both bucket and dir", argv: ["--output-dir", "/tmp/x"], env: baseEnv, mentions: ["s3Bucket"] },
    { name: "azure without a container -> names azureContainer", argv: ["--storage-provider", "azure", "--azure-storage-account", "sbdev"], env: { ...baseEnv, AZURE_STORAGE_KEY: "a2V5" }, mentions: ["azureContainer", "EXHAUST_AZURE_CONTAINER"] },
    { name: "azure without key or SAS -> names both env vars", argv: ["--storage-provider", "azure", "--azure-storage-account", "sbdev", "--azure-container", "reports"], env: { ...baseEnv, EXHAUST_S3_BUCKET: undefined }, mentions: ["AZURE_STORAGE_KEY", "AZURE_STORAGE_SAS_TOKEN"] },
    { name: "azure without the account name -> named", argv: ["--storage-provider", "azure", "--azure-container", "reports"], env: { ...baseEnv, EXHAUST_S3_BUCKET: undefined, AZURE_STORAGE_KEY: "a2V5" }, mentions: ["azureAccountName"] },
    { name: "gcs without a bucket (an S3 bucket does not count) -> names gcsBucket", argv: ["--storage-provider", "gcs"], env: baseEnv, mentions: ["gcsBucket"] },
    {
      name: "gcs key file that is not one -> rejected, value not echoed",
      argv: ["--storage-provider", "gcs", "--gcs-bucket", "reports"],
      env: { ...baseEnv, EXHAUST_GCS_CREDENTIALS_JSON: '{"private_key":"hunter2"}' },
      mentions: ["gcsCredentialsJson", "client_email"],
      hides: "hunter2",
    },
    { name: "unknown provider -> named", argv: ["--storage-provider", "dropbox"], env: baseEnv, mentions: ["storageProvider", "dropbox"] },
    { name: "azure key as a flag -> rejected, value not echoed", argv: ["--azure-storage-key", "hunter2"], env: baseEnv, mentions: ["AZURE_STORAGE_KEY"], hides: "hunter2" },
    { name: "userinfo without PII key", argv: ["--report", "userinfo"], env: baseEnv, mentions: ["piiKey"] },
    { name: "PII key of wrong length, value not echoed", argv: [], env: { ...baseEnv, EXHAUST_PII_KEY: "short-secret" }, mentions: ["piiKey"], hides: "short-secret" },
    { name: "redis db out of range", argv: ["--redis-user-db", "16"], env: baseEnv, mentions: ["redisUserDb"] },
    { name: "empty batch list", argv: ["--batch-ids", ","], env: baseEnv, mentions: ["batchIds"] },
  ];
  for (const c of bad) {
    it(c.name, () => {
      const result = parseConfig(c.argv, c.env);
      expect(result.ok).toBe(false);
      const message = result.ok ? "" : result.message;
      for (const m of c.mentions) expect(message).toContain(m);
      if (c.hides !== undefined) expect(message).not.toContain(c.hides);
    });
  }
});

describe("terminationMessagePathOf: the flag, else env, else the kubelet's file only in a pod", () => {
  // /proc/self/mountinfo lines as a container in a pod and a shell on a host show them.
  const inPod = [
    "1290 1170 0:330 / / rw,relatime master:433 - overlay overlay rw,lowerdir=/var/lib/containerd/l1",
    "1295 1290 0:333 / /dev rw,nosuid - tmpfs tmpfs rw,size=65536k,mode=755",
    "1301 1295 259:1 /var/lib/kubelet/pods/7f3c/containers/runner/5d1e /dev/termination-log rw,relatime - ext4 /dev/nvme0n1p1 rw",
  ].join("\n");
  const onHost = ["22 1 259:1 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p1 rw", "23 22 0:5 / /dev rw,nosuid shared:2 - devtmpfs udev rw"].join("\n");
  const cases = [
    { name: "flag with a separate value wins over env", argv: ["--termination-message-path", "/tmp/a"], env: { TERMINATION_MESSAGE_PATH: "/tmp/b" }, mountinfo: onHost, expect: "/tmp/a" },
    { name: "flag with = keeps an = in the path", argv: ["--termination-message-path=/tmp/a=b"], env: {}, mountinfo: onHost, expect: "/tmp/a=b" },
    { name: "flag on a malformed command line still read", argv: ["--nope", "--termination-message-path", "/tmp/a"], env: {}, mountinfo: onHost, expect: "/tmp/a" },
    { name: "env when no flag, even on a host", argv: ["--report", "x"], env: { TERMINATION_MESSAGE_PATH: "/tmp/b" }, mountinfo: onHost, expect: "/tmp/b" },
    { name: "env as the operator's Job sets it -> the kubelet path", argv: [], env: { TERMINATION_MESSAGE_PATH: "/dev/termination-log" }, mountinfo: inPod, expect: "/dev/termination-log" },
    { name: "empty env counts as unset -> the mounted kubelet file", argv: [], env: { TERMINATION_MESSAGE_PATH: "" }, mountinfo: inPod, expect: "/dev/termination-log" },
    { name: "neither, in a pod -> the kubelet's mounted file", argv: [], env: {}, mountinfo: inPod, expect: "/dev/termination-log" },
    { name: "neither, by hand on a host (root or not) -> no file", argv: [], env: {}, mountinfo: onHost, expect: undefined },
    { name: "neither, mountinfo unreadable (not Linux) -> no file", argv: [], env: {}, mountinfo: "", expect: undefined },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(terminationMessagePathOf(c.argv, c.env, c.mountinfo)).toBe(c.expect);
    });
  }
});
