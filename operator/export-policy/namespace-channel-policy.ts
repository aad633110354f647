import { channelPolicyOf, type ChannelPolicy } from "../../crds/export-policy.ts";
import type { KubeObject } from "../kube/meta/kube-object.ts";

/** Namespaces by name: the shared namespace informer (cluster-scoped, so no namespace to pass). */
export interface NamespaceReader {
  get(namespace: undefined, name: string): KubeObject | undefined;
}

/**
 * What `namespace` may export (docs/security.md, "Export policy"): the policy its annotation states, none when the
 * Namespace is not (yet) cached. Undefined when the policy is off: then no namespace cache is kept and nothing is
 * refused. The request and download controllers and the bridge all ask this, so they agree on every channel.
 */
export function namespaceChannelPolicy(namespaces: NamespaceReader | undefined, namespace: string): ChannelPolicy | undefined {
  return namespaces === undefined ? undefined : channelPolicyOf(namespaces.get(undefined, namespace)?.metadata?.annotations);
}
