import type { CancelTimer, Clock, Timers } from "../../clock/clock.ts";
import { isGone } from "../client/api-errors.ts";
import type { ResourceSource, WatchHandle } from "./resource-source.ts";

/** How one watch connection ended: the informer relists on gone/relist and backs off when it was not healthy. */
export type WatchEnd = { kind: "gone" | "relist" | "stop" } | { kind: "ended"; err?: unknown; healthy: boolean };

export interface WatchSession {
  ended: Promise<WatchEnd>;
  /** Ends the session from outside (stop, relist, a manual restart); the connection is aborted. */
  end(end: WatchEnd): void;
}

export interface WatchSessionOptions {
  source: ResourceSource<unknown>;
  resourceVersion: string;
  timeoutSeconds: number;
  watchdogMs: number;
  clock: Clock & Timers;
  /** Called for ADDED, MODIFIED, DELETED and BOOKMARK; ERROR events end the session instead. */
  onEvent: (type: string, object: unknown) => void;
  onWatchdog: () => void;
}

// A watch that delivered nothing and ended within this time counts as a failure, so a server that closes every
// watch at once is retried with backoff instead of in a hot loop.
const minHealthyWatchMs = 1000;

/**
 * One watch connection: an inactivity watchdog, no events after it ended (late lines of an aborted stream are
 * dropped), a 410 (as an HTTP status or an ERROR event) reported as `gone`, and a verdict on whether it was
 * healthy: it delivered an event, or it was open for a while.
 */
export function openWatch(options: WatchSessionOptions): WatchSession {
  const { clock } = options;
  const startedMs = clock.now().getTime();
  let events = 0;
  let handle: WatchHandle | undefined;
  let done = false;
  let cancelWatchdog: CancelTimer = () => {};
  let resolveEnded!: (end: WatchEnd) => void;
  const ended = new Promise<WatchEnd>((resolve) => (resolveEnded = resolve));

  const end = (result: WatchEnd) => {
    if (done) return;
    done = true;
    cancelWatchdog();
    handle?.abort();
    resolveEnded(result);
  };
  const armWatchdog = () => {
    cancelWatchdog();
    cancelWatchdog = clock.after(options.watchdogMs, () => {
      options.onWatchdog();
      end({ kind: "ended", err: new Error("watch inactivity watchdog fired"), healthy: false });
    });
  };
  const onEvent = (type: string, object: unknown) => {
    if (done) return;
    events++;
    armWatchdog();
    if (type !== "ERROR") return options.onEvent(type, object);
    const code = (object as { code?: number } | undefined)?.code;
    if (code === 410) end({ kind: "gone" });
    else end({ kind: "ended", err: Object.assign(new Error("watch ERROR event"), { status: object }), healthy: false });
  };
  const onEnd = (err?: unknown) => {
    if (isGone(err)) return end({ kind: "gone" });
    const healthy = events > 0 || (handle !== undefined && clock.now().getTime() - startedMs >= minHealthyWatchMs);
    end({ kind: "ended", err, healthy });
  };

  armWatchdog();
  const query = { resourceVersion: options.resourceVersion, timeoutSeconds: options.timeoutSeconds };
  void options.source.watch(query, onEvent, onEnd).then((h) => {
    handle = h;
    if (done) h.abort();
  });
  return { ended, end };
}
