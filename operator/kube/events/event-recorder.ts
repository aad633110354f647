import type { Clock } from "../../clock/clock.ts";
import type { Logger } from "../../log/log.ts";
import type { KubeApi } from "../client/api-client.ts";
import { isAlreadyExists } from "../client/api-errors.ts";
import { microTime } from "../meta/meta-time.ts";
import type { KubeObject } from "../meta/kube-object.ts";
import { fullBucket, refilled, takeTokenIfAvailable } from "../runtime/rate-limiter.ts";
import type { TokenBucket, TokenBucketLimits } from "../runtime/rate-limiter.ts";
import { collectionPath, events, objectPath } from "../meta/resource-type.ts";

export interface EventInput {
  type: "Normal" | "Warning";
  /** UpperCamelCase, e.g. SuccessfulCreate. */
  reason: string;
  /** What the controller did or failed to do, e.g. CreateJob. */
  action: string;
  /** Human-readable; never a secret or PII. Credentials in URLs and signed query strings are censored anyway. */
  note: string;
  related?: KubeObject;
}

/** An Event a pure plan decides on; the shell records it with the object as `regarding` and `message` as the note. */
export interface PlannedEvent {
  type: EventInput["type"];
  reason: string;
  action: string;
  message: string;
}

interface Series {
  name: string;
  namespace: string;
  count: number;
  lastObservedMs: number;
}

export interface EventRecorderOptions {
  api: KubeApi;
  clock: Clock;
  log: Logger;
  /** reportingInstance: this replica's identity (pod name + suffix). */
  instance: string;
  /** Repeats within this window join the first event's series instead of creating new Events. */
  seriesWindowMs?: number;
  /** Per-object spam filter, like client-go's: a burst of 25, then one every 5 minutes. */
  perObject?: TokenBucketLimits;
}

export const reportingController = "exhaust-operator";
const upperCamelCase = /^[A-Z][A-Za-z0-9]*$/;
const noteLimit = 1024; // events.k8s.io/v1 rejects longer notes

/** Removes URL credentials and signed-URL parameters from a note. */
export function scrubNote(note: string): string {
  const scrubbed = note
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, "$1[REDACTED]@")
    .replace(/([?&](?:X-Amz-[A-Za-z-]+|Signature|sig|token|password|access_token)=)[^&\s]+/gi, "$1[REDACTED]");
  return scrubbed.length > noteLimit ? `${scrubbed.slice(0, noteLimit - 1)}…` : scrubbed;
}

/**
 * Records events.k8s.io/v1 Events about our objects. Repeats of the same event join a series (count and last
 * observed time are patched) instead of creating new objects, and each object has a spam budget. Recording is
 * best effort: a failure is logged and never fails the reconcile.
 */
export class EventRecorder {
  readonly #o: Required<EventRecorderOptions>;
  readonly #series = new Map<string, Series>();
  readonly #buckets = new Map<string, TokenBucket>();

  constructor(options: EventRecorderOptions) {
    this.#o = { seriesWindowMs: 6 * 60_000, perObject: { qps: 1 / 300, burst: 25 }, ...options };
  }

  async record(regarding: KubeObject, input: EventInput): Promise<void> {
    const { log, clock } = this.#o;
    const meta = regarding.metadata ?? {};
    if (!upperCamelCase.test(input.reason)) {
      log.error({ reason: input.reason }, "Event reason is not UpperCamelCase; event dropped");
      return;
    }
    const now = clock.now();
    const nowMs = now.getTime();
    const note = scrubNote(input.note);
    const seriesKey = [meta.uid, meta.namespace, meta.name, input.type, input.reason, input.action, note].join("\u0000");
    if (!this.#allowed(meta.uid ?? `${meta.namespace}/${meta.name}`, nowMs)) {
      log.debug({ reason: input.reason, name: meta.name }, "Event dropped by the per-object spam filter");
      return;
    }
    try {
      const series = this.#series.get(seriesKey);
      if (series && nowMs - series.lastObservedMs <= this.#o.seriesWindowMs) {
        series.count++;
        series.lastObservedMs = nowMs;
        await this.#o.api.request("PATCH", objectPath(events, series.namespace, series.name), {
          body: { series: { count: series.count, lastObservedTime: microTime(now) } },
          contentType: "application/merge-patch+json",
        });
        return;
      }
      const namespace = meta.namespace ?? "default";
      const name = `${meta.name}.${(BigInt(nowMs) * 1_000_000n + BigInt(this.#series.size)).toString(16)}`;
      await this.#o.api.request("POST", collectionPath(events, namespace), { body: this.#newEvent(regarding, input, note, name, namespace, now) });
      this.#series.set(seriesKey, { name, namespace, count: 1, lastObservedMs: nowMs });
      this.#forgetOldSeries(nowMs);
    } catch (err) {
      if (!isAlreadyExists(err)) log.warn({ err, reason: input.reason, name: meta.name }, "Event was not recorded");
    }
  }

  #newEvent(regarding: KubeObject, input: EventInput, note: string, name: string, namespace: string, now: Date) {
    return {
      apiVersion: "events.k8s.io/v1",
      kind: "Event",
      metadata: { name, namespace },
      eventTime: microTime(now),
      reportingController,
      reportingInstance: this.#o.instance,
      type: input.type,
      reason: input.reason,
      action: input.action,
      note,
      regarding: referenceTo(regarding),
      ...(input.related ? { related: referenceTo(input.related) } : {}),
    };
  }

  #allowed(objectKey: string, nowMs: number): boolean {
    const limits = this.#o.perObject;
    const taken = takeTokenIfAvailable(this.#buckets.get(objectKey) ?? fullBucket(limits, nowMs), limits, nowMs);
    this.#buckets.set(objectKey, taken.bucket);
    return taken.allowed;
  }

  // Keeps the maps bounded: series past their window can no longer be joined, and full buckets carry no state.
  #forgetOldSeries(nowMs: number): void {
    for (const [key, series] of this.#series) {
      if (nowMs - series.lastObservedMs > this.#o.seriesWindowMs) this.#series.delete(key);
    }
    const limits = this.#o.perObject;
    for (const [key, bucket] of this.#buckets) {
      if (refilled(bucket, limits, nowMs) >= limits.burst) this.#buckets.delete(key);
    }
  }
}

function referenceTo(obj: KubeObject) {
  const meta = obj.metadata ?? {};
  return { apiVersion: obj.apiVersion, kind: obj.kind, name: meta.name, namespace: meta.namespace, uid: meta.uid };
}
