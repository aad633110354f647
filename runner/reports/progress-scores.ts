import { javaTrim } from "../../crds/java-trim.ts";
import type { ActivityAggregates, Attempt } from "./model.ts";

// Progress score cells (reports-spec §5.3.4, §5.3.5). Arithmetic is IEEE double in Sunbird's order (multiply by
// 100, then divide, then ceil), so floating-point artefacts match: 1.1 of 1 is 111%.

export type AttemptSelection = "best" | "latest";

export interface ScoreCells {
  totalScore: string;
  /** One cell per assessment id, in the order of the ids given. */
  perAssessment: string[];
}

const percentCell = (score: number, max: number): string => {
  const value = Math.ceil((score * 100) / max);
  return Number.isFinite(value) ? `${value === 0 ? 0 : value}%` : "";
};

export function scoresFromAttempts(attempts: readonly Attempt[], assessmentIds: readonly string[], selection: AttemptSelection): ScoreCells {
  // Most users attempted nothing; this runs once per Progress row, so they skip the per-call allocations.
  if (attempts.length === 0) return { totalScore: "", perAssessment: assessmentIds.map(() => "") };
  const chosen: (Attempt | undefined)[] = assessmentIds.map(() => undefined);
  const better = selection === "best" ? higherScore : later;
  for (const attempt of attempts) {
    // A few qualifying assessments per course: a linear search beats building a Map per row.
    const i = assessmentIds.indexOf(attempt.contentId);
    if (i < 0) continue;
    const current = chosen[i];
    if (current === undefined || better(attempt, current)) chosen[i] = attempt;
  }
  let scoreSum: number | null = null;
  let maxSum: number | null = null;
  for (const attempt of chosen) {
    if (attempt === undefined) continue;
    if (attempt.totalScore !== null) scoreSum = (scoreSum ?? 0) + attempt.totalScore;
    if (attempt.totalMaxScore !== null) maxSum = (maxSum ?? 0) + attempt.totalMaxScore;
  }
  return {
    totalScore: scoreSum === null || maxSum === null || maxSum === 0 ? "" : percentCell(scoreSum, maxSum),
    perAssessment: chosen.map((a) => (a === undefined ? "" : grandTotalCell(a.grandTotal))),
  };
}

// Ties keep the attempt seen first; nulls lose to any value (Spark sorts them last in a descending order).
const higherScore = (a: Attempt, than: Attempt) =>
  a.totalScore !== null && (than.totalScore === null || a.totalScore > than.totalScore);
const later = (a: Attempt, than: Attempt) =>
  a.lastAttemptedOn !== null && (than.lastAttemptedOn === null || a.lastAttemptedOn.getTime() > than.lastAttemptedOn.getTime());

const JAVA_DOUBLE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[dDfF]?$/;

/** `<score>/<max>` as Spark reads it: the first two parts of a split at `/`, each cast to double after trimming. */
function grandTotalCell(grandTotal: string | null): string {
  if (grandTotal === null) return "";
  const [a, b] = grandTotal.split("/");
  const score = parseJavaDouble(a);
  const max = parseJavaDouble(b);
  return score === null || max === null || max === 0 ? "" : percentCell(score, max);
}

// Trimmed as Java trims (up to U+0020): a no-break space left in the text makes the cast fail, as it does in Spark.
function parseJavaDouble(text: string | undefined): number | null {
  const trimmed = text === undefined ? undefined : javaTrim(text);
  if (trimmed === undefined || !JAVA_DOUBLE.test(trimmed)) return null;
  return Number.parseFloat(trimmed);
}

export function scoresFromAggregates(activity: ActivityAggregates | null, assessmentIds: readonly string[]): ScoreCells {
  const aggregates = activity?.aggregates ?? null;
  let scoreSum = 0;
  let maxSum = 0;
  let scored = false;
  const perAssessment = assessmentIds.map((id) => {
    const score = aggregates?.get(`score:${id}`);
    if (score === undefined) return "";
    const max = aggregates?.get(`max_score:${id}`);
    scored = true;
    scoreSum += score;
    maxSum += max ?? 0;
    return max === undefined || !(max > 0) ? "" : percentCell(score, max);
  });
  return { totalScore: scored && maxSum > 0 ? percentCell(scoreSum, maxSum) : "", perAssessment };
}
