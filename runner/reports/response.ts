import { roundHalfUpCell } from "../format/decimal-round.ts";
import { doubleCell } from "../format/java-double.ts";
import { jsonListCell } from "../format/json-column.ts";
import type { CsvCell } from "../format/csv.ts";
import { textCell } from "../format/text.ts";
import type { Attempt, Enrolment, Question, RenderedQuestions } from "./model.ts";
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
 * Rows for one attempt, whichever form its questions came in (rendered by the source, or decoded by the driver); an
 * attempt without questions still gives one row, with empty question fields.
 */
export function responseRowsOf(ctx: RowContext, enrolment: Enrolment, attempt: Attempt, titleOf: (contentId: string) => string | null): CsvCell[][] {
  return attempt.rendered === undefined ? responseRows(ctx, enrolment, attempt, titleOf) : renderedRows(attemptCellsOf(ctx, enrolment, attempt, titleOf), attempt.rendered);
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

/** Rows of questions the source already rendered: the attempt's cells, then each question's nine. */
function renderedRows(attemptCells: string[], questions: RenderedQuestions): CsvCell[][] {
  if (questions.count === 0) return [attemptCells.concat(NO_QUESTION)];
  const { cells } = questions;
  const rows: CsvCell[][] = new Array<CsvCell[]>(questions.count);
  for (let i = 0; i < questions.count; i++) {
    const row: CsvCell[] = attemptCells.slice();
    for (let c = i * QUESTION_CELLS; c < (i + 1) * QUESTION_CELLS; c++) row.push(cells[c] as CsvCell);
    rows[i] = row;
  }
  return rows;
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
