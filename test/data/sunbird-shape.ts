import { types } from "cassandra-driver";
import type { Attempt } from "../../runner/reports/model.ts";
import { COLLECTION_ROOT_SHAPE, type HierarchyNode } from "./hierarchy.ts";
import { FIRST_NAMES, LAST_NAMES, LOCATIONS, SCHOOLS, USER_SUB_TYPES, USER_TYPES } from "./names.ts";
import { encryptPii, type PiiCipher } from "./pii-encrypt.ts";
import { rngFor, type Rng } from "./prng.ts";

/**
 * The shape Sunbird's own exhaust jobs were timed on (issue 18): one course of 20 leaves in 4 units, 3 of them
 * Practice Question Sets; one batch; every user cached with encrypted email and phone; consent for everyone; half
 * the users made 1-2 attempts of each assessment, 5 mcq questions an attempt, so Response has 11.25 rows per
 * enrolment on average. Option and response texts are drawn per attempt from a large seeded space (100,000 values, a
 * fifth with a comma and quotes), so no cache of rendered cells can win on the benchmark, and every JSON cell needs CSV
 * quoting. Each option is `{"text":...}` as the QuML player stores it, 4 of them plus the answer entry. A Response row
 * is about 590 CSV bytes (about 660 MB at 100k): the 16 plain columns take about 300 bytes at these ids and the two
 * JSON columns about 290, so the Sunbird sample (about 250 MB, 220 bytes a row) is not reachable with these
 * columns; the test holds 550-650. Records are made one at a time from (seed, index): a million enrolments never sit
 * in memory.
 */

export const SUNBIRD_COURSE_ID = "do_2134000000000000001";
export const SUNBIRD_BATCH_ID = "0134000000000000001";
export const SUNBIRD_CHANNEL = "org_sunbird";
const UNITS = 4;
const LEAVES_PER_UNIT = 5;
/** Leaf positions (0-19) that are assessments: one in each of units 2, 3 and 4. */
const ASSESSMENT_LEAVES = [7, 13, 19];
const QUESTIONS_PER_ATTEMPT = 5;
const BASE = Date.UTC(2024, 0, 15, 4, 30);

const leafId = (i: number): string => `do_21340000000000001${String(i).padStart(2, "0")}`;
export const sunbirdAssessmentIds: readonly string[] = ASSESSMENT_LEAVES.map(leafId);

/** The content_hierarchy row's JSON: root, 4 units, 20 leaves. */
export function sunbirdHierarchy(): string {
  const units: HierarchyNode[] = Array.from({ length: UNITS }, (_, u) => {
    const unitId = `do_213400000000000002${u}`;
    const children = Array.from({ length: LEAVES_PER_UNIT }, (_, l): HierarchyNode => {
      const i = u * LEAVES_PER_UNIT + l;
      const assessment = ASSESSMENT_LEAVES.includes(i);
      return {
        identifier: leafId(i), name: assessment ? `Unit ${u + 1} quiz, "practice"` : `Lesson ${i + 1}`,
        objectType: assessment ? "QuestionSet" : "Content", ...(assessment ? {} : { contentType: "Resource" }),
        primaryCategory: assessment ? "Practice Question Set" : "Explanation Content",
        mimeType: assessment ? "application/vnd.sunbird.questionset" : "video/mp4", visibility: "Default", depth: 2, index: l + 1, parent: unitId,
      };
    });
    return { identifier: unitId, name: `Unit ${u + 1}`, objectType: "Collection", contentType: "CourseUnit", primaryCategory: "Course Unit", mimeType: "application/vnd.ekstep.content-collection", visibility: "Parent", depth: 1, index: u + 1, parent: SUNBIRD_COURSE_ID, children };
  });
  return JSON.stringify({ identifier: SUNBIRD_COURSE_ID, name: "Sunbird-shaped course", channel: SUNBIRD_CHANNEL, status: "Live", userConsent: "Yes", leafNodesCount: UNITS * LEAVES_PER_UNIT, ...COLLECTION_ROOT_SHAPE, depth: 0, index: 0, children: units });
}

export const sunbirdUserId = (i: number): string => `user-${String(i).padStart(8, "0")}-sunbird`;

