/** The parts of any Kubernetes object the plumbing reads; everything else passes through untouched. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  deletionTimestamp?: string;
  creationTimestamp?: string;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

/** The queue key of an object: `namespace/name`, or `name` for cluster-scoped objects. */
export function keyOf(obj: KubeObject): string {
  const name = obj.metadata?.name ?? "";
  const namespace = obj.metadata?.namespace;
  return namespace ? `${namespace}/${name}` : name;
}

export function splitKey(key: string): { namespace?: string; name: string } {
  const slash = key.indexOf("/");
  return slash < 0 ? { name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** The UID of the object's controller (the ownerReference with controller: true), if any. */
export function controllerOwnerUid(obj: KubeObject): string | undefined {
  return obj.metadata?.ownerReferences?.find((ref) => ref.controller)?.uid;
}

/**
 * A reference to `owner` (same namespace only), the controller one unless `controller` is false, blocking the owner's
 * foreground deletion until this child is gone.
 */
export function ownerReferenceTo(owner: KubeObject, controller = true): OwnerReference {
  const { apiVersion, kind, metadata } = owner;
  if (!apiVersion || !kind || !metadata?.name || !metadata.uid) {
    throw new Error("an owner needs apiVersion, kind, metadata.name and metadata.uid");
  }
  return { apiVersion, kind, name: metadata.name, uid: metadata.uid, controller, blockOwnerDeletion: true };
}

/** Freezes an object and everything in it, so cached objects cannot be changed through a reference. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
