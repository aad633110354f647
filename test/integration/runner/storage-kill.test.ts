import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGcs } from "../../env/stores/gcs.ts";
import type { Managed } from "../../env/process.ts";
import { countingProxy, type CountingProxy } from "../../env/counting-proxy.ts";
import { openStores, runnerEnv, runRunner, type Stores } from "./harness.ts";
import { loadLargeBatch } from "./large-fixture.ts";
import { gcsStore, openProviderStores, type ProviderStore } from "./provider-stores.ts";
import { faultRowHolds } from "../../faults/fault-row.ts";
import { recordFaultRow } from "../../faults/record-fault-row.ts";
import { runnerKilledMidUpload } from "../../faults/runner-killed-mid-upload.ts";

// A runner killed while its upload is under way leaves no visible object on any provider. The runner talks to each
// server through a counting proxy, and is signalled once a megabyte has gone up (the first part, block or chunk is
// on its way, far from the last byte). SIGTERM aborts the upload; SIGKILL leaves what the provider keeps invisible:
// an unfinished S3 multipart upload, uncommitted Azure blocks, an unfinished GCS resumable session.

const size = 100_000;
const startedUpload = 1024 * 1024;

describe("a runner killed during its upload", () => {
  let stores: Stores;
  let providers: ProviderStore[];
  // Every store opened, the shared emulator's unused bucket included, so afterAll removes what the file created.
  let opened: ProviderStore[] = [];
  let gcsDir: string;
  let ownGcs: Managed | undefined;
  // GCS resumable chunks go to the session URL the emulator hands out; an emulator of this file's own names the proxy there.
  const proxies = new Map<string, CountingProxy>();

  beforeAll(async () => {
    stores = await openStores();
    await loadLargeBatch(stores, size);
    const shared = await openProviderStores(stores);
    for (const p of ["s3", "azure"]) {
      const target = new URL(p === "s3" ? shared[0]?.env().EXHAUST_S3_ENDPOINT ?? "" : shared[1]?.env().EXHAUST_AZURE_BLOB_ENDPOINT ?? "");
      proxies.set(p, await countingProxy(Number(target.port)));
    }
    const gcsProxy = await countingProxy();
    gcsDir = await mkdtemp(join(tmpdir(), "kill-gcs-"));
    const gcs = await startGcs(gcsDir, gcsProxy.url);
    ownGcs = gcs.proc;
    gcsProxy.targetPort = Number(new URL(gcs.endpoint).port);
    proxies.set("gcs", gcsProxy);
    providers = [...shared.filter((p) => p.provider !== "gcs"), await gcsStore({ endpoint: gcs.endpoint })];
    opened = [...shared, ...providers.filter((p) => !shared.includes(p))];
  }, 600_000);
  afterAll(async () => {
    for (const p of opened) await p.close();
    for (const p of proxies.values()) await p.close();
    await ownGcs?.stop(5_000);
    await rm(gcsDir, { recursive: true, force: true });
    await stores.close();
  });

  for (const signal of ["SIGTERM", "SIGKILL"] as const) {
    for (const provider of ["s3", "azure", "gcs"] as const) {
      it(`${provider}, ${signal}: no visible object${signal === "SIGTERM" ? ", a retryable manifest entry" : ""}`, async () => {
        const store = providers.find((p) => p.provider === provider);
        const proxy = proxies.get(provider);
        if (store === undefined || proxy === undefined) throw new Error(`no ${provider} store`);
        const requestId = `KILLED-${signal}`;
        const before = proxy.bytesUp();
        let killedAt: number | undefined;
        const run = await runRunner(
          runnerEnv(stores, { EXHAUST_REPORT: "progress", EXHAUST_REQUEST_ID: requestId, EXHAUST_COLLECTION_ID: "do_big", EXHAUST_BATCH_IDS: "BIG", EXHAUST_REQUESTED_CHANNEL: "org_a", EXHAUST_OUTPUT_FORMAT: "csv", ...store.env(proxy.url) }),
          (child) => {
            const poll = setInterval(() => {
              if (proxy.bytesUp() - before < startedUpload) return;
              killedAt = proxy.bytesUp() - before;
              clearInterval(poll);
              child.kill(signal);
            }, 20);
            child.on("exit", () => clearInterval(poll));
          },
        );
        expect(killedAt, run.stderr).toBeGreaterThanOrEqual(startedUpload);
        expect(run.signal ?? run.code).toBe(signal === "SIGKILL" ? "SIGKILL" : 143);
        expect((await store.objects()).filter((k) => k.includes(`/${requestId}/`))).toEqual([]);
        if (signal === "SIGTERM") expect(run.manifest?.batches[0]).toMatchObject({ batchId: "BIG", ok: false, retryable: true });
        // S3 is the one provider whose unfinished upload can be removed: SIGTERM aborts it, SIGKILL leaves it.
        if (provider === "s3") expect((await store.unfinished()).filter((k) => k.includes(`/${requestId}/`)).length).toBe(signal === "SIGTERM" ? 0 : 1);
      }, 300_000);
    }
  }

  // Scenario 2 of the fault suite, short: one SIGKILL once the first part is stored, then the batch again. The
  // next attempt cleans up: the runner aborts the unfinished uploads under the batch's key before it writes.
  // test:faults kills S3 three times in a row, and checks that on Azure the next commit drops the dead blocks.
  for (const provider of ["s3"] as const) {
    it(`${provider}, SIGKILL after the first part, then the batch again: no unfinished upload remains and the object exists`, async () => {
      const store = providers.find((p): p is ProviderStore & { provider: typeof provider } => p.provider === provider);
      if (store === undefined) throw new Error(`no ${provider} store`);
      const out = await runnerKilledMidUpload({ stores, store, requestId: `RERUN-${provider}`, kills: 1, rows: size });
      recordFaultRow(out.row);
      expect(out.killed.map((r) => r.signal)).toEqual(["SIGKILL"]);
      expect({ objects: out.objectsAfterKills, unfinished: out.unfinishedAfterKills }).toEqual({ objects: [0], unfinished: [1] });
      expect(out.final.code, out.final.stderr).toBe(0);
      expect({ objects: out.objectsAtEnd, unfinished: out.unfinishedAtEnd, leaks: out.leaks.hits }).toEqual({ objects: 1, unfinished: 0, leaks: [] });
      expect(faultRowHolds(out.row)).toBe(true);
    }, 300_000);
  }
});
