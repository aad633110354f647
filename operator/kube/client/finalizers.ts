import type { KubeApi } from "./api-client.ts";
import { isNotFound } from "./api-errors.ts";
import type { KubeObject } from "../meta/kube-object.ts";
import { objectPath } from "../meta/resource-type.ts";
import type { ResourceType } from "../meta/resource-type.ts";

/** Pure: the finalizer list with `finalizer` present, and whether that changed it. */
export function withFinalizer(finalizers: readonly string[] | undefined, finalizer: string): { value: string[]; changed: boolean } {
  const current = finalizers ?? [];
  return current.includes(finalizer) ? { value: [...current], changed: false } : { value: [...current, finalizer], changed: true };
}

/** Pure: the finalizer list without `finalizer`, and whether that changed it. */
export function withoutFinalizer(finalizers: readonly string[] | undefined, finalizer: string): { value: string[]; changed: boolean } {
  const current = finalizers ?? [];
  const value = current.filter((f) => f !== finalizer);
  return { value, changed: value.length !== current.length };
}

// The list is replaced whole by a merge patch, so the write is guarded by the resourceVersion it was computed
// from; a conflict is thrown to the reconcile loop, which retries with fresh state.
async function writeFinalizers<T extends KubeObject>(
  api: KubeApi,
  type: ResourceType,
  obj: T,
  finalizers: string[],
  signal: AbortSignal | undefined,
): Promise<T> {
  const { namespace, name, resourceVersion } = obj.metadata ?? {};
  return api.request<T>("PATCH", objectPath(type, namespace, name ?? ""), {
    body: { metadata: { resourceVersion, finalizers } },
    contentType: "application/merge-patch+json",
    signal,
  });
}

/** Adds the finalizer if missing (before the first external write); idempotent. Returns the current object. */
export async function ensureFinalizer<T extends KubeObject>(
  api: KubeApi,
  type: ResourceType,
  obj: T,
  finalizer: string,
  options: { signal?: AbortSignal } = {},
): Promise<T> {
  const next = withFinalizer(obj.metadata?.finalizers, finalizer);
  return next.changed ? writeFinalizers(api, type, obj, next.value, options.signal) : obj;
}

/** Removes the finalizer after cleanup; idempotent. Returns undefined when the object is gone (it was the last one). */
export async function removeFinalizer<T extends KubeObject>(
  api: KubeApi,
  type: ResourceType,
  obj: T,
  finalizer: string,
  options: { signal?: AbortSignal } = {},
): Promise<T | undefined> {
  const next = withoutFinalizer(obj.metadata?.finalizers, finalizer);
  if (!next.changed) return obj;
  try {
    return await writeFinalizers(api, type, obj, next.value, options.signal);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}
