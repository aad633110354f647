import { describe, expect, it } from "vitest";
import type { CachedUser, Enrolment } from "../../../../runner/reports/model.ts";
import { declaredBoard, legacyDateCell, progressHeader, progressRow } from "../../../../runner/reports/progress.ts";
import type { ScoreCells } from "../../../../runner/reports/progress.ts";
import { parseHierarchy } from "../../../../runner/reports/hierarchy.ts";
import { newRowContext } from "../../../../runner/reports/row-context.ts";
import { batch, cachedUser, ctx, enrolment } from "./fixtures.ts";

const noScores: ScoreCells = { totalScore: "", perAssessment: ["", ""] };
const noOptional = new Set<string>();

describe("progressHeader (§5.3.1, D9)", () => {
  it("20 fixed columns then one score column per assessment id", () => {
    expect(progressHeader(["do_a", "do_b"])).toEqual([
      "Collection Id", "Collection Name", "Batch Id", "Batch Name", "User UUID", "State", "District", "Org Name",
      "School Id", "School Name", "Block Name", "Cluster Name", "User Type", "User Sub Type", "Declared Board",
      "Enrolment Date", "Completion Date", "Certificate Status", "Progress", "Total Score", "do_a - Score", "do_b - Score",
    ]);
  });
  it("no qualifying assessment -> only the fixed columns", () => expect(progressHeader([])).toHaveLength(20));
});

describe("progressRow (§5.3)", () => {
  it("enrolled user with scores -> full row", () => {
    const e = enrolment({ contentStatus: new Map([["c1", 2], ["c2", 2], ["c3", 1]]), issuedCertificates: [{ name: "cert" }] });
    expect(progressRow(ctx, e, cachedUser, { totalScore: "75%", perAssessment: ["80%", ""] }, noOptional)).toEqual([
      "do_course", "Maths, Part 1", "BatchId_b-001", "January batch", "user-1", "Karnataka", "Bengaluru Urban", "Org One",
      "29200100101", "GHS North", "North", "C1", "teacher", "hm", "CBSE", "11/01/2024", "", "Issued", "50", "75%", "80%", "",
    ]);
  });

  const header = progressHeader(["do_a", "do_b"]);
  const cell = (column: string, e: Partial<Enrolment> = {}, user: CachedUser = cachedUser, optional = noOptional) =>
    progressRow(ctx, enrolment(e), user, noScores, optional)[header.indexOf(column)];

  const cases: { name: string; column: string; e?: Partial<Enrolment>; user?: CachedUser; optional?: Set<string>; expected: string }[] = [
    { name: "completedon set -> Progress 100 and Completion Date in the zone", column: "Completion Date", e: { completedOn: new Date("2024-02-01T18:40:00Z") }, expected: "02/02/2024" },
    { name: "completedon set, nothing completed -> Progress 100", column: "Progress", e: { completedOn: new Date("2024-02-01T00:00:00Z") }, expected: "100" },
    { name: "2 of 4 leaves completed -> 50", column: "Progress", e: { contentStatus: new Map([["a", 2], ["b", 2]]) }, expected: "50" },
    { name: "optional node completed -> not counted", column: "Progress", e: { contentStatus: new Map([["a", 2], ["opt", 2]]) }, optional: new Set(["opt"]), expected: "25" },
    { name: "null contentstatus -> 0", column: "Progress", e: { contentStatus: null }, expected: "0" },
    { name: "certificates non-empty -> Issued", column: "Certificate Status", e: { certificates: [{ id: "x" }] }, expected: "Issued" },
    { name: "empty certificate lists -> empty status", column: "Certificate Status", e: { certificates: [], issuedCertificates: [] }, expected: "" },
    { name: "null certificate lists -> empty status", column: "Certificate Status", expected: "" },
    { name: "enrolled_date present -> date in the zone, legacy ignored", column: "Enrolment Date", e: { enrolledDateLegacy: "2019-11-15 05:41:50:382+0000" }, expected: "11/01/2024" },
    { name: "only legacy text -> its leading date as written", column: "Enrolment Date", e: { enrolledDate: null, enrolledDateLegacy: "2019-11-15 23:41:50:382+0000" }, expected: "15/11/2019" },
    { name: "unparseable legacy text -> empty", column: "Enrolment Date", e: { enrolledDate: null, enrolledDateLegacy: "15-11-2019" }, expected: "" },
    { name: "board as JSON array -> first element", column: "Declared Board", user: { ...cachedUser, board: '["CBSE","ICSE"]' }, expected: "CBSE" },
    { name: "§5.3.1 board array element with padding -> trimmed", column: "Declared Board", user: { ...cachedUser, board: '[" State Board "]' }, expected: "State Board" },
    { name: "§5.3.1 board array of numbers -> value unchanged (Sunbird needs a text head)", column: "Declared Board", user: { ...cachedUser, board: "[1,2]" }, expected: "[1,2]" },
    { name: "§5.3.1 missing board -> empty", column: "Declared Board", user: { firstname: "A" }, expected: "" },
    { name: "§5.3.1 only issued_certificates -> Issued", column: "Certificate Status", e: { issuedCertificates: [{ name: "c" }], certificates: [] }, expected: "Issued" },
    { name: "§5.3.1 legacy text with leading whitespace -> still read", column: "Enrolment Date", e: { enrolledDate: null, enrolledDateLegacy: " 2019-11-15 05:41:50:382+0000" }, expected: "15/11/2019" },
    { name: "§5.3.1 empty legacy text and no enrolled_date -> empty", column: "Enrolment Date", e: { enrolledDate: null, enrolledDateLegacy: "" }, expected: "" },
    { name: "§5.3.1 no completedon -> empty Completion Date", column: "Completion Date", expected: "" },
    { name: "missing cache fields -> empty cells", column: "District", user: { firstname: "A" }, expected: "" },
    { name: "school name with padding -> trimmed", column: "School Name", user: { ...cachedUser, schoolname: " GHS  North\t" }, expected: "GHS  North" },
  ];
  it.each(cases)("$name", ({ column, e, user, optional, expected }) => expect(cell(column, e, user, optional)).toBe(expected));

  it("§5.3.2 leafNodesCount 0 (or missing) -> Progress 100 for everyone", () => {
    const noLeaves = newRowContext(parseHierarchy("do_course", JSON.stringify({ name: "C" })), batch, "Asia/Kolkata");
    expect(progressRow(noLeaves, enrolment(), cachedUser, noScores, noOptional)[header.indexOf("Progress")]).toBe("100");
  });

  it("scores -> Total Score then per-assessment cells in header order", () => {
    const row = progressRow(ctx, enrolment(), cachedUser, { totalScore: "7%", perAssessment: ["", "111%"] }, noOptional);
    expect(row.slice(-3)).toEqual(["7%", "", "111%"]);
  });
});

