import type { KubeConfig } from "@kubernetes/client-node";
import type { Counter } from "prom-client";
import type { Clock, Timers } from "../clock/clock.ts";
import type { KubeApi } from "../kube/client/api-client.ts";
import { Informer } from "../kube/cache/informer.ts";
import { apiServerSource } from "../kube/cache/resource-source.ts";
import type { KubeObject } from "../kube/meta/kube-object.ts";
import { apiVersionOf, type ResourceType } from "../kube/meta/resource-type.ts";
import type { Logger } from "../log/log.ts";
import type { InformerMetrics } from "../metrics/registry.ts";
import type { InformerRequest } from "./controller.ts";

export interface SharedInformersOptions {
  api: KubeApi;
  kc: KubeConfig;
  /** One namespace, or all when undefined. */
  namespace?: string;
  clock: Clock & Timers;
  log: Logger;
  metrics?: InformerMetrics;
  restClientRequests?: Counter<"code" | "method" | "host">;
}

/**
 * One informer per kind and label selector for the whole process (client-go's SharedInformerFactory): a second
 * controller asking for the same kind gets the same cache and adds its indexes to it, so the apiserver sees one
 * list and one watch per kind.
 */
export class SharedInformers {
  readonly #o: SharedInformersOptions;
  readonly #informers = new Map<string, Informer<KubeObject>>();
  #started = false;

  constructor(options: SharedInformersOptions) {
    this.#o = options;
  }

  get<T extends KubeObject>(type: ResourceType, request: InformerRequest<T> = {}): Informer<T> {
    const key = `${apiVersionOf(type)}/${type.plural}?${request.labelSelector ?? ""}`;
    let informer = this.#informers.get(key) as Informer<T> | undefined;
    if (informer === undefined) {
      if (this.#started) throw new Error(`informer for ${key} requested after the informers started`);
      const { api, kc, namespace, clock, log, metrics, restClientRequests } = this.#o;
      const selector = {
        ...(namespace === undefined ? {} : { namespace }),
        ...(request.labelSelector === undefined ? {} : { labelSelector: request.labelSelector }),
        // Watching one namespace, a cluster-scoped kind (Namespace) is read only for that namespace's own object,
        // so the RBAC can name it (resourceNames) instead of granting the whole kind.
        ...(namespace !== undefined && !type.namespaced ? { fieldSelector: `metadata.name=${namespace}` } : {}),
      };
      informer = new Informer<T>({
        name: type.plural,
        source: apiServerSource<T>(api, kc, type, selector, restClientRequests),
        clock,
        log,
        ...(metrics === undefined ? {} : { metrics }),
      });
      this.#informers.set(key, informer as unknown as Informer<KubeObject>);
    }
    if (request.indexers !== undefined) informer.addIndexers(request.indexers);
    return informer;
  }

  all(): Informer<KubeObject>[] {
    return [...this.#informers.values()];
  }

  start(): void {
    this.#started = true;
    for (const informer of this.#informers.values()) informer.start();
  }

  async synced(): Promise<void> {
    await Promise.all(this.all().map((i) => i.synced()));
  }

  hasSynced(): boolean {
    return this.all().every((i) => i.hasSynced());
  }

  async stop(): Promise<void> {
    await Promise.all(this.all().map((i) => i.stop()));
  }
}
