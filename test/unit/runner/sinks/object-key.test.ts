import { describe, expect, it } from "vitest";
import { batchKeyPrefix, objectKey, zipEntryName } from "../../../../runner/sinks/object-key.ts";

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

describe("batchKeyPrefix: what a batch's earlier attempts left unfinished", () => {
  const batch = { prefix: "reports/", report: "progress", requestId: "REQ", batchId: "b1" } as const;
  const keyOf = (over: Partial<Parameters<typeof objectKey>[0]>) => objectKey({ ...batch, date: new Date("2024-01-31T06:00:00Z"), timeZone: "Etc/UTC", ext: "csv", ...over });
  const cases = [
    { name: "the batch's key today -> under the prefix", key: keyOf({}), under: true },
    { name: "the batch's key of a retry on another day, as a zip -> under the prefix", key: keyOf({ date: new Date("2024-02-01T06:00:00Z"), ext: "zip" }), under: true },
    { name: "another batch of the same request -> not under it", key: keyOf({ batchId: "b2" }), under: false },
    { name: "a batch whose id extends this one's -> not under it", key: keyOf({ batchId: "b10" }), under: false },
    { name: "the same batch of another request -> not under it", key: keyOf({ requestId: "REQ2" }), under: false },
    { name: "the same batch in another report -> not under it", key: keyOf({ report: "userinfo" }), under: false },
  ];
  it.each(cases)("$name", ({ key, under }) => expect(key.startsWith(batchKeyPrefix(batch))).toBe(under));
  it("the prefix itself", () => expect(batchKeyPrefix(batch)).toBe("reports/progress-exhaust/REQ/b1_progress_"));
});
