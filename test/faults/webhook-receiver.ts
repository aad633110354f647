import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestCluster } from "../e2e/support/cluster.ts";

// Scenario 6's webhook: a loopback HTTP server standing in for a user's completion webhook whose URL carries a
// token (`?token=…`, as Slack-style and CI hooks do). Requests whose URL path is /fail are answered 503, so the
// operator also takes its failure path (a warning log and a WebhookFailed Event, each a place the URL could leak).

export interface WebhookReceiver {
  /** The token in both URLs: what the leak scan looks for. */
  token: string;
  /** Answered 200. */
  okUrl: string;
  /** Answered 503 every time. */
  failingUrl: string;
  /** Calls received per path ("/ok", "/fail"). */
  calls(path: "/ok" | "/fail"): number;
  close(): Promise<void>;
}

export async function webhookReceiver(): Promise<WebhookReceiver> {
  const token = `hook-${randomBytes(12).toString("hex")}`;
  const calls = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const known = url.searchParams.get("token") === token;
    calls.set(url.pathname, (calls.get(url.pathname) ?? 0) + (known ? 1 : 0));
    req.resume();
    req.on("end", () => {
      res.statusCode = url.pathname === "/ok" && known ? 200 : 503;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = (path: string) => `http://127.0.0.1:${port}${path}?token=${token}`;
  return {
    token,
    okUrl: url("/ok"),
    failingUrl: url("/fail"),
    calls: (path) => calls.get(path) ?? 0,
    close: async () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A request's webhook: the Secret holding the receiver's failing URL, or its answering one. */
export type WebhookFor = (failing: boolean) => { urlSecretRef: { name: string; key: string } };

/** The receiver's two URLs as Secrets in the cluster's namespace (the token stays out of every spec). */
export async function webhookSecrets(cluster: Pick<TestCluster, "createSecret">, hook: WebhookReceiver): Promise<WebhookFor> {
  await cluster.createSecret("webhook-ok", { url: hook.okUrl });
  await cluster.createSecret("webhook-failing", { url: hook.failingUrl });
  return (failing) => ({ urlSecretRef: { name: failing ? "webhook-failing" : "webhook-ok", key: "url" } });
}
