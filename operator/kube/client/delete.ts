import type { KubeApi } from "./api-client.ts";
import { isNotFound } from "./api-errors.ts";
import { objectPath } from "../meta/resource-type.ts";
import type { ResourceType } from "../meta/resource-type.ts";

/**
 * Deletes an object with propagationPolicy Background unless Foreground is asked (the object then stays until its
 * dependents are gone), never orphaning: a raw-API delete of a batch/v1 Job otherwise orphans its pods. With `uid`,
 * only that incarnation is deleted (a newer object with the same name survives). Returns false when it was already gone.
 */
export async function deleteObject(
  api: KubeApi,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  options: { uid?: string; signal?: AbortSignal; propagationPolicy?: "Background" | "Foreground" } = {},
): Promise<boolean> {
  const body = {
    apiVersion: "v1",
    kind: "DeleteOptions",
    propagationPolicy: options.propagationPolicy ?? "Background",
    ...(options.uid ? { preconditions: { uid: options.uid } } : {}),
  };
  try {
    await api.request("DELETE", objectPath(type, namespace, name), { body, signal: options.signal });
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}
