import { describe, expect, it } from "vitest";
import { storedObjectOf, type StoredObject } from "../../../../operator/storage/object-location.ts";

const AZURITE = "http://127.0.0.1:10000/devstoreaccount1";

describe("storedObjectOf: an objectUri as the runner writes it, back to provider, bucket and key", () => {
  const cases: { name: string; uri: string; endpoint?: string; expected: StoredObject | undefined }[] = [
    { name: "s3 URI: bucket and a nested key", uri: "s3://reports/progress-exhaust/R1/B1_progress_20260101.zip", expected: { provider: "s3", bucket: "reports", key: "progress-exhaust/R1/B1_progress_20260101.zip" } },
    { name: "gs URI: the gcs provider", uri: "gs://t-abc/a/b.zip", expected: { provider: "gcs", bucket: "t-abc", key: "a/b.zip" } },
    { name: "wasb URI: container and account from the host", uri: "wasb://reports@acct1.blob.core.windows.net/x/y.zip", expected: { provider: "azure", bucket: "reports", key: "x/y.zip", account: "acct1" } },
    { name: "https URI under the configured Azure endpoint: container is the first segment", uri: `${AZURITE}/c1/x/y.zip`, endpoint: `${AZURITE}/`, expected: { provider: "azure", bucket: "c1", key: "x/y.zip" } },
    { name: "https URI under another host: not ours, undefined", uri: "https://evil.example/c1/x.zip", endpoint: AZURITE, expected: undefined },
    { name: "https URI without a configured endpoint: undefined", uri: `${AZURITE}/c1/x.zip`, expected: undefined },
    { name: "s3 URI without a key: undefined", uri: "s3://reports/", expected: undefined },
    { name: "s3 URI without a bucket: undefined", uri: "s3:///key", expected: undefined },
    { name: "wasb URI with a foreign host: undefined", uri: "wasb://c@acct.example.com/k.zip", expected: undefined },
    { name: "wasb URI without a key: undefined", uri: "wasb://c@acct.blob.core.windows.net/", expected: undefined },
    { name: "a plain path: undefined", uri: "/tmp/out/B1.zip", expected: undefined },
    { name: "an unknown scheme: undefined", uri: "ftp://host/b/k.zip", expected: undefined },
  ];
  it.each(cases)("$name", ({ uri, endpoint, expected }) => {
    expect(storedObjectOf(uri, endpoint)).toEqual(expected);
  });
});
