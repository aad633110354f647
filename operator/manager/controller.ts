import type { Informer } from "../kube/cache/informer.ts";
import type { Indexers } from "../kube/cache/informer-store.ts";
import type { KubeObject } from "../kube/meta/kube-object.ts";
import type { ResourceType } from "../kube/meta/resource-type.ts";
import type { BackoffPolicy } from "../kube/runtime/backoff.ts";
import type { Reconciler } from "../kube/runtime/reconcile-loop.ts";
import type { WorkQueue } from "../kube/runtime/work-queue.ts";

/** What a controller reads: one kind, optionally narrowed by a label selector, with the indexes it looks up. */
export interface InformerRequest<T> {
  labelSelector?: string;
  indexers?: Indexers<T>;
}

/**
 * What the manager hands a controller while it is set up, in controller-runtime's builder terms: shared informers,
 * the controller's own queue, and the three ways an informer's changes become keys in that queue.
 */
export interface ControllerBuilder {
  readonly queue: WorkQueue;
  /** The manager's informer for this kind and selector: one watch however many controllers read it. */
  informer<T extends KubeObject>(type: ResourceType, request?: InformerRequest<T>): Informer<T>;
  /** Queues the object's own key on every change and delete (controller-runtime's `For`). */
  reconciles<T extends KubeObject>(informer: Informer<T>): void;
  /** Queues the controller owner of kind `ownerKind` of every changed or deleted object (`Owns`). */
  owns<T extends KubeObject>(informer: Informer<T>, ownerKind: string): void;
  /** Queues the keys `map` returns for every changed or deleted object (`Watches` with a map function). */
  watches<T extends KubeObject>(informer: Informer<T>, map: (obj: T) => readonly string[]): void;
}

/** A controller the manager runs: its name (queue, metrics, logs), worker count and wiring. */
export interface Controller {
  name: string;
  workers: number;
  /** A pass running longer than this is aborted and counted as a timeout. */
  timeoutMs: number;
  /** The per-key backoff after a failed pass; client-go's (5 ms doubling to 5 minutes) when unset. */
  retryBackoff?: BackoffPolicy;
  /** Wires the controller's watches and returns its reconciler; called once, before the informers start. */
  setup(builder: ControllerBuilder): Reconciler;
}
