import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStores, type Stores } from "../integration/runner/harness.ts";
import { loadLargeBatch } from "../integration/runner/large-fixture.ts";
import { openProviderStores, type ProviderStore } from "../integration/runner/provider-stores.ts";
import { faultRowHolds } from "./fault-row.ts";
import { recordFaultRow } from "./record-fault-row.ts";
import { runnerKilledMidUpload } from "./runner-killed-mid-upload.ts";

// Scenario 2, long: S3 runners SIGKILLed three times in a row once a part is stored, then the batch again; Azure
// once. (The short variant, one kill each, is in test/integration/runner/storage-kill.test.ts.)

const rows = 100_000;

describe("scenario 2: runners SIGKILLed mid-upload", () => {
  let stores: Stores;
  let providers: ProviderStore[];

  beforeAll(async () => {
    stores = await openStores();
    await loadLargeBatch(stores, rows);
    providers = await openProviderStores(stores);
  }, 600_000);
  afterAll(async () => {
    for (const p of providers) await p.close();
    await stores.close();
  });

  for (const [provider, kills] of [["s3", 3], ["azure", 1]] as const) {
    it(`${provider}: ${kills} kill(s), then one clean run: one object, no unfinished upload, no leak`, async () => {
      const store = providers.find((p): p is ProviderStore & { provider: typeof provider } => p.provider === provider);
      if (store === undefined) throw new Error(`no ${provider} store`);
      const out = await runnerKilledMidUpload({ stores, store, requestId: `FAULTS-${provider}`, kills, rows });
      recordFaultRow(out.row);
      expect(out.killed.map((r) => r.signal)).toEqual(Array.from({ length: kills }, () => "SIGKILL"));
      // S3: each attempt aborts the one before, so exactly one unfinished upload stands after every kill.
      expect({ objects: out.objectsAfterKills, unfinished: out.unfinishedAfterKills }).toEqual({ objects: out.objectsAfterKills.map(() => 0), unfinished: out.unfinishedAfterKills.map(() => 1) });
      expect({ code: out.final.code, objects: out.objectsAtEnd, unfinished: out.unfinishedAtEnd, leaks: out.leaks.hits }).toEqual({ code: 0, objects: 1, unfinished: 0, leaks: [] });
      expect(faultRowHolds(out.row)).toBe(true);
    });
  }
});
