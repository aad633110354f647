import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "./cache-paths.ts";
import type { Endpoints } from "./endpoints.ts";
import { startControlPlane, startControllerManager } from "./k8s/control-plane.ts";
import type { Managed } from "./process.ts";
import { startStandInNode } from "./stand-in-node/start.ts";
import { startCassandra } from "./stores/cassandra.ts";
import { startPostgres } from "./stores/postgres.ts";
import { startRedis } from "./stores/redis.ts";
import { startS3 } from "./stores/s3.ts";
import { startAzurite } from "./stores/azurite.ts";
import { startGcs } from "./stores/gcs.ts";

export { repoRoot };
export const guardPath = join(repoRoot, "test/env/loopback-guard.ts");

export interface Stack {
  endpoints: Endpoints;
  endpointsFile: string;
  timings: Record<string, number>;
  /** Stops everything in reverse start order; keeps the component logs under test-results/ when asked. */
  stop(opts?: { keepLogsIn?: string }): Promise<void>;
}

const base = (): string => (existsSync("/dev/shm") ? "/dev/shm" : tmpdir());

function kubectl(e: Endpoints["k8s"], args: string[]): string {
  return execFileSync(e.kubectl, ["--kubeconfig", e.adminKubeconfig, ...args], { encoding: "utf8" });
}

/** Every manifest the cluster needs before the operator runs: CRDs (established) and the operator's RBAC. */
export function installClusterManifests(e: Endpoints["k8s"]): void {
  const crdDir = join(repoRoot, "crds");
  const crds = readdirSync(crdDir).filter((f) => f.endsWith(".yaml")).map((f) => join(crdDir, f));
  for (const file of crds) kubectl(e, ["apply", "--server-side", "--force-conflicts", "-f", file]);
  for (const file of crds) kubectl(e, ["wait", "--for=condition=Established", "--timeout=60s", "-f", file]);
  const rbac = join(repoRoot, "charts/manifests/rbac.yaml");
  if (existsSync(rbac)) kubectl(e, ["apply", "--server-side", "--force-conflicts", "-f", rbac]);
}

// KCM has no health endpoint with --secure-port=0: a Job that completes proves the Job controller and the stand-in
// node work together (test-environment.md §8.2).
function runSmokeJob(e: Endpoints["k8s"]): void {
  const job = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "smoke", namespace: "default" },
    spec: { backoffLimit: 0, template: { spec: { restartPolicy: "Never", containers: [{ name: "smoke", image: "exhaust-test/exit-code", args: ["0"] }] } } },
  };
  execFileSync(e.kubectl, ["--kubeconfig", e.adminKubeconfig, "apply", "-f", "-"], { input: JSON.stringify(job) });
  kubectl(e, ["wait", "--for=condition=Complete", "--timeout=90s", "-n", "default", "job/smoke"]);
  kubectl(e, ["delete", "-n", "default", "job/smoke", "--cascade=background", "--wait=false"]);
}

/**
 * Starts the whole real stack on random 127.0.0.1 ports: etcd + kube-apiserver, then (in parallel) Cassandra,
 * Redis, moto, PostgreSQL, Azurite and fake-gcs-server; CRDs and RBAC; then kube-controller-manager and the stand-in node
 * (after the CRDs, so the garbage collector discovers them at once).
 */
