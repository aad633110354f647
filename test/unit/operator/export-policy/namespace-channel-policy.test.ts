import { describe, expect, it } from "vitest";
import { CHANNELS_ANNOTATION, type ChannelPolicy } from "../../../../crds/export-policy.ts";
import type { KubeObject } from "../../../../operator/kube/meta/kube-object.ts";
import { namespaceChannelPolicy, type NamespaceReader } from "../../../../operator/export-policy/namespace-channel-policy.ts";

const namespace = (name: string, annotations?: Record<string, string>): KubeObject => ({ metadata: { name, ...(annotations === undefined ? {} : { annotations }) } });

/** The namespace cache as the informer answers it: cluster-scoped Namespaces by name. */
const cacheOf = (...objects: KubeObject[]): NamespaceReader => ({ get: (_ns, name) => objects.find((o) => o.metadata?.name === name) });

describe("namespaceChannelPolicy: what a namespace may export, from the namespace cache", () => {
  const cases: { name: string; cache: NamespaceReader | undefined; namespace: string; policy: ChannelPolicy | undefined }[] = [
    { name: "policy off (no cache) -> undefined, nothing refused", cache: undefined, namespace: "lern", policy: undefined },
    { name: "namespace not cached -> none (deny by default)", cache: cacheOf(namespace("other", { [CHANNELS_ANNOTATION]: "0126" })), namespace: "lern", policy: { kind: "none" } },
    { name: "namespace without annotations -> none", cache: cacheOf(namespace("lern")), namespace: "lern", policy: { kind: "none" } },
    { name: "namespace listing channels -> listed", cache: cacheOf(namespace("lern", { [CHANNELS_ANNOTATION]: "0126, 0127" })), namespace: "lern", policy: { kind: "listed", channels: ["0126", "0127"] } },
    { name: "namespace allowing * -> any", cache: cacheOf(namespace("lern", { [CHANNELS_ANNOTATION]: "*" })), namespace: "lern", policy: { kind: "any" } },
    {
      name: "another namespace's annotation does not apply -> that namespace's own policy",
      cache: cacheOf(namespace("lern", { [CHANNELS_ANNOTATION]: "0126" }), namespace("platform", { [CHANNELS_ANNOTATION]: "*" })),
      namespace: "lern",
      policy: { kind: "listed", channels: ["0126"] },
    },
  ];
  it.each(cases)("$name", ({ cache, namespace: name, policy }) => expect(namespaceChannelPolicy(cache, name)).toEqual(policy));
});
