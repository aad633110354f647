import type { KubeConfig } from "@kubernetes/client-node";
import type { Clock, Timers } from "../clock/clock.ts";
import { startHealthServer, type HealthServer } from "../health/server.ts";
import type { KubeApi } from "../kube/client/api-client.ts";
import type { Informer } from "../kube/cache/informer.ts";
import { keyOf, type KubeObject } from "../kube/meta/kube-object.ts";
import { startReconcileLoop, type ReconcileLoop, type Reconciler } from "../kube/runtime/reconcile-loop.ts";
import { defaultRateLimiterOptions, RateLimiter } from "../kube/runtime/rate-limiter.ts";
import { WorkQueue } from "../kube/runtime/work-queue.ts";
import { LeaderElector } from "../leader/lease.ts";
import type { ElectionTimings } from "../leader/lease-decision.ts";
import type { Logger } from "../log/log.ts";
import type { OperatorMetrics } from "../metrics/registry.ts";
import type { Controller, ControllerBuilder } from "./controller.ts";
import { gracefulShutdown } from "./graceful-shutdown.ts";
import { controllerOwnerKey } from "./owner-key.ts";
import { SharedInformers } from "./shared-informers.ts";

export interface ManagerOptions {
  api: KubeApi;
  kc: KubeConfig;
  /** Watch one namespace; all when undefined. */
  namespace?: string;
  clock: Clock & Timers;
  log: Logger;
  metrics: OperatorMetrics;
  /** Without it every replica runs the controllers (one replica only, `strategy: Recreate`). */
  leaderElection?: { namespace: string; name: string; identity: string; timings?: ElectionTimings };
  health: { host: string; port: number };
  drainTimeoutMs: number;
  /** Called when the Lease is lost: the process must exit (after leaseLost()), as client-go's leader election expects. */
  onLostLease: () => void;
}

interface Registered {
  controller: Controller;
  queue: WorkQueue;
  reconcile: Reconciler;
}

/**
 * Runs controllers in one process, as controller-runtime's manager does: shared informers (one watch per kind),
 * a queue and reconcile loop per controller, one leader election for all of them, one health and metrics server,
 * and one graceful shutdown. Caches fill on every replica; only the leader reconciles.
 */
export class ControllerManager {
  readonly #o: ManagerOptions;
  readonly #informers: SharedInformers;
  readonly #controllers: Registered[] = [];
  readonly #closers: (() => Promise<void>)[] = [];
  readonly #loops: ReconcileLoop[] = [];
  #elector: LeaderElector | undefined;
  #health: HealthServer | undefined;
  #leaseLost = false;
  readonly shutdown: (reason: string) => Promise<number>;

  constructor(options: ManagerOptions) {
    this.#o = options;
    this.#informers = new SharedInformers({
      api: options.api,
      kc: options.kc,
      ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
      clock: options.clock,
      log: options.log,
      metrics: options.metrics.informer,
      restClientRequests: options.metrics.restClientRequests,
    });
    this.shutdown = gracefulShutdown(
      {
        stopIntake: () => this.#controllers.forEach((c) => c.queue.shutDown()),
        // After a lost Lease another replica may lead already: passes in flight are not waited for.
        drain: async (timeoutMs) => (await Promise.all(this.#loops.map((l) => l.stop(this.#leaseLost ? 0 : timeoutMs)))).every(Boolean),
        release: async () => this.#elector?.release(),
        close: async () => {
          await this.#informers.stop();
          for (const close of this.#closers) await close();
          await this.#health?.close();
        },
      },
      { drainTimeoutMs: options.drainTimeoutMs, log: options.log },
    );
  }

  /** Shuts down at once, without waiting for passes in flight: called when the Lease was lost. */
  leaseLost(): Promise<number> {
    this.#leaseLost = true;
    return this.shutdown("lost the leader Lease");
  }

  /** Registers a controller; its informers, queue and watches are wired now, its workers start with leadership. */
  add(controller: Controller): void {
    const { clock, metrics } = this.#o;
    const queue = new WorkQueue({
      name: controller.name,
      clock,
      metrics: metrics.workqueue,
      ...(controller.retryBackoff === undefined ? {} : { rateLimiter: new RateLimiter({ ...defaultRateLimiterOptions, perKey: controller.retryBackoff }) }),
    });
    const enqueueFrom = <T extends KubeObject>(informer: Informer<T>, keysOf: (obj: T) => readonly (string | undefined)[]) => {
      const add = (obj: T) => {
        for (const key of keysOf(obj)) if (key !== undefined) queue.add(key);
      };
      informer.onChange(add);
      informer.onDelete(add);
    };
    const builder: ControllerBuilder = {
      queue,
      informer: (type, request) => this.#informers.get(type, request),
      reconciles: (informer) => enqueueFrom(informer, (obj) => [keyOf(obj)]),
      owns: (informer, ownerKind) => enqueueFrom(informer, (obj) => [controllerOwnerKey(obj, ownerKind)]),
      watches: (informer, map) => enqueueFrom(informer, map),
    };
    this.#controllers.push({ controller, queue, reconcile: controller.setup(builder) });
  }

  /** Closed after the informers stop, in the order added (store clients and the like). */
  onClose(close: () => Promise<void>): void {
    this.#closers.push(close);
  }

  /** Starts the informers and the health server, waits for the caches, then campaigns (or starts at once). */
  async start(): Promise<{ healthPort: number }> {
    const { api, clock, log, metrics, leaderElection } = this.#o;
    this.#informers.start();
    this.#health = await startHealthServer({
      host: this.#o.health.host,
      port: this.#o.health.port,
      registry: metrics.registry,
      readyChecks: { informers: () => this.#informers.hasSynced() },
      log,
    });
    await this.#informers.synced();
    log.info({ controllers: this.#controllers.map((c) => c.controller.name), informers: this.#informers.all().length }, "Caches synced");
    if (leaderElection === undefined) {
      this.#startControllers();
    } else {
      this.#elector = new LeaderElector({
        api,
        ...leaderElection,
        clock,
        log,
        masterStatus: metrics.leaderElectionMasterStatus,
        onStartedLeading: () => this.#startControllers(),
        onStoppedLeading: this.#o.onLostLease,
      });
      this.#elector.start();
    }
    return { healthPort: this.#health.port };
  }

  #startControllers(): void {
    const { clock, log, metrics } = this.#o;
    for (const { controller, queue, reconcile } of this.#controllers) {
      log.info({ controller: controller.name, identity: this.#o.leaderElection?.identity }, "Starting controller");
      this.#loops.push(
        startReconcileLoop({ name: controller.name, queue, reconcile, workers: controller.workers, timeoutMs: controller.timeoutMs, clock, log, metrics: metrics.reconcile }),
      );
    }
  }
}
