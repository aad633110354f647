import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { podFiles, readIfExists } from "./pod-files.ts";

export interface ContainerLogsServer {
  port: number;
  close(): Promise<void>;
}

const PATH = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)$/;

/** The last `lines` lines of a log (a trailing newline does not count as a line of its own). */
export function lastLines(text: string, lines: number): string {
  const all = text.split("\n");
  const trailing = all.at(-1) === "" ? all.pop() : undefined;
  return [...all.slice(Math.max(0, all.length - lines)), ...(trailing === undefined ? [] : [""])].join("\n");
}

/**
 * The kubelet's `/containerLogs/<namespace>/<pod>/<container>` endpoint, so pods/log (`kubectl logs`, the plugin's
 * `logs`, the operator's progress reads) works on the stand-in node: the API server proxies it to the Node's
 * InternalIP and status.daemonEndpoints.kubeletEndpoint.Port over TLS it does not verify (the test stack sets no
 * --kubelet-certificate-authority), so a self-signed pair made here serves it. It returns the container's log file
 * as it is now, honouring tailLines and limitBytes; follow is not supported (the log is returned and the call ends).
 * Loopback only, and no client authentication: it is a test stack's kubelet.
 */
export function startContainerLogsServer(podsDir: string, certDir: string): Promise<ContainerLogsServer> {
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "kubelet.key", "-out", "kubelet.crt", "-days", "30", "-subj", "/CN=stand-in-kubelet", "-addext", "subjectAltName=IP:127.0.0.1"],
    { cwd: certDir, stdio: ["ignore", "ignore", "pipe"] },
  );
  const server = createServer({ key: readFileSync(join(certDir, "kubelet.key")), cert: readFileSync(join(certDir, "kubelet.crt")) }, (req, res) => {
    const url = new URL(req.url ?? "/", "https://127.0.0.1");
    const match = PATH.exec(url.pathname);
    if (req.method !== "GET" || match === null) {
      res.writeHead(404).end("not found\n");
      return;
    }
    const [, namespace = "", pod = "", container = ""] = match.map((part) => decodeURIComponent(part));
    const log = readIfExists(podFiles(podsDir, namespace, pod).log(container));
    if (log === undefined) {
      res.writeHead(404).end(`no log for container ${container} of pod ${namespace}/${pod}\n`);
      return;
    }
    const tail = Number(url.searchParams.get("tailLines") ?? NaN);
    const limit = Number(url.searchParams.get("limitBytes") ?? NaN);
    let text = log.toString("utf8");
    if (Number.isInteger(tail) && tail >= 0) text = lastLines(text, tail);
    let body = Buffer.from(text, "utf8");
    if (Number.isInteger(limit) && limit > 0) body = body.subarray(0, limit);
    res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" }).end(body);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      resolve({ port: (server.address() as AddressInfo).port, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}
