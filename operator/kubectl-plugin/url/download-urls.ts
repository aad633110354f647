import { Watch, type KubeConfig } from "@kubernetes/client-node";
import { EXHAUST_API_VERSION } from "../../../crds/common.ts";
import { DownloadConditionType, EXHAUST_DOWNLOAD_KIND, type ExhaustDownload, type SignedUrl } from "../../../crds/exhaust-download.ts";
import type { ExhaustRequest } from "../../../crds/exhaust-request.ts";
import type { KubeApi } from "../../kube/client/api-client.ts";
import { isNotFound, statusCodeOf } from "../../kube/client/api-errors.ts";
import { deleteObject } from "../../kube/client/delete.ts";
import { collectionPath, exhaustDownloads, exhaustRequests, objectPath } from "../../kube/meta/resource-type.ts";
import { PluginError } from "../cli/plugin-error.ts";

export interface DownloadUrlsInput {
  kc: KubeConfig;
  api: KubeApi;
  namespace: string;
  requestName: string;
  batchId?: string;
  expiryMinutes: number;
  /** How long to wait for the operator's answer. */
  timeoutMs: number;
}

export interface DownloadUrls {
  request: ExhaustRequest;
  urls: SignedUrl[];
  /** The operator's Ready message (how many, until when, which batches were not signed yet). */
  message: string;
}

/**
 * `kubectl exhaust url`: asks the operator for signed URLs the way Velero's CLI asks for a backup's logs. It reads the
 * request (so a typo fails before anything is created), creates an ExhaustDownload in the request's namespace,
 * watches it until the operator answers, and deletes it again: the URLs are printed once and the object does not
 * wait for the operator's expiry sweep. Needs only create/get/watch/delete on exhaustdownloads and get on
 * exhaustrequests; no Secret and no storage credential.
 */
export async function requestDownloadUrls(input: DownloadUrlsInput): Promise<DownloadUrls> {
  const { api, namespace, requestName } = input;
  const request = await readRequest(api, namespace, requestName);
  const body = {
    apiVersion: EXHAUST_API_VERSION,
    kind: EXHAUST_DOWNLOAD_KIND,
    metadata: { generateName: `${requestName}-`, namespace },
    spec: { requestName, ...(input.batchId === undefined ? {} : { batchId: input.batchId }), expiryMinutes: input.expiryMinutes },
  };
  let created: ExhaustDownload;
  try {
    created = await api.request<ExhaustDownload>("POST", collectionPath(exhaustDownloads, namespace), { body });
  } catch (err) {
    throw forbiddenOr(err, `you may not create ExhaustDownloads in namespace ${namespace}`);
  }
  const name = created.metadata.name ?? "";
  try {
    const answered = await waitForAnswer(input, name, created.metadata.resourceVersion ?? "");
    const ready = answered.status?.conditions?.find((c) => c.type === DownloadConditionType.Ready);
    if (answered.status?.phase !== "Ready") {
      throw new PluginError(`no download URL for ${requestName}: ${ready?.message ?? "the operator gave no reason"}`, { hint: `see the request with kubectl exhaust watch ${requestName} -n ${namespace}` });
    }
    return { request, urls: answered.status.urls ?? [], message: ready?.message ?? "" };
  } finally {
    await deleteObject(api, exhaustDownloads, namespace, name).catch(() => undefined);
  }
}

async function readRequest(api: KubeApi, namespace: string, name: string): Promise<ExhaustRequest> {
  try {
    return await api.request<ExhaustRequest>("GET", objectPath(exhaustRequests, namespace, name));
  } catch (err) {
    if (isNotFound(err)) throw new PluginError(`ExhaustRequest ${name} not found in namespace ${namespace}`, { hint: `list them with kubectl get exhaustrequests -n ${namespace}` });
    throw forbiddenOr(err, `you may not read ExhaustRequests in namespace ${namespace}`);
  }
}

const DOWNLOADER_HINT = "ask an admin to bind the ClusterRole exhaust-operator-downloader to you in that namespace (docs/security.md)";

const forbiddenOr = (err: unknown, forbidden: string): Error => (statusCodeOf(err) === 403 ? new PluginError(forbidden, { hint: DOWNLOADER_HINT }) : (err as Error));

const isAnswered = (d: ExhaustDownload): boolean => d.status?.phase === "Ready" || d.status?.phase === "Failed";

/** Watches one ExhaustDownload (by name, from the version we created) until the operator sets its phase. */
async function waitForAnswer(input: DownloadUrlsInput, name: string, resourceVersion: string): Promise<ExhaustDownload> {
  const { kc, api, namespace, timeoutMs } = input;
  // The answer may already be there (a fast operator); a GET first keeps the watch from waiting for nothing.
  const current = await api.request<ExhaustDownload>("GET", objectPath(exhaustDownloads, namespace, name));
  if (isAnswered(current)) return current;
  return new Promise<ExhaustDownload>((resolve, reject) => {
    let controller: AbortController | undefined;
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      controller?.abort();
      fn();
    };
    const timer = setTimeout(
      () => finish(() => reject(new PluginError(`the operator did not answer ExhaustDownload ${name} within ${Math.round(timeoutMs / 1000)} s`, { hint: "check that the exhaust-operator is running (kubectl get pods -A -l app.kubernetes.io/name=exhaust-operator), then run the command again" }))),
      timeoutMs,
    );
    new Watch(kc)
      .watch(
        collectionPath(exhaustDownloads, namespace),
        { fieldSelector: `metadata.name=${name}`, resourceVersion: current.metadata.resourceVersion ?? resourceVersion, allowWatchBookmarks: false },
        (type, object: ExhaustDownload) => {
          if (type === "DELETED") finish(() => reject(new PluginError(`ExhaustDownload ${name} was deleted before the operator answered`)));
          else if (isAnswered(object)) finish(() => resolve(object));
        },
        (err: unknown) => {
          if (!settled) finish(() => reject(err instanceof Error ? err : new PluginError(`the watch of ExhaustDownload ${name} ended before the operator answered`, { hint: "run the command again" })));
        },
      )
      .then((c) => {
        controller = c;
        if (settled) c.abort();
      }, (err: unknown) => finish(() => reject(err as Error)));
  });
}
