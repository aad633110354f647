import { describe, expect, it } from "vitest";
import { faultRowHolds, faultTableHeader, formatFaultRow, type FaultRow } from "../../faults/fault-row.ts";

const clean: FaultRow = { scenario: "2 runner SIGKILL mid-upload (s3)", requests: 1, batches: 1, faults: 1, completed: 1, duplicates: 0, lost: 0, leaked: 0, recoverMs: 12_345 };

describe("formatFaultRow", () => {
  const cases = [
    { name: "a recovered scenario -> every column, time in seconds", row: clean, want: "| 2 runner SIGKILL mid-upload (s3) | 1 | 1 | 1 | 1 | 0 | 0 | 0 | 12.3 s |" },
    { name: "nothing to recover -> a dash for the time", row: { ...clean, recoverMs: undefined }, want: "| 2 runner SIGKILL mid-upload (s3) | 1 | 1 | 1 | 1 | 0 | 0 | 0 | - |" },
    { name: "losses and leaks -> shown as counted", row: { ...clean, batches: 4, completed: 3, lost: 1, leaked: 2, recoverMs: 60_000 }, want: "| 2 runner SIGKILL mid-upload (s3) | 1 | 4 | 1 | 3 | 0 | 1 | 2 | 60.0 s |" },
  ];
  it.each(cases)("$name", ({ row, want }) => expect(formatFaultRow(row)).toBe(want));

  it("the header has as many columns as a row", () => {
    const cells = (line: string) => line.split("|").length;
    expect(cells(faultTableHeader().split("\n")[0] ?? "")).toBe(cells(formatFaultRow(clean)));
  });
});

describe("faultRowHolds", () => {
  const cases = [
    { name: "all completed, nothing duplicated, lost or leaked -> holds", row: clean, want: true },
    { name: "a batch not completed -> fails", row: { ...clean, batches: 2 }, want: false },
    { name: "a duplicate object -> fails", row: { ...clean, duplicates: 1 }, want: false },
    { name: "a lost batch -> fails", row: { ...clean, lost: 1 }, want: false },
    { name: "a leak -> fails", row: { ...clean, leaked: 1 }, want: false },
  ];
  it.each(cases)("$name", ({ row, want }) => expect(faultRowHolds(row)).toBe(want));
});
