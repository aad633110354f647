import { describe, expect, it } from "vitest";
import { ProgressBoard } from "../../../../runner/progress/progress-board.ts";
import { humanBytes, terminalFields } from "../../../../runner/progress/progress-text.ts";
import { isProgressDue, rowsPerSecond } from "../../../../runner/progress/progress-throttle.ts";

// Monotonic milliseconds since the run started, as main.ts hands them in.
const batchStarts = 2_000;
const nineSecondsIn = 11_000;
const tenSecondsIn = 12_000;
const fifteenSecondsIn = 17_000;
const twentySecondsIn = 22_000;
const interval = 10_000;

describe("isProgressDue", () => {
  const cases: { name: string; lastReportMs?: number; nowMs: number; want: boolean }[] = [
    { name: "just started -> not due", nowMs: batchStarts, want: false },
    { name: "nine seconds in, nothing written -> not due (a batch that ends now writes none)", nowMs: nineSecondsIn, want: false },
    { name: "ten seconds in, nothing written -> due", nowMs: tenSecondsIn, want: true },
    { name: "five seconds after the first line -> not due", lastReportMs: tenSecondsIn, nowMs: fifteenSecondsIn, want: false },
    { name: "an interval after the first line -> due", lastReportMs: tenSecondsIn, nowMs: twentySecondsIn, want: true },
  ];
  it.each(cases)("$name", ({ lastReportMs, nowMs, want }) =>
    expect(isProgressDue({ startedMs: batchStarts, ...(lastReportMs === undefined ? {} : { lastReportMs }) }, nowMs, interval)).toBe(want),
  );
});

describe("rowsPerSecond", () => {
  const cases: { name: string; rows: number; elapsedMs: number; want: number }[] = [
    { name: "no time passed -> 0, not Infinity", rows: 10, elapsedMs: 0, want: 0 },
    { name: "1,500 rows in 2 s -> 750", rows: 1500, elapsedMs: 2000, want: 750 },
    { name: "a fraction -> rounded down", rows: 10, elapsedMs: 3000, want: 3 },
  ];
  it.each(cases)("$name", ({ rows, elapsedMs, want }) => expect(rowsPerSecond(rows, elapsedMs)).toBe(want));
});

describe("humanBytes", () => {
  const cases: [string, number, string][] = [
    ["under a KiB -> bytes", 512, "512 B"],
    ["one and a half KiB", 1536, "1.5 KiB"],
    ["a few MiB", 12.3 * 1024 * 1024, "12.3 MiB"],
    ["beyond TiB stays TiB", 2048 * 1024 ** 4, "2048.0 TiB"],
  ];
  it.each(cases)("%s", (_name, bytes, want) => expect(humanBytes(bytes)).toBe(want));
});

describe("ProgressBoard", () => {
  it("a batch gets one line per interval, none once it ended, and the counts read at that moment", () => {
    const board = new ProgressBoard();
    let rows = 0;
    const untrack = board.track("b1", batchStarts, { rows: () => rows, bytes: () => rows * 10 });
    rows = 40;
    expect(board.takeDue(nineSecondsIn, interval)).toEqual([]);
    rows = 50;
    expect(board.takeDue(tenSecondsIn, interval)).toEqual([{ batchId: "b1", startedMs: batchStarts, rows: 50, bytes: 500 }]);
    expect(board.takeDue(fifteenSecondsIn, interval)).toEqual([]);
    untrack();
    expect(board.takeDue(twentySecondsIn, interval)).toEqual([]);
    expect(board.live()).toEqual([]);
  });
  it("a short batch that ends before the first interval never gets a line", () => {
    const board = new ProgressBoard();
    board.track("short", batchStarts, { rows: () => 3, bytes: () => 30 })();
    expect(board.takeDue(twentySecondsIn, interval)).toEqual([]);
  });
  it("the terminal line's fields: rows, rows/s since the start, human bytes", () => {
    const board = new ProgressBoard();
    board.track("b1", batchStarts, { rows: () => 20_000, bytes: () => 3 * 1024 * 1024 });
    const [live] = board.live();
    if (live === undefined) throw new Error("no live batch");
    expect(terminalFields(live, tenSecondsIn)).toEqual({ batchId: "b1", rows: 20_000, rate: 2000, size: "3.0 MiB" });
  });
});
