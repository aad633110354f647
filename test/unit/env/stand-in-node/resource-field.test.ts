import type { V1Container } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { parseQuantity, resourceFieldValue } from "../../../env/stand-in-node/resource-field.ts";

describe("parseQuantity", () => {
  const cases: { text: string; want: number | undefined }[] = [
    { text: "2", want: 2 },
    { text: "500m", want: 0.5 },
    { text: "1.5", want: 1.5 },
    { text: "1Ki", want: 1024 },
    { text: "64Mi", want: 64 * 2 ** 20 },
    { text: "1Gi", want: 2 ** 30 },
    { text: "1G", want: 1e9 },
    { text: "2k", want: 2000 },
    { text: "1e3", want: 1000 },
    { text: "100n", want: 1e-7 },
    { text: "abc", want: undefined },
    { text: "1Xi", want: undefined },
    { text: "", want: undefined },
  ];
  for (const c of cases) {
    it(`"${c.text}" -> ${String(c.want)}`, () => {
      const got = parseQuantity(c.text);
      if (c.want === undefined) expect(got).toBeUndefined();
      else expect(got).toBeCloseTo(c.want, 12);
    });
  }
});

describe("resourceFieldValue", () => {
  const container: V1Container = {
    name: "runner",
    resources: { requests: { cpu: "250m", memory: "64Mi" }, limits: { cpu: "1500m", memory: "1Gi" } },
  };
  const bare: V1Container = { name: "bare" };
  const allocatable = { cpu: "8", memory: "32Gi", "ephemeral-storage": "100Gi" };
  const cases: { name: string; resource: string; divisor?: string; c?: V1Container; want: { value: string } | { error: string } }[] = [
    { name: "cpu limit rounds up to whole cores", resource: "limits.cpu", want: { value: "2" } },
    { name: "cpu limit in millicores", resource: "limits.cpu", divisor: "1m", want: { value: "1500" } },
    { name: "cpu request rounds 250m up to 1", resource: "requests.cpu", want: { value: "1" } },
    { name: "memory limit in bytes", resource: "limits.memory", want: { value: String(2 ** 30) } },
    { name: "memory limit in Mi", resource: "limits.memory", divisor: "1Mi", want: { value: "1024" } },
    { name: "memory request in Mi", resource: "requests.memory", divisor: "1Mi", want: { value: "64" } },
    { name: "an unset limit falls back to the node's allocatable", resource: "limits.cpu", c: bare, want: { value: "8" } },
    { name: "an unset request is 0", resource: "requests.memory", c: bare, want: { value: "0" } },
    { name: "ephemeral-storage limit from allocatable in Gi", resource: "limits.ephemeral-storage", divisor: "1Gi", c: bare, want: { value: "100" } },
    { name: "an unknown resource is an error", resource: "limits.gpu", want: { error: "unsupported container resource: limits.gpu" } },
    { name: "a bad kind is an error", resource: "spec.cpu", want: { error: "unsupported container resource: spec.cpu" } },
    { name: "a zero divisor is an error", resource: "limits.cpu", divisor: "0", want: { error: "invalid divisor for limits.cpu" } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(resourceFieldValue({ resource: c.resource, ...(c.divisor ? { divisor: c.divisor } : {}) }, c.c ?? container, allocatable)).toEqual(c.want);
    });
  }
});
