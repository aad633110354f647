import { describe, expect, it } from "vitest";
import type { Attempt } from "../../../../runner/reports/model.ts";
import { scoresFromAggregates, scoresFromAttempts } from "../../../../runner/reports/progress-scores.ts";

const jan1 = new Date("2024-01-01T09:00:00Z");
const jan2 = new Date("2024-01-02T09:00:00Z");
const jan3 = new Date("2024-01-03T09:00:00Z");

const attempt = (contentId: string, score: number | null, max: number | null, grandTotal: string | null, lastAttemptedOn: Date | null = jan1): Attempt => ({
  contentId, attemptId: `${contentId}-${String(score)}-${lastAttemptedOn?.getTime() ?? "never"}`, lastAttemptedOn,
  totalScore: score, totalMaxScore: max, grandTotal, questions: null,
});

describe("scoresFromAttempts (§5.3.4)", () => {
  const ids = ["do_a", "do_b"];
  const cases: { name: string; attempts: Attempt[]; selection?: "best" | "latest"; total: string; cells: string[] }[] = [
    { name: "no attempts -> empty total and cells", attempts: [], total: "", cells: ["", ""] },
    { name: "21/40 -> 53% (ceil of 52.5)", attempts: [attempt("do_a", 21, 40, "21/40")], total: "53%", cells: ["53%", ""] },
    { name: "1.1 of 1 -> 111% (float artefact kept)", attempts: [attempt("do_a", 1.1, 1, "1.1/1")], total: "111%", cells: ["111%", ""] },
    { name: "7 of 100 -> 7% (multiply before dividing)", attempts: [attempt("do_a", 7, 100, "7/100")], total: "7%", cells: ["7%", ""] },
    {
      name: "best: highest total_score wins even if older",
      attempts: [attempt("do_a", 3, 10, "3/10", jan3), attempt("do_a", 8, 10, "8/10", jan1), attempt("do_a", 5, 10, "5/10", jan2)],
      total: "80%", cells: ["80%", ""],
    },
    {
      name: "latest: most recent last_attempted_on wins even if lower",
      attempts: [attempt("do_a", 3, 10, "3/10", jan3), attempt("do_a", 8, 10, "8/10", jan1), attempt("do_a", 5, 10, "5/10", jan2)],
      selection: "latest", total: "30%", cells: ["30%", ""],
    },
    {
      name: "best: null total_score loses to any score",
      attempts: [attempt("do_a", null, 10, "9/10"), attempt("do_a", 2, 10, "2/10")],
      total: "20%", cells: ["20%", ""],
    },
    {
      name: "latest: null last_attempted_on loses to any date",
      attempts: [attempt("do_a", 9, 10, "9/10", null), attempt("do_a", 2, 10, "2/10", jan1)],
      selection: "latest", total: "20%", cells: ["20%", ""],
    },
    {
      name: "two contents -> total over the chosen attempts, ceil(Σscore×100/Σmax)",
      attempts: [attempt("do_a", 1, 3, "1/3"), attempt("do_b", 1, 3, "1/3"), attempt("do_b", 0, 3, "0/3")],
      total: "34%", cells: ["34%", "34%"],
    },
    {
      name: "non-qualifying content -> ignored in cells and total",
      attempts: [attempt("do_a", 5, 10, "5/10"), attempt("do_other", 10, 10, "10/10")],
      total: "50%", cells: ["50%", ""],
    },
    { name: "grand_total with spaces -> trimmed parts", attempts: [attempt("do_a", 5, 10, " 5 / 10 ")], total: "50%", cells: ["50%", ""] },
    { name: "grand_total with a no-break space -> empty cell (Java's trim keeps U+00A0)", attempts: [attempt("do_a", 5, 10, "5\u00a0/10")], total: "50%", cells: ["", ""] },
    { name: "grand_total with two slashes -> first two parts", attempts: [attempt("do_a", 1, 2, "1/2/3")], total: "50%", cells: ["50%", ""] },
    { name: "grand_total without slash -> empty cell", attempts: [attempt("do_a", 5, 10, "5")], total: "50%", cells: ["", ""] },
    { name: "grand_total max 0 -> empty cell", attempts: [attempt("do_a", 5, 10, "5/0")], total: "50%", cells: ["", ""] },
    { name: "grand_total not numeric -> empty cell", attempts: [attempt("do_a", 5, 10, "five/ten")], total: "50%", cells: ["", ""] },
    { name: "grand_total null -> empty cell", attempts: [attempt("do_a", 5, 10, null)], total: "50%", cells: ["", ""] },
    { name: "Σmax 0 -> empty total", attempts: [attempt("do_a", 0, 0, "0/0")], total: "", cells: ["", ""] },
    { name: "null max scores -> empty total", attempts: [attempt("do_a", 4, null, "4/5")], total: "", cells: ["80%", ""] },
    { name: "zero score -> 0%", attempts: [attempt("do_a", 0, 10, "0/10")], total: "0%", cells: ["0%", ""] },
    { name: "§5.3.4 0.07 of 1 -> 8% (0.07×100 is 7.000000000000001 before the divide)", attempts: [attempt("do_a", 0.07, 1, "0.07/1")], total: "8%", cells: ["8%", ""] },
    {
      name: "§5.3.4 Σ in double precision: 0.1 + 0.2 of 0.15 + 0.15 -> 101%",
      attempts: [attempt("do_a", 0.1, 0.15, null), attempt("do_b", 0.2, 0.15, null)],
      total: "101%", cells: ["", ""],
    },
    {
      name: "§5.3.4 a chosen attempt with null total_score -> skipped in Σscore, its max still counted",
      attempts: [attempt("do_a", 5, 10, "5/10"), attempt("do_b", null, 10, "3/10")],
      total: "25%", cells: ["50%", "30%"],
    },
    { name: "§5.3.4 ceil result above 100 -> integer text, no .0", attempts: [attempt("do_a", 3, 2, "3/2")], total: "150%", cells: ["150%", ""] },
    { name: "§5.3.4 grand_total parts as Java doubles: exponent and d suffix", attempts: [attempt("do_a", 1, 2, "5e-1/1d")], total: "50%", cells: ["50%", ""] },
    { name: "§5.3.4 negative score -> negative ceil", attempts: [attempt("do_a", -1, 3, "-1/3")], total: "-33%", cells: ["-33%", ""] },
    { name: "§5.3.4 grand_total with an empty part -> empty cell", attempts: [attempt("do_a", 1, 2, "/2")], total: "50%", cells: ["", ""] },
  ];
  it.each(cases)("$name", ({ attempts, selection = "best", total, cells }) => {
    expect(scoresFromAttempts(attempts, ids, selection)).toEqual({ totalScore: total, perAssessment: cells });
  });
});

