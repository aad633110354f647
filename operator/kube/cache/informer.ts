import { wakeableSleep, type CancelTimer, type Clock, type Timers } from "../../clock/clock.ts";
import type { Logger } from "../../log/log.ts";
import type { InformerMetrics } from "../../metrics/registry.ts";
import { isGone } from "../client/api-errors.ts";
import { backoffDelayMs, jitteredMs } from "../runtime/backoff.ts";
import type { BackoffPolicy } from "../runtime/backoff.ts";
import { InformerStore } from "./informer-store.ts";
import type { ChangeType, Indexers } from "./informer-store.ts";
import type { KubeObject } from "../meta/kube-object.ts";
import type { ResourceSource } from "./resource-source.ts";
import { openWatch } from "./watch-session.ts";
import type { WatchEnd } from "./watch-session.ts";

export interface InformerOptions<T> {
  /** Names the resource in logs and in the `resource` metric label, e.g. "jobs". */
  name: string;
  source: ResourceSource<T>;
  indexers?: Indexers<T>;
  clock: Clock & Timers;
  log: Logger;
  metrics?: InformerMetrics;
  random?: () => number;
  pageSize?: number;
  /** Full relist period (jittered ±20%); it repairs anything a silently broken watch missed. */
  relistPeriodMs?: number;
  /** A watch with no event and no bookmark for this long is presumed dead and restarted. */
  watchdogMs?: number;
  /** Delay between failed list or watch attempts. */
  backoff?: BackoffPolicy;
}

/**
 * List-then-watch cache of one resource, the restart logic client-node's ListWatch lacks: paginated lists, watches
 * with bookmarks from the list's resourceVersion, 410 Gone -> relist, any other end or error -> re-watch with
 * capped, jittered backoff, an inactivity watchdog and a periodic relist that emits deletes for vanished objects
 * and re-notifies every object. Reads come from the cache and are frozen.
 */
export class Informer<T extends KubeObject> {
  readonly store: InformerStore<T>;
  readonly #o: Required<Omit<InformerOptions<T>, "indexers" | "metrics">> & Pick<InformerOptions<T>, "metrics">;
  readonly #labels: { resource: string };
  readonly #changeHandlers: ((obj: T, type: ChangeType) => void)[] = [];
  readonly #deleteHandlers: ((obj: T) => void)[] = [];
  #resourceVersion = "";
  #stopped = false;
  #running: Promise<void> | undefined;
  #endWatch: ((end: WatchEnd) => void) | undefined;
  #wakeSleep: (() => void) | undefined;
  #cancelRelist: CancelTimer = () => {};
  #resolveSynced!: () => void;
  readonly #synced = new Promise<void>((resolve) => (this.#resolveSynced = resolve));
  #hasSynced = false;

