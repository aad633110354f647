import type { CsvWriter } from "../format/csv.ts";
import type { TextMap } from "../format/json-column.ts";

// Plain data the runner's shell reads from the stores and hands to the row builders (reports-spec §2).

export interface Enrolment {
  userId: string;
  courseId: string;
  batchId: string;
  active: boolean | null;
  enrolledDate: Date | null;
  /** Legacy text column `enrolleddate`, e.g. `2019-11-15 05:41:50:382+0000`. */
  enrolledDateLegacy: string | null;
  completedOn: Date | null;
  contentStatus: ContentStatus | null;
  certificates: unknown[] | null;
  issuedCertificates: unknown[] | null;
}

/**
 * `contentstatus` (content id -> status) as the driver decodes a map: a plain object by default. Kept as decoded,
 * because copying it into a Map for every enrolment was a measurable share of the runner's allocations.
 */
export type ContentStatus = ReadonlyMap<string, number> | Readonly<Record<string, number>>;

/** The fields the report reads from the Redis hash `user:<userId>`; a field the hash lacks is absent. */
export type CachedUser = Record<string, string>;

export interface Batch {
  batchId: string;
  courseId: string;
  name: string | null;
  status: number | null;
}

export interface Consent {
  status: string | null;
  lastUpdatedOn: Date | null;
}

export interface Question {
  id: string | null;
  type: string | null;
  title: string | null;
  description: string | null;
  /** Cassandra decimal: pass its string form (BigDecimal#toString) or a number. */
  duration: number | string | null;
  score: number | null;
  maxScore: number | null;
  params: TextMap[] | null;
  resvalues: TextMap[] | null;
}

/** Response's nine question cells (Question Id … Question Response) per question. */
export const QUESTION_CELLS = 9;

/**
 * Questions the source writes straight into the CSV writer as Response rows (from the column's bytes): `write` puts
 * each question's row (the leading fields [prefixStart, prefixEnd) of the writer, repeated, then its nine fields) and
 * returns the number of rows, or null when it cannot read them exactly; then `decoded` gives the same questions the
 * generic way.
 */
export interface QuestionRows {
  write(writer: CsvWriter, prefixStart: number, prefixEnd: number): number | null;
  decoded(): Question[] | null;
}

export interface Attempt {
  contentId: string;
  attemptId: string;
  lastAttemptedOn: Date | null;
  totalScore: number | null;
  totalMaxScore: number | null;
  grandTotal: string | null;
  questions: Question[] | null;
  /** The questions as the source writes them from the column's bytes (then `questions` is null). */
  questionRows?: QuestionRows;
}

export interface ActivityAggregates {
  aggregates: Map<string, number> | null;
}
