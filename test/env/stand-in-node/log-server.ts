// The kubelet's container-log endpoint, as much of it as `pods/log` needs: the API server proxies
// GET /api/v1/namespaces/<ns>/pods/<pod>/log?tailLines=N to GET https://<node>:<port>/containerLogs/<ns>/<pod>/<container>?tailLines=N,
// and the stand-in answers from the container's log file (stdout and stderr in one file). No follow, no
// timestamps. The API server does not verify a kubelet's serving certificate unless told a CA, so the apiserver's own
// pair serves here; nothing but the API server reaches this 127.0.0.1 port.
import { readFileSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { podFiles } from "./pod-files.ts";

/** `/containerLogs/<ns>/<pod>/<container>` -> its parts; undefined for any other path. */
export function containerLogPath(pathname: string): { namespace: string; pod: string; container: string } | undefined {
  const match = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)\/?$/.exec(pathname);
  if (match === null) return undefined;
  const [, namespace = "", pod = "", container = ""] = match.map((part) => decodeURIComponent(part));
  // Decoded after the split, so `..%2F` would climb out of the pods folder: Kubernetes names hold neither.
  if ([namespace, pod, container].some((part) => part.includes("/") || part === "." || part === "..")) return undefined;
  return { namespace, pod, container };
}

/** The last `tailLines` lines of a log (all of it when tailLines is absent or negative), as the kubelet returns them. */
export function logTail(text: string, tailLines: number | undefined): string {
  if (tailLines === undefined || tailLines < 0) return text;
  if (tailLines === 0) return "";
  const lines = text.endsWith("\n") ? text.slice(0, -1).split("\n") : text.split("\n");
  const kept = lines.slice(-tailLines);
  return text === "" ? "" : `${kept.join("\n")}\n`;
}

export interface LogServer {
  port: number;
  close(): Promise<void>;
}

export async function startLogServer(opts: { podsDir: string; certFile: string; keyFile: string }): Promise<LogServer> {
  const server = createServer({ cert: readFileSync(opts.certFile), key: readFileSync(opts.keyFile) }, (req, res) => {
    const url = new URL(req.url ?? "/", "https://127.0.0.1");
    const target = req.method === "GET" ? containerLogPath(url.pathname) : undefined;
    if (target === undefined) {
      res.writeHead(404).end("not found\n");
      return;
    }
    let text: string;
    try {
      text = readFileSync(podFiles(opts.podsDir, target.namespace, target.pod).log(target.container), "utf8");
    } catch {
      res.writeHead(404).end(`no log for container ${target.container} of pod ${target.namespace}/${target.pod}\n`);
      return;
    }
    const tail = url.searchParams.get("tailLines");
    res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" }).end(logTail(text, tail === null ? undefined : Number(tail)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
