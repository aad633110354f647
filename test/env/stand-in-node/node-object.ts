import type { V1Node } from "@kubernetes/client-node";
import type { NodeFacts } from "./pod-fit.ts";

// The Node object the stand-in registers: Ready, with loopback addresses. There are no heartbeats, which is fine
// because no controller that reads node health runs (test-environment.md §8.1).

/** `kubeletPort` is where the stand-in serves container logs (container-logs-server.ts); 0 when it serves none. */
export function nodeObject(facts: NodeFacts, now: Date, kubeletVersion: string, kubeletPort = 0): V1Node {
  const condition = (type: string, ok: boolean, reason: string, message: string) => ({
    type,
    status: ok ? "True" : "False",
    reason,
    message,
    lastHeartbeatTime: now,
    lastTransitionTime: now,
  });
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: facts.name, labels: { ...facts.labels } },
    spec: {},
    status: {
      capacity: { ...facts.allocatable },
      allocatable: { ...facts.allocatable },
      conditions: [
        condition("MemoryPressure", false, "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        condition("DiskPressure", false, "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        condition("PIDPressure", false, "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        condition("Ready", true, "KubeletReady", "stand-in node runs pods as local processes"),
      ],
      addresses: [
        { type: "InternalIP", address: "127.0.0.1" },
        { type: "Hostname", address: facts.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: kubeletPort } },
      nodeInfo: {
        architecture: "amd64",
        bootID: "",
        containerRuntimeVersion: "stand-in://local-processes",
        kernelVersion: "",
        kubeProxyVersion: "",
        kubeletVersion,
        machineID: "",
        operatingSystem: "linux",
        osImage: "exhaust-operator stand-in node",
        systemUUID: "",
      },
    },
  };
}
