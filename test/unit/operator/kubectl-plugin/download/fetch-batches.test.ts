import { describe, expect, it } from "vitest";
import { fileNameOf } from "../../../../../operator/kubectl-plugin/download/fetch-batches.ts";

const EXPIRES = "2026-12-04T10:30:05Z";

describe("fileNameOf: where a downloaded batch lands", () => {
  const cases: { name: string; url: string; expected: string }[] = [
    { name: "an S3 presigned URL: the key's last segment, the query dropped", url: "http://127.0.0.1:9000/reports/progress-exhaust/R1/B1_progress_20261204.zip?X-Amz-Signature=ab", expected: "B1_progress_20261204.zip" },
    { name: "an Azure SAS URL: the blob's last segment", url: "https://acct.blob.core.windows.net/c/userinfo-exhaust/R1/B1_userinfo_20261204.zip?sv=2024&sig=x", expected: "B1_userinfo_20261204.zip" },
    { name: "a percent-encoded safe name: decoded", url: "https://h/b/B%2D1.csv?sig=x", expected: "B-1.csv" },
    { name: "an encoded path separator: not trusted, the batch's name instead", url: "https://h/b/..%2F..%2Fetc%2Fpasswd?sig=x", expected: "B1.zip" },
    { name: "a name starting with a dot: the batch's name instead", url: "https://h/b/.hidden?sig=x", expected: "B1.zip" },
    { name: "no last segment: the batch's name", url: "https://h/b/?sig=x", expected: "B1.zip" },
  ];
  it.each(cases)("$name", ({ url, expected }) => {
    expect(fileNameOf({ batchId: "B1", url, expiresAt: EXPIRES })).toBe(expected);
  });
});
