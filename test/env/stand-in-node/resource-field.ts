import type { V1Container, V1ResourceFieldSelector } from "@kubernetes/client-node";

// The downward API's resourceFieldRef, minimally: requests/limits of cpu, memory and ephemeral-storage with a
// divisor, rounded up as the kubelet does (ExtractContainerResourceValue). A limit that is not set falls back to
// the node's allocatable, a request that is not set is 0.

const SUFFIXES: Readonly<Record<string, number>> = {
  n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** A Kubernetes quantity ("500m", "1Gi", "2e3") as a number, or undefined when it does not parse. */
export function parseQuantity(text: string): number | undefined {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei))?$/.exec(text.trim());
  if (!m) return undefined;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  return base * (SUFFIXES[m[3] ?? ""] ?? 1);
}

const RESOURCES = ["cpu", "memory", "ephemeral-storage"];

/** The value of a resourceFieldRef, or an error message the kubelet would turn into CreateContainerConfigError. */
export function resourceFieldValue(
  selector: V1ResourceFieldSelector,
  container: V1Container,
  allocatable: Readonly<Record<string, string>>,
): { value: string } | { error: string } {
  const [kind, resource] = selector.resource.split(".", 2);
  if ((kind !== "limits" && kind !== "requests") || !resource || !RESOURCES.includes(resource)) {
    return { error: `unsupported container resource: ${selector.resource}` };
  }
  const divisor = parseQuantity(selector.divisor ?? "1");
  if (divisor === undefined || divisor <= 0) return { error: `invalid divisor for ${selector.resource}` };
  const set = kind === "limits" ? container.resources?.limits?.[resource] : container.resources?.requests?.[resource];
  const raw = set ?? (kind === "limits" ? allocatable[resource] : "0") ?? "0";
  const amount = parseQuantity(raw);
  if (amount === undefined) return { error: `invalid quantity ${raw} for ${selector.resource}` };
  // Rounding in milli-units first keeps "500m" / "1m" exact despite floating point.
  const ratio = resource === "cpu" ? Math.round(amount * 1000) / Math.round(divisor * 1000) : amount / divisor;
  return { value: String(Math.ceil(ratio - 1e-9)) };
}