describe("scoresFromAggregates (§5.3.5)", () => {
  const ids = ["do_a", "do_b", "do_c"];
  const aggregates = (entries: Record<string, number>) => ({ aggregates: new Map(Object.entries(entries)) });
  const cases: { name: string; activity: ReturnType<typeof aggregates> | null | { aggregates: null }; total: string; cells: string[] }[] = [
    { name: "no row -> all empty", activity: null, total: "", cells: ["", "", ""] },
    { name: "null aggregates -> all empty", activity: { aggregates: null }, total: "", cells: ["", "", ""] },
    { name: "7 of 100 -> 7%, not Sunbird V2's 8%", activity: aggregates({ "score:do_a": 7, "max_score:do_a": 100 }), total: "7%", cells: ["7%", "", ""] },
    {
      name: "max_score 0 -> empty cell, score still in total",
      activity: aggregates({ "score:do_a": 7, "max_score:do_a": 100, "score:do_b": 3, "max_score:do_b": 0 }),
      total: "10%", cells: ["7%", "", ""],
    },
    {
      name: "missing max_score -> empty cell, counts 0 in Σmax",
      activity: aggregates({ "score:do_a": 1, "max_score:do_a": 4, "score:do_c": 1 }),
      total: "50%", cells: ["25%", "", ""],
    },
    { name: "max without score -> no cell, not in total", activity: aggregates({ "max_score:do_a": 10, "completedCount": 3 }), total: "", cells: ["", "", ""] },
    { name: "non-qualifying score key -> ignored", activity: aggregates({ "score:do_x": 5, "max_score:do_x": 5 }), total: "", cells: ["", "", ""] },
    { name: "1.1 of 1 -> 111%", activity: aggregates({ "score:do_b": 1.1, "max_score:do_b": 1 }), total: "111%", cells: ["", "111%", ""] },
    { name: "only zero max scores -> empty total", activity: aggregates({ "score:do_a": 0, "max_score:do_a": 0 }), total: "", cells: ["", "", ""] },
    { name: "§5.3.5 0.07 of 1 -> 8% (multiply first)", activity: aggregates({ "score:do_a": 0.07, "max_score:do_a": 1 }), total: "8%", cells: ["8%", "", ""] },
    {
      name: "§5.3.5 negative max -> empty cell, still in Σmax",
      activity: aggregates({ "score:do_a": 1, "max_score:do_a": 4, "score:do_b": 1, "max_score:do_b": -2 }),
      total: "100%", cells: ["25%", "", ""],
    },
  ];
  it.each(cases)("$name", ({ activity, total, cells }) => {
    expect(scoresFromAggregates(activity, ids)).toEqual({ totalScore: total, perAssessment: cells });
  });
});