/** `maxPods`: the stand-in node's pod cap (its default, 4, unless given). */
export async function startStack(options: { maxPods?: number } = {}): Promise<Stack> {
  const runDir = mkdtempSync(join(base(), "exhaust-run-"));
  const procs: Managed[] = [];
  const timings: Record<string, number> = {};
  const t0 = Date.now();
  // Each component joins `procs` as soon as it is up, so a failure elsewhere still stops it.
  const started = async <T>(name: string, p: Promise<T>, own: (v: T) => Managed[]): Promise<T> => {
    const v = await p;
    procs.push(...own(v));
    timings[name] = Date.now() - t0;
    return v;
  };
  process.env.AWS_EC2_METADATA_DISABLED = "true";
  // kubectl caches discovery per host:port, and random ports repeat across runs: a stale cache hides new CRDs.
  process.env.KUBECACHEDIR = join(runDir, "kube-cache");
  try {
    const starting = [
      started("controlPlane", startControlPlane(runDir), (v) => [v.etcd, v.apiserver]),
      started("cassandra", startCassandra(runDir), (v) => [v.proc]),
      started("redis", startRedis(runDir), (v) => [v.proc]),
      started("s3", startS3(runDir), (v) => [v.proc]),
      started("postgres", startPostgres(runDir), (v) => [v.proc]),
      started("azurite", startAzurite(runDir), (v) => [v.proc]),
      started("gcs", startGcs(runDir), (v) => [v.proc]),
    ] as const;
    await Promise.allSettled(starting);
    const [cp, cassandra, redis, s3, postgres, azure, gcs] = await Promise.all(starting);
    installClusterManifests(cp.k8s);
    timings.manifests = Date.now() - t0;
    procs.push(startControllerManager(runDir, cp.k8s.adminKubeconfig));
    const node = await started("standInNode", startStandInNode({ kubeconfig: cp.k8s.adminKubeconfig, runDir, apiPort: Number(new URL(cp.k8s.server).port), ...options }), (v) => [v.proc]);
    runSmokeJob(cp.k8s);
    timings.smokeJob = Date.now() - t0;
    const endpoints: Endpoints = {
      runDir,
      k8s: cp.k8s,
      standIn: { nodeName: node.nodeName, podsDir: node.podsDir },
      cassandra: { contactPoint: cassandra.contactPoint, localDataCenter: cassandra.localDataCenter },
      redis: { host: redis.host, port: redis.port },
      s3: { endpoint: s3.endpoint, region: s3.region, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
      postgres: { host: postgres.host, port: postgres.port, user: postgres.user, password: postgres.password, database: postgres.database, socketDir: postgres.socketDir },
      azure: { endpoint: azure.endpoint, accountName: azure.accountName, accountKey: azure.accountKey },
      gcs: { endpoint: gcs.endpoint },
    };
    const endpointsFile = join(runDir, "endpoints.json");
    writeFileSync(endpointsFile, JSON.stringify(endpoints, null, 2));
    return { endpoints, endpointsFile, timings, stop: (opts) => stopAll(procs, runDir, opts?.keepLogsIn) };
  } catch (err) {
    await stopAll(procs, runDir, join(repoRoot, "test-results", "failed-start"));
    throw err;
  }
}

export interface StoresStack {
  endpoints: Pick<Endpoints, "runDir" | "cassandra" | "redis" | "s3">;
  timings: Record<string, number>;
  stop(): Promise<void>;
}

/** Only Cassandra, Redis and moto S3, in parallel on random 127.0.0.1 ports: the runner by hand, no Kubernetes. */
export async function startStores(): Promise<StoresStack> {
  const runDir = mkdtempSync(join(base(), "exhaust-stores-"));
  const procs: Managed[] = [];
  const timings: Record<string, number> = {};
  const t0 = Date.now();
  const started = async <T extends { proc: Managed }>(name: string, p: Promise<T>): Promise<T> => {
    const v = await p;
    procs.push(v.proc);
    timings[name] = Date.now() - t0;
    return v;
  };
  process.env.AWS_EC2_METADATA_DISABLED = "true";
  try {
    const starting = [started("cassandra", startCassandra(runDir)), started("redis", startRedis(runDir)), started("s3", startS3(runDir))] as const;
    await Promise.allSettled(starting);
    const [cassandra, redis, s3] = await Promise.all(starting);
    const endpoints = {
      runDir,
      cassandra: { contactPoint: cassandra.contactPoint, localDataCenter: cassandra.localDataCenter },
      redis: { host: redis.host, port: redis.port },
      s3: { endpoint: s3.endpoint, region: s3.region, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    };
    return { endpoints, timings, stop: () => stopAll(procs, runDir) };
  } catch (err) {
    await stopAll(procs, runDir, join(repoRoot, "test-results", "failed-start"));
    throw err;
  }
}

async function stopAll(procs: Managed[], runDir: string, keepLogsIn?: string): Promise<void> {
  for (const p of [...procs].reverse()) await p.stop(15_000);
  if (keepLogsIn) {
    mkdirSync(keepLogsIn, { recursive: true });
    cpSync(runDir, keepLogsIn, { recursive: true, filter: (src) => !/(etcd-data|cassandra-data|\/data\/|commitlog|hints|saved_caches)/.test(src) });
  }
  rmSync(runDir, { recursive: true, force: true });
}
