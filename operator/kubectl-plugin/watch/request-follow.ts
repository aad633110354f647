import { isFinishedPhase } from "../cli/exit-codes.ts";
import type { KubeTarget } from "../cli/plugin-context.ts";
import { PluginError } from "../cli/plugin-error.ts";
import type { ExhaustRequest } from "../../../crds/exhaust-request.ts";
import { apiServerSource } from "../../kube/cache/resource-source.ts";
import { exhaustRequests } from "../../kube/meta/resource-type.ts";

// The server ends a watch after this; the request is then listed again and watched from there.
const WATCH_TIMEOUT_SECONDS = 300;

type WatchOutcome = { kind: "finished"; request: ExhaustRequest } | { kind: "ended"; err?: unknown; events: number };

/**
 * Follows one ExhaustRequest with a list-then-watch on its name (no polling), calling `onUpdate` with every version
 * seen, until its phase is final; resolves with that last version. A watch the server ends is resumed by a new
 * list; a deleted request, a missing one or Ctrl-C (`signal`) end it with a PluginError.
 */
export async function followRequest(target: KubeTarget, name: string, signal: AbortSignal, onUpdate: (request: ExhaustRequest) => void): Promise<ExhaustRequest> {
  const source = apiServerSource<ExhaustRequest>(target.api, target.kc, exhaustRequests, {
    namespace: target.namespace,
    fieldSelector: `metadata.name=${name}`,
  });
  for (;;) {
    if (signal.aborted) throw interrupted(name);
    const page = await source.list({ limit: 1 });
    const request = page.items[0];
    if (request === undefined) {
      throw new PluginError(`exhaustrequest "${name}" not found in namespace "${target.namespace}"`, {
        hint: `list the requests with \`kubectl get exhaustrequests -n ${target.namespace}\`, or pass -n <namespace>`,
      });
    }
    onUpdate(request);
    if (isFinishedPhase(request.status?.phase)) return request;
    const outcome = await watchOnce(source, page.resourceVersion, name, signal, onUpdate);
    if (outcome.kind === "finished") return outcome.request;
    if (signal.aborted) throw interrupted(name);
    // A watch that failed before delivering anything is not retried in a loop: the error is the user's answer.
    if (outcome.err !== undefined && outcome.events === 0 && (outcome.err as { statusCode?: number }).statusCode !== 410) throw outcome.err;
  }
}

const interrupted = (name: string): PluginError =>
  new PluginError(`stopped watching; the request keeps running (see it again with \`kubectl exhaust watch ${name}\`)`, { exitCode: 130 });

function watchOnce(
  source: ReturnType<typeof apiServerSource<ExhaustRequest>>,
  resourceVersion: string,
  name: string,
  signal: AbortSignal,
  onUpdate: (request: ExhaustRequest) => void,
): Promise<WatchOutcome> {
  return new Promise((resolve, reject) => {
    let events = 0;
    let settled = false;
    let abort = () => {};
    const finish = (outcome: WatchOutcome | Error) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      abort();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const onAbort = () => finish({ kind: "ended", events });
    signal.addEventListener("abort", onAbort, { once: true });
    void source
      .watch(
        { resourceVersion, timeoutSeconds: WATCH_TIMEOUT_SECONDS },
        (type, object) => {
          events++;
          if (type === "DELETED") return finish(new PluginError(`exhaustrequest "${name}" was deleted while it was watched`));
          // An ERROR event (410 Gone: the version is too old) ends this watch; a new list resumes.
          if (type === "ERROR") return finish({ kind: "ended", err: Object.assign(new Error("watch error"), { statusCode: (object as { code?: number }).code }), events });
          if (type !== "ADDED" && type !== "MODIFIED") return;
          const request = object as ExhaustRequest;
          onUpdate(request);
          if (isFinishedPhase(request.status?.phase)) finish({ kind: "finished", request });
        },
        (err) => finish({ kind: "ended", err, events }),
      )
      .then((handle) => {
        abort = () => handle.abort();
        if (settled) handle.abort();
      });
  });
}
