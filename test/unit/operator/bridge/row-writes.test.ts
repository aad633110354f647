import { describe, expect, it } from "vitest";
import { failedWrite, processingWrite, successWrite, type RowWrite } from "../../../../operator/bridge/row-writes.ts";
import { row, SUBMITTED_AT, usOf } from "./bridge-fixtures.ts";

const COMPLETED = { completedAt: "2026-03-02T05:00:00.000Z" };
const RESULT = { downloadUrls: ["k1"], processedBatches: [{ channel: "org-1", batchId: "b1", filePath: "k1", fileSize: 5 }], executionTimeMs: 42, ...COMPLETED };
const KEY = { tag: "do_course1_batch1:org-1", requestId: "0D9B1E5A4C3F2E1D0C9B8A7F6E5D4C3B" };

describe("row writes (reports-spec §3.5): guarded by the row as read", () => {
  const long = "x".repeat(290);
  const cases: { name: string; write: RowWrite; expected: RowWrite }[] = [
    {
      name: "first runner started -> PROCESSING, guarded by SUBMITTED, iteration and dt_job_submitted",
      write: processingWrite(row({ iteration: 1 })),
      expected: { key: KEY, guard: { status: "SUBMITTED", iteration: 1, submittedUs: usOf(SUBMITTED_AT) }, change: { status: "PROCESSING" } },
    },
    {
      name: "SUCCESS -> iteration untouched, err_message cleared, processed_batches as JSON text",
      write: successWrite(row({ status: "PROCESSING", iteration: 2 }), RESULT),
      expected: {
        key: KEY,
        guard: { status: "PROCESSING", iteration: 2, submittedUs: usOf(SUBMITTED_AT) },
        change: { status: "SUCCESS", downloadUrls: ["k1"], processedBatches: '[{"channel":"org-1","batchId":"b1","filePath":"k1","fileSize":5}]', executionTimeMs: 42, completedAt: COMPLETED.completedAt, errMessage: "" },
      },
    },
    {
      name: "FAILED -> iteration + 1, messages joined with a comma",
      write: failedWrite(row({ status: "PROCESSING", iteration: 1 }), ["m1", "m2"], RESULT),
      expected: {
        key: KEY,
        guard: { status: "PROCESSING", iteration: 1, submittedUs: usOf(SUBMITTED_AT) },
        change: { status: "FAILED", iteration: 2, downloadUrls: ["k1"], processedBatches: '[{"channel":"org-1","batchId":"b1","filePath":"k1","fileSize":5}]', executionTimeMs: 42, completedAt: COMPLETED.completedAt, errMessage: "m1,m2" },
      },
    },
    {
      name: "FAILED before any request (refused) -> result columns NULL, iteration NULL counted as 0",
      write: failedWrite(row({ iteration: null }), ["No data found"], COMPLETED),
      expected: {
        key: KEY,
        guard: { status: "SUBMITTED", iteration: null, submittedUs: usOf(SUBMITTED_AT) },
        change: { status: "FAILED", iteration: 1, downloadUrls: null, processedBatches: null, executionTimeMs: null, completedAt: COMPLETED.completedAt, errMessage: "No data found" },
      },
    },
  ];
  it.each(cases)("$name", ({ write, expected }) => expect(write).toEqual(expected));

  const messageOf = (w: RowWrite): string => ("errMessage" in w.change ? w.change.errMessage : "");
  const cuts = [
    { name: "exactly 300 characters -> kept whole", messages: ["y".repeat(300)], expected: "y".repeat(300) },
    { name: "301 characters -> first 297 and '...'", messages: ["y".repeat(301)], expected: `${"y".repeat(297)}...` },
    { name: "joined text over 300 -> cut after joining", messages: [long, "second message"], expected: `${long},second...` },
  ];
  it.each(cuts)("err_message: $name", ({ messages, expected }) => {
    const message = messageOf(failedWrite(row(), messages, COMPLETED));
    expect(message).toBe(expected);
    expect(message.length).toBeLessThanOrEqual(300);
  });
});
