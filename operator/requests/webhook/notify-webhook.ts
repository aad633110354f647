import { secretMissing } from "../../../crds/failure-texts.ts";
import type { ExhaustRequest, ExhaustRequestStatus } from "../../../crds/exhaust-request.ts";
import type { KubeApi } from "../../kube/client/api-client.ts";
import type { EventRecorder } from "../../kube/events/event-recorder.ts";
import type { KubeObject } from "../../kube/meta/kube-object.ts";
import { readSecretData } from "../../kube/client/secret-data.ts";
import type { Logger } from "../../log/log.ts";
import { completionPayload, webhookUrlProblem } from "./completion-webhook.ts";

export interface WebhookDeps {
  api: KubeApi;
  recorder: EventRecorder;
  log: Logger;
  timeoutMs?: number;
  attempts?: number;
}

/**
 * POSTs the completion payload to the URL held in spec.webhook.urlSecretRef, a few times on failure. Called after
 * the status write that finished the request, so a crash in between skips it (at most once). The URL may carry a
 * token: it is never logged and never put in an Event.
 */
export async function notifyWebhook(deps: WebhookDeps, request: ExhaustRequest, status: ExhaustRequestStatus): Promise<void> {
  const ref = request.spec.webhook?.urlSecretRef;
  if (ref === undefined) return;
  const attempts = deps.attempts ?? 3;
  let problem = "";
  const url = await secretValue(deps.api, request.metadata.namespace ?? "", ref.name, ref.key).catch((err: unknown) => {
    problem = `Secret ${ref.name} could not be read: ${(err as Error).message}`;
    return undefined;
  });
  if (url === undefined && problem === "") problem = secretMissing(ref.name, ref.key);
  const refused = url === undefined ? undefined : webhookUrlProblem(url);
  if (refused !== undefined) problem = refused;
  for (let attempt = 1; url !== undefined && refused === undefined && attempt <= attempts; attempt++) {
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(completionPayload(request, status)),
        signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
        // A redirect could lead the operator's requests anywhere inside the cluster; the URL is the whole contract.
        redirect: "manual",
      });
      await response.body?.cancel();
      if (response.ok) {
        deps.log.info({ status: response.status }, "Called the completion webhook");
        return;
      }
      problem = `the webhook answered HTTP ${response.status}`;
    } catch (err) {
      problem = `the webhook could not be reached (${(err as Error).name})`;
    }
    if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
  }
  deps.log.warn({ problem }, "Completion webhook failed");
  await deps.recorder.record(request as KubeObject, { type: "Warning", reason: "WebhookFailed", action: "NotifyCompletion", note: `Completion webhook failed: ${problem}` });
}

async function secretValue(api: KubeApi, namespace: string, name: string, key: string): Promise<string | undefined> {
  const encoded = (await readSecretData(api, namespace, name))[key];
  return encoded === undefined ? undefined : Buffer.from(encoded, "base64").toString("utf8").trim();
}
