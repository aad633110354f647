// `npm run demo`: the product doing its job on this machine. A real control plane, the stand-in node, Cassandra,
// Redis and S3 start; Sunbird-shaped sample data is loaded; the CRDs and the operator run; one ExhaustRequest per
// report is applied with kubectl; `kubectl get exhaust` is printed as they progress; the finished files are
// downloaded from S3 into demo-output/ and opened with the password from their Secret; an ExhaustSchedule starts one
// run through runNow and `kubectl get exs` shows its last run and result. Then Sunbird's way in: one row is inserted
// into job_request as Sunbird's API inserts it, and the Sunbird bridge runs it to SUCCESS.
// `npm run demo -- --keep` leaves everything running until Ctrl-C; `--provider azure` (Azurite) or `--provider gcs`
// (fake-gcs-server) stores the reports there instead of S3.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { bindBridgeRole, bridgeEnv, bridgeOperatorConfig, freshJobRequestTable } from "../e2e/support/bridge.ts";
import { csvOf } from "../e2e/support/outputs.ts";
import { readJobRequest, submitJobRequest } from "../data/job-request.ts";
import { postgresClient } from "./store-clients.ts";
import { testCluster } from "../e2e/support/cluster.ts";
import { operatorStorageEnv, providerTarget } from "../e2e/support/providers.ts";
import { runnerSecretData, testStores } from "../e2e/support/stores.ts";
import { STORAGE_PROVIDERS, type StorageProvider } from "../../crds/exhaust-request.ts";
import { startOperator } from "./operator-process.ts";
import { guardPath, repoRoot, startStack } from "./stack.ts";

