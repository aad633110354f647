import { describe, expect, it } from "vitest";
import { objectKey, zipEntryName } from "../../../../runner/sinks/object-key.ts";
import { batchKeyPrefix, isBatchObjectKey } from "../../../../crds/report-object-key.ts";

const lateEveningUtcJan31 = new Date("2024-01-31T20:00:00Z"); // 1 Feb 01:30 in India

describe("objectKey (D1, §4.6)", () => {
  const cases: { name: string; input: Parameters<typeof objectKey>[0]; expected: string }[] = [
    {
      name: "userinfo zip, no prefix -> Sunbird's relative key",
      input: { prefix: "", report: "userinfo", requestId: "37564CF8F134EE7532F125651B51D17F", batchId: "batch-001", date: new Date("2024-01-31T06:00:00Z"), timeZone: "Asia/Kolkata", ext: "zip" },
      expected: "userinfo-exhaust/37564CF8F134EE7532F125651B51D17F/batch-001_userinfo_20240131.zip",
    },
    {
      name: "prefix -> prepended as is",
      input: { prefix: "reports/", report: "progress", requestId: "REQ", batchId: "b1", date: new Date("2024-01-31T06:00:00Z"), timeZone: "Asia/Kolkata", ext: "zip" },
      expected: "reports/progress-exhaust/REQ/b1_progress_20240131.zip",
    },
    {
      name: "UTC evening in Kolkata -> next day's date",
      input: { prefix: "", report: "response", requestId: "REQ", batchId: "b1", date: lateEveningUtcJan31, timeZone: "Asia/Kolkata", ext: "csv" },
      expected: "response-exhaust/REQ/b1_response_20240201.csv",
    },
    {
      name: "same instant in UTC -> same day",
      input: { prefix: "", report: "response", requestId: "REQ", batchId: "b1", date: lateEveningUtcJan31, timeZone: "Etc/UTC", ext: "csv" },
      expected: "response-exhaust/REQ/b1_response_20240131.csv",
    },
  ];
  it.each(cases)("$name", ({ input, expected }) => expect(objectKey(input)).toBe(expected));
});

describe("zipEntryName", () => {
  it("entry -> object file name with .csv", () => {
    expect(zipEntryName({ report: "progress", batchId: "b1", date: lateEveningUtcJan31, timeZone: "Asia/Kolkata" })).toBe("b1_progress_20240201.csv");
  });
});

describe("batchKeyPrefix and isBatchObjectKey: which objects and unfinished uploads are a batch's own", () => {
  const batch = { prefix: "reports/", report: "progress", requestId: "REQ", batchId: "b1" } as const;
  const keyOf = (over: Partial<Parameters<typeof objectKey>[0]>) => objectKey({ ...batch, date: new Date("2024-01-31T06:00:00Z"), timeZone: "Etc/UTC", ext: "csv", ...over });
  const cases = [
    { name: "the batch's key today -> under the prefix, its own", key: keyOf({}), under: true, own: true },
    { name: "the batch's key of a retry on another day, as a zip -> under the prefix, its own", key: keyOf({ date: new Date("2024-02-01T06:00:00Z"), ext: "zip" }), under: true, own: true },
    { name: "another batch of the same request -> not under it", key: keyOf({ batchId: "b2" }), under: false, own: false },
    { name: "a batch whose id extends this one's -> not under it", key: keyOf({ batchId: "b10" }), under: false, own: false },
    { name: "a batch whose id extends this one's with the report name -> under the prefix, not its own", key: keyOf({ batchId: "b1_progress_x" }), under: true, own: false },
    { name: "the same batch of another request -> not under it", key: keyOf({ requestId: "REQ2" }), under: false, own: false },
    { name: "the same batch in another report -> not under it", key: keyOf({ report: "userinfo" }), under: false, own: false },
    { name: "the same batch under another prefix -> not under it", key: keyOf({ prefix: "other/" }), under: false, own: false },
  ];
  it.each(cases)("$name", ({ key, under, own }) => {
    expect(key.startsWith(batchKeyPrefix(batch))).toBe(under);
    expect(isBatchObjectKey(key, batch)).toBe(own);
  });
  it("the prefix itself", () => expect(batchKeyPrefix(batch)).toBe("reports/progress-exhaust/REQ/b1_progress_"));

  const { prefix: _unknown, ...withoutPrefix } = batch;
  const uriCases = [
    { name: "an S3 URI of the batch's object, prefix unknown -> its own", uri: `s3://bucket/${keyOf({})}`, own: true },
    { name: "a wasb URI of the batch's object -> its own", uri: `wasb://c@acct.blob.core.windows.net/${keyOf({ ext: "zip" })}`, own: true },
    { name: "a URI of another request's object -> not its own", uri: `s3://bucket/${keyOf({ requestId: "REQ2" })}`, own: false },
    { name: "a URI of another batch whose id extends this one's -> not its own", uri: `s3://bucket/${keyOf({ batchId: "xb1" })}`, own: false },
    { name: "a URI naming some other object -> not its own", uri: "s3://bucket/hr/salaries.csv", own: false },
  ];
  it.each(uriCases)("$name", ({ uri, own }) => expect(isBatchObjectKey(uri, withoutPrefix)).toBe(own));
});