/** The user-cache hash of user `i`: every user is cached, email and phone encrypted as Sunbird stores them. */
export function sunbirdUser(seed: number, i: number, pii: PiiCipher): Record<string, string> {
  const rng = rngFor(seed, "sunbird-user", i);
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const location = rng.pick(LOCATIONS);
  const district = rng.pick(location.districts);
  return {
    userid: sunbirdUserId(i), firstname: first, lastname: last, rootorgid: SUNBIRD_CHANNEL, orgname: "Sunbird Org",
    state: location.state, district, block: `Block ${rng.int(1, 400)}`, cluster: `Cluster ${rng.int(1, 2000)}`,
    schoolname: `${rng.pick(SCHOOLS)}, ${district}`, schooludisecode: `33${rng.digits(9)}`,
    usertype: rng.pick(USER_TYPES), usersubtype: rng.pick(USER_SUB_TYPES),
    email: encryptPii(`${first}.${last}${rng.digits(4)}@example.org`.toLowerCase(), pii),
    phone: encryptPii(`9${rng.digits(9)}`, pii),
  };
}

export interface SunbirdQuestion {
  id: string;
  type: string;
  title: string;
  description: string;
  duration: types.BigDecimal;
  score: number;
  max_score: number;
  params: Record<string, string>[];
  resvalues: Record<string, string>[];
  assess_ts: Date;
}

export interface SunbirdAttempt {
  content_id: string;
  attempt_id: string;
  last_attempted_on: Date;
  total_score: number;
  total_max_score: number;
  grand_total: string;
  question: SunbirdQuestion[];
}

/** An attempt as the runner's row code takes it once the driver has decoded it (questions, not their bytes). */
export const decodedAttempt = (a: SunbirdAttempt): Attempt => ({
  contentId: a.content_id, attemptId: a.attempt_id, lastAttemptedOn: a.last_attempted_on, totalScore: a.total_score,
  totalMaxScore: a.total_max_score, grandTotal: a.grand_total,
  questions: a.question.map((q) => ({ id: q.id, type: q.type, title: q.title, description: q.description, duration: q.duration.toString(), score: q.score, maxScore: q.max_score, params: q.params, resvalues: q.resvalues })),
});

// Sunbird's QuML player stores each option as JSON text with HTML, and the answer key as a last map.
const optionText = (rng: Rng): string => {
  const n = rng.int(0, 99_999);
  return rng.chance(0.2) ? `<p>${n}, or "${n + 1}"</p>` : `<p>${n}</p>`;
};

function question(rng: Rng, content: string, q: number, at: Date): SunbirdQuestion {
  const options = Array.from({ length: 4 }, () => optionText(rng));
  const correct = rng.int(0, 3);
  const choice = rng.chance(0.6) ? correct : rng.int(0, 3);
  const maxScore = rng.pick([1, 1, 2, 0.5]);
  const params = options.map((text, k) => ({ [String(k + 1)]: JSON.stringify({ text }) }));
  params.push({ answer: JSON.stringify({ correct: [String(correct + 1)] }) });
  return {
    id: `${content}_q${q + 1}`, type: "mcq", title: `Question ${q + 1}: pick ${rng.int(0, 999)}`, description: q % 2 === 0 ? "Choose one, then submit" : "",
    duration: types.BigDecimal.fromString(`${rng.int(2, 900)}.${rng.digits(1)}`),
    score: choice === correct ? maxScore : 0, max_score: maxScore,
    params, resvalues: [{ [String(choice + 1)]: JSON.stringify({ text: options[choice] ?? "" }) }], assess_ts: at,
  };
}

/** User `i`'s attempts: none for odd users, 1-2 of each assessment for even ones. */
export function sunbirdAttempts(seed: number, i: number): SunbirdAttempt[] {
  if (i % 2 === 1) return [];
  const rng = rngFor(seed, "sunbird-attempts", i);
  const attempts: SunbirdAttempt[] = [];
  for (const content of sunbirdAssessmentIds) {
    for (let a = rng.chance(0.5) ? 2 : 1; a > 0; a--) {
      const at = new Date(BASE + rng.int(0, 90 * 86_400) * 1000);
      const questions = Array.from({ length: QUESTIONS_PER_ATTEMPT }, (_, q) => question(rng, content, q, at));
      const total = questions.reduce((n, q) => n + q.score, 0);
      const max = questions.reduce((n, q) => n + q.max_score, 0);
      attempts.push({ content_id: content, attempt_id: rng.hex(32), last_attempted_on: at, total_score: total, total_max_score: max, grand_total: `${total}/${max}`, question: questions });
    }
  }
  return attempts;
}
