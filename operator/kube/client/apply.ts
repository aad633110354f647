import type { KubeApi } from "./api-client.ts";
import { isAlreadyExists } from "./api-errors.ts";
import { controllerOwnerUid } from "../meta/kube-object.ts";
import type { KubeObject } from "../meta/kube-object.ts";
import { collectionPath, objectPath } from "../meta/resource-type.ts";
import type { ResourceType } from "../meta/resource-type.ts";

export const fieldManager = "exhaust-operator";

/**
 * Server-side apply of a child: creates it or updates the fields we manage, leaving fields other actors own
 * (Kueue's `suspend`, for one) alone. `force` takes over fields last set by someone else, as controllers should.
 * The object must carry apiVersion, kind, metadata.name and (for namespaced kinds) metadata.namespace.
 */
export async function applyObject<T extends KubeObject>(
  api: KubeApi,
  type: ResourceType,
  obj: T,
  options: { force?: boolean; signal?: AbortSignal; fieldManager?: string } = {},
): Promise<T> {
  const name = obj.metadata?.name;
  if (!name || !obj.apiVersion || !obj.kind) throw new Error("applyObject needs apiVersion, kind and metadata.name");
  return api.request<T>("PATCH", objectPath(type, obj.metadata?.namespace, name), {
    query: { fieldManager: options.fieldManager ?? fieldManager, force: options.force ?? true },
    body: obj,
    contentType: "application/apply-patch+yaml", // JSON is YAML, so the body is sent as JSON
    signal: options.signal,
  });
}

export type CreateOutcome<T> =
  | { outcome: "created"; object: T }
  /** It already existed and its controller is the expected owner: the earlier create succeeded; carry on. */
  | { outcome: "exists"; object: T }
  /** It exists but another controller (or none) owns it: report it, never adopt or overwrite it. */
  | { outcome: "ownedByOther"; object: T; ownerUid: string | undefined };

/**
 * Creates a child with a deterministic name. AlreadyExists means an earlier pass (or another replica) already
 * created it, provided its controller ownerReference points at `ownerUid`.
 */
export async function createOwned<T extends KubeObject>(
  api: KubeApi,
  type: ResourceType,
  obj: T,
  ownerUid: string,
  options: { signal?: AbortSignal } = {},
): Promise<CreateOutcome<T>> {
  const namespace = obj.metadata?.namespace;
  try {
    const object = await api.request<T>("POST", collectionPath(type, namespace), {
      query: { fieldManager },
      body: obj,
      signal: options.signal,
    });
    return { outcome: "created", object };
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    const object = await api.request<T>("GET", objectPath(type, namespace, obj.metadata?.name ?? ""), { signal: options.signal });
    const actualOwner = controllerOwnerUid(object);
    return actualOwner === ownerUid ? { outcome: "exists", object } : { outcome: "ownedByOther", object, ownerUid: actualOwner };
  }
}
