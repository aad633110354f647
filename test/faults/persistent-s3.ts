import { join } from "node:path";
import { CreateBucketCommand, ListBucketsCommand } from "@aws-sdk/client-s3";
import { motoVenv } from "../env/cache-paths.ts";
import { countingProxy, type CountingProxy } from "../env/counting-proxy.ts";
import type { Endpoints } from "../env/endpoints.ts";
import { freePort } from "../env/ports.ts";
import { startProcess, waitUntil, type Managed } from "../env/process.ts";
import { s3Client } from "../env/store-clients.ts";
import type { StoppableStore } from "./store-down-mid-run.ts";

// A private moto S3 server the scenario can really stop (SIGTERM) and start again, without touching the stack's
// shared moto. moto keeps everything in memory, so a restarted server has no buckets: a runner retrying in the
// moment between moto answering and the test recreating the bucket got NoSuchBucket, a non-retryable failure that no
// real S3 outage causes. So the runners reach moto through a loopback port this file owns: while S3 is down nothing
// listens there (connections are refused and the open ones reset, as when the server dies), and it listens again
// only once the new moto holds the buckets the old one had. Objects are not carried over (docs/reliability.md,
// scenario 3: the scenario stops S3 before any runner could store one).

export async function persistentS3(runDir: string, shared: Endpoints["s3"]): Promise<StoppableStore> {
  const port = await freePort();
  const s3: Endpoints["s3"] = { ...shared, endpoint: `http://127.0.0.1:${port}` };
  let proc: Managed | undefined;
  let backend: Endpoints["s3"] = s3;
  let buckets: string[] = [];
  let starts = 0;
  let front: CountingProxy | undefined;

  const listen = async () => {
    front = await countingProxy(Number(new URL(backend.endpoint).port), { port });
  };
  const unlisten = async () => {
    const closing = front;
    front = undefined;
    await closing?.close();
  };

  const start = async () => {
    const backendPort = await freePort();
    backend = { ...shared, endpoint: `http://127.0.0.1:${backendPort}` };
    proc = startProcess("moto-faults", join(motoVenv(), "bin", "moto_server"), ["-H", "127.0.0.1", "-p", String(backendPort)], join(runDir, `moto-faults-${process.pid}-${port}-${++starts}.log`));
    const client = s3Client(backend);
    try {
      await waitUntil("moto-faults", async () => (await client.send(new ListBucketsCommand({}))).$metadata.httpStatusCode === 200, { timeoutMs: 30_000, intervalMs: 100, proc });
      for (const bucket of buckets) await client.send(new CreateBucketCommand({ Bucket: bucket }));
    } finally {
      client.destroy();
    }
    await listen();
  };
  const stop = async () => {
    const client = s3Client(backend);
    try {
      buckets = ((await client.send(new ListBucketsCommand({}))).Buckets ?? []).flatMap((b) => (b.Name === undefined ? [] : [b.Name]));
    } finally {
      client.destroy();
    }
    await unlisten();
    await proc?.stop(10_000);
  };

  await start();
  return {
    name: "S3",
    endpoints: (e) => ({ ...e, s3 }),
    stop,
    start,
    close: async () => {
      await unlisten();
      await proc?.stop(2_000);
    },
    forgetsData: true,
  };
}
