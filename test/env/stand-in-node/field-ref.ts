import type { V1Pod } from "@kubernetes/client-node";

// The downward API's fieldRef paths that apiserver validation allows in env. The stand-in shares the host
// network, so the pod and host IPs are both 127.0.0.1.
export const POD_IP = "127.0.0.1";

const SUBSCRIPT = /^metadata\.(labels|annotations)\['(.+)'\]$/;

/** The value of a fieldRef path for this pod, or an error message (CreateContainerConfigError). */
export function fieldRefValue(pod: V1Pod, fieldPath: string, nodeName: string): { value: string } | { error: string } {
  const sub = SUBSCRIPT.exec(fieldPath);
  if (sub) {
    const map = sub[1] === "labels" ? pod.metadata?.labels : pod.metadata?.annotations;
    return { value: map?.[sub[2] ?? ""] ?? "" };
  }
  switch (fieldPath) {
    case "metadata.name":
      return { value: pod.metadata?.name ?? "" };
    case "metadata.namespace":
      return { value: pod.metadata?.namespace ?? "" };
    case "metadata.uid":
      return { value: pod.metadata?.uid ?? "" };
    case "spec.nodeName":
      return { value: pod.spec?.nodeName ?? nodeName };
    case "spec.serviceAccountName":
      return { value: pod.spec?.serviceAccountName ?? "" };
    case "status.podIP":
    case "status.podIPs":
    case "status.hostIP":
    case "status.hostIPs":
      return { value: POD_IP };
    default:
      return { error: `unsupported fieldRef path: ${fieldPath}` };
  }
}
