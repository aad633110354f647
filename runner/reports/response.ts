import { roundHalfUpCell } from "../format/decimal-round.ts";
import { doubleCell } from "../format/java-double.ts";
import { jsonListCell } from "../format/json-column.ts";
import type { CsvWriter } from "../format/csv.ts";
import { textCell } from "../format/text.ts";
import type { Attempt, Enrolment, Question } from "./model.ts";
import { QUESTION_CELLS } from "./model.ts";
import { COMMON_HEADER, commonCells } from "./row-context.ts";
import type { RowContext } from "./row-context.ts";

// Response (reports-spec §5.2, D11): one row per question of each attempt of this batch.

export const RESPONSE_HEADER: readonly string[] = [
  ...COMMON_HEADER,
  "QuestionSet Id",
  "QuestionSet Title",
  "Attempt Id",
  "Attempted On",
  "Question Id",
  "Question Type",
  "Question Title",
  "Question Description",
  "Question Duration",
  "Question Score",
  "Question Max Score",
  "Question Options",
  "Question Response",
];

const NO_QUESTION: readonly string[] = Array.from({ length: QUESTION_CELLS }, () => "");

/**
 * Writes one attempt's rows into `writer` and returns how many, whichever form its questions came in (written by the
 * source from the column's bytes, or decoded); an attempt without questions still gives one row, with empty question
 * fields.
 */
export function writeResponseRows(writer: CsvWriter, ctx: RowContext, enrolment: Enrolment, attempt: Attempt, titleOf: (contentId: string) => string | null): number {
  const source = attempt.questionRows;
  if (source !== undefined) {
    const recordStart = writer.position();
    const attemptCells = attemptCellsOf(ctx, enrolment, attempt, titleOf);
    for (let i = 0; i < attemptCells.length; i++) writer.cell(attemptCells[i] as string);
    const rows = source.write(writer, recordStart, writer.position());
    if (rows === 0) {
      for (let i = 0; i < QUESTION_CELLS; i++) writer.cell("");
      writer.endRecord();
      return 1;
    }
    if (rows !== null) return rows;
    writer.truncate(recordStart);
    return writeRecords(writer, responseRows(ctx, enrolment, { ...attempt, questions: source.decoded() }, titleOf));
  }
  return writeRecords(writer, responseRows(ctx, enrolment, attempt, titleOf));
}

function writeRecords(writer: CsvWriter, rows: readonly string[][]): number {
  for (let i = 0; i < rows.length; i++) writer.record(rows[i] as string[]);
  return rows.length;
}

/** Rows for one attempt from its decoded questions (the driver's decoding, or plain data). */
export function responseRows(ctx: RowContext, enrolment: Enrolment, attempt: Attempt, titleOf: (contentId: string) => string | null): string[][] {
  const attemptCells = attemptCellsOf(ctx, enrolment, attempt, titleOf);
  const questions = attempt.questions ?? [];
  if (questions.length === 0) return [attemptCells.concat(NO_QUESTION)];
  const rows: string[][] = new Array<string[]>(questions.length);
  for (let i = 0; i < questions.length; i++) rows[i] = withQuestionCells(attemptCells.slice(), questions[i] as Question);
  return rows;
}

/** The cells every row of the attempt starts with. */
function attemptCellsOf(ctx: RowContext, enrolment: Enrolment, attempt: Attempt, titleOf: (contentId: string) => string | null): string[] {
  const attemptedOn = attempt.lastAttemptedOn;
  // Built like the other reports' rows (commonCells, then push): no spread of intermediate arrays per question row.
  const attemptCells = commonCells(ctx, enrolment.userId);
  attemptCells.push(
    textCell(attempt.contentId),
    textCell(titleOf(attempt.contentId)),
    textCell(attempt.attemptId),
    attemptedOn === null || Number.isNaN(attemptedOn.getTime()) ? "" : ctx.dates.dateTime(attemptedOn),
  );
  return attemptCells;
}

/** Appends the question's nine cells to `row`: one array per row, no array per question. */
function withQuestionCells(row: string[], q: Question): string[] {
  row.push(
    textCell(q.id),
    textCell(q.type),
    textCell(q.title),
    textCell(q.description),
    roundHalfUpCell(q.duration),
    doubleCell(q.score),
    doubleCell(q.maxScore),
    jsonListCell(q.params),
    jsonListCell(q.resvalues),
  );
  return row;
}
