import type { KubeObject } from "../kube/meta/kube-object.ts";

/**
 * The queue key of an object's controller owner when that owner is of `ownerKind`. Owners are always in the
 * object's namespace (cross-namespace owner references are invalid), so the key needs only the owner's name.
 */
export function controllerOwnerKey(obj: KubeObject, ownerKind: string): string | undefined {
  const owner = obj.metadata?.ownerReferences?.find((ref) => ref.controller === true);
  if (owner === undefined || owner.kind !== ownerKind) return undefined;
  const namespace = obj.metadata?.namespace;
  return namespace ? `${namespace}/${owner.name}` : owner.name;
}
