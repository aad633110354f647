import { describe, it } from "vitest";
import { endpoints } from "../env/endpoints.ts";
import { redisOutage, s3Outage } from "../faults/outage-stores.ts";
import { recordFaultRow } from "../faults/record-fault-row.ts";
import { storeDownMidRun } from "../faults/store-down-mid-run.ts";
import { expectStoreOutageHeld } from "../faults/store-outage-invariants.ts";

// Scenario 3, short (the long one is test/faults/stores-down.test.ts): a private Redis and a private moto S3, each
// really stopped for 10 s while three requests run, at the same time (each has its own namespace and operator). The
// ordinary budget is one attempt, so only the store-outage budget can carry the requests through: a failure not
// classified as an unreachable store would fail its request. Cassandra runs in test:faults only: a private
// Cassandra's start takes 30-90 s here, most of the time this whole variant may add to `npm test`.

describe.concurrent("fault scenario 3 (short): a store stopped while requests run", () => {
  it.each([redisOutage, s3Outage])(
    "$store: every request completes once it is back; every failure on the way is retryable and names the store",
    async ({ open, message }) => {
      const e = endpoints();
      const out = await storeDownMidRun({
        e,
        store: await open(e),
        requests: 3,
        outageMs: 10_000,
        retry: { retry: { maxAttempts: 1 }, storeOutageRetry: { maxAttempts: 10, initialBackoffSeconds: 2, maxBackoffSeconds: 4, factor: 2 } },
        timeoutMs: 150_000,
      });
      recordFaultRow(out.row);
      expectStoreOutageHeld(out, 3, message);
    },
    300_000,
  );
});
