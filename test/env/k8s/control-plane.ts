import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { Agent, request } from "node:https";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { k8sBinDir } from "../cache-paths.ts";
import { freePort } from "../ports.ts";
import { startProcess, waitUntil, type Managed } from "../process.ts";
import { writeCredentials, OPERATOR_USER } from "./certs.ts";
import { writeKubeconfig } from "./kubeconfig.ts";
import type { Endpoints } from "../endpoints.ts";

export interface ControlPlane {
  k8s: Endpoints["k8s"];
  etcd: Managed;
  /** The running kube-apiserver; replaced by restartApiserver. */
  apiserver: Managed;
  /** Stops the kube-apiserver (SIGTERM) and starts it again with the same flags and port, etcd kept; resolves once /readyz answers. */
  restartApiserver(): Promise<void>;
}

export function k8sBinary(name: string): string {
  const path = join(k8sBinDir(), name);
  if (!existsSync(path)) throw new Error(`${name} is missing at ${path}: run \`bash test/env/setup/k8s.sh\` (or \`npm run setup\`)`);
  return path;
}

/** GET against the apiserver with a bearer token; resolves the status code and body. */
export function apiGet(server: string, caFile: string, token: string, path: string): Promise<{ status: number; body: string }> {
  const agent = new Agent({ ca: readFileSync(caFile) });
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, server), { agent, headers: { authorization: `Bearer ${token}` }, timeout: 5000 }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.end();
  });
}

// The apiserver needs an advertise address when the host has no default route; it is recorded, never dialed.
function advertiseAddress(): string[] {
  const ip = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === "IPv4" && !i.internal)?.address;
  return ip ? [`--advertise-address=${ip}`] : [];
}

async function startEtcd(dir: string): Promise<{ proc: Managed; url: string }> {
  const [client, peer] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${client}`;
  const peerUrl = `http://127.0.0.1:${peer}`;
  const proc = startProcess("etcd", k8sBinary("etcd"), [
    "--name=test", `--data-dir=${join(dir, "etcd-data")}`,
    `--listen-client-urls=${url}`, `--advertise-client-urls=${url}`,
    `--listen-peer-urls=${peerUrl}`, `--initial-advertise-peer-urls=${peerUrl}`, `--initial-cluster=test=${peerUrl}`,
    "--unsafe-no-fsync", "--log-level=warn",
  ], join(dir, "etcd.log"));
  await waitUntil("etcd", async () => (await (await fetch(`${url}/health`)).json() as { health: string }).health === "true", { timeoutMs: 30_000, proc });
  return { proc, url };
}

/** etcd + kube-apiserver with RBAC and token auth; kubeconfigs for the admin and the operator identity. */
export async function startControlPlane(runDir: string): Promise<ControlPlane> {
  const dir = join(runDir, "k8s");
  mkdirSync(dir, { recursive: true });
  const creds = writeCredentials(dir);
  const etcd = await startEtcd(dir);
  const port = await freePort();
  const server = `https://127.0.0.1:${port}`;
  const launch = () => startProcess("kube-apiserver", k8sBinary("kube-apiserver"), [
    `--etcd-servers=${etcd.url}`, "--bind-address=127.0.0.1", `--secure-port=${port}`,
    `--tls-cert-file=${creds.certFile}`, `--tls-private-key-file=${creds.keyFile}`,
    `--client-ca-file=${creds.caFile}`, `--token-auth-file=${creds.tokenFile}`, "--authorization-mode=RBAC",
    `--service-account-issuer=${server}/`, `--service-account-key-file=${creds.serviceAccountKeyFile}`,
    `--service-account-signing-key-file=${creds.serviceAccountKeyFile}`, "--service-cluster-ip-range=10.0.0.0/24",
    "--disable-admission-plugins=ServiceAccount", "--endpoint-reconciler-type=none", `--cert-dir=${dir}`,
    "--allow-privileged=true", ...advertiseAddress(),
    // pods/log: the stand-in node's container-log endpoint listens on 127.0.0.1, its InternalIP (Hostname does not resolve).
    "--kubelet-preferred-address-types=InternalIP",
  ], join(dir, "kube-apiserver.log"));
  const ready = (proc: Managed) => waitUntil("kube-apiserver /readyz", async () => (await apiGet(server, creds.caFile, creds.adminToken, "/readyz")).status === 200, { timeoutMs: 60_000, proc });
  const apiserver = launch();
  await ready(apiserver);
  const adminKubeconfig = join(dir, "admin.kubeconfig");
  const operatorKubeconfig = join(dir, "operator.kubeconfig");
  writeKubeconfig(adminKubeconfig, server, creds.caFile, "admin", creds.adminToken);
  writeKubeconfig(operatorKubeconfig, server, creds.caFile, OPERATOR_USER, creds.operatorToken);
  const plane: ControlPlane = {
    etcd: etcd.proc,
    apiserver,
    k8s: { server, caFile: creds.caFile, adminToken: creds.adminToken, operatorToken: creds.operatorToken, adminKubeconfig, operatorKubeconfig, kubectl: k8sBinary("kubectl") },
    async restartApiserver() {
      await plane.apiserver.stop(15_000);
      plane.apiserver = launch();
      await ready(plane.apiserver);
    },
  };
  return plane;
}

/** KCM with only the controllers the operator relies on; start it after CRDs are established (GC discovery). */
export function startControllerManager(runDir: string, adminKubeconfig: string): Managed {
  return startProcess("kube-controller-manager", k8sBinary("kube-controller-manager"), [
    `--kubeconfig=${adminKubeconfig}`,
    // Deployments and ReplicaSets: the chart's operator Deployment (test/e2e/helm-install-runs-the-operator.test.ts).
    "--controllers=job-controller,garbage-collector-controller,ttl-after-finished-controller,namespace-controller,deployment-controller,replicaset-controller",
    "--leader-elect=false", "--secure-port=0", "--v=2", "--kube-api-qps=100", "--kube-api-burst=200",
  ], join(runDir, "k8s", "kube-controller-manager.log"));
}
