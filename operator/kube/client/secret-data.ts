import type { KubeApi } from "./api-client.ts";
import { objectPath, secrets } from "../meta/resource-type.ts";

/** A Secret's data, base64 values by key. Callers take the one key they need and never log the values. */
export async function readSecretData(api: KubeApi, namespace: string, name: string, signal?: AbortSignal): Promise<Record<string, string>> {
  const secret = await api.request<{ data?: Record<string, string> }>("GET", objectPath(secrets, namespace, name), { signal });
  return secret.data ?? {};
}
