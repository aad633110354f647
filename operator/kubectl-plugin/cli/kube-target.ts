import { KubeConfig } from "@kubernetes/client-node";
import { newKubeApi } from "../../kube/client/api-client.ts";
import type { ConnectionFlags, KubeTarget } from "./plugin-context.ts";
import { PluginError } from "./plugin-error.ts";

/**
 * Loads the kubeconfig as kubectl does: --kubeconfig, else KUBECONFIG, else ~/.kube/config (client-node's
 * loadFromDefault, which also tries the in-cluster service account). --context picks a context, and the namespace
 * is --namespace, else the context's namespace, else "default".
 */
export function kubeTargetFor(flags: ConnectionFlags): KubeTarget {
  const kc = new KubeConfig();
  try {
    if (flags.kubeconfig !== undefined) kc.loadFromFile(flags.kubeconfig);
    else kc.loadFromDefault();
  } catch (err) {
    throw new PluginError(`cannot load the kubeconfig${flags.kubeconfig === undefined ? "" : ` ${flags.kubeconfig}`}: ${(err as Error).message}`, {
      hint: "pass --kubeconfig <file> or set KUBECONFIG to a readable kubeconfig",
    });
  }
  if (flags.context !== undefined) {
    if (kc.getContextObject(flags.context) === null) {
      const known = kc.getContexts().map((c) => c.name);
      throw new PluginError(`context "${flags.context}" is not in the kubeconfig (it has: ${known.join(", ") || "none"})`, {
        hint: "list the contexts with `kubectl config get-contexts` and pass one with --context",
      });
    }
    kc.setCurrentContext(flags.context);
  }
  if (kc.getCurrentCluster() === null) {
    throw new PluginError("the kubeconfig has no current context with a cluster", {
      hint: "pass --context <name>, or select one with `kubectl config use-context <name>`",
    });
  }
  const namespace = flags.namespace ?? kc.getContextObject(kc.getCurrentContext())?.namespace ?? "default";
  return { kc, api: newKubeApi(kc), namespace };
}