const keep = process.argv.includes("--keep");
const providerArg = process.argv[process.argv.indexOf("--provider") + 1];
const provider: StorageProvider = process.argv.includes("--provider") ? (providerArg as StorageProvider) : "s3";
if (!STORAGE_PROVIDERS.includes(provider)) throw new Error(`--provider must be one of ${STORAGE_PROVIDERS.join(", ")}`);
const say = (text: string): void => console.log(`\n== ${text}`);
process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --import=${guardPath}`.trim();

say("Starting the stack: etcd, kube-apiserver, kube-controller-manager, stand-in node, Cassandra, Redis, moto S3, Azurite, fake-gcs-server, PostgreSQL");
const stack = await startStack();
const e = stack.endpoints;
console.log(`up in ${stack.timings.smokeJob} ms; kubeconfig ${e.k8s.adminKubeconfig}`);
const teardown: Array<() => Promise<void>> = [];
const shutdown = async (code: number): Promise<never> => {
  for (const step of teardown.reverse()) await step().catch(() => undefined);
  await stack.stop(code === 0 ? {} : { keepLogsIn: join(repoRoot, "test-results", "demo-logs") });
  process.exit(code);
};
process.once("SIGINT", () => void shutdown(130));

try {
  say("Loading Sunbird-shaped sample data (3 collections, 6 batches, 600 enrolments)");
  const stores = await testStores(e, { seed: 2026, collections: 3, batchesPerCollection: 2, enrolments: 600 });
  teardown.push(() => stores.cleanup());
  console.log(`keyspace ${stores.keyspace}: ${JSON.stringify(stores.data.rows)}; ${stores.data.redis.userKeys} users in the Redis cache`);

  const cluster = await testCluster(e, "demo");
  for (const [name, data] of Object.entries(runnerSecretData(e, stores))) await cluster.createSecret(name, data);
  const target = await providerTarget(e, cluster, stores, provider);
  teardown.push(() => target.cleanup());
  const password = `demo-${stores.keyspace.slice(2)}`;
  await cluster.createSecret("exhaust-zip-password", { password });

  // Sunbird's request queue, as its installer creates it; the operator's Sunbird bridge reads it.
  const sunbird = postgresClient(e.postgres);
  await sunbird.connect();
  teardown.push(() => sunbird.end());
  const jobRequest = await freshJobRequestTable(sunbird);
  await bindBridgeRole(cluster);

  say(`Starting the operator (its own ServiceAccount identity and RBAC, leader election on a Lease; the Sunbird bridge on ${jobRequest})`);
  const operatorConfig = target.configure(bridgeOperatorConfig(e, stores, cluster.namespace, e.postgres, jobRequest), true);
  const operator = await startOperator({
    endpoints: e,
    config: operatorConfig,
    leaseName: "exhaust-operator-demo",
    name: "operator-demo",
    // The storage Secrets too, as the chart gives them, so `kubectl exhaust url/download` get signed URLs.
    env: { ...bridgeEnv(e.postgres, stores), ...(await operatorStorageEnv(cluster, operatorConfig)) },
  });
  teardown.push(() => operator.stop());
  console.log(`operator ${operator.name}: metrics on http://127.0.0.1:${operator.healthPort}/metrics, log ${operator.logFile}`);

  const collection = stores.data.collections.find((c) => c.batchIds.length > 0);
  if (collection === undefined) throw new Error("the sample data has no collection with batches");
  // The sample tenants' security policy is PASSWORD_PROTECTED_DATASET, so every report is a password-protected zip.
  const common = {
    collectionId: collection.id,
    batches: { ids: collection.batchIds },
    requestedBy: "demo-admin",
    requestedChannel: collection.channel,
    password: { secretKeyRef: { name: "exhaust-zip-password", key: "password" } },
  };
  const requests = ["progress", "response", "userinfo"].map((report) => ({ name: `demo-${report}`, spec: { report, ...common } }));
  say(`kubectl apply: one ExhaustRequest per report for collection ${collection.id} (${collection.batchIds.length} batches)`);
  const manifests = requests.map((r) => ({ apiVersion: "exhaust.sunbird.org/v1alpha1", kind: "ExhaustRequest", metadata: { name: r.name }, spec: r.spec }));
  console.log(execFileSync(e.k8s.kubectl, ["--kubeconfig", e.k8s.adminKubeconfig, "-n", cluster.namespace, "apply", "-f", "-"], { input: JSON.stringify({ apiVersion: "v1", kind: "List", items: manifests }) }).toString().trim());

  say("kubectl get exhaust, as the requests progress");
  const deadline = Date.now() + 300_000;
  let table = "";
  for (;;) {
    const now = await cluster.kubectl(["get", "exhaust"]);
    if (now !== table) console.log(`${new Date().toISOString()}\n${now.trimEnd()}`);
    table = now;
    const phases = (await cluster.kubectl(["get", "exr", "-o", "jsonpath={.items[*].status.phase}"])).split(" ");
    if (phases.length === requests.length && phases.every((p) => ["Succeeded", "PartiallySucceeded", "Failed"].includes(p))) break;
    if (Date.now() > deadline) throw new Error("the requests did not finish within 5 minutes; see the operator log");
    await new Promise((r) => setTimeout(r, 2000));
  }
  console.log(await cluster.kubectl(["wait", "--for=condition=Succeeded", "exr", "--all", "--timeout=10s"]));

  say(`Sunbird: one row inserted into ${jobRequest} as Sunbird's analytics API inserts it (progress-exhaust, batch ${collection.batchIds[0] ?? ""})`);
  const row = await submitJobRequest(sunbird, jobRequest, {
    tag: `${collection.id}_${collection.batchIds[0] ?? ""}`,
    dataset: "progress-exhaust",
    datasetConfig: { batchId: collection.batchIds[0] },
    requestedBy: "demo-admin",
    channel: collection.channel,
    encryptionKey: password,
    submittedAt: new Date(),
  });
  const inserted = Date.now();
  let status = "";
  for (;;) {
    const now = await readJobRequest(sunbird, jobRequest, row);
    if (now !== undefined && now.status !== status) console.log(`${new Date().toISOString()} tag=${row.tag} request_id=${row.requestId} status=${now.status}`);
    status = now?.status ?? "";
    if (status === "SUCCESS" || status === "FAILED") {
      console.log(`${status} after ${Date.now() - inserted} ms; download_urls (object keys in ${provider} bucket ${target.bucket}, as Sunbird's API signs them):`);
      for (const key of now?.download_urls ?? []) console.log(`  ${key}`);
      if (status === "FAILED") throw new Error(`the bridge's row failed: ${now?.err_message ?? ""}`);
      break;
    }
    if (Date.now() > deadline + 180_000) throw new Error("the job_request row did not finish; see the operator log");
    await new Promise((r) => setTimeout(r, 500));
  }

  say(`Downloading the reports from ${provider} (${target.bucket}) into demo-output/`);
  const out = join(repoRoot, "demo-output");
  rmSync(out, { recursive: true, force: true });
  const secretPassword = Buffer.from(await cluster.kubectl(["get", "secret", "exhaust-zip-password", "-o", "jsonpath={.data.password}"]), "base64").toString();
  for (const [key, bytes] of await target.objects()) {
    const file = join(out, key);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    const csv = await csvOf(bytes, secretPassword);
    console.log(`${file} (${bytes.length} bytes, ${csv.records.length} rows)\n  ${csv.header}\n  ${csv.records[0] ?? "(no rows)"}`);
  }
  console.log(`\nThe zips are password-protected: unzip -P "$(kubectl get secret exhaust-zip-password -o jsonpath='{.data.password}' | base64 -d)" <file>`);
  console.log(`Or with the plugin (signed URLs from the operator, sha256 checked, CSVs extracted): kubectl exhaust download demo-progress --extract -n ${cluster.namespace}`);
  say("An ExhaustSchedule replaces Sunbird's nightly run-progress-exhaust CronJob; runNow starts one run now");
  const schedule = {
    apiVersion: "exhaust.sunbird.org/v1alpha1",
    kind: "ExhaustSchedule",
    metadata: { name: "demo-progress-nightly" },
    spec: { schedules: ["30 3 * * *"], timeZone: "Etc/UTC", runNow: "demo", template: { spec: { report: "progress", ...common } } },
  };
  console.log(execFileSync(e.k8s.kubectl, ["--kubeconfig", e.k8s.adminKubeconfig, "-n", cluster.namespace, "apply", "-f", "-"], { input: JSON.stringify(schedule) }).toString().trim());
  const runDeadline = Date.now() + 180_000;
  for (;;) {
    const result = await cluster.kubectl(["get", "exs", "demo-progress-nightly", "-o", 'jsonpath={.status.conditions[?(@.type=="LastRunSucceeded")].reason}']);
    if (result === "Succeeded") break;
    if (["Failed", "PartiallySucceeded"].includes(result)) throw new Error(`the scheduled run ended ${result}; see kubectl describe exs demo-progress-nightly`);
    if (Date.now() > runDeadline) throw new Error("the scheduled run did not finish within 3 minutes; see the operator log");
    await new Promise((r) => setTimeout(r, 2000));
  }
  console.log((await cluster.kubectl(["get", "exs"])).trimEnd());
  console.log((await cluster.kubectl(["get", "exs", "demo-progress-nightly", "-o", "jsonpath={range .status.history[*]}{.name}  {.result}  {.rows} rows  {.bytes} bytes  {.durationSeconds} s{\"\\n\"}{end}"])).trimEnd());

  say("From the terminal: the kubectl exhaust plugin creates a request, watches it and downloads its files");
  // kubectl finds kubectl-exhaust on PATH (node_modules/.bin, which npm puts first); the plugin reads KUBECONFIG.
  const plugin = (args: string[]): void => {
    console.log(`$ kubectl exhaust ${args.join(" ")}`);
    execFileSync(e.k8s.kubectl, ["exhaust", ...args], { stdio: "inherit", env: { ...process.env, KUBECONFIG: e.k8s.adminKubeconfig, PATH: `${join(repoRoot, "node_modules", ".bin")}:${process.env.PATH ?? ""}` } });
  };
  const cliOut = join(out, "kubectl-exhaust");
  const ns = ["-n", cluster.namespace];
  plugin(["create", "progress", "--collection", collection.id, "--all-batches", "--channel", collection.channel, "--password-secret", "exhaust-zip-password/password", "--name", "demo-cli", "--wait", ...ns]);
  plugin(["download", "demo-cli", "-o", cliOut, "--extract", ...ns]);

  if (keep) {
    writeFileSync(join(repoRoot, "demo.env"), `KUBECONFIG=${e.k8s.adminKubeconfig}\nKUBECTL=${e.k8s.kubectl}\nNAMESPACE=${cluster.namespace}\n`);
    say(`Everything keeps running (demo.env has the kubeconfig; namespace ${cluster.namespace}). Ctrl-C stops it.`);
    await new Promise(() => undefined);
  }
  await shutdown(0);
} catch (err) {
  console.error(`demo failed: ${err instanceof Error ? err.message : String(err)} (component logs: test-results/demo-logs)`);
  await shutdown(1);
}
