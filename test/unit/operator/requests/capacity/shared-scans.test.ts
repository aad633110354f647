import { describe, expect, it } from "vitest";
import type { ExhaustRequest, ExhaustRequestSpec } from "../../../../../crds/exhaust-request.ts";
import { heldUntil, sharedMemberKeys, sharedScanGroups, type ScanCandidate } from "../../../../../operator/requests/capacity/shared-scans.ts";
import { batch, requestWith } from "../request-fixtures.ts";

const T0 = Date.parse("2026-03-01T10:00:00Z");

const request = (name: string, spec: Partial<ExhaustRequestSpec> = {}): ExhaustRequest => {
  const r = requestWith({ password: { secretKeyRef: { name: "zip", key: "password" } }, ...spec });
  return { ...r, metadata: { ...r.metadata, name, uid: `uid-${name}` } };
};
const a = request("a");
const b = request("b");
const c = (r: ExhaustRequest, batchId: string, acceptedMs = T0): ScanCandidate => ({ request: r, requestId: `id-${r.metadata.name ?? ""}`, batch: batch(batchId), acceptedMs });
// Each group as "request:batch" members, so a case reads as the grouping it expects.
const shape = (groups: ScanCandidate[][]): string[][] => groups.map((g) => g.map((m) => `${m.request.metadata.name ?? ""}:${m.batch.batchId}`));

describe("sharedScanGroups", () => {
  const cases: { name: string; candidates: ScanCandidate[]; max: number; expected: string[][] }[] = [
    { name: "same keys across requests share one group", candidates: [c(a, "b1"), c(b, "b2")], max: 10, expected: [["a:b1", "b:b2"]] },
    { name: "a different report scans apart", candidates: [c(a, "b1"), c(request("r", { report: "response" }), "b2")], max: 10, expected: [["a:b1"], ["r:b2"]] },
    { name: "a different collection scans apart", candidates: [c(a, "b1"), { ...c(b, "b2"), batch: batch("b2", { collectionId: "do_other" }) }], max: 10, expected: [["a:b1"], ["b:b2"]] },
    { name: "a different requesting org scans apart", candidates: [c(a, "b1"), c(request("o", { requestedChannel: "org-2" }), "b2")], max: 10, expected: [["a:b1"], ["o:b2"]] },
    {
      name: "a different password reference scans apart",
      candidates: [c(a, "b1"), c(request("p", { password: { secretKeyRef: { name: "zip", key: "other" } } }), "b2")],
      max: 10,
      expected: [["a:b1"], ["p:b2"]],
    },
    {
      name: "different output options scan apart",
      candidates: [c(a, "b1"), c(request("z", { output: { format: "zip", encryption: "aes256" } }), "b2")],
      max: 10,
      expected: [["a:b1"], ["z:b2"]],
    },
    { name: "the same batch in two requests goes to two groups", candidates: [c(a, "b1"), c(b, "b1"), c(b, "b2")], max: 10, expected: [["a:b1", "b:b2"], ["b:b1"]] },
    { name: "groups fill to the maximum, earliest accepted first", candidates: [c(b, "b3", T0 + 1000), c(a, "b1"), c(a, "b2")], max: 2, expected: [["a:b1", "a:b2"], ["b:b3"]] },
  ];
  it.each(cases)("$name", ({ candidates, max, expected }) => {
    expect(shape(sharedScanGroups(candidates, max))).toEqual(expected);
  });
});

describe("heldUntil", () => {
  const cases: { name: string; group: ScanCandidate[]; max: number; gatherMs: number; nowMs: number; expected: number | undefined }[] = [
    { name: "a group inside its window is held until the window ends", group: [c(a, "b1")], max: 10, gatherMs: 5000, nowMs: T0 + 1000, expected: T0 + 5000 },
    { name: "the window expired: it starts", group: [c(a, "b1")], max: 10, gatherMs: 5000, nowMs: T0 + 5000, expected: undefined },
    { name: "the earliest member's window decides", group: [c(a, "b1"), c(b, "b2", T0 + 4000)], max: 10, gatherMs: 5000, nowMs: T0 + 6000, expected: undefined },
    { name: "a full group starts at once", group: [c(a, "b1"), c(b, "b2")], max: 2, gatherMs: 5000, nowMs: T0, expected: undefined },
    { name: "gatherSeconds 0 disables the window", group: [c(a, "b1")], max: 10, gatherMs: 0, nowMs: T0, expected: undefined },
  ];
  it.each(cases)("$name", ({ group, max, gatherMs, nowMs, expected }) => {
    expect(heldUntil(group, max, gatherMs, nowMs)).toBe(expected);
  });
});

describe("sharedMemberKeys", () => {
  it("is the same whatever order the members come in", () => {
    expect(sharedMemberKeys([c(b, "b2"), c(a, "b1")])).toEqual(sharedMemberKeys([c(a, "b1"), c(b, "b2")]));
    expect(sharedMemberKeys([c(a, "b1"), c(b, "b2")])).toEqual(["uid-a/b1", "uid-b/b2"]);
  });
});