  constructor(options: InformerOptions<T>) {
    this.store = new InformerStore(options.indexers);
    this.#o = {
      random: Math.random,
      pageSize: 500,
      relistPeriodMs: 10 * 60_000,
      watchdogMs: 90_000,
      backoff: { baseMs: 1000, capMs: 30_000, jitter: 0.2 },
      ...options,
    };
    this.#labels = { resource: options.name };
  }

  onChange(handler: (obj: T, type: ChangeType) => void): void {
    this.#changeHandlers.push(handler);
  }

  onDelete(handler: (obj: T) => void): void {
    this.#deleteHandlers.push(handler);
  }

  /**
   * Stores an object this process just wrote (the API server's answer), as if the watch had delivered it, and tells
   * every handler. The watch event for the same resourceVersion is then a no-op, so handlers must hear it here: on a
   * shared informer another controller may be waiting for exactly this change (a schedule for its run's status).
   */
  learn(obj: T): void {
    // Only a version newer than everything the list and watch delivered so far: the answer to our write can arrive
    // after the watch already brought a later change (or the deletion), and must not put the older state back.
    if (!isNewer(obj.metadata?.resourceVersion, this.#resourceVersion)) return;
    const change = this.store.upsert(obj);
    if (change) this.#emitChange(change.obj, change.type);
  }

  /** Adds indexes before the informer starts (see InformerStore.addIndexers). */
  addIndexers(indexers: Indexers<T>): void {
    this.store.addIndexers(indexers);
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.store.get(namespace, name);
  }

  list(namespace?: string): T[] {
    return this.store.list(namespace);
  }

  byIndex(indexName: string, value: string): T[] {
    return this.store.byIndex(indexName, value);
  }

  /** Resolves after the first full list is in the cache. */
  synced(): Promise<void> {
    return this.#synced;
  }

  hasSynced(): boolean {
    return this.#hasSynced;
  }

  start(): void {
    this.#running ??= this.#run();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#cancelRelist();
    this.#endWatch?.({ kind: "stop" });
    this.#wakeSleep?.();
    await this.#running;
  }

  /** Ends the current watch as if the connection had dropped; it reconnects from the last resourceVersion. */
  restartWatch(): void {
    this.#endWatch?.({ kind: "ended", healthy: true });
  }

  /** Ends the current watch and lists everything again now. */
  relist(): void {
    this.#endWatch?.({ kind: "relist" });
  }

  async #run(): Promise<void> {
    let failures = 0;
    let mustList = true;
    let first = true;
    while (!this.#stopped) {
      let retry = false;
      try {
        if (mustList) {
          if (!first) this.#o.metrics?.relists.inc(this.#labels);
          await this.#listAll();
          first = false;
          mustList = false;
          this.#scheduleRelist();
        } else {
          this.#o.metrics?.reconnects.inc(this.#labels);
        }
        if (this.#stopped) break; // stop() came while listing: there is no watch for it to end
        const end = await this.#watchOnce();
        if (end.kind === "gone" || end.kind === "relist") mustList = true;
        if (end.kind === "ended") {
          if (end.healthy) failures = 0;
          if (end.err && !isQuietTimeout(end.err, end.healthy)) {
            this.#o.metrics?.errors.inc(this.#labels);
            this.#o.log.warn({ resource: this.#o.name, err: end.err }, "Watch failed; reconnecting");
            retry = true;
          }
          retry ||= !end.healthy;
        }
      } catch (err) {
        this.#o.metrics?.errors.inc(this.#labels);
        this.#o.log.warn({ resource: this.#o.name, err }, "List failed; retrying");
        mustList = true;
        retry = true;
      }
      if (retry && !this.#stopped) await this.#sleep(backoffDelayMs(this.#o.backoff, failures++, this.#o.random()));
    }
  }

  async #listAll(): Promise<void> {
    const items: T[] = [];
    let continueToken: string | undefined;
    let resourceVersion = "";
    do {
      try {
        const page = await this.#o.source.list({ limit: this.#o.pageSize, continueToken });
        items.push(...page.items);
        resourceVersion = page.resourceVersion;
        continueToken = page.continueToken;
      } catch (err) {
        // An expired continue token means the list's snapshot was compacted away: start the list over.
        if (!continueToken || !isGone(err)) throw err;
        items.length = 0;
        continueToken = undefined;
      }
    } while (continueToken && !this.#stopped);
    if (this.#stopped) return; // a partial list would report every unlisted object as deleted
    const { changes, deleted } = this.store.replace(items);
    this.#resourceVersion = resourceVersion;
    for (const obj of deleted) this.#emitDelete(obj);
    for (const change of changes) this.#emitChange(change.obj, change.type);
    if (!this.#hasSynced) {
      this.#hasSynced = true;
      this.#resolveSynced();
    }
  }

  #watchOnce(): Promise<WatchEnd> {
    const session = openWatch({
      source: this.#o.source,
      resourceVersion: this.#resourceVersion,
      timeoutSeconds: Math.floor(300 * (1 + this.#o.random())), // client-go's 5-10 min spread
      watchdogMs: this.#o.watchdogMs,
      clock: this.#o.clock,
      onEvent: (type, object) => {
        this.#o.metrics?.events.inc({ ...this.#labels, type });
        this.#apply(type, object as T);
      },
      onWatchdog: () => this.#o.log.warn({ resource: this.#o.name }, "Watch was silent too long; restarting it"),
    });
    this.#endWatch = session.end;
    return session.ended.finally(() => (this.#endWatch = undefined));
  }

  #apply(type: string, obj: T): void {
    const resourceVersion = obj.metadata?.resourceVersion;
    if (resourceVersion) this.#resourceVersion = resourceVersion;
    if (type === "ADDED" || type === "MODIFIED") {
      const change = this.store.upsert(obj);
      if (change) this.#emitChange(change.obj, change.type);
    } else if (type === "DELETED") {
      const removed = this.store.remove(obj);
      if (removed) this.#emitDelete(removed);
    }
    // BOOKMARK carries only the resourceVersion, recorded above.
  }

  #scheduleRelist(): void {
    this.#cancelRelist();
    const delay = jitteredMs(this.#o.relistPeriodMs, 0.2, this.#o.random());
    this.#cancelRelist = this.#o.clock.after(delay, () => this.relist());
  }

  #sleep(ms: number): Promise<void> {
    const sleep = wakeableSleep(this.#o.clock, ms);
    this.#wakeSleep = sleep.wake;
    return sleep.done.finally(() => (this.#wakeSleep = undefined));
  }


  #emitChange(obj: T, type: ChangeType): void {
    for (const handler of this.#changeHandlers) this.#safely(() => handler(obj, type));
  }

  #emitDelete(obj: T): void {
    for (const handler of this.#deleteHandlers) this.#safely(() => handler(obj));
  }

  #safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.#o.log.error({ resource: this.#o.name, err }, "Informer event handler threw");
    }
  }
}

// client-node 2.0.1 aborts a watch after 30 s without a byte; on a quiet but healthy watch that is routine.
const isQuietTimeout = (err: unknown, healthy: boolean): boolean =>
  healthy && err instanceof Error && err.name === "TimeoutError";

/**
 * resourceVersions are opaque to clients, but etcd's are increasing integers; only when both are integers can one be
 * called newer, and otherwise nothing is learned (the watch brings the object soon anyway).
 */
function isNewer(candidate: string | undefined, seen: string): boolean {
  if (candidate === undefined || !/^[0-9]+$/.test(candidate)) return false;
  return seen === "" || (/^[0-9]+$/.test(seen) && BigInt(candidate) > BigInt(seen));
}
