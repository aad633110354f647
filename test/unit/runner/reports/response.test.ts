import { describe, expect, it } from "vitest";
import type { Attempt, Question } from "../../../../runner/reports/model.ts";
import { RESPONSE_HEADER, responseRows } from "../../../../runner/reports/response.ts";
import { newRowContext } from "../../../../runner/reports/row-context.ts";
import { batch, collection, ctx, enrolment } from "./fixtures.ts";

const titles = (id: string) => (id === "do_qs" ? "Quiz 1" : null);
const question = (overrides: Partial<Question> = {}): Question => ({
  id: "q1", type: "mcq", title: "Area of a circle?", description: null, duration: "12.5", score: 1, maxScore: 1,
  params: [{ "1": '{"text":"A=pi r^2"}' }], resvalues: [{ "1": '{"text":"A=pi r^2"}' }], ...overrides,
});
const attempt = (questions: Question[] | null, overrides: Partial<Attempt> = {}): Attempt => ({
  contentId: "do_qs", attemptId: "att-1", lastAttemptedOn: new Date("2024-01-31T20:15:07.123Z"),
  totalScore: 1, totalMaxScore: 1, grandTotal: "1/1", questions, ...overrides,
});

describe("RESPONSE_HEADER", () => {
  it("18 columns in Sunbird's order", () => {
    expect(RESPONSE_HEADER).toEqual([
      "Collection Id", "Collection Name", "Batch Id", "Batch Name", "User UUID", "QuestionSet Id", "QuestionSet Title",
      "Attempt Id", "Attempted On", "Question Id", "Question Type", "Question Title", "Question Description",
      "Question Duration", "Question Score", "Question Max Score", "Question Options", "Question Response",
    ]);
  });
});

describe("responseRows (§5.2)", () => {
  it("one question -> one row with every column rendered", () => {
    expect(responseRows(ctx, enrolment(), attempt([question()]), titles)).toEqual([[
      "do_course", "Maths, Part 1", "BatchId_b-001", "January batch", "user-1", "do_qs", "Quiz 1", "att-1",
      "2024-02-01 01:45:07", "q1", "mcq", "Area of a circle?", "", "13", "1.0", "1.0",
      '[{"1":"{\\"text\\":\\"A=pi r^2\\"}"}]', '[{"1":"{\\"text\\":\\"A=pi r^2\\"}"}]',
    ]]);
  });

  it("D4 Attempted On -> in the report zone (UTC here), seconds kept, milliseconds dropped", () => {
    const utcCtx = newRowContext(collection, batch, "Etc/UTC");
    const [row] = responseRows(utcCtx, enrolment(), attempt([question()]), titles);
    expect(row?.[RESPONSE_HEADER.indexOf("Attempted On")]).toBe("2024-01-31 20:15:07");
  });

  it("§5.2 QuestionSet Title from the hierarchy -> trimmed", () => {
    const [row] = responseRows(ctx, enrolment(), attempt([question()]), () => "  Quiz 1\t");
    expect(row?.[RESPONSE_HEADER.indexOf("QuestionSet Title")]).toBe("Quiz 1");
  });

  it("several questions -> one row each, attempt columns repeated", () => {
    const rows = responseRows(ctx, enrolment(), attempt([question({ id: "q1" }), question({ id: "q2" }), question({ id: "q3" })]), titles);
    expect(rows.map((r) => r[9])).toEqual(["q1", "q2", "q3"]);
    expect(new Set(rows.map((r) => r.slice(0, 9).join("|"))).size).toBe(1);
  });

  const emptyCases: { name: string; questions: Question[] | null }[] = [
    { name: "null question list -> one row with empty question fields", questions: null },
    { name: "empty question list -> one row with empty question fields", questions: [] },
  ];
  it.each(emptyCases)("$name", ({ questions }) => {
    const rows = responseRows(ctx, enrolment(), attempt(questions), titles);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.slice(5, 9)).toEqual(["do_qs", "Quiz 1", "att-1", "2024-02-01 01:45:07"]);
    expect(rows[0]?.slice(9)).toEqual(["", "", "", "", "", "", "", "", ""]);
  });

  const col = (name: string) => RESPONSE_HEADER.indexOf(name);
  const cells: { name: string; q?: Partial<Question>; a?: Partial<Attempt>; column: string; expected: string }[] = [
    { name: "score 0.33 -> Java double text", q: { maxScore: 0.33 }, column: "Question Max Score", expected: "0.33" },
    { name: "score 10 -> 10.0", q: { score: 10 }, column: "Question Score", expected: "10.0" },
    { name: "null score -> empty", q: { score: null }, column: "Question Score", expected: "" },
    { name: "duration 12.4 -> 12", q: { duration: "12.4" }, column: "Question Duration", expected: "12" },
    { name: "numeric duration 2.5 -> 3", q: { duration: 2.5 }, column: "Question Duration", expected: "3" },
    { name: "null duration -> empty", q: { duration: null }, column: "Question Duration", expected: "" },
    { name: "empty options list -> []", q: { params: [] }, column: "Question Options", expected: "[]" },
    { name: "null response list -> empty", q: { resvalues: null }, column: "Question Response", expected: "" },
    { name: "description with padding and inner newline -> trimmed, newline kept", q: { description: "\n Line 1\nLine 2 " }, column: "Question Description", expected: "Line 1\nLine 2" },
    { name: "§5.2 negative half duration -> -3 (HALF_UP)", q: { duration: "-2.5" }, column: "Question Duration", expected: "-3" },
    { name: "§5.2 duration with trailing zeros -> no decimals", q: { duration: "12.000" }, column: "Question Duration", expected: "12" },
    { name: "§4.7 score with a binary artefact -> Java's digits", q: { score: 0.1 + 0.2 }, column: "Question Score", expected: "0.30000000000000004" },
    { name: "§4.7 max score 1e7 -> Java scientific 1.0E7", q: { maxScore: 1e7 }, column: "Question Max Score", expected: "1.0E7" },
    { name: "§4.7 zero score -> 0.0", q: { score: 0 }, column: "Question Score", expected: "0.0" },
    { name: "D20 question id and type with padding -> trimmed", q: { id: " q9 ", type: "mcq\n" }, column: "Question Id", expected: "q9" },
    { name: "D11 option values keep inner whitespace", q: { params: [{ text: " a " }] }, column: "Question Options", expected: '[{"text":" a "}]' },
    { name: "§5.2 attempt id is written as stored", a: { attemptId: "att-9" }, column: "Attempt Id", expected: "att-9" },
    { name: "no attempted-on -> empty", a: { lastAttemptedOn: null }, column: "Attempted On", expected: "" },
    { name: "content missing from the hierarchy -> empty title", a: { contentId: "do_gone" }, column: "QuestionSet Title", expected: "" },
  ];
  it.each(cells)("$name", ({ q, a, column, expected }) => {
    const [row] = responseRows(ctx, enrolment(), attempt([question(q)], a), titles);
    expect(row?.[col(column)]).toBe(expected);
  });
});
