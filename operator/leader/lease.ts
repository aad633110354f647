import type { Gauge } from "prom-client";
import { wakeableSleep, type CancelTimer, type Clock, type Timers } from "../clock/clock.ts";
import type { Logger } from "../log/log.ts";
import type { KubeApi } from "../kube/client/api-client.ts";
import { isAlreadyExists, isConflict, isNotFound } from "../kube/client/api-errors.ts";
import { jitteredMs } from "../kube/runtime/backoff.ts";
import { collectionPath, leases, objectPath } from "../kube/meta/resource-type.ts";
import { decide, defaultTimings, observe, releasedSpec } from "./lease-decision.ts";
import type { ElectionTimings, LeaseSpec, ObservedLease } from "./lease-decision.ts";

interface Lease {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace: string; resourceVersion?: string };
  spec?: LeaseSpec;
}

export interface LeaderElectorOptions {
  api: KubeApi;
  namespace: string;
  /** The Lease name; also the `name` label of leader_election_master_status. */
  name: string;
  /** From leaderIdentity(podName, suffix). */
  identity: string;
  clock: Clock & Timers;
  log: Logger;
  timings?: ElectionTimings;
  random?: () => number;
  masterStatus?: Gauge<"name">;
  onStartedLeading: () => void;
  /** Called at once when a renewal deadline passes or another holder is seen. The caller must stop all
   *  controllers and exit; this elector never tries to lead again. Not called for a voluntary `release`. */
  onStoppedLeading: () => void;
}

/**
 * Lease-based leader election (coordination.k8s.io/v1), as client-go's leaderelection: try to acquire every retry
 * period, renew while leading, write only with the resourceVersion last read, and give up leadership as soon as
 * the lease could not be renewed within the renew deadline (a timer enforces it even while a request hangs).
 */
export class LeaderElector {
  readonly #o: LeaderElectorOptions & { timings: ElectionTimings; random: () => number };
  #observed: ObservedLease | undefined;
  #leading = false;
  #stopped = false;
  #loop: Promise<void> | undefined;
  #cancelDeadline: CancelTimer = () => {};
  #wake: (() => void) | undefined;

  constructor(options: LeaderElectorOptions) {
    this.#o = { timings: defaultTimings, random: Math.random, ...options };
  }

  isLeader(): boolean {
    return this.#leading;
  }

  start(): void {
    this.#o.masterStatus?.set({ name: this.#o.name }, 0);
    this.#loop ??= this.#run();
  }

  /** Stops campaigning; when leading, writes an empty holder with a 1 s lease so a standby takes over at once. */
  async release(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#loop;
    if (!this.#leading) return;
    this.#setLeading(false);
    const observed = this.#observed;
    if (!observed) return;
    try {
      await this.#write("PUT", releasedSpec(observed.spec, this.#o.clock.now()), observed.resourceVersion);
      this.#o.log.info({ lease: this.#o.name }, "Released the leader Lease");
    } catch (err) {
      this.#o.log.warn({ err, lease: this.#o.name }, "Leader Lease was not released; it expires on its own");
    }
  }

  async #run(): Promise<void> {
    const { timings } = this.#o;
    while (!this.#stopped) {
      const held = await this.#tryAcquireOrRenew().catch((err: unknown) => {
        this.#o.log.warn({ err, lease: this.#o.name }, "Leader Lease request failed");
        return false;
      });
      if (this.#stopped) break;
      if (held) {
        this.#armDeadline();
        if (!this.#leading) {
          this.#setLeading(true);
          this.#o.log.info({ lease: this.#o.name, identity: this.#o.identity }, "Acquired the leader Lease");
          this.#o.onStartedLeading();
        }
      } else if (this.#leading && this.#observed?.spec.holderIdentity !== this.#o.identity) {
        this.#lose("another replica holds the Lease");
      }
      const pause = this.#leading ? timings.retryPeriodMs : jitteredMs(timings.retryPeriodMs * 1.6, 0.375, this.#o.random());
      await this.#sleep(pause); // standbys wait 1-2.2 retry periods, as client-go's 1.2 jitter factor does
    }
  }

  /** One attempt; true when we hold the Lease afterwards. */
  async #tryAcquireOrRenew(): Promise<boolean> {
    const { clock } = this.#o;
    const abort = new AbortController();
    const cancel = clock.after(this.#o.timings.retryPeriodMs * 2, () => abort.abort(new Error("Lease request timed out")));
    try {
      const current = await this.#read(abort.signal);
      const nowMs = clock.now().getTime();
      if (current) this.#observed = observe(this.#observed, current.spec ?? {}, current.metadata.resourceVersion ?? "", nowMs);
      const decision = decide(current ? this.#observed : undefined, this.#o.identity, clock.now(), this.#o.timings);
      if (decision.action === "wait") return false;
      const written =
        decision.action === "create"
          ? await this.#write("POST", decision.spec, undefined, abort.signal)
          : await this.#write("PUT", decision.spec, this.#observed?.resourceVersion, abort.signal);
      this.#observed = observe(this.#observed, written.spec ?? {}, written.metadata.resourceVersion ?? "", clock.now().getTime());
      return true;
    } catch (err) {
      if (isConflict(err) || isAlreadyExists(err)) return false; // another replica wrote first
      throw err;
    } finally {
      cancel();
    }
  }

  async #read(signal: AbortSignal): Promise<Lease | undefined> {
    try {
      return await this.#o.api.request<Lease>("GET", objectPath(leases, this.#o.namespace, this.#o.name), { signal });
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  #write(method: "POST" | "PUT", spec: LeaseSpec, resourceVersion: string | undefined, signal?: AbortSignal): Promise<Lease> {
    const { namespace, name } = this.#o;
    const body: Lease = {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name, namespace, ...(resourceVersion ? { resourceVersion } : {}) },
      spec,
    };
    const path = method === "POST" ? collectionPath(leases, namespace) : objectPath(leases, namespace, name);
    return this.#o.api.request<Lease>(method, path, { body, signal });
  }

  #armDeadline(): void {
    this.#cancelDeadline();
    this.#cancelDeadline = this.#o.clock.after(this.#o.timings.renewDeadlineMs, () => this.#lose("the renew deadline passed"));
  }

  #lose(why: string): void {
    if (!this.#leading) return;
    this.#stopped = true;
    this.#setLeading(false);
    this.#wake?.();
    this.#o.log.error({ lease: this.#o.name, identity: this.#o.identity, why }, "Lost the leader Lease");
    this.#o.onStoppedLeading();
  }

  #setLeading(leading: boolean): void {
    this.#leading = leading;
    if (!leading) this.#cancelDeadline();
    this.#o.masterStatus?.set({ name: this.#o.name }, leading ? 1 : 0);
  }

  #sleep(ms: number): Promise<void> {
    const sleep = wakeableSleep(this.#o.clock, ms);
    this.#wake = sleep.wake;
    return sleep.done.finally(() => (this.#wake = undefined));
  }

}
