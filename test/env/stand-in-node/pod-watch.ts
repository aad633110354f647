import { Watch, type KubeConfig, type V1Pod } from "@kubernetes/client-node";
// Not re-exported by the package index; the path is stable because client-node is pinned at exactly 2.0.1.
import { ObjectSerializer } from "@kubernetes/client-node/dist/gen/models/ObjectSerializer.js";
import type { Logger } from "pino";
import type { KubeApi } from "./kube-api.ts";

// List + watch of all pods with our own restart loop: client-node's informer stops on any error other than 410
// (operator-practices.md §6), so this one relists on 410 and reconnects with backoff (1 s doubling to 30 s) on
// anything else. A relist reports pods that vanished meanwhile as removed.

export interface PodEvents {
  upsert(pod: V1Pod): void;
  remove(pod: V1Pod): void;
  /** After each full list: the first call is the stand-in's start (recovery point). */
  listed(first: boolean): void;
}

export interface PodWatch {
  stop(): void;
}

const uidOf = (p: V1Pod): string => p.metadata?.uid ?? "";
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function watchPods(kc: KubeConfig, api: KubeApi, events: PodEvents, log: Logger): PodWatch {
  const watch = new Watch(kc);
  const known = new Map<string, V1Pod>();
  let resourceVersion: string | undefined;
  let stopped = false;
  let abort: AbortController | undefined;
  let lists = 0;

  const relist = async (): Promise<void> => {
    const { items, resourceVersion: rv } = await api.listPods();
    const seen = new Set(items.map(uidOf));
    for (const [uid, pod] of known) {
      if (!seen.has(uid)) {
        known.delete(uid);
        events.remove(pod);
      }
    }
    for (const pod of items) {
      known.set(uidOf(pod), pod);
      events.upsert(pod);
    }
    resourceVersion = rv;
    events.listed(lists++ === 0);
  };

  const watchOnce = (): Promise<{ expired: boolean; err: unknown }> =>
    new Promise((resolve) => {
      let expired = false;
      const onEvent = (type: string, raw: unknown): void => {
        const obj = raw as { code?: number; metadata?: { resourceVersion?: string } };
        if (type === "ERROR") {
          expired = obj.code === 410;
          return;
        }
        if (obj.metadata?.resourceVersion) resourceVersion = obj.metadata.resourceVersion;
        if (type === "BOOKMARK") return;
        const pod = ObjectSerializer.deserialize(raw, "V1Pod", "") as V1Pod;
        if (type === "DELETED") {
          known.delete(uidOf(pod));
          events.remove(pod);
        } else {
          known.set(uidOf(pod), pod);
          events.upsert(pod);
        }
      };
      const query = { allowWatchBookmarks: true, resourceVersion, timeoutSeconds: 300 };
      watch
        .watch("/api/v1/pods", query, onEvent, (err: unknown) => resolve({ expired, err }))
        .then((c) => (abort = c))
        .catch((err: unknown) => resolve({ expired, err }));
    });

  const loop = async (): Promise<void> => {
    let backoffMs = 1000;
    while (!stopped) {
      try {
        if (resourceVersion === undefined) await relist();
        const { expired, err } = await watchOnce();
        if (stopped) return;
        if (expired || (err as { statusCode?: number } | null)?.statusCode === 410) {
          resourceVersion = undefined;
          continue;
        }
        // client-node 2.0.1 ends a quiet watch after 30 s of inactivity: a normal reconnect, not an error.
        if (!err || (err as Error).name === "TimeoutError") {
          backoffMs = 1000;
          continue;
        }
        throw err;
      } catch (err) {
        if (stopped) return;
        log.warn({ err, retryInMs: backoffMs }, "pod watch failed; restarting");
        await sleep(backoffMs);
        backoffMs = Math.min(30_000, backoffMs * 2);
      }
    }
  };

  void loop();
  return {
    stop() {
      stopped = true;
      abort?.abort();
    },
  };
}
