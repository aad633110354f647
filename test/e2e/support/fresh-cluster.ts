import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../../env/cache-paths.ts";
import type { Endpoints } from "../../env/endpoints.ts";
import { startControlPlane, startControllerManager } from "../../env/k8s/control-plane.ts";
import type { Managed } from "../../env/process.ts";
import { installClusterManifests } from "../../env/stack.ts";
import { startStandInNode } from "../../env/stand-in-node/start.ts";

// A second, empty Kubernetes cluster beside the stack's: its own etcd, apiserver, controller manager and stand-in
// node, and no CRDs (the stack's apiserver has them from the global setup, and other test files use them at the same
// time) unless asked for. The stores stay the stack's. For what a cluster without the CRDs does: `helm install` on a new cluster.

export interface FreshCluster {
  /** The stack's endpoints with this cluster's k8s and stand-in node. */
  endpoints: Endpoints;
  /** Stops its kube-apiserver and starts it again on the same port, etcd kept (fault scenario 4). */
  restartApiserver(): Promise<void>;
  /** Stops its processes, keeping their logs in test-results/<name>. */
  stop(): Promise<void>;
}

/** With `manifests`, the CRDs and the operator's RBAC are installed before the controller manager starts, as in the stack. */
export async function freshCluster(shared: Endpoints, name: string, options: { manifests?: boolean } = {}): Promise<FreshCluster> {
  const runDir = mkdtempSync(join(shared.runDir, `${name}-`));
  // Getters, because restartApiserver replaces the apiserver's process.
  const procs: (() => Managed)[] = [];
  const stop = async () => {
    for (const p of [...procs].reverse()) await p().stop(15_000);
    const logs = join(repoRoot, "test-results", name);
    mkdirSync(logs, { recursive: true });
    cpSync(runDir, logs, { recursive: true, filter: (src) => !src.includes("etcd-data") });
    rmSync(runDir, { recursive: true, force: true });
  };
  try {
    const cp = await startControlPlane(runDir);
    procs.push(() => cp.etcd, () => cp.apiserver);
    if (options.manifests === true) installClusterManifests(cp.k8s);
    const kcm = startControllerManager(runDir, cp.k8s.adminKubeconfig);
    procs.push(() => kcm);
    const node = await startStandInNode({ kubeconfig: cp.k8s.adminKubeconfig, runDir, apiPort: Number(new URL(cp.k8s.server).port) });
    procs.push(() => node.proc);
    return { endpoints: { ...shared, runDir, k8s: cp.k8s, standIn: { nodeName: node.nodeName, podsDir: node.podsDir } }, restartApiserver: () => cp.restartApiserver(), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
