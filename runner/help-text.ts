import { runnerSettings, type RunnerSettingKey } from "../crds/runner-contract.ts";

/** The settings in the groups docs/runner.md lists them in; every setting stands in exactly one group. */
export const settingGroups: readonly { title: string; keys: readonly RunnerSettingKey[] }[] = [
  { title: "Request", keys: ["report", "requestId", "collectionId", "batchIds", "batchRequestIds", "requestedChannel", "requestedBy", "securityLevel"] },
  {
    title: "Cassandra",
    keys: [
      "cassandraContactPoints",
      "cassandraLocalDc",
      "cassandraUsername",
      "cassandraPassword",
      "userKeyspace",
      "coursesKeyspace",
      "enrolmentsKeyspace",
      "enrolmentsTable",
      "hierarchyKeyspace",
      "cassandraConsistency",
      "cassandraConcurrency",
      "cassandraFetchSize",
      "scanRanges",
      "scanParallelism",
    ],
  },
  {
    title: "Redis",
    keys: ["redisUserHost", "redisUserPort", "redisUserDb", "redisRelationHost", "redisRelationPort", "redisRelationDb", "optionalNodesSuffix", "redisKeyPrefix", "redisPipelineSize"],
  },
  {
    title: "Storage",
    keys: [
      "storageProvider",
      "s3KeyPrefix",
      "s3Endpoint",
      "s3Region",
      "s3Bucket",
      "s3ForcePathStyle",
      "s3AccessKeyId",
      "s3SecretAccessKey",
      "azureAccountName",
      "azureContainer",
      "azureBlobEndpoint",
      "azureUriScheme",
      "azureAccountKey",
      "azureSasToken",
      "gcsBucket",
      "gcsEndpoint",
      "gcsProjectId",
      "gcsCredentialsJson",
      "outputDir",
    ],
  },
  { title: "Output and protection", keys: ["outputFormat", "zipEncryption", "zipLevel", "zipPassword", "textKey", "timeZone", "piiKey", "piiSalt"] },
  { title: "Progress scores", keys: ["attemptSelection", "scoreSource", "activityType", "assessmentContentTypes", "assessmentObjectTypes", "assessmentPrimaryCategories"] },
  { title: "Process", keys: ["terminationMessagePath", "logLevel", "progressSeconds"] },
];

/** A setting's default as docs/runner.md writes it: `required`, `none` (optional), or the value (text quoted). */
export function defaultText(key: RunnerSettingKey): string {
  const parsed = runnerSettings[key].schema.safeParse(undefined);
  if (!parsed.success) return "required";
  const value: unknown = parsed.data;
  if (value === undefined) return "none";
  return typeof value === "string" || Array.isArray(value) ? JSON.stringify(value) : String(value);
}

/** `--help`: every setting by group with its flag, env var and default, then its meaning. */
export function helpText(): string {
  const flagOf = (key: RunnerSettingKey) => (runnerSettings[key].secret ? "(env only, secret)" : `--${runnerSettings[key].flag}`);
  const keys = settingGroups.flatMap((g) => g.keys);
  const flagWidth = Math.max(...keys.map((k) => flagOf(k).length)) + 2;
  const envWidth = Math.max(...keys.map((k) => runnerSettings[k].env.length)) + 2;
  const lines = [
    "Usage: exhaust-runner [--flag value | --flag=value]...   (from a checkout: npx exhaust-runner, npm run runner -- ...)",
    "",
    "Produces one exhaust report for one or more batches of one collection (docs/runner.md). Each setting comes from its",
    "flag, else its env var (an empty env var counts as unset); secrets only from env. --help prints this and exits 0.",
  ];
  for (const group of settingGroups) {
    lines.push("", `${group.title}:`);
    for (const key of group.keys) {
      const s = runnerSettings[key];
      lines.push(`  ${flagOf(key).padEnd(flagWidth)}${s.env.padEnd(envWidth)}default: ${defaultText(key)}`, `      ${s.description}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
