import { describe, expect, it } from "vitest";
import { commonCells, dateCell } from "../../../../runner/reports/row-context.ts";
import { ctx } from "./fixtures.ts";

describe("row context", () => {
  it("batch cells -> courseid, trimmed root name, BatchId_ prefix, batch name", () => {
    expect(ctx.batchCells).toEqual(["do_course", "Maths, Part 1", "BatchId_b-001", "January batch"]);
  });
  it("common cells -> batch cells then the user id", () => {
    expect(commonCells(ctx, " user-1 ")).toEqual(["do_course", "Maths, Part 1", "BatchId_b-001", "January batch", "user-1"]);
  });
  it("date in the evening UTC -> next day in Kolkata", () => expect(dateCell(ctx, new Date("2024-01-10T20:00:00Z"))).toBe("11/01/2024"));
  it("null date -> empty", () => expect(dateCell(ctx, null)).toBe(""));
  it("invalid date -> empty", () => expect(dateCell(ctx, new Date(Number.NaN))).toBe(""));
});
