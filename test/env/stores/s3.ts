import { existsSync } from "node:fs";
import { join } from "node:path";
import { ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { motoVenv } from "../cache-paths.ts";
import { startProcess, waitUntil, type Managed } from "../process.ts";
import { attemptLog, readyOrStop, withFreePorts } from "./port-retry.ts";

const REGION = "us-east-1";
// moto checks no signatures; any static pair works, and static credentials keep the SDK off the metadata address.
const ACCESS_KEY_ID = "exhaust-test";
const SECRET_ACCESS_KEY = "exhaust-test-secret";

/** Starts moto's S3 server on a random 127.0.0.1 port (test-environment.md §11); resolves once ListBuckets works. */
export async function startS3(runDir: string): Promise<{ endpoint: string; region: string; accessKeyId: string; secretAccessKey: string; proc: Managed }> {
  const server = join(motoVenv(), "bin", "moto_server");
  if (!existsSync(join(motoVenv(), ".stamp")) || !existsSync(server)) {
    throw new Error(`moto is not installed in ${motoVenv()}; install it with: bash test/env/setup/moto.sh`);
  }
  return withFreePorts(1, async ([port = 0], attempt) => {
    const proc = startProcess("moto", server, ["-H", "127.0.0.1", "-p", String(port)], attemptLog(runDir, "moto", attempt));
    const endpoint = `http://127.0.0.1:${port}`;
    const client = new S3Client({
      endpoint,
      region: REGION,
      forcePathStyle: true,
      credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
      maxAttempts: 1,
    });
    try {
      await readyOrStop(proc, () =>
        waitUntil("moto", async () => (await client.send(new ListBucketsCommand({}))).$metadata.httpStatusCode === 200, { timeoutMs: 30_000, intervalMs: 100, proc }),
      );
    } finally {
      client.destroy();
    }
    return { endpoint, region: REGION, accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY, proc };
  });
}
