import { join } from "node:path";
import { ListBucketsCommand } from "@aws-sdk/client-s3";
import { motoVenv } from "../env/cache-paths.ts";
import type { Endpoints } from "../env/endpoints.ts";
import { freePort } from "../env/ports.ts";
import { startProcess, waitUntil, type Managed } from "../env/process.ts";
import { s3Client } from "../env/store-clients.ts";
import type { StoppableStore } from "./store-down-mid-run.ts";

// A private moto S3 server on a port that stays the same, so a scenario can really stop S3 and start it again
// without touching the stack's shared moto. moto keeps everything in memory: a restarted server has no buckets and no
// objects, so the scenario recreates its bucket after the restart (docs/reliability.md, scenario 3). That models an
// S3 outage whose stored data survives, which moto itself does not.

export async function persistentS3(runDir: string, shared: Endpoints["s3"]): Promise<StoppableStore> {
  const port = await freePort();
  const s3: Endpoints["s3"] = { ...shared, endpoint: `http://127.0.0.1:${port}` };
  let proc: Managed | undefined;
  let starts = 0;
  const start = async () => {
    proc = startProcess("moto-faults", join(motoVenv(), "bin", "moto_server"), ["-H", "127.0.0.1", "-p", String(port)], join(runDir, `moto-faults-${process.pid}-${port}-${++starts}.log`));
    const client = s3Client(s3);
    try {
      await waitUntil("moto-faults", async () => (await client.send(new ListBucketsCommand({}))).$metadata.httpStatusCode === 200, { timeoutMs: 30_000, intervalMs: 100, proc });
    } finally {
      client.destroy();
    }
  };
  await start();
  return {
    name: "S3",
    endpoints: (e) => ({ ...e, s3 }),
    stop: async () => proc?.stop(10_000),
    start,
    close: async () => proc?.stop(2_000),
    forgetsData: true,
  };
}
