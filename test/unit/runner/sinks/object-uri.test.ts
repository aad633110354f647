import { describe, expect, it } from "vitest";
import { objectUri, type ObjectLocation } from "../../../../runner/sinks/object-uri.ts";

const key = "progress-exhaust/REQ1/b1_progress_20240131.zip";

describe("objectUri", () => {
  const cases: { name: string; location: ObjectLocation; expect: string }[] = [
    { name: "S3 -> s3://bucket/key", location: { provider: "s3", bucket: "reports" }, expect: `s3://reports/${key}` },
    { name: "GCS -> gs://bucket/key", location: { provider: "gcs", bucket: "reports" }, expect: `gs://reports/${key}` },
    { name: "Azure wasb -> wasb://container@account.blob.core.windows.net/key (Sunbird's jobs)", location: { provider: "azure", account: "sbdev", container: "reports", scheme: "wasb" }, expect: `wasb://reports@sbdev.blob.core.windows.net/${key}` },
    { name: "Azure wasb ignores a custom endpoint (the Hadoop form names the account)", location: { provider: "azure", account: "sbdev", container: "reports", scheme: "wasb", endpoint: "http://127.0.0.1:10000/sbdev" }, expect: `wasb://reports@sbdev.blob.core.windows.net/${key}` },
    { name: "Azure https without endpoint -> the account's public blob URL", location: { provider: "azure", account: "sbdev", container: "reports", scheme: "https" }, expect: `https://sbdev.blob.core.windows.net/reports/${key}` },
    { name: "Azure https with an endpoint (trailing slash) -> endpoint/container/key", location: { provider: "azure", account: "devstoreaccount1", container: "reports", scheme: "https", endpoint: "http://127.0.0.1:10000/devstoreaccount1/" }, expect: `http://127.0.0.1:10000/devstoreaccount1/reports/${key}` },
  ];
  for (const c of cases) {
    it(c.name, () => expect(objectUri(c.location, key)).toBe(c.expect));
  }

  // reports-spec §3.6: the analytics service strips scheme and host (wasb) or scheme, host and container (http),
  // and uses the rest as the key; both Azure forms must lead it back to the object key.
  const sunbirdKeyOf = (uri: string): string => {
    const path = uri.replace(/^[a-z]+:\/\/[^/]+\//, "");
    return uri.includes("wasb") ? path : path.slice(path.indexOf("/") + 1);
  };
  for (const scheme of ["wasb", "https"] as const) {
    it(`Azure ${scheme}: Sunbird's analytics service recovers the object key`, () => {
      expect(sunbirdKeyOf(objectUri({ provider: "azure", account: "sbdev", container: "reports", scheme }, key))).toBe(key);
    });
  }
});
