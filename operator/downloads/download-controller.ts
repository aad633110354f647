import type { ExhaustDownload } from "../../crds/exhaust-download.ts";
import type { ExhaustRequest } from "../../crds/exhaust-request.ts";
import type { Clock } from "../clock/clock.ts";
import type { KubeApi } from "../kube/client/api-client.ts";
import { deleteObject } from "../kube/client/delete.ts";
import { patchStatus } from "../kube/client/status-patch.ts";
import type { Informer } from "../kube/cache/informer.ts";
import { splitKey, type KubeObject } from "../kube/meta/kube-object.ts";
import { exhaustDownloads, exhaustRequests, namespaces } from "../kube/meta/resource-type.ts";
import { namespaceChannelPolicy } from "../export-policy/namespace-channel-policy.ts";
import type { ReconcileContext, ReconcileResult } from "../kube/runtime/reconcile-loop.ts";
import type { Controller } from "../manager/controller.ts";
import type { UrlSigner } from "../storage/url-signer.ts";
import { planDownload, signedStatus } from "./plan-download.ts";

export interface DownloadControllerDeps {
  api: KubeApi;
  sign: UrlSigner;
  workers: number;
  clock: Clock;
  /** The export policy is on: the namespace must still allow the request's channel (docs/security.md). */
  exportPolicy: boolean;
}

/**
 * The ExhaustDownload controller: answers each new download with signed URLs of its request's objects (the request
 * read from the informer the request controller shares, so no extra watch), then deletes it once its links have
 * expired. The URLs are written once, to status; they never reach a log or an Event.
 */
export function downloadController(deps: DownloadControllerDeps): Controller {
  return {
    name: "exhaustdownload",
    workers: deps.workers,
    timeoutMs: 30_000,
    setup(builder) {
      const downloads = builder.informer<ExhaustDownload>(exhaustDownloads);
      const requests = builder.informer<ExhaustRequest>(exhaustRequests);
      // Shared with the request controller, so no extra watch either.
      const policies = deps.exportPolicy ? builder.informer<KubeObject>(namespaces) : undefined;
      builder.reconciles(downloads);
      return (key, ctx) => reconcileDownload(deps, { downloads, requests, policies }, key, ctx);
    },
  };
}

interface DownloadCaches {
  downloads: Informer<ExhaustDownload>;
  requests: Informer<ExhaustRequest>;
  /** Namespaces, for their export policy annotation; undefined when the policy is off. */
  policies: Informer<KubeObject> | undefined;
}

async function reconcileDownload(deps: DownloadControllerDeps, caches: DownloadCaches, key: string, ctx: ReconcileContext): Promise<ReconcileResult> {
  const { downloads, requests, policies } = caches;
  const { namespace, name } = splitKey(key);
  const download = downloads.get(namespace, name);
  if (download === undefined || download.metadata.deletionTimestamp !== undefined) return {};
  const now = deps.clock.now();
  const policy = namespaceChannelPolicy(policies, namespace ?? "");
  const plan = planDownload(download, requests.get(namespace, download.spec.requestName), now, policy);
  if (plan.kind === "wait") return { requeueAfterMs: plan.requeueAfterMs };
  if (plan.kind === "delete") {
    if (await deleteObject(deps.api, exhaustDownloads, namespace, name, { ...(download.metadata.uid === undefined ? {} : { uid: download.metadata.uid }), signal: ctx.signal })) {
      ctx.log.info({ download: name }, "Deleted expired ExhaustDownload");
    }
    return {};
  }
  const status =
    plan.kind === "fail"
      ? plan.status
      : signedStatus(download, plan, await Promise.all(plan.objects.map((o) => deps.sign(o.batchId, o.objectUri, { now: plan.signedAt, expiryMinutes: download.spec.expiryMinutes }))), now);
  const written = await patchStatus(deps.api, exhaustDownloads, download, status, { signal: ctx.signal });
  // The cache learns our write now, so the next pass waits for the deletion time instead of signing again.
  if (written.object !== undefined) downloads.learn(written.object as ExhaustDownload);
  ctx.log.info({ download: name, request: download.spec.requestName, phase: status.phase, urls: status.urls?.length ?? 0 }, "Answered ExhaustDownload");
  return {};
}
