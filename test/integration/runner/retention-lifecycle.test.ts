import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { GetBucketLifecycleConfigurationCommand, PutBucketLifecycleConfigurationCommand, type BucketLifecycleConfiguration } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPORTS } from "../../../crds/exhaust-request.ts";
import { objectKey } from "../../../runner/sinks/object-key.ts";
import { repoRoot } from "../../env/cache-paths.ts";
import { openStores, type Stores } from "./harness.ts";

// Retention (issue 16, scenario 9) is the bucket's lifecycle: examples/s3-lifecycle.json, which docs/reliability.md
// and docs/install.md tell operators to apply, expires every report's objects and aborts unfinished uploads. The S3
// server must accept the very file the docs point at, keep it as written, and its rules must cover every key a
// runner writes.

describe("the documented S3 lifecycle rule (retention of exported files)", () => {
  let stores: Stores;
  let rules: NonNullable<BucketLifecycleConfiguration["Rules"]>;

  beforeAll(async () => {
    stores = await openStores();
    rules = (JSON.parse(await readFile(join(repoRoot, "examples/s3-lifecycle.json"), "utf8")) as BucketLifecycleConfiguration).Rules ?? [];
  });
  afterAll(async () => stores.close());

  it("the S3 server accepts it and gives back the same rules", async () => {
    await stores.s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: stores.bucket, LifecycleConfiguration: { Rules: rules } }));
    const stored = await stores.s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: stores.bucket }));
    const shape = (r: (typeof rules)[number]) => ({ id: r.ID, status: r.Status, prefix: r.Filter?.Prefix ?? "", expireDays: r.Expiration?.Days, abortDays: r.AbortIncompleteMultipartUpload?.DaysAfterInitiation });
    expect((stored.Rules ?? []).map(shape).sort((a, b) => String(a.id).localeCompare(String(b.id)))).toEqual(rules.map(shape).sort((a, b) => String(a.id).localeCompare(String(b.id))));
  });

  it("every report's objects expire, and unfinished uploads anywhere are aborted after a day", () => {
    const expiring = rules.filter((r) => r.Status === "Enabled" && (r.Expiration?.Days ?? 0) > 0);
    for (const report of REPORTS) {
      const key = objectKey({ prefix: "", report, requestId: "REQ", batchId: "b1", date: new Date("2026-03-01T00:00:00Z"), timeZone: "Etc/UTC", ext: "zip" });
      expect(expiring.some((r) => key.startsWith(r.Filter?.Prefix ?? "")), key).toBe(true);
    }
    expect(rules.find((r) => r.AbortIncompleteMultipartUpload !== undefined)).toMatchObject({ Status: "Enabled", Filter: { Prefix: "" }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } });
  });
});
