import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";
import type { Logger } from "../log/log.ts";

export interface HealthServerOptions {
  /** 127.0.0.1 in tests and by default; 0.0.0.0 in a pod so the kubelet and Prometheus can reach it. */
  host: string;
  /** 0 picks a free port; the chosen one is returned. */
  port: number;
  registry: Registry;
  /** Named readiness checks, all of which must pass for /readyz: e.g. "informers" -> every cache synced. A
   *  standby replica is ready too: it serves probes and takes over the moment it wins the Lease. */
  readyChecks: Record<string, () => boolean>;
  log: Logger;
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/** Serves /metrics (Prometheus text), /healthz (the process answers) and /readyz (every check passes). */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://probe").pathname;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405).end();
      return;
    }
    if (path === "/healthz" || path === "/livez") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    } else if (path === "/readyz") {
      const results = Object.entries(options.readyChecks).map(([name, check]) => ({ name, ok: safely(check) }));
      const ready = results.every((r) => r.ok);
      const body = results.map((r) => `[${r.ok ? "+" : "-"}]${r.name} ${r.ok ? "ok" : "failed"}`).join("\n");
      res.writeHead(ready ? 200 : 503, { "content-type": "text/plain" }).end(`${body}\n${ready ? "ok" : "not ready"}\n`);
    } else if (path === "/metrics") {
      options.registry.metrics().then(
        (text) => res.writeHead(200, { "content-type": options.registry.contentType }).end(text),
        (err: unknown) => {
          options.log.error({ err }, "Metrics collection failed");
          res.writeHead(500).end();
        },
      );
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  options.log.info({ host: options.host, port }, "Health and metrics server listening");
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function safely(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}
