import type { ExhaustRequest } from "../../../crds/exhaust-request.ts";
import { collectionPath, exhaustRequests, objectPath } from "../../kube/meta/resource-type.ts";
import { pluginExitCodes } from "../cli/exit-codes.ts";
import type { PluginCommand } from "../cli/plugin-command.ts";
import type { KubeTarget, PluginContext } from "../cli/plugin-context.ts";
import { commandTreeOf } from "./command-tree.ts";
import { completionFor, completionOutput, connectionIn } from "./completion-candidates.ts";
import type { Candidate, DynamicValues } from "./completion-candidates.ts";

interface Named {
  metadata?: { name?: string };
}

const namesOf = async (target: KubeTarget, path: string): Promise<string[]> =>
  ((await target.api.request<{ items?: Named[] }>("GET", path)).items ?? []).map((i) => i.metadata?.name ?? "").filter((n) => n !== "");

/** Looks up what only the cluster or the kubeconfig knows. */
async function lookUp(target: KubeTarget, dynamic: DynamicValues): Promise<Candidate[]> {
  switch (dynamic.kind) {
    case "contexts":
      return target.kc.getContexts().map((c) => ({ value: c.name }));
    case "namespaces":
      return (await namesOf(target, "/api/v1/namespaces")).map((value) => ({ value }));
    case "requests": {
      const list = await target.api.request<{ items?: ExhaustRequest[] }>("GET", collectionPath(exhaustRequests, target.namespace));
      return (list.items ?? []).map((r) => ({ value: r.metadata.name ?? "", description: `${r.spec.report} ${r.status?.phase ?? "Pending"}` }));
    }
    case "batches": {
      const request = await target.api.request<ExhaustRequest>("GET", objectPath(exhaustRequests, target.namespace, dynamic.request));
      return (request.status?.batches ?? []).map((b) => ({ value: b.batchId, description: b.phase }));
    }
  }
}

/**
 * Cobra's `__complete` protocol, which kubectl speaks to plugins (it runs `kubectl_complete-exhaust <words>`) and
 * the scripts of `completion` call: prints the candidates for the last word and the directive. A lookup that
 * fails (no cluster, no access) offers nothing rather than an error: a shell completion must stay quiet.
 */
async function complete(context: PluginContext, words: readonly string[]): Promise<number> {
  const completion = completionFor(commandTreeOf(context.program), words.length === 0 ? [""] : words);
  let candidates = completion.candidates;
  if (completion.dynamic !== undefined) {
    try {
      candidates = [...candidates, ...(await lookUp(await context.connect(connectionIn(words)), completion.dynamic))];
    } catch {
      candidates = [];
    }
  }
  context.out.write(completionOutput(candidates, completion.directive, words.at(-1) ?? ""));
  return pluginExitCodes.ok;
}

export const completeCommand: PluginCommand = {
  name: "__complete",
  hidden: true,
  raw: true,
  define(command) {
    command.description("print completions for the words given (Cobra's __complete protocol, for kubectl and the shell scripts)");
  },
  run: ({ args, context }) => complete(context, args),
};
