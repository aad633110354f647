import { IsomorphicFetchHttpLibrary, Observable, RequestContext } from "@kubernetes/client-node";
import type { HttpLibrary, HttpMethod, KubeConfig, ResponseContext } from "@kubernetes/client-node";
import type { Counter } from "prom-client";
import { KubeApiError } from "./api-errors.ts";

type RestCounter = Counter<"code" | "method" | "host">;

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** For PATCH: application/merge-patch+json, application/apply-patch+yaml, ... Defaults to application/json. */
  contentType?: string;
  signal?: AbortSignal;
  /** "text" returns the body as it came (pods/log), never parsed as JSON. */
  responseType?: "json" | "text";
}

/**
 * Plain-JSON access to any API path through client-node's transport and kubeconfig authentication. The generated
 * clients turn timestamps into Date objects and drop unknown fields of custom resources; the cache, deep-equal
 * checks and merge patches need the objects exactly as the API server sent them.
 */
export interface KubeApi {
  request<T>(method: HttpMethod, path: string, options?: RequestOptions): Promise<T>;
}

/** Counts every request in rest_client_requests_total{code,method,host}; transport errors count as "<error>". */
export function countingHttpLibrary(counter: RestCounter | undefined): HttpLibrary {
  const inner = new IsomorphicFetchHttpLibrary();
  return {
    send(request: RequestContext) {
      const method = request.getHttpMethod();
      const host = new URL(request.getUrl()).host;
      const sent: Promise<ResponseContext> = inner
        .send(request)
        .toPromise()
        .then(
          (response) => {
            counter?.inc({ code: String(response.httpStatusCode), method, host });
            return response;
          },
          (err: unknown) => {
            counter?.inc({ code: "<error>", method, host });
            throw err;
          },
        );
      return new Observable(sent);
    },
  };
}

const serverOf = (kc: KubeConfig): string => {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error("the kubeconfig has no current cluster");
  return cluster.server;
};

export function newKubeApi(kc: KubeConfig, counter?: RestCounter): KubeApi {
  const http = countingHttpLibrary(counter);
  const server = serverOf(kc);
  return {
    async request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
      const url = new URL(server + path);
      for (const [name, value] of Object.entries(options.query ?? {})) {
        if (value !== undefined) url.searchParams.set(name, String(value));
      }
      const ctx = new RequestContext(url.toString(), method);
      ctx.setHeaderParam("Accept", "application/json");
      ctx.setHeaderParam("User-Agent", "exhaust-operator");
      if (options.body !== undefined) {
        ctx.setHeaderParam("Content-Type", options.contentType ?? "application/json");
        ctx.setBody(JSON.stringify(options.body));
      }
      if (options.signal) ctx.setSignal(options.signal);
      await kc.applySecurityAuthentication(ctx);
      const response = await http.send(ctx).toPromise();
      const text = await response.body.text();
      const parsed: unknown = text ? parseJson(text) : undefined;
      if (response.httpStatusCode >= 300) throw KubeApiError.fromResponse(method, path, response.httpStatusCode, parsed);
      return (options.responseType === "text" ? text : parsed) as T;
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
