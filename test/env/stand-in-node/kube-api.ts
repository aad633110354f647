import { ApiException, CoreV1Api, type KubeConfig, type V1Node, type V1Pod, type V1PodStatus } from "@kubernetes/client-node";

// The stand-in's few API calls, with the error handling each needs (404 = gone, 409 = retry on a fresh read).

export const statusCode = (err: unknown): number | undefined =>
  err instanceof ApiException ? err.code : typeof (err as { statusCode?: unknown })?.statusCode === "number" ? (err as { statusCode: number }).statusCode : undefined;

const ifFound = async <T>(p: Promise<T>): Promise<T | undefined> => {
  try {
    return await p;
  } catch (err) {
    if (statusCode(err) === 404) return undefined;
    throw err;
  }
};

const MAX_CONFLICT_RETRIES = 20;

export interface KubeApi {
  listPods(): Promise<{ items: V1Pod[]; resourceVersion: string }>;
  /** GET, build, PUT pods/<name>/status with the read resourceVersion; a 409 re-reads. "gone" on 404. */
  updatePodStatus(namespace: string, name: string, uid: string, build: (pod: V1Pod) => V1PodStatus | undefined): Promise<"written" | "unchanged" | "gone">;
  bindPod(pod: V1Pod, nodeName: string): Promise<"bound" | "gone">;
  /** DELETE with gracePeriodSeconds 0 and a UID precondition, as the kubelet finishes a pod. */
  deletePodNow(namespace: string, name: string, uid: string): Promise<void>;
  /** Secret data, base64-decoded; null when the Secret does not exist. */
  secretData(namespace: string, name: string): Promise<Record<string, string> | null>;
  configMapData(namespace: string, name: string): Promise<Record<string, string> | null>;
  /** A bound token of the ServiceAccount (TokenRequest), as the kubelet's projected token volume holds. */
  serviceAccountToken(namespace: string, name: string): Promise<string>;
  /** Creates (or adopts) the Node, removes the not-ready taint admission adds, and writes its status. */
  registerNode(node: V1Node): Promise<void>;
}

export function kubeApi(kc: KubeConfig): KubeApi {
  const core = kc.makeApiClient(CoreV1Api);
  return {
    async listPods() {
      const list = await core.listPodForAllNamespaces({});
      return { items: list.items, resourceVersion: list.metadata?.resourceVersion ?? "" };
    },

    async updatePodStatus(namespace, name, uid, build) {
      for (let attempt = 0; ; attempt++) {
        const pod = await ifFound(core.readNamespacedPod({ name, namespace }));
        if (!pod || pod.metadata?.uid !== uid) return "gone";
        const status = build(pod);
        if (!status) return "unchanged";
        try {
          await core.replaceNamespacedPodStatus({ name, namespace, body: { ...pod, status } });
          return "written";
        } catch (err) {
          const code = statusCode(err);
          if (code === 404) return "gone";
          if (code !== 409 || attempt >= MAX_CONFLICT_RETRIES) throw err;
          await new Promise((r) => setTimeout(r, 20 * (attempt + 1)));
        }
      }
    },

    async bindPod(pod, nodeName) {
      const { name = "", namespace = "", uid } = pod.metadata ?? {};
      try {
        await core.createNamespacedPodBinding({
          name,
          namespace,
          body: { apiVersion: "v1", kind: "Binding", metadata: { name, namespace, ...(uid ? { uid } : {}) }, target: { apiVersion: "v1", kind: "Node", name: nodeName } },
        });
        return "bound";
      } catch (err) {
        // 404: deleted meanwhile; 409: already bound (to us, by an earlier attempt).
        if (statusCode(err) === 404) return "gone";
        if (statusCode(err) === 409) return "bound";
        throw err;
      }
    },

    async deletePodNow(namespace, name, uid) {
      try {
        await core.deleteNamespacedPod({ name, namespace, gracePeriodSeconds: 0, body: { gracePeriodSeconds: 0, preconditions: { uid } } });
      } catch (err) {
        // 404: already gone; 409: the UID precondition failed, so a new pod with this name is not ours to delete.
        if (statusCode(err) !== 404 && statusCode(err) !== 409) throw err;
      }
    },

    async secretData(namespace, name) {
      const secret = await ifFound(core.readNamespacedSecret({ name, namespace }));
      if (!secret) return null;
      return Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]));
    },

    async configMapData(namespace, name) {
      const cm = await ifFound(core.readNamespacedConfigMap({ name, namespace }));
      return cm ? { ...cm.data } : null;
    },

    async serviceAccountToken(namespace, name) {
      const request = await core.createNamespacedServiceAccountToken({ name, namespace, body: { spec: { audiences: [], expirationSeconds: 3600 } } });
      return request.status?.token ?? "";
    },

    async registerNode(node) {
      const name = node.metadata?.name ?? "";
      try {
        await core.createNode({ body: { ...node, status: undefined } });
      } catch (err) {
        if (statusCode(err) !== 409) throw err;
      }
      for (let attempt = 0; ; attempt++) {
        const current = await core.readNode({ name });
        try {
          const spec = { ...current.spec, taints: (current.spec?.taints ?? []).filter((t) => t.key !== "node.kubernetes.io/not-ready") };
          const updated = await core.replaceNode({ name, body: { ...current, metadata: { ...current.metadata, labels: { ...current.metadata?.labels, ...node.metadata?.labels } }, spec } });
          await core.replaceNodeStatus({ name, body: { ...updated, status: node.status } });
          return;
        } catch (err) {
          if (statusCode(err) !== 409 || attempt >= MAX_CONFLICT_RETRIES) throw err;
        }
      }
    },
  };
}
