import { describe, expect, it } from "vitest";
import {
  CONSENT_NOT_REQUESTED, invalidHierarchy, NO_DATA_FOUND, NonRetryableError, RETIRED_COLLECTION,
} from "../../../../runner/outcome/errors.ts";
import {
  collectionProblem, parseHierarchy, qualifyingAssessments, titleOf,
} from "../../../../runner/reports/hierarchy.ts";
import type { AssessmentConfig, Collection } from "../../../../runner/reports/hierarchy.ts";
import { runnerSettings } from "../../../../crds/runner-contract.ts";

// The runner's defaults, as the contract declares them (Sunbird's deployed assessment.metrics.supported.* values).
const DEFAULT_ASSESSMENT_CONFIG: AssessmentConfig = {
  contentTypes: runnerSettings.assessmentContentTypes.schema.parse(undefined),
  objectTypes: runnerSettings.assessmentObjectTypes.schema.parse(undefined),
  primaryCategories: runnerSettings.assessmentPrimaryCategories.schema.parse(undefined),
};

const courseJson = JSON.stringify({
  identifier: "do_course",
  name: "Maths 101",
  channel: "org-1",
  status: "Live",
  userConsent: "Yes",
  leafNodesCount: 4,
  contentType: "Course",
  children: [
    {
      identifier: "do_unit1",
      name: "Unit 1",
      children: [
        { identifier: "do_qs_b", name: "Quiz B", objectType: "QuestionSet", primaryCategory: "Practice Question Set" },
        { identifier: "do_self", name: "Self check", contentType: "SelfAssess" },
        { identifier: "do_exam", name: "Exam", objectType: "QuestionSet", primaryCategory: "Exam Question Set" },
      ],
    },
    { identifier: "do_qs_a", name: "Quiz A", objectType: "QuestionSet", primaryCategory: "Practice Question Set", children: null },
    { identifier: "do_video", name: "Video", objectType: "Content", primaryCategory: "Explanation Content" },
    { identifier: "do_qs_b", name: "Quiz B again", objectType: "QuestionSet", primaryCategory: "Practice Question Set" },
    "not a node",
  ],
});

const course = parseHierarchy("do_course", courseJson);

describe("parseHierarchy", () => {
  it("root fields -> collection metadata", () => {
    expect(course).toMatchObject({ id: "do_course", name: "Maths 101", channel: "org-1", status: "Live", userConsent: "Yes", leafNodesCount: 4 });
  });
  it("nested children -> every node flattened, root first", () => {
    expect(course.nodes.map((n) => n.identifier)).toEqual(["do_course", "do_unit1", "do_qs_b", "do_self", "do_exam", "do_qs_a", "do_video", "do_qs_b"]);
  });
  const leafCases: { name: string; leaf: unknown; expected: number }[] = [
    { name: "missing leafNodesCount -> 0", leaf: undefined, expected: 0 },
    { name: "text leafNodesCount -> 0", leaf: "4", expected: 0 },
    { name: "fractional leafNodesCount -> 0", leaf: 4.5, expected: 0 },
  ];
  it.each(leafCases)("$name", ({ leaf, expected }) => {
    expect(parseHierarchy("c", JSON.stringify({ leafNodesCount: leaf })).leafNodesCount).toBe(expected);
  });
  const invalid: { name: string; json: string }[] = [
    { name: "unparsable JSON -> invalid hierarchy", json: "{oops" },
    { name: "JSON array -> invalid hierarchy", json: "[]" },
    { name: "JSON null -> invalid hierarchy", json: "null" },
  ];
  it.each(invalid)("$name", ({ json }) => {
    expect(() => parseHierarchy("do_x", json)).toThrow(new NonRetryableError(invalidHierarchy("do_x")));
    expect(() => parseHierarchy("do_x", json)).toThrow("Invalid hierarchy for collection do_x");
  });
});

