import { generateKeyPairSync } from "node:crypto";
import { existsSync } from "node:fs";
import { fakeGcsServer } from "../cache-paths.ts";
import { startProcess, waitUntil, type Managed } from "../process.ts";
import { attemptLog, readyOrStop, withFreePorts } from "./port-retry.ts";

/**
 * Starts fsouza/fake-gcs-server (built by test/env/setup/gcs.sh) on a random 127.0.0.1 port with in-memory storage;
 * resolves once its JSON API lists buckets. The emulator checks no credentials; its external URL (its own unless a
 * test puts a proxy in front) is what resumable upload sessions point back to.
 */
export async function startGcs(runDir: string, externalUrl?: string): Promise<{ endpoint: string; proc: Managed }> {
  const server = fakeGcsServer();
  if (!existsSync(server)) throw new Error(`${server} not found; build it with: bash test/env/setup/gcs.sh`);
  return withFreePorts(1, async ([port = 0], attempt) => {
    const endpoint = `http://127.0.0.1:${port}`;
    const args = ["-scheme", "http", "-host", "127.0.0.1", "-port", String(port), "-backend", "memory", "-external-url", externalUrl ?? endpoint, "-public-host", `127.0.0.1:${port}`, "-log-level", "warn"];
    const proc = startProcess("fake-gcs-server", server, args, attemptLog(runDir, "fake-gcs-server", attempt));
    await readyOrStop(proc, () => waitUntil("fake-gcs-server", async () => (await fetch(`${endpoint}/storage/v1/b`)).ok, { timeoutMs: 30_000, intervalMs: 100, proc }));
    return { endpoint, proc };
  });
}

/** A throw-away service-account key: the emulator checks no credentials, but V4 signing and the runner's settings need one. */
export function throwAwayServiceAccountKey(): { type: string; project_id: string; client_email: string; private_key: string } {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { type: "service_account", project_id: "exhaust-test", client_email: "exhaust-test@exhaust-test.iam.gserviceaccount.com", private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
}
