import { describe, it } from "vitest";
import { endpoints } from "../env/endpoints.ts";
import { cassandraOutage, redisOutage, s3Outage } from "./outage-stores.ts";
import { recordFaultRow } from "./record-fault-row.ts";
import { storeDownMidRun } from "./store-down-mid-run.ts";
import { expectStoreOutageHeld } from "./store-outage-invariants.ts";

// Scenario 3, long (the short one is test/e2e/stores-down-short.test.ts): Redis, Cassandra and S3, each a private
// instance, really stopped for 60 s while ten two-batch requests run and for 10 minutes while five run, under the
// operator's default retry settings (ordinary budget 3 attempts 60 s then 120 s, which alone gives up after about
// 3 minutes; store-outage budget 8 attempts up to 300 s apart). The six outages run at the same time: each has its
// own store process, namespace and operator, and they spend their time waiting, so together they take about as
// long as the slowest (a 10-minute outage and its recovery).

const outages = [
  { outage: "60 s", outageMs: 60_000, requests: 10 },
  { outage: "10 minutes", outageMs: 600_000, requests: 5 },
];
const cases = outages.flatMap((o) => [redisOutage, cassandraOutage, s3Outage].map((s) => ({ ...s, ...o })));

describe.concurrent("fault scenario 3: each store stopped, default settings", () => {
  it.each(cases)(
    "$store stopped $outage while $requests requests run: every request completes; every failure on the way is retryable and names the store",
    async ({ open, message, requests, outageMs }) => {
      const e = endpoints();
      const out = await storeDownMidRun({ e, store: await open(e), requests, outageMs, timeoutMs: 900_000 });
      recordFaultRow(out.row);
      console.log(`${out.row.scenario}: ${JSON.stringify(out.errorsSeen)} webhook ${JSON.stringify(out.webhook)}`);
      expectStoreOutageHeld(out, requests, message);
    },
  );
});
