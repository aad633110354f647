import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { endpoints } from "../env/endpoints.ts";
import { faultRowHolds } from "./fault-row.ts";
import { persistentCassandra } from "./persistent-cassandra.ts";
import { persistentS3 } from "./persistent-s3.ts";
import { recordFaultRow } from "./record-fault-row.ts";
import { storeDownMidRun, type StoreOutage } from "./store-down-mid-run.ts";

// Scenario 3, long, for Cassandra and S3: a private Cassandra, then a private moto S3, really stopped for 60 s while
// ten requests (two batches each) run, and started again, under the operator's default retry settings. moto forgets
// its buckets when stopped, so the S3 case recreates the bucket after the restart (an outage whose data survives).

const cases: { store: string; open: (e: ReturnType<typeof endpoints>) => Promise<StoreOutage["store"]>; message: RegExp; afterStart?: StoreOutage["afterStart"] }[] = [
  { store: "Cassandra", open: async (e) => persistentCassandra(e.runDir), message: /^Cassandra unavailable: [^\n]+$/ },
  {
    store: "S3",
    open: async (e) => persistentS3(e.runDir, e.s3),
    message: /^Upload failed: s3\b/,
    afterStart: async (stores) => {
      await stores.s3.send(new CreateBucketCommand({ Bucket: stores.bucket }));
    },
  },
];

describe("fault scenario 3: Cassandra and S3 stopped, default settings", () => {
  it.each(cases)("$store stopped 60 s while 10 requests run: every request completes; every failure on the way is retryable and names the store", async ({ open, message, afterStart }) => {
    const e = endpoints();
    const out = await storeDownMidRun({ e, store: await open(e), requests: 10, outageMs: 60_000, timeoutMs: 900_000, ...(afterStart === undefined ? {} : { afterStart }) });
    recordFaultRow(out.row);
    console.log(JSON.stringify(out.errorsSeen));
    expect(out.phases).toEqual(Array.from({ length: 10 }, () => "Succeeded"));
    expect(out.errorsSeen.length).toBeGreaterThan(0);
    for (const err of out.errorsSeen) expect(err).toEqual({ message: expect.stringMatching(message) as unknown, retryable: true });
    expect(out.runnerFilesScanned).toBeGreaterThan(0);
    expect(out.leaks.hits).toEqual([]);
    expect(faultRowHolds(out.row)).toBe(true);
  });
});
