import { Watch } from "@kubernetes/client-node";
import type { KubeConfig } from "@kubernetes/client-node";
import type { Counter } from "prom-client";
import type { KubeApi } from "../client/api-client.ts";
import type { KubeObject } from "../meta/kube-object.ts";
import { apiVersionOf, collectionPath } from "../meta/resource-type.ts";
import type { ResourceType } from "../meta/resource-type.ts";

export interface ListPage<T> {
  items: T[];
  resourceVersion: string;
  continueToken?: string;
}

export interface WatchHandle {
  abort(): void;
}

/** Where an informer lists and watches from; the real one is the API server, tests may feed their own. */
export interface ResourceSource<T> {
  list(options: { limit: number; continueToken?: string }): Promise<ListPage<T>>;
  /** Opens a watch from `resourceVersion`; `onEnd` is called once when it ends, with the error if it failed. */
  watch(
    options: { resourceVersion: string; timeoutSeconds: number },
    onEvent: (type: string, object: unknown) => void,
    onEnd: (err?: unknown) => void,
  ): Promise<WatchHandle>;
}

export interface SourceSelector {
  /** Undefined watches all namespaces. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

interface ListBody<T> {
  items?: T[];
  metadata?: { resourceVersion?: string; continue?: string };
}

/**
 * Lists through our JSON client and watches with client-node's Watch (bookmarks on, server timeout set), so
 * cached objects look the same whichever way they arrived. List items lack apiVersion/kind; they are filled in.
 */
export function apiServerSource<T extends KubeObject>(
  api: KubeApi,
  kc: KubeConfig,
  type: ResourceType,
  selector: SourceSelector = {},
  restClientRequests?: Counter<"code" | "method" | "host">,
): ResourceSource<T> {
  const path = collectionPath(type, selector.namespace);
  const selectors = { labelSelector: selector.labelSelector, fieldSelector: selector.fieldSelector };
  const watcher = new Watch(kc);
  const host = new URL(kc.getCurrentCluster()?.server ?? "http://unknown").host;
  return {
    async list({ limit, continueToken }) {
      const body = await api.request<ListBody<T>>("GET", path, { query: { ...selectors, limit, continue: continueToken } });
      const items = (body.items ?? []).map((item) => ({ ...item, apiVersion: apiVersionOf(type), kind: type.kind }));
      return { items, resourceVersion: body.metadata?.resourceVersion ?? "", continueToken: body.metadata?.continue || undefined };
    },
    async watch({ resourceVersion, timeoutSeconds }, onEvent, onEnd) {
      const query = { ...selectors, resourceVersion, allowWatchBookmarks: true, timeoutSeconds };
      // Watch requests bypass the generated clients, so they are counted here: the response code when the watch
      // failed to open, 200 once it is streaming. What happens later on an open stream is not a request outcome.
      const count = (code: string) => restClientRequests?.inc({ code, method: "GET", host });
      let settled = false;
      const done = (err: unknown) => {
        if (!settled && err) {
          settled = true;
          count(String((err as { statusCode?: number }).statusCode ?? "<error>"));
        }
        onEnd(err ?? undefined);
      };
      try {
        const controller = await watcher.watch(path, query, (eventType, object) => onEvent(eventType, object), done);
        if (!settled) count("200");
        settled = true;
        return { abort: () => controller.abort() };
      } catch (err) {
        done(err);
        return { abort: () => undefined };
      }
    },
  };
}
