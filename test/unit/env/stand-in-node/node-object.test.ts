import { describe, expect, it } from "vitest";
import { nodeObject } from "../../../env/stand-in-node/node-object.ts";

describe("nodeObject", () => {
  const registered = new Date("2026-11-24T10:00:00Z");
  const node = nodeObject({ name: "local-node", labels: { "kubernetes.io/os": "linux" }, allocatable: { cpu: "16", pods: "4" } }, registered, "v1.34.4-stand-in", 41234);

  it("is Ready, under no pressure, with its labels and a pod capacity", () => {
    expect(node.metadata).toEqual({ name: "local-node", labels: { "kubernetes.io/os": "linux" } });
    expect(node.status?.conditions?.map((c) => [c.type, c.status])).toEqual([
      ["MemoryPressure", "False"],
      ["DiskPressure", "False"],
      ["PIDPressure", "False"],
      ["Ready", "True"],
    ]);
    expect(node.status?.allocatable).toEqual({ cpu: "16", pods: "4" });
    expect(node.status?.capacity).toEqual({ cpu: "16", pods: "4" });
  });

  it("has only loopback addresses and no taints", () => {
    expect(node.status?.addresses).toEqual([
      { type: "InternalIP", address: "127.0.0.1" },
      { type: "Hostname", address: "local-node" },
    ]);
    expect(node.spec?.taints).toBeUndefined();
  });

  it("names the port of its container-log endpoint, where the API server sends pods/log", () => {
    expect(node.status?.daemonEndpoints).toEqual({ kubeletEndpoint: { Port: 41234 } });
  });
});
