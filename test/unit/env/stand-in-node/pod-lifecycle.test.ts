import type { V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { gracePeriodSeconds, isBeingDeleted, restartDelayMs, restartsAfter, unsupportedVolumes, wantsDisruption } from "../../../env/stand-in-node/pod-lifecycle.ts";

describe("gracePeriodSeconds", () => {
  const cases: { name: string; spec?: number; deletion?: number; want: number }[] = [
    { name: "defaults to 30", want: 30 },
    { name: "the pod's terminationGracePeriodSeconds", spec: 5, want: 5 },
    { name: "a shorter deletion grace wins", spec: 30, deletion: 2, want: 2 },
    { name: "a longer deletion grace does not extend", spec: 5, deletion: 60, want: 5 },
    { name: "zero is zero", spec: 0, deletion: 30, want: 0 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const pod: V1Pod = {
        metadata: c.deletion === undefined ? {} : { deletionGracePeriodSeconds: c.deletion },
        spec: { containers: [], ...(c.spec === undefined ? {} : { terminationGracePeriodSeconds: c.spec }) },
      };
      expect(gracePeriodSeconds(pod)).toBe(c.want);
    });
  }
});

describe("restartsAfter", () => {
  const cases: { policy: string | undefined; code: number; want: boolean }[] = [
    { policy: "Never", code: 1, want: false },
    { policy: "Never", code: 0, want: false },
    { policy: "OnFailure", code: 1, want: true },
    { policy: "OnFailure", code: 0, want: false },
    { policy: "Always", code: 0, want: true },
    { policy: undefined, code: 1, want: false },
  ];
  for (const c of cases) it(`${String(c.policy)} exit ${c.code} -> ${c.want}`, () => expect(restartsAfter(c.policy, c.code)).toBe(c.want));
});

describe("restartDelayMs", () => {
  const cases: { restart: number; want: number }[] = [
    { restart: 1, want: 0 },
    { restart: 2, want: 10_000 },
    { restart: 3, want: 20_000 },
    { restart: 4, want: 40_000 },
    { restart: 7, want: 300_000 },
    { restart: 20, want: 300_000 },
  ];
  for (const c of cases) it(`restart ${c.restart} waits ${c.want} ms`, () => expect(restartDelayMs(c.restart)).toBe(c.want));
});

describe("pod predicates", () => {
  it("wantsDisruption reads the test-only annotation", () => {
    expect(wantsDisruption({ metadata: { annotations: { "exhaust.test/disrupt": "true" } } })).toBe(true);
    expect(wantsDisruption({ metadata: { annotations: { "exhaust.test/disrupt": "false" } } })).toBe(false);
    expect(wantsDisruption({})).toBe(false);
  });
  it("isBeingDeleted reads deletionTimestamp", () => {
    expect(isBeingDeleted({ metadata: { deletionTimestamp: new Date(0) } })).toBe(true);
    expect(isBeingDeleted({ metadata: {} })).toBe(false);
  });
  it("unsupportedVolumes lists everything but emptyDir", () => {
    const pod: V1Pod = { spec: { containers: [], volumes: [{ name: "scratch", emptyDir: {} }, { name: "cfg", configMap: { name: "x" } }, { name: "h", hostPath: { path: "/" } }] } };
    expect(unsupportedVolumes(pod)).toEqual(["cfg", "h"]);
  });
});
