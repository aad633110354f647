import { randomBytes } from "node:crypto";
import { KubeConfig } from "@kubernetes/client-node";
import { endpoints } from "../../../env/endpoints.ts";
import { waitUntil } from "../../../env/process.ts";
import { newLogger } from "../../../../operator/log/log.ts";
import { newKubeApi } from "../../../../operator/kube/client/api-client.ts";
import type { KubeApi } from "../../../../operator/kube/client/api-client.ts";
import { newOperatorMetrics } from "../../../../operator/metrics/registry.ts";
import type { ResourceType } from "../../../../operator/kube/meta/resource-type.ts";

/** What a plumbing test needs: an admin client, its own namespace, metrics and a quiet logger. */
export async function plumbingCluster(suite: string) {
  const kc = new KubeConfig();
  kc.loadFromFile(endpoints().k8s.adminKubeconfig);
  const metrics = newOperatorMetrics({ defaultMetrics: false });
  const api = newKubeApi(kc, metrics.restClientRequests);
  const namespace = `t-${suite}-${randomBytes(3).toString("hex")}`;
  await api.request("POST", "/api/v1/namespaces", { body: { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } } });
  const log = newLogger({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const deleteNamespace = () => api.request("DELETE", `/api/v1/namespaces/${namespace}`).catch(() => undefined);
  return { kc, api, metrics, namespace, log, deleteNamespace };
}

/** Polls until `check` returns true, every 50 ms (the plumbing reacts within milliseconds); fails as waitUntil does. */
export const eventually = (check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = "condition"): Promise<void> =>
  waitUntil(what, async () => check(), { timeoutMs, intervalMs: 50 });

export type { KubeApi };

/** A core resource the operator does not use: it exercises the generic informer and write helpers on a real apiserver. */
export const configMaps: ResourceType = { group: "", version: "v1", plural: "configmaps", kind: "ConfigMap", namespaced: true };
