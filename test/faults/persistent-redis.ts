import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { Redis } from "ioredis";
import { freePort } from "../env/ports.ts";
import { startProcess, waitUntil, type Managed } from "../env/process.ts";

// A private redis-server that keeps its data across a stop (append-only file), on a port that stays the same, so a
// scenario can really stop Redis and start it again the way a Sunbird Redis with persistence comes back.

export interface PersistentRedis {
  host: string;
  port: number;
  /** SIGTERM (Redis writes its append-only file and exits); resolves once it has exited. */
  stop(): Promise<void>;
  /** Starts the server again on the same port and directory and waits until it answers. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function persistentRedis(runDir: string): Promise<PersistentRedis> {
  const port = await freePort();
  // Named by port: scenarios running at once in one process each get their own directory.
  const dir = join(runDir, `redis-faults-${process.pid}-${port}`);
  await mkdir(dir, { recursive: true });
  let proc: Managed | undefined;
  let starts = 0;
  const start = async () => {
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", dir, "--daemonize", "no"];
    proc = startProcess("redis-faults", "/usr/bin/redis-server", args, join(dir, `server-${++starts}.log`));
    await waitUntil("redis-faults", () => answers(port), { timeoutMs: 15_000, intervalMs: 50, proc });
  };
  await start();
  return {
    host: "127.0.0.1",
    port,
    stop: async () => proc?.stop(10_000),
    start,
    close: async () => proc?.stop(2_000),
  };
}

async function answers(port: number): Promise<boolean> {
  const client = new Redis({ host: "127.0.0.1", port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on("error", () => undefined);
  try {
    await client.connect();
    // A restarted server answers LOADING until its append-only file is read back.
    return (await client.dbsize()) >= 0;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
