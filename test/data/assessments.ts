import { contentId } from "./hierarchy.ts";
import { type Rng, rngFor } from "./prng.ts";

/** Element of assessment_aggregator.question (UDT `question`, reports-spec.md §2.2). */
export interface QuestionValue {
  id: string;
  assess_ts: Date;
  max_score: number;
  score: number;
  type: string;
  title: string;
  resvalues: Record<string, string>[];
  params: Record<string, string>[];
  description?: string;
  duration: number;
}

export interface AttemptRow {
  user_id: string;
  course_id: string;
  batch_id: string;
  content_id: string;
  attempt_id: string;
  created_on: Date;
  updated_on: Date;
  last_attempted_on: Date;
  question: QuestionValue[];
  total_score: number;
  total_max_score: number;
  grand_total: string;
}

interface QuestionTemplate {
  id: string;
  type: string;
  title: string;
  description?: string;
  maxScore: number;
  options: string[];
  correct: number;
}

/** The questions of each assessment: fixed per content id, so every learner answers the same ones. */
export type QuestionBank = Map<string, QuestionTemplate[]>;

export function questionBank(seed: number, assessmentIds: readonly string[]): QuestionBank {
  const bank: QuestionBank = new Map();
  for (const content of assessmentIds) {
    const rng = rngFor(seed, `questions:${content}`);
    bank.set(content, Array.from({ length: rng.int(2, 5) }, (_, i) => questionTemplate(rng, i)));
  }
  return bank;
}

function questionTemplate(rng: Rng, i: number): QuestionTemplate {
  const a = rng.int(2, 19);
  const b = rng.int(2, 19);
  const type = rng.pick(["mcq", "mcq", "mcq", "mtf", "ftb", "sa"]);
  const answer = a + b;
  const options = [answer, answer + 1, answer - 1, answer * 2].map(String);
  const correct = rng.int(0, options.length - 1);
  [options[0], options[correct]] = [options[correct] ?? "", options[0] ?? ""];
  return {
    id: contentId(rng),
    type,
    // Commas, quotes and a line break: the CSV writer has to quote these.
    title: i % 3 === 2 ? `Which is "${a} + ${b}",\nexactly?` : `What is ${a} + ${b}?`,
    ...(rng.chance(0.7) ? { description: `Add ${a} and ${b}` } : {}),
    maxScore: rng.pick([1, 1, 1, 2, 0.33]),
    options,
    correct,
  };
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** One attempt of `content`: every question answered, right with probability `skill`. */
export function attemptRow(rng: Rng, bank: QuestionBank, keys: { userId: string; courseId: string; batchId: string; content: string }, at: Date, skill: number): AttemptRow {
  const templates = bank.get(keys.content) ?? [];
  // An attempt with no questions happens (a player that saved nothing): Response writes one empty-question row.
  const question = rng.chance(0.03) ? [] : templates.map((t, i) => answered(rng, t, new Date(at.getTime() + i * 30_000), skill));
  const total = round2(question.reduce((n, q) => n + q.score, 0));
  const max = round2(question.reduce((n, q) => n + q.max_score, 0));
  return {
    user_id: keys.userId,
    course_id: keys.courseId,
    batch_id: keys.batchId,
    content_id: keys.content,
    attempt_id: rng.hex(32),
    created_on: at,
    updated_on: at,
    last_attempted_on: new Date(at.getTime() + question.length * 30_000),
    question,
    total_score: total,
    total_max_score: max,
    grand_total: `${total}/${max}`,
  };
}

function answered(rng: Rng, t: QuestionTemplate, at: Date, skill: number): QuestionValue {
  const right = rng.chance(skill);
  const choice = right ? t.correct : (t.correct + rng.int(1, t.options.length - 1)) % t.options.length;
  const params = t.options.map((text, i) => ({ [String(i + 1)]: JSON.stringify({ text }) }));
  params.push({ answer: JSON.stringify({ correct: [String(t.correct + 1)] }) });
  const skipped = rng.chance(0.05);
  return {
    id: t.id,
    assess_ts: at,
    max_score: t.maxScore,
    score: right && !skipped ? t.maxScore : 0,
    type: t.type,
    title: t.title,
    resvalues: skipped ? [] : [{ [String(choice + 1)]: JSON.stringify({ text: t.options[choice] ?? "" }) }],
    params,
    ...(t.description !== undefined ? { description: t.description } : {}),
    duration: rng.chance(0.5) ? rng.int(3, 90) : rng.int(30, 900) / 10,
  };
}
