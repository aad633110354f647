import type { Clock } from "../../clock/clock.ts";
import { controllerOwnerUid } from "../../kube/meta/kube-object.ts";
import type { ActiveJobCounts } from "../capacity/admission-slots.ts";
import { activeJobsIn, BY_UID, type RequestCaches } from "./caches.ts";
import type { ActiveByChannel } from "../capacity/slot-wakeups.ts";

interface Expected {
  requestKey: string;
  channel: string;
  atMs: number;
}

/**
 * The shell's book-keeping around D17 that the caches cannot give: Jobs created but not yet seen by the informer
 * (client-go's "expectations"), a lock so two workers never hand out the same free slot, and the requests waiting
 * for a slot in arrival order. All of it is rebuilt from observed Jobs after a restart; none of it is status.
 */
export class RunnerSlots {
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #expected = new Map<string, Expected>();
  readonly #waiting = new Map<string, string>();
  #tail: Promise<void> = Promise.resolve();

  constructor(clock: Clock, expectationTtlMs = 120_000) {
    this.#clock = clock;
    this.#ttlMs = expectationTtlMs;
  }

  /** Serialises slot hand-out: resolves with the release function once the caller holds the lock. */
  lock(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const acquired = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => held);
    return acquired;
  }

  /** A Job was created (key `namespace/name`); it counts as active until the informer reports it. */
  expect(jobKey: string, requestKey: string, channel: string): void {
    this.#expected.set(jobKey, { requestKey, channel, atMs: this.#clock.now().getTime() });
  }

  /** The informer reported the Job (changed or deleted): the cache now speaks for it. */
  seen(jobKey: string): void {
    this.#expected.delete(jobKey);
  }

  /** Names of this request's Jobs created but not yet reported by the informer. */
  expectedFor(requestKey: string): string[] {
    this.#prune();
    return [...this.#expected.entries()].filter(([, e]) => e.requestKey === requestKey).map(([jobKey]) => jobKey.slice(jobKey.indexOf("/") + 1));
  }

  /** Active runner Jobs over all requests and per channel: the caches plus the expectations they do not show yet. */
  activeByChannel(caches: RequestCaches): ActiveByChannel {
    this.#prune();
    const byChannel = new Map<string, number>();
    const count = (channel: string | undefined) => {
      if (channel !== undefined) byChannel.set(channel, (byChannel.get(channel) ?? 0) + 1);
    };
    const active = activeJobsIn(caches);
    for (const job of active) {
      const uid = controllerOwnerUid(job);
      count(uid === undefined ? undefined : caches.requests.byIndex(BY_UID, uid)[0]?.spec.requestedChannel);
    }
    let global = active.length;
    for (const [jobKey, e] of this.#expected) {
      if (caches.jobs.store.getByKey(jobKey) !== undefined) continue;
      global++;
      count(e.channel);
    }
    return { global, byChannel };
  }

  countsFor(caches: RequestCaches, channel: string): ActiveJobCounts {
    const active = this.activeByChannel(caches);
    return { global: active.global, inChannel: active.byChannel.get(channel) ?? 0 };
  }

  /** Records whether the request has batches waiting for a slot; keeps its place in line while it waits. */
  setWaiting(requestKey: string, channel: string | undefined): void {
    if (channel === undefined) this.#waiting.delete(requestKey);
    else if (!this.#waiting.has(requestKey)) this.#waiting.set(requestKey, channel);
  }

  waiting(): [string, string][] {
    return [...this.#waiting.entries()];
  }

  #prune(): void {
    const oldest = this.#clock.now().getTime() - this.#ttlMs;
    for (const [key, e] of this.#expected) if (e.atMs < oldest) this.#expected.delete(key);
  }
}
