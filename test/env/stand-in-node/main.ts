// The stand-in node (test-environment.md §9): kube-scheduler + kubelet for Job pods, running containers as local
// processes. Usage: node test/env/stand-in-node/main.ts --kubeconfig <admin kubeconfig> --run-dir <dir>
//   [--node-name local-node] [--max-pods 4] [--api-port <port>]
import { KubeConfig } from "@kubernetes/client-node";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { K8S_VERSION, repoRoot } from "../cache-paths.ts";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { parseImageTable } from "./image-command.ts";
import { startContainerLogsServer } from "./container-logs-server.ts";
import { kubeApi } from "./kube-api.ts";
import { nodeObject } from "./node-object.ts";
import type { NodeFacts } from "./pod-fit.ts";
import { runStandInNode } from "./stand-in-node.ts";

const { values } = parseArgs({
  options: {
    kubeconfig: { type: "string" },
    "run-dir": { type: "string" },
    "node-name": { type: "string", default: "local-node" },
    "max-pods": { type: "string", default: "4" },
    "api-port": { type: "string" },
  },
});
const maxPods = Number(values["max-pods"]);
if (!values.kubeconfig || !values["run-dir"] || !Number.isInteger(maxPods) || maxPods < 1) {
  process.stderr.write("usage: main.ts --kubeconfig <file> --run-dir <dir> [--node-name local-node] [--max-pods 4] [--api-port <port>]\n");
  process.exit(2);
}

const log = pino({ level: process.env.LOG_LEVEL ?? "info", base: { component: "stand-in-node" } }, pino.destination(2));
const kc = new KubeConfig();
kc.loadFromFile(values.kubeconfig);
const server = new URL(kc.getCurrentCluster()?.server ?? "https://127.0.0.1");
const apiPort = values["api-port"] ?? server.port;

const table = parseImageTable(JSON.parse(readFileSync(join(repoRoot, "test/env/images.json"), "utf8")));
if ("error" in table) throw new Error(table.error);

const nodeName = values["node-name"];
// Generous, so the operator's per-batch sizing never blocks a test; a test that wants Unschedulable asks for more
// than this or uses a nodeSelector the node lacks.
const node: NodeFacts = {
  name: nodeName,
  labels: { "kubernetes.io/hostname": nodeName, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64" },
  allocatable: { cpu: "16", memory: "64Gi", "ephemeral-storage": "200Gi", pods: String(maxPods) },
};

// What every pod process inherits from the host: PATH and the loopback guard in NODE_OPTIONS, nothing else.
const hostEnv: Record<string, string> = { PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin" };
if (process.env.NODE_OPTIONS) hostEnv.NODE_OPTIONS = process.env.NODE_OPTIONS;

/** The API server's CA in PEM, from the kubeconfig (inline data or a file). */
function apiServerCa(): string {
  const cluster = kc.getCurrentCluster();
  if (cluster?.caData) return Buffer.from(cluster.caData, "base64").toString("utf8");
  return cluster?.caFile ? readFileSync(cluster.caFile, "utf8") : "";
}

const podsDir = join(values["run-dir"], "pods");
const logsServer = await startContainerLogsServer(podsDir, values["run-dir"]);
const api = kubeApi(kc);
await api.registerNode(nodeObject(node, new Date(), `v${K8S_VERSION}-stand-in`, logsServer.port));
log.info({ node: nodeName, maxPods, kubeletPort: logsServer.port }, "node registered");

const standIn = runStandInNode({
  kc,
  api,
  log,
  node,
  maxPods,
  workerEnv: {
    api,
    log,
    nodeName,
    podsDir,
    images: table,
    paths: { repoRoot, nodeBinary: process.execPath },
    hostEnv,
    serviceEnv: { KUBERNETES_SERVICE_HOST: "127.0.0.1", KUBERNETES_SERVICE_PORT: apiPort },
    caCert: apiServerCa(),
    allocatable: node.allocatable,
  },
});

let stopping = false;
const shutdown = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "stopping; killing pod processes");
  void Promise.all([standIn.stop(), logsServer.close()]).then(() => process.exit(0));
};
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
