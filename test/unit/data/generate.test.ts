import { describe, expect, it } from "vitest";
import type { HierarchyNode } from "../../data/hierarchy.ts";
import { sampleData } from "../../data/generate.ts";

const take = <T>(it: Iterable<T>, n: number): T[] => {
  const out: T[] = [];
  for (const x of it) {
    if (out.length >= n) break;
    out.push(x);
  }
  return out;
};
const snapshot = (seed: number) => {
  const d = sampleData({ seed, enrolments: 60 });
  return JSON.stringify({ catalog: d.catalog, pii: d.pii, users: [...d.users()], enrolments: [...d.enrolments()] });
};
const walk = (node: HierarchyNode): HierarchyNode[] => [node, ...(node.children ?? []).flatMap(walk)];

describe("sampleData determinism", () => {
  it("gives identical data for the same seed", () => {
    expect(snapshot(11)).toBe(snapshot(11));
  });

  it("gives different data for a different seed", () => {
    expect(snapshot(12)).not.toBe(snapshot(11));
  });
});

describe("sampleData shapes", () => {
  const d = sampleData({ seed: 21, collections: 3, batchesPerCollection: 3, enrolments: 500 });
  const enrolments = [...d.enrolments()];
  const users = [...d.users()];

  it.each([10, 137, 1000])("splits %i enrolments over the batches exactly, unevenly", (n) => {
    const data = sampleData({ seed: 2, enrolments: n });
    const counts = data.catalog.batches.map((b) => b.enrolments);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(n);
    expect([...data.enrolments()]).toHaveLength(n);
    if (n >= 100) expect(new Set(counts).size).toBeGreaterThan(1);
  });

  it("keeps (userid, courseid, batchid) unique and users distinct across the batches of one collection", () => {
    const keys = new Set(enrolments.map((e) => `${e.enrolment.userid}|${e.enrolment.courseid}|${e.enrolment.batchid}`));
    expect(keys.size).toBe(enrolments.length);
    const perCourse = new Map<string, Set<string>>();
    for (const e of enrolments) perCourse.set(e.enrolment.courseid, (perCourse.get(e.enrolment.courseid) ?? new Set()).add(e.enrolment.userid));
    for (const c of d.catalog.collections) expect(perCourse.get(c.id)?.size).toBe(c.batches.reduce((n, b) => n + b.enrolments, 0));
  });

  it("has batches in every status and all dates ordered", () => {
    expect(new Set(d.catalog.batches.map((b) => b.status))).toEqual(new Set([0, 1, 2]));
    for (const b of d.catalog.batches) expect(b.endDate.getTime()).toBeGreaterThan(b.startDate.getTime());
  });

  it("builds hierarchies with nesting, SelfAssess, Practice Question Sets and a non-qualifying QuestionSet", () => {
    for (const c of d.catalog.collections) {
      const nodes = walk(c.hierarchy);
      const leaves = nodes.filter((n) => !n.children);
      expect(c.hierarchy.leafNodesCount).toBe(leaves.length);
      expect(new Set(c.hierarchy.leafNodes)).toEqual(new Set(leaves.map((n) => n.identifier)));
      expect(nodes.some((n) => n.contentType === "SelfAssess")).toBe(true);
      expect(nodes.some((n) => n.objectType === "QuestionSet" && n.primaryCategory === "Practice Question Set")).toBe(true);
      expect(nodes.some((n) => n.objectType === "QuestionSet" && n.primaryCategory !== "Practice Question Set")).toBe(true);
      const qualifying = nodes.filter((n) => n.contentType === "SelfAssess" || (n.objectType === "QuestionSet" && n.primaryCategory === "Practice Question Set"));
      expect(new Set(c.qualifyingIds)).toEqual(new Set(qualifying.map((n) => n.identifier)));
      expect(["Live", "Unlisted"]).toContain(c.hierarchy.status);
      expect(c.hierarchy.userConsent.toLowerCase()).toBe("yes");
      for (const o of c.optionalNodes) expect(c.leafIds).toContain(o);
    }
    expect(d.catalog.collections.some((c) => walk(c.hierarchy).some((n) => n.depth === 3))).toBe(true);
    expect(d.optionalNodes.length).toBeGreaterThan(0);
  });

  it("leaves some users out of the cache and fills the cache fields of the others", () => {
    expect(users).toHaveLength(d.catalog.users);
    expect(users.filter((u) => !u.fields).length).toBeGreaterThan(0);
    const cached = users.flatMap((u) => (u.fields ? [u.fields] : []));
    for (const f of cached) {
      expect(f.firstname).toBeTruthy();
      expect(d.catalog.orgs.map((o) => o.id)).toContain(f.rootorgid);
    }
    expect(cached.some((f) => f.board?.startsWith("["))).toBe(true);
    expect(cached.some((f) => f.board !== undefined && !f.board.startsWith("["))).toBe(true);
    expect(cached.some((f) => f.email?.includes("\n"))).toBe(true);
    expect(cached.some((f) => f.lastname === undefined)).toBe(true);
    expect(cached.some((f) => f.usertype?.includes(","))).toBe(true);
  });

  it("mixes enrolment shapes: inactive, legacy text dates, no date, completions, certificates", () => {
    const rows = enrolments.map((e) => e.enrolment);
    expect(rows.some((r) => !r.active)).toBe(true);
    expect(rows.some((r) => r.enrolleddate && !r.enrolled_date)).toBe(true);
    expect(rows.some((r) => !r.enrolleddate && !r.enrolled_date)).toBe(true);
    expect(rows.some((r) => r.completedon)).toBe(true);
    expect(rows.some((r) => r.contentstatus === undefined)).toBe(true);
    expect(rows.some((r) => r.certificates?.length)).toBe(true);
    expect(rows.some((r) => r.issued_certificates?.length)).toBe(true);
    for (const r of rows) if (r.enrolleddate) expect(r.enrolleddate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}:\d{3}\+0000$/);
    for (const e of enrolments) expect(e.exportable).toBe(e.enrolment.active && Boolean(e.enrolment.enrolled_date ?? e.enrolment.enrolleddate));
  });

  it("writes attempts whose totals agree with their questions, and aggregates with the best score", () => {
    const attempts = enrolments.flatMap((e) => e.attempts);
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts.some((a) => a.question.length === 0)).toBe(true);
    for (const a of attempts) {
      expect(a.grand_total).toBe(`${a.total_score}/${a.total_max_score}`);
      expect(a.total_score).toBeCloseTo(a.question.reduce((n, q) => n + q.score, 0), 6);
      for (const q of a.question) for (const p of [...q.params, ...q.resvalues]) for (const v of Object.values(p)) expect(typeof v).toBe("string");
    }
    for (const e of enrolments.filter((x) => x.attempts.length > 0)) {
      for (const content of new Set(e.attempts.map((a) => a.content_id))) {
        const best = Math.max(...e.attempts.filter((a) => a.content_id === content).map((a) => a.total_score));
        expect(e.activity?.aggregates[`score:${content}`]).toBe(best);
      }
      expect(e.activity?.context_id).toBe(`cb:${e.enrolment.batchid}`);
    }
  });

  it("gives consent ACTIVE mostly, REVOKED or absent for some", () => {
    const statuses = enrolments.map((e) => e.consent?.status ?? "absent");
    expect(new Set(statuses)).toEqual(new Set(["ACTIVE", "REVOKED", "absent"]));
    expect(statuses.filter((s) => s === "ACTIVE").length).toBeGreaterThan(statuses.length / 2);
    for (const e of enrolments) if (e.consent) expect(e.consent.consumer_id).toBe(e.collection.channel);
  });

  it("names the custodian org and a default security policy", () => {
    expect(d.systemSettings).toContainEqual({ id: "custodianOrgId", field: "custodianOrgId", value: d.catalog.custodianOrgId });
    const policy = d.tenantPreferences.find((t) => t.orgid === "default" && t.key === "dataSecurityPolicy");
    expect(JSON.parse(policy?.data ?? "{}")).toMatchObject({ level: expect.any(String), job: expect.any(Object) });
  });

  it("streams a million enrolments lazily", () => {
    const big = sampleData({ seed: 5, enrolments: 1_000_000 });
    const started = performance.now();
    expect(take(big.enrolments(), 5)).toHaveLength(5);
    expect(take(big.users(), 5)).toHaveLength(5);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
