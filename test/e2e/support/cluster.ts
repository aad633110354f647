import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { KubeConfig } from "@kubernetes/client-node";
import type { ExhaustRequest, ExhaustRequestInput } from "../../../crds/exhaust-request.ts";
import { newKubeApi, type KubeApi } from "../../../operator/kube/client/api-client.ts";
import { isNotFound } from "../../../operator/kube/client/api-errors.ts";
import type { Endpoints } from "../../env/endpoints.ts";
import { ANY_CHANNEL, CHANNELS_ANNOTATION } from "../../../crds/export-policy.ts";

const run = promisify(execFile);
export const REQUESTS_PATH = (ns: string) => `/apis/exhaust.sunbird.org/v1alpha1/namespaces/${ns}/exhaustrequests`;

/** Admin access to the test cluster, scoped to one fresh namespace. */
export interface TestCluster {
  api: KubeApi;
  namespace: string;
  kubectl(args: string[], timeoutMs?: number): Promise<string>;
  createSecret(name: string, data: Record<string, string>): Promise<void>;
  createRequest(name: string, spec: ExhaustRequestInput["spec"]): Promise<ExhaustRequest>;
  getRequest(name: string): Promise<ExhaustRequest | undefined>;
  /** `kubectl wait --for=condition=<c> exr/<name>`: what a user runs. */
  waitForCondition(name: string, condition: string, timeoutSeconds: number): Promise<void>;
  list<T>(path: string): Promise<T[]>;
  /** Sets the namespace's export policy annotation (docs/security.md), or removes it when undefined. */
  setChannels(channels: string | undefined): Promise<void>;
  deleteNamespace(): Promise<void>;
}

/** A fresh namespace; it may export every channel (`channels` "*") unless the test says otherwise. */
export async function testCluster(e: Endpoints, suite: string, channels: string | undefined = ANY_CHANNEL): Promise<TestCluster> {
  const kc = new KubeConfig();
  kc.loadFromFile(e.k8s.adminKubeconfig);
  const api = newKubeApi(kc);
  const namespace = `t-${suite}-${randomBytes(3).toString("hex")}`;
  const annotations = channels === undefined ? {} : { annotations: { [CHANNELS_ANNOTATION]: channels } };
  await api.request("POST", "/api/v1/namespaces", { body: { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace, ...annotations } } });
  const kubectl = async (args: string[], timeoutMs = 120_000) =>
    (await run(e.k8s.kubectl, ["--kubeconfig", e.k8s.adminKubeconfig, "-n", namespace, ...args], { timeout: timeoutMs })).stdout;
  return {
    api,
    namespace,
    kubectl,
    async createSecret(name, data) {
      await api.request("POST", `/api/v1/namespaces/${namespace}/secrets`, {
        body: { apiVersion: "v1", kind: "Secret", metadata: { name }, type: "Opaque", stringData: data },
      });
    },
    createRequest: (name, spec) =>
      api.request<ExhaustRequest>("POST", REQUESTS_PATH(namespace), {
        body: { apiVersion: "exhaust.sunbird.org/v1alpha1", kind: "ExhaustRequest", metadata: { name }, spec },
      }),
    async getRequest(name) {
      try {
        return await api.request<ExhaustRequest>("GET", `${REQUESTS_PATH(namespace)}/${name}`);
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    async waitForCondition(name, condition, timeoutSeconds) {
      await kubectl(["wait", `--for=condition=${condition}`, `exr/${name}`, `--timeout=${timeoutSeconds}s`], (timeoutSeconds + 10) * 1000);
    },
    async setChannels(value) {
      const body = { metadata: { annotations: { [CHANNELS_ANNOTATION]: value ?? null } } };
      await api.request("PATCH", `/api/v1/namespaces/${namespace}`, { body, contentType: "application/merge-patch+json" });
    },
    async list<T>(path: string) {
      return (await api.request<{ items: T[] }>("GET", path)).items;
    },
    deleteNamespace: () => api.request("DELETE", `/api/v1/namespaces/${namespace}`).then(() => undefined, () => undefined),
  };
}


