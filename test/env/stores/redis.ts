import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { Redis } from "ioredis";
import { startProcess, waitUntil, type Managed } from "../process.ts";
import { attemptLog, readyOrStop, withFreePorts } from "./port-retry.ts";

const REDIS_SERVER = "/usr/bin/redis-server";
const HOST = "127.0.0.1";

/** Starts a private, non-persistent redis-server on a random 127.0.0.1 port (test-environment.md §12). */
export async function startRedis(runDir: string): Promise<{ host: string; port: number; proc: Managed }> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(`${REDIS_SERVER} not found; install it with: bash test/env/setup/apt.sh (Debian redis-server)`);
  }
  const dir = resolve(runDir, "redis");
  await mkdir(dir, { recursive: true });
  return withFreePorts(1, async ([port = 0], attempt) => {
    const args = ["--port", String(port), "--bind", HOST, "--save", "", "--appendonly", "no", "--dir", dir, "--daemonize", "no", "--loglevel", "warning"];
    const proc = startProcess("redis", REDIS_SERVER, args, attemptLog(runDir, "redis", attempt));
    await readyOrStop(proc, () => waitUntil("redis", () => answersPing(port), { timeoutMs: 15_000, intervalMs: 50, proc }));
    return { host: HOST, port, proc };
  });
}

async function answersPing(port: number): Promise<boolean> {
  const client = new Redis({ host: HOST, port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on("error", () => undefined); // a refused connection is the expected answer until the server is up
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } finally {
    client.disconnect();
  }
}
