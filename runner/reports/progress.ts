import { javaTrim } from "../../crds/java-trim.ts";
import { textCell } from "../format/text.ts";
import { completionPercent } from "./completion-percent.ts";
import type { CachedUser, Enrolment } from "./model.ts";
import type { ScoreCells } from "./progress-scores.ts";
import { COMMON_HEADER, commonCells, dateCell } from "./row-context.ts";
import type { RowContext } from "./row-context.ts";

// Progress (reports-spec §5.3): twenty fixed columns, then one `<content_id> - Score` per qualifying assessment.

export { scoresFromAggregates, scoresFromAttempts } from "./progress-scores.ts";
export type { AttemptSelection, ScoreCells } from "./progress-scores.ts";

const FIXED_HEADER: readonly string[] = [
  ...COMMON_HEADER,
  "State",
  "District",
  "Org Name",
  "School Id",
  "School Name",
  "Block Name",
  "Cluster Name",
  "User Type",
  "User Sub Type",
  "Declared Board",
  "Enrolment Date",
  "Completion Date",
  "Certificate Status",
  "Progress",
  "Total Score",
];

const CACHE_COLUMNS = ["state", "district", "orgname", "schooludisecode", "schoolname", "block", "cluster", "usertype", "usersubtype"];

/** The user-cache fields a Progress row reads (the runner fetches only these). */
export const PROGRESS_CACHE_FIELDS: readonly string[] = [...CACHE_COLUMNS, "board"];

/** The header; `assessmentIds` come sorted from qualifyingAssessments (D9). */
export const progressHeader = (assessmentIds: readonly string[]): string[] => [
  ...FIXED_HEADER,
  ...assessmentIds.map((id) => `${id} - Score`),
];

export function progressRow(
  ctx: RowContext,
  enrolment: Enrolment,
  user: CachedUser,
  scores: ScoreCells,
  optionalNodes: ReadonlySet<string>,
): string[] {
  // Pushed into one array: this runs once per row, and spreads of intermediate arrays were measurable garbage.
  const row = commonCells(ctx, enrolment.userId);
  for (const field of CACHE_COLUMNS) row.push(textCell(user[field]));
  row.push(
    textCell(declaredBoard(user.board)),
    enrolment.enrolledDate !== null ? dateCell(ctx, enrolment.enrolledDate) : legacyDateCell(enrolment.enrolledDateLegacy),
    dateCell(ctx, enrolment.completedOn),
    hasCertificate(enrolment) ? "Issued" : "",
    String(completionPercent(enrolment.contentStatus, optionalNodes, ctx.leafNodesCount, enrolment.completedOn)),
    scores.totalScore,
  );
  for (const cell of scores.perAssessment) row.push(cell);
  return row;
}

/** `board` is a string or a JSON array string; a non-empty array of text gives its first element. */
export function declaredBoard(board: string | undefined): string | undefined {
  if (board === undefined) return undefined;
  // Only a JSON array changes the value; skipping JSON.parse (and its throw on plain text) for anything else is the
  // common case and gives the same result.
  if (!startsJsonArray(board)) return board;
  let parsed: unknown;
  try {
    parsed = JSON.parse(board);
  } catch {
    return board;
  }
  if (!Array.isArray(parsed) || parsed.length === 0) return board;
  const first: unknown = parsed[0];
  if (first === null) return undefined;
  return typeof first === "string" ? first : board;
}

// JSON.parse skips JSON whitespace (space, tab, LF, CR) before the value.
function startsJsonArray(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return c === 0x5b;
  }
  return false;
}

const LEGACY_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]|$)/;

/**
 * The legacy `enrolleddate` text keeps its own calendar date: the leading yyyy-MM-dd as written, with no zone
 * conversion, as Spark's to_date reads `2019-11-15 05:41:50:382+0000`. Anything else is empty.
 */
export function legacyDateCell(text: string | null): string {
  if (text === null) return "";
  const match = LEGACY_DATE.exec(javaTrim(text));
  if (!match) return "";
  const [, y = "", m = "", d = ""] = match;
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  const check = new Date(Date.UTC(2000, month - 1, day));
  check.setUTCFullYear(year);
  if (month < 1 || month > 12 || day < 1 || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return "";
  return `${d.padStart(2, "0")}/${m.padStart(2, "0")}/${y}`;
}

const hasCertificate = (e: Enrolment) => (e.certificates?.length ?? 0) > 0 || (e.issuedCertificates?.length ?? 0) > 0;
