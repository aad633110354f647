import { KubeConfig } from "@kubernetes/client-node";
import { systemClock } from "../../operator/clock/clock.ts";
import { Informer } from "../../operator/kube/cache/informer.ts";
import { newKubeApi } from "../../operator/kube/client/api-client.ts";
import { apiServerSource } from "../../operator/kube/cache/resource-source.ts";
import type { KubeObject } from "../../operator/kube/meta/kube-object.ts";
import type { ResourceType } from "../../operator/kube/meta/resource-type.ts";
import type { Endpoints } from "../env/endpoints.ts";
import { newLogger } from "../../operator/log/log.ts";

/** A test's own watch (the operator's informer, as admin) on one kind in one namespace; the caller starts and stops it. */
export function watchNamespace<T extends KubeObject>(e: Endpoints, namespace: string, type: ResourceType, labelSelector?: string): Informer<T> {
  const kc = new KubeConfig();
  kc.loadFromFile(e.k8s.adminKubeconfig);
  return new Informer<T>({
    name: `test-${type.plural}`,
    source: apiServerSource(newKubeApi(kc), kc, type, { namespace, labelSelector }),
    clock: systemClock,
    log: newLogger({ level: "silent" }),
  });
}
