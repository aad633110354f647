import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { BlobServiceClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { repoRoot } from "../cache-paths.ts";
import { startProcess, waitUntil, type Managed } from "../process.ts";
import { attemptLog, readyOrStop, withFreePorts } from "./port-retry.ts";

// Azurite's built-in development account; its key is public (Azurite's documentation), not a secret.
const ACCOUNT_NAME = "devstoreaccount1";
const ACCOUNT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/**
 * Starts Azurite's blob service (the pinned npm devDependency) on a random 127.0.0.1 port, its data under the run
 * directory; resolves once the service answers an authenticated request. Path-style URLs: the account is the first
 * path segment, as on the Azure SDKs' emulator endpoints.
 */
export async function startAzurite(runDir: string): Promise<{ endpoint: string; accountName: string; accountKey: string; proc: Managed }> {
  const dir = resolve(runDir, "azurite");
  await mkdir(dir, { recursive: true });
  const main = resolve(repoRoot, "node_modules/azurite/dist/src/blob/main.js");
  return withFreePorts(1, async ([port = 0], attempt) => {
    const args = [main, "--blobHost", "127.0.0.1", "--blobPort", String(port), "--location", dir, "--silent", "--skipApiVersionCheck", "--disableTelemetry", "--disableProductStyleUrl"];
    const proc = startProcess("azurite", process.execPath, args, attemptLog(runDir, "azurite", attempt));
    const endpoint = `http://127.0.0.1:${port}/${ACCOUNT_NAME}`;
    const service = new BlobServiceClient(endpoint, new StorageSharedKeyCredential(ACCOUNT_NAME, ACCOUNT_KEY), { retryOptions: { maxTries: 1 } });
    await readyOrStop(proc, () => waitUntil("azurite", async () => (await service.getProperties()).defaultServiceVersion !== "invalid", { timeoutMs: 30_000, intervalMs: 100, proc }));
    return { endpoint, accountName: ACCOUNT_NAME, accountKey: ACCOUNT_KEY, proc };
  });
}
