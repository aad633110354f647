import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { Agent, request } from "node:https";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import type { Endpoints } from "../../env/endpoints.ts";

// A small JSON client for the apiserver, so the tests see exactly the status code and message the server sends.

// The apiserver answers with arbitrary JSON; tests read what they assert on.
export type Json = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
export interface ApiResponse {
  status: number;
  body: Json;
  /** The apiserver's Warning headers (unknown fields, deprecated use). */
  warnings: string[];
}

export const GROUP_PATH = "/apis/exhaust.sunbird.org/v1alpha1";

export interface KubeApi {
  call(method: string, path: string, body?: unknown, contentType?: string): Promise<ApiResponse>;
  kubectl(args: string[]): Promise<string>;
}

export const kubeApi = (k8s: Endpoints["k8s"]): KubeApi => {
  const agent = new Agent({ ca: readFileSync(k8s.caFile), keepAlive: true });
  const call = (method: string, path: string, body?: unknown, contentType = "application/json") =>
    new Promise<ApiResponse>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers = { authorization: `Bearer ${k8s.adminToken}`, accept: "application/json", ...(payload ? { "content-type": contentType } : {}) };
      const req = request(new URL(path, k8s.server), { method, agent, headers, timeout: 30_000 }, (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () => {
          const warning = res.headers["warning"];
          const warnings = warning === undefined ? [] : [warning].flat();
          resolve({ status: res.statusCode ?? 0, body: text === "" ? {} : (JSON.parse(text) as Json), warnings });
        });
      });
      req.on("error", reject);
      req.on("timeout", () => req.destroy(new Error(`${method} ${path}: timeout`)));
      req.end(payload);
    });
  const run = promisify(execFile);
  // A discovery cache of this run's own: ~/.kube/cache is keyed by host:port, and random ports repeat across runs.
  const cacheDir = join(dirname(k8s.adminKubeconfig), "kubectl-cache");
  const kubectl = async (args: string[]) =>
    (await run(k8s.kubectl, ["--kubeconfig", k8s.adminKubeconfig, "--cache-dir", cacheDir, ...args])).stdout;
  return { call, kubectl };
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The test stack has applied the CRDs and waited until they are Established; discovery, through which
 * `kubectl get exhaust` resolves the category, catches up shortly after.
 */
export const exhaustCategoryListed = async (api: KubeApi): Promise<void> => {
  for (let i = 0; ; i += 1) {
    const listed = await api.kubectl(["api-resources", "--categories=exhaust", "-o", "name"]);
    if (["exhaustrequests", "exhaustschedules"].every((plural) => listed.includes(plural))) return;
    if (i > 60) throw new Error(`discovery does not list the category exhaust: ${listed}`);
    await sleep(250);
  }
};

/** A fresh namespace for one test; returns its name and a cleanup that deletes it without waiting. */
export const newNamespace = async (api: KubeApi): Promise<{ name: string; remove: () => Promise<void> }> => {
  const res = await api.call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { generateName: "api-" } });
  if (res.status !== 201) throw new Error(`create namespace: ${res.status} ${res.body["message"]}`);
  const name = res.body["metadata"].name as string;
  return { name, remove: async () => void (await api.call("DELETE", `/api/v1/namespaces/${name}`)) };
};

/** The collection path of a kind in a namespace. */
export const pathFor = (namespace: string, kind: string): string =>
  kind === "Secret" ? `/api/v1/namespaces/${namespace}/secrets` : `${GROUP_PATH}/namespaces/${namespace}/${kind.toLowerCase()}s`;
