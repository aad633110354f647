import { describe, expect, it } from "vitest";
import { faultHook, parseFaultPoint, type FaultPointName } from "../../../../operator/faults/fault-point.ts";

describe("parseFaultPoint", () => {
  it.each([
    { situation: "unset: no fault point", value: undefined, expected: { ok: true, faultPoint: undefined } },
    { situation: "empty: no fault point", value: "", expected: { ok: true, faultPoint: undefined } },
    { situation: "blank: no fault point", value: "  ", expected: { ok: true, faultPoint: undefined } },
    { situation: "a point without nth: its first hit", value: "before-job-create", expected: { ok: true, faultPoint: { point: "before-job-create", nth: 1 } } },
    { situation: "a point with nth 3: its third hit", value: "after-job-create:3", expected: { ok: true, faultPoint: { point: "after-job-create", nth: 3 } } },
    { situation: "surrounding spaces are ignored", value: " after-status-patch:12 ", expected: { ok: true, faultPoint: { point: "after-status-patch", nth: 12 } } },
    { situation: "an unknown point is refused, naming the points", value: "mid-patch", expected: { ok: false, error: expect.stringContaining('unknown point "mid-patch" (one of before-job-create, after-job-create, after-status-patch)') as unknown } },
    { situation: "a point in another case is refused", value: "Before-Job-Create", expected: { ok: false, error: expect.stringContaining("unknown point") as unknown } },
    { situation: "nth 0 is refused", value: "before-job-create:0", expected: { ok: false, error: expect.stringContaining('nth "0"') as unknown } },
    { situation: "a negative nth is refused", value: "before-job-create:-1", expected: { ok: false, error: expect.stringContaining('nth "-1"') as unknown } },
    { situation: "a fractional nth is refused", value: "before-job-create:1.5", expected: { ok: false, error: expect.stringContaining('nth "1.5"') as unknown } },
    { situation: "an empty nth is refused", value: "before-job-create:", expected: { ok: false, error: expect.stringContaining('nth ""') as unknown } },
    { situation: "a leading zero is refused", value: "before-job-create:02", expected: { ok: false, error: expect.stringContaining('nth "02"') as unknown } },
    { situation: "an nth over six digits is refused", value: "before-job-create:1000000", expected: { ok: false, error: expect.stringContaining('nth "1000000"') as unknown } },
    { situation: "a third part is refused", value: "before-job-create:1:2", expected: { ok: false, error: expect.stringContaining("is not <point>[:<nth>]") as unknown } },
  ])("$situation", ({ value, expected }) => {
    expect(parseFaultPoint(value)).toEqual(expected);
  });
});

describe("faultHook", () => {
  const fires = (spec: Parameters<typeof faultHook>[0], hits: FaultPointName[]): number[] => {
    const fired: number[] = [];
    let i = 0;
    const hook = faultHook(spec, () => fired.push(i));
    for (const [n, point] of hits.entries()) {
      i = n;
      hook(point);
    }
    return fired;
  };

  it.each([
    { situation: "no fault point: never fires", spec: undefined, hits: ["before-job-create", "after-job-create", "after-status-patch"] as FaultPointName[], expected: [] },
    { situation: "nth 1: fires on the first hit of its point only", spec: { point: "after-job-create" as const, nth: 1 }, hits: ["before-job-create", "after-job-create", "after-job-create"] as FaultPointName[], expected: [1] },
    { situation: "nth 2: other points do not count towards it", spec: { point: "after-status-patch" as const, nth: 2 }, hits: ["after-status-patch", "before-job-create", "after-job-create", "after-status-patch", "after-status-patch"] as FaultPointName[], expected: [3] },
    { situation: "nth beyond the hits: never fires", spec: { point: "before-job-create" as const, nth: 3 }, hits: ["before-job-create", "before-job-create"] as FaultPointName[], expected: [] },
  ])("$situation", ({ spec, hits, expected }) => {
    expect(fires(spec, hits)).toEqual(expected);
  });
});