describe("declaredBoard", () => {
  const cases: { name: string; board: string | undefined; expected: string | undefined }[] = [
    { name: "plain text -> unchanged", board: "CBSE", expected: "CBSE" },
    { name: "JSON array of text -> first element", board: '["State (Karnataka)","CBSE"]', expected: "State (Karnataka)" },
    { name: "empty JSON array -> unchanged", board: "[]", expected: "[]" },
    { name: "JSON array of numbers -> unchanged", board: "[1,2]", expected: "[1,2]" },
    { name: "JSON string -> unchanged text", board: '"CBSE"', expected: '"CBSE"' },
    { name: "JSON object -> unchanged", board: '{"a":"b"}', expected: '{"a":"b"}' },
    { name: "array starting with null -> empty", board: "[null]", expected: undefined },
    { name: "missing -> missing", board: undefined, expected: undefined },
    { name: "JSON array after JSON whitespace -> first element", board: ' \t\r\n["CBSE"]', expected: "CBSE" },
    { name: "array after a non-JSON space -> unchanged", board: '\u00a0["CBSE"]', expected: '\u00a0["CBSE"]' },
    { name: "empty text -> unchanged", board: "", expected: "" },
    { name: "whitespace only -> unchanged", board: "  ", expected: "  " },
  ];
  it.each(cases)("$name", ({ board, expected }) => expect(declaredBoard(board)).toBe(expected));
});

describe("legacyDateCell", () => {
  const cases: { name: string; text: string | null; expected: string }[] = [
    { name: "Sunbird legacy format -> dd/MM/yyyy as written", text: "2019-11-15 05:41:50:382+0000", expected: "15/11/2019" },
    { name: "late evening with +0000 -> no zone shift", text: "2019-11-15 23:59:59:999+0000", expected: "15/11/2019" },
    { name: "bare date -> same date", text: "2020-02-29", expected: "29/02/2020" },
    { name: "ISO with T -> date part", text: "2021-03-04T10:00:00Z", expected: "04/03/2021" },
    { name: "single-digit month and day -> padded", text: "2021-3-4 10:00", expected: "04/03/2021" },
    { name: "impossible day -> empty", text: "2019-02-29 10:00:00", expected: "" },
    { name: "month 13 -> empty", text: "2019-13-01", expected: "" },
    { name: "other layout -> empty", text: "15/11/2019", expected: "" },
    { name: "text glued after the date -> empty", text: "2019-11-15x", expected: "" },
    { name: "leading spaces and tabs -> trimmed", text: " \t2019-11-15 05:41:50:382+0000", expected: "15/11/2019" },
    { name: "leading no-break space -> empty (Java's trim keeps U+00A0)", text: "\u00a02019-11-15", expected: "" },
    { name: "null -> empty", text: null, expected: "" },
  ];
  it.each(cases)("$name", ({ text, expected }) => expect(legacyDateCell(text)).toBe(expected));
});
