import type { KubeApi } from "./api-client.ts";
import { isConflict } from "./api-errors.ts";
import type { KubeObject } from "../meta/kube-object.ts";
import { mergePatchFor } from "../meta/merge-patch.ts";
import { objectPath } from "../meta/resource-type.ts";
import type { ResourceType } from "../meta/resource-type.ts";

export type WithStatus<S> = KubeObject & { status?: S };

export interface StatusPatchResult<S> {
  written: boolean;
  /** The object as the server returned it after the write; undefined when nothing was written. */
  object?: WithStatus<S>;
}

/**
 * The one status write of a reconcile: a merge patch on the /status subresource, guarded by the resourceVersion
 * the status was computed from, and skipped when the status is deep-equal to what is stored. On a conflict
 * (anything changed the object meanwhile) it re-reads and retries, because status is ours alone and the new
 * version only moved metadata or spec; a spec change is picked up by the reconcile the change itself queues.
 */
export async function patchStatus<S>(
  api: KubeApi,
  type: ResourceType,
  current: WithStatus<S>,
  status: S,
  options: { maxConflictRetries?: number; signal?: AbortSignal } = {},
): Promise<StatusPatchResult<S>> {
  const { namespace, name } = current.metadata ?? {};
  if (!name) throw new Error("patchStatus needs an object with metadata.name");
  const path = objectPath(type, namespace, name, "status");
  const maxRetries = options.maxConflictRetries ?? 3;
  let base = current;
  for (let attempt = 0; ; attempt++) {
    const diff = mergePatchFor(base.status ?? {}, status);
    if (diff === undefined) return { written: false };
    const body = { metadata: { resourceVersion: base.metadata?.resourceVersion }, status: diff };
    try {
      const object = await api.request<WithStatus<S>>("PATCH", path, {
        body,
        contentType: "application/merge-patch+json",
        signal: options.signal,
      });
      return { written: true, object };
    } catch (err) {
      if (!isConflict(err) || attempt >= maxRetries) throw err;
      base = await api.request<WithStatus<S>>("GET", objectPath(type, namespace, name), { signal: options.signal });
    }
  }
}
