// `npm run env:up`: the real stack in the foreground, until Ctrl-C; prints where everything listens and writes the
// chosen ports to the git-ignored demo.env. `npm run env:up -- --stores`: only Cassandra, Redis and S3 (no
// Kubernetes is built or started), loaded with the sample data, and the runner settings that reach them, printed and
// written to the git-ignored runner.env (docs/runner.md, "Try it").
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { guardPath, repoRoot, startStack, startStores } from "./stack.ts";
import { envFileText, loadTryout, tryoutSettings } from "./runner-tryout.ts";
import { cassandraClient, redisClient, s3Client } from "./store-clients.ts";

const { values } = parseArgs({ args: process.argv.slice(2), options: { stores: { type: "boolean", default: false } }, allowPositionals: true });
execFileSync("bash", [join(repoRoot, "test/env/setup/all.sh"), ...(values.stores ? ["--stores"] : [])], { stdio: "inherit" });
process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --import=${guardPath}`.trim();
const stop = values.stores ? await upStores() : await upStack();
console.log("Ctrl-C stops everything.");
const quit = async (): Promise<void> => {
  await stop();
  process.exit(0);
};
process.once("SIGINT", () => void quit());
process.once("SIGTERM", () => void quit());
setInterval(() => undefined, 1 << 30);

async function upStack(): Promise<() => Promise<void>> {
  const stack = await startStack();
  const e = stack.endpoints;
  const lines = [`KUBECONFIG=${e.k8s.adminKubeconfig}`, `KUBECTL=${e.k8s.kubectl}`, `CASSANDRA=${e.cassandra.contactPoint}`, `REDIS=${e.redis.host}:${e.redis.port}`, `S3_ENDPOINT=${e.s3.endpoint}`];
  writeFileSync(join(repoRoot, "demo.env"), `${lines.join("\n")}\n`);
  console.log(`stack up in ${Math.max(...Object.values(stack.timings))} ms ${JSON.stringify(stack.timings)}`);
  console.log(lines.join("\n"));
  return () => stack.stop();
}

async function upStores(): Promise<() => Promise<void>> {
  const stores = await startStores();
  const e = stores.endpoints;
  console.log(`stores up in ${Math.max(...Object.values(stores.timings))} ms ${JSON.stringify(stores.timings)}`);
  const names = { keyspace: "exhaust_sample", redisKeyPrefix: "", bucket: "exhaust-reports" };
  const clients = { cassandra: cassandraClient(e.cassandra), redis: redisClient(e.redis), s3: s3Client(e.s3) };
  try {
    const summary = await loadTryout(clients, names);
    console.log(`sample data: ${summary.batches.length} batches, ${summary.users} users in keyspace ${names.keyspace}, bucket ${names.bucket} (${Math.round(summary.elapsedMs)} ms)`);
    const tryout = tryoutSettings(e, names, summary);
    const envFile = join(repoRoot, "runner.env");
    writeFileSync(envFile, envFileText(tryout.env), { mode: 0o600 });
    console.log(`\nRunner settings for these stores, as env in ${envFile} (set -a; . ./runner.env; set +a):`);
    console.log(envFileText(tryout.env).trimEnd());
    console.log("\nor as flags (the secrets, AWS_*, EXHAUST_PII_*, EXHAUST_ZIP_PASSWORD and EXHAUST_TEXT_KEY, stay env only):");
    console.log(`exhaust-runner ${tryout.flags.join(" ")} --report progress --request-id TRY1 --s3-bucket ${tryout.bucket}`);
  } finally {
    clients.redis.disconnect();
    clients.s3.destroy();
    await clients.cassandra.shutdown();
  }
  return () => stores.stop();
}