describe("collectionProblem", () => {
  const withRoot = (root: object): Collection => parseHierarchy("c", JSON.stringify(root));
  const cases: { name: string; collection: Collection | null; report: "userinfo" | "progress" | "response"; expected: string | null }[] = [
    { name: "missing row -> No data found", collection: null, report: "progress", expected: NO_DATA_FOUND },
    { name: "Retired -> retired collection", collection: withRoot({ status: "Retired" }), report: "response", expected: RETIRED_COLLECTION },
    { name: "Draft -> No data found", collection: withRoot({ status: "Draft" }), report: "progress", expected: NO_DATA_FOUND },
    { name: "no status -> No data found", collection: withRoot({}), report: "progress", expected: NO_DATA_FOUND },
    { name: "live (lower case) -> No data found, exact match", collection: withRoot({ status: "live" }), report: "progress", expected: NO_DATA_FOUND },
    { name: "Live progress -> fine", collection: withRoot({ status: "Live" }), report: "progress", expected: null },
    { name: "Unlisted response -> fine", collection: withRoot({ status: "Unlisted" }), report: "response", expected: null },
    { name: "userinfo with userConsent YES -> fine (case-insensitive)", collection: withRoot({ status: "Live", userConsent: "YES" }), report: "userinfo", expected: null },
    { name: "userinfo with userConsent No -> consent message", collection: withRoot({ status: "Live", userConsent: "No" }), report: "userinfo", expected: CONSENT_NOT_REQUESTED },
    { name: "userinfo without userConsent -> consent message", collection: withRoot({ status: "Live" }), report: "userinfo", expected: CONSENT_NOT_REQUESTED },
    { name: "progress without userConsent -> fine", collection: withRoot({ status: "Live" }), report: "progress", expected: null },
  ];
  it.each(cases)("$name", ({ collection, report, expected }) => {
    const problem = collectionProblem(collection, report);
    expect(problem?.message ?? null).toBe(expected);
    if (expected !== null) expect(problem).toBeInstanceOf(NonRetryableError);
  });
});

describe("qualifyingAssessments", () => {
  it("default config -> SelfAssess or Practice Question Set, distinct, sorted (do_exam: QuestionSet of another category, excluded)", () => {
    expect(qualifyingAssessments(course, DEFAULT_ASSESSMENT_CONFIG)).toEqual(["do_qs_a", "do_qs_b", "do_self"]);
  });
  it("configured categories -> exact, case-sensitive matching", () => {
    const config = { contentTypes: [], objectTypes: ["QuestionSet"], primaryCategories: ["Exam Question Set", "practice question set"] };
    expect(qualifyingAssessments(course, config)).toEqual(["do_exam"]);
  });
  const config = DEFAULT_ASSESSMENT_CONFIG;
  const qualifying = (root: object) => qualifyingAssessments(parseHierarchy("c", JSON.stringify(root)), config);
  const cases: { name: string; root: object; expected: string[] }[] = [
    { name: "§5.3.3 root qualifying by objectType and primaryCategory -> included", root: { identifier: "do_r", objectType: "QuestionSet", primaryCategory: "Practice Question Set" }, expected: ["do_r"] },
    { name: "§5.3.3 contentType in another case -> excluded", root: { identifier: "do_r", children: [{ identifier: "do_x", contentType: "selfassess" }] }, expected: [] },
    { name: "§5.3.3 primaryCategory without objectType -> excluded", root: { identifier: "do_r", children: [{ identifier: "do_x", primaryCategory: "Practice Question Set" }] }, expected: [] },
    { name: "§5.3.3 qualifying node without identifier -> skipped", root: { identifier: "do_r", children: [{ contentType: "SelfAssess" }] }, expected: [] },
    {
      name: "D9 sort by code point -> upper case before lower case, shorter prefix first",
      root: { children: [{ identifier: "do_a", contentType: "SelfAssess" }, { identifier: "do_B", contentType: "SelfAssess" }, { identifier: "do_", contentType: "SelfAssess" }] },
      expected: ["do_", "do_B", "do_a"],
    },
    {
      name: "§5.3.3 deep nesting -> found at any depth",
      root: { children: [{ children: [{ children: [{ identifier: "do_deep", contentType: "SelfAssess" }] }] }] },
      expected: ["do_deep"],
    },
  ];
  it.each(cases)("$name", ({ root, expected }) => expect(qualifying(root)).toEqual(expected));

  it("§5.3.3 several configured values -> any of them qualifies", () => {
    const root = { children: [{ identifier: "do_1", contentType: "Assess" }, { identifier: "do_2", contentType: "SelfAssess" }, { identifier: "do_3", contentType: "Resource" }] };
    expect(qualifyingAssessments(parseHierarchy("c", JSON.stringify(root)), { ...config, contentTypes: ["SelfAssess", "Assess"] })).toEqual(["do_1", "do_2"]);
  });

  it("root that is itself a question set -> included", () => {
    const qs = parseHierarchy("do_root", JSON.stringify({ identifier: "do_root", contentType: "SelfAssess" }));
    expect(qualifyingAssessments(qs, DEFAULT_ASSESSMENT_CONFIG)).toEqual(["do_root"]);
  });
});

describe("titleOf", () => {
  it("known node -> its name (first occurrence)", () => expect(titleOf(course, "do_qs_b")).toBe("Quiz B"));
  it("§5.2 the root's own id -> the root name", () => expect(titleOf(course, "do_course")).toBe("Maths 101"));
  it("unknown id -> null", () => expect(titleOf(course, "do_missing")).toBeNull());
});
