import { describe, expect, it } from "vitest";
import { parseProgressLine, parseProgressLines, PROGRESS_MESSAGE, progressFields, type ProgressReading } from "../../../crds/runner-progress.ts";

const atTenSeconds = 1_772_359_210_000;
const atTwentySeconds = 1_772_359_220_000;
const line = (fields: Record<string, unknown>): string => JSON.stringify({ level: 30, time: atTenSeconds, component: "exhaust-runner", msg: PROGRESS_MESSAGE, ...fields });
const counts = { batchId: "b1", rows: 1200, bytes: 34_000, elapsedMs: 10_000 };

describe("parseProgressLine", () => {
  const cases: { name: string; line: string; want: ProgressReading | undefined }[] = [
    { name: "a pino progress line -> its counts at the line's time", line: line(progressFields(counts)), want: { ...counts, timeMs: atTenSeconds } },
    { name: "surrounding spaces and a carriage return -> still read", line: ` ${line(progressFields(counts))}\r`, want: { ...counts, timeMs: atTenSeconds } },
    { name: "another message with the same fields -> ignored", line: line({ ...progressFields(counts), msg: "batch uploaded" }), want: undefined },
    { name: "the result manifest on stdout -> ignored", line: JSON.stringify({ v: 1, report: "progress", batches: [] }), want: undefined },
    { name: "plain text mentioning the message -> ignored", line: `note: ${PROGRESS_MESSAGE} later`, want: undefined },
    { name: "cut off mid-line -> ignored", line: line(progressFields(counts)).slice(0, 60), want: undefined },
    { name: "negative rows -> ignored", line: line(progressFields({ ...counts, rows: -1 })), want: undefined },
    { name: "fractional bytes -> ignored", line: line(progressFields({ ...counts, bytes: 1.5 })), want: undefined },
    { name: "no batch id -> ignored", line: line({ progress: { rows: 1, bytes: 1, elapsedMs: 1 } }), want: undefined },
    { name: "no time -> ignored", line: JSON.stringify({ msg: PROGRESS_MESSAGE, ...progressFields(counts) }), want: undefined },
  ];
  it.each(cases)("$name", ({ line: text, want }) => expect(parseProgressLine(text)).toEqual(want));
});

describe("parseProgressLines", () => {
  it("keeps the last line of each batch in log order, skipping every other line", () => {
    const log = [
      line(progressFields({ ...counts, batchId: "b1", rows: 100 })),
      JSON.stringify({ level: 40, time: atTenSeconds, msg: "enrolment scan finished" }),
      line(progressFields({ ...counts, batchId: "b2", rows: 7 })),
      JSON.stringify({ level: 30, time: atTwentySeconds, msg: PROGRESS_MESSAGE, progress: { ...counts, batchId: "b1", rows: 900 } }),
      "",
    ].join("\n");
    expect(Object.fromEntries(parseProgressLines(log))).toEqual({
      b1: { ...counts, batchId: "b1", rows: 900, timeMs: atTwentySeconds },
      b2: { ...counts, batchId: "b2", rows: 7, timeMs: atTenSeconds },
    });
  });
  it("a log without progress lines -> no readings", () => expect(parseProgressLines("starting\n{\"msg\":\"runner starting\"}\n").size).toBe(0));
});
