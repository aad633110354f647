import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { join } from "node:path";
import { startProcess, waitUntil, type Managed } from "../process.ts";

const NODE_NAME = "local-node";

/**
 * Starts the stand-in node as a child process of the harness (its log in <runDir>/stand-in-node.log) and resolves
 * once its Node object is Ready. It inherits the harness's environment, so NODE_OPTIONS with the loopback guard
 * reaches it and, through it, every pod process.
 */
export async function startStandInNode(opts: { kubeconfig: string; runDir: string; apiPort: number; nodeName?: string; maxPods?: number }): Promise<{ nodeName: string; podsDir: string; proc: Managed }> {
  const nodeName = opts.nodeName ?? NODE_NAME;
  const main = join(import.meta.dirname, "main.ts");
  const args = [main, "--kubeconfig", opts.kubeconfig, "--run-dir", opts.runDir, "--node-name", nodeName, "--api-port", String(opts.apiPort)];
  if (opts.maxPods !== undefined) args.push("--max-pods", String(opts.maxPods));
  const proc = startProcess("stand-in-node", process.execPath, args, join(opts.runDir, "stand-in-node.log"));
  const kc = new KubeConfig();
  kc.loadFromFile(opts.kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  try {
    await waitUntil(
      `stand-in node ${nodeName}`,
      async () => (await core.readNode({ name: nodeName })).status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false,
      { timeoutMs: 30_000, proc },
    );
  } catch (err) {
    await proc.stop(2_000);
    throw err;
  }
  return { nodeName, podsDir: join(opts.runDir, "pods"), proc };
}
