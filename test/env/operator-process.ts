import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { OperatorConfigInput } from "../../operator/config/operator-config.ts";
import type { Endpoints } from "./endpoints.ts";
import { freePort } from "./ports.ts";
import { startProcess, waitUntil, type Managed } from "./process.ts";
import { repoRoot } from "./stack.ts";

export interface OperatorProcess {
  /** Names this replica in logs and its files: `<name>.log`, `<name>.json` (the config) under <runDir>/operators. */
  name: string;
  healthPort: number;
  logFile: string;
  proc: Managed;
  /** SIGTERM and wait (graceful: drains, releases the Lease). */
  stop(): Promise<void>;
  /** SIGKILL at once: a crash, no Lease release. */
  kill(): Promise<void>;
  /** The Prometheus text of /metrics. */
  metrics(): Promise<string>;
  /** Whether leader_election_master_status says this replica leads. */
  isLeader(): Promise<boolean>;
}

export interface StartOperatorOptions {
  endpoints: Endpoints;
  config: OperatorConfigInput;
  /** The Lease the replicas of one test share; a test's operators must not share it with another test's. */
  leaseName: string;
  name?: string;
  extraArgs?: string[];
  /** Extra environment (the bridge's Postgres password, platform key and salt). */
  env?: Record<string, string>;
  /** Wait until this replica leads (default true); a standby started second passes false. */
  waitForLeadership?: boolean;
  /** How to start operator/main.ts with these flags (default: this Node binary); the image tests run it in the image. */
  launch?: (flags: string[], env: Record<string, string>) => { command: string; args: string[] };
}

/**
 * Starts operator/main.ts as a child process with the operator's own identity (the operator kubeconfig, user
 * system:serviceaccount:exhaust-system:exhaust-operator), so tests run under exactly charts/manifests/rbac.yaml.
 * Resolves once /readyz answers (caches synced) and, by default, the replica holds the Lease.
 */
export async function startOperator(o: StartOperatorOptions): Promise<OperatorProcess> {
  const dir = join(o.endpoints.runDir, "operators");
  mkdirSync(dir, { recursive: true });
  const name = o.name ?? `operator-${randomBytes(3).toString("hex")}`;
  const configFile = join(dir, `${name}.json`);
  writeFileSync(configFile, JSON.stringify(o.config, null, 2));
  const healthPort = await freePort();
  const flags = [
    "--kubeconfig", o.endpoints.k8s.operatorKubeconfig,
    "--config", configFile,
    "--health-port", String(healthPort),
    "--leader-election-id", o.leaseName,
    "--log-level", process.env.OPERATOR_LOG_LEVEL ?? "info",
    ...(o.extraArgs ?? []),
  ];
  const logFile = join(dir, `${name}.log`);
  const launch = o.launch ?? ((f: string[]) => ({ command: process.execPath, args: [join(repoRoot, "operator/main.ts"), ...f] }));
  const { command, args } = launch(flags, { ...o.env, POD_NAME: name });
  const proc = startProcess(name, command, args, logFile, { cwd: repoRoot, env: { ...process.env, ...o.env, POD_NAME: name } });
  const get = async (path: string) => {
    const response = await fetch(`http://127.0.0.1:${healthPort}${path}`);
    return { status: response.status, text: await response.text() };
  };
  const metrics = async () => (await get("/metrics")).text;
  const isLeader = async () => /^leader_election_master_status\{[^}]*\} 1$/m.test(await metrics());
  await waitUntil(`operator ${name} /readyz`, async () => (await get("/readyz")).status === 200, { timeoutMs: 60_000, proc });
  if (o.waitForLeadership ?? true) await waitUntil(`operator ${name} leadership`, isLeader, { timeoutMs: 60_000, intervalMs: 250, proc });
  return {
    name,
    healthPort,
    logFile,
    proc,
    stop: () => proc.stop(30_000),
    async kill() {
      if (proc.exited() || proc.child.pid === undefined) return;
      process.kill(-proc.child.pid, "SIGKILL");
      await proc.stop(1_000);
    },
    metrics,
    isLeader,
  };
}
