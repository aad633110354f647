// A test-only fault-injection point (issue 16, scenario 1): EXHAUST_FAULT_POINT=<point>[:<nth>] makes the operator
// kill itself the nth time (default the first) it reaches <point>. Unset, the hook is a no-op. The parse and the
// counting are pure; operator/main.ts reads the variable and supplies the kill (SIGKILL to itself).

/** Where the ExhaustRequest reconciler can be killed on purpose. */
export const FAULT_POINTS = [
  /** The plan decided to create a runner Job (from the cached list); the create call is not sent yet. */
  "before-job-create",
  /** The apiserver created the Job; its status write has not been sent yet. */
  "after-job-create",
  /** The status patch was sent and the apiserver answered; the reconciler has not handled the answer yet. */
  "after-status-patch",
] as const;
export type FaultPointName = (typeof FAULT_POINTS)[number];

export interface FaultPoint {
  point: FaultPointName;
  /** Fires on this hit of the point, counted from 1 in this process. */
  nth: number;
}

export type ParsedFaultPoint = { ok: true; faultPoint: FaultPoint | undefined } | { ok: false; error: string };

/** The variable's value: undefined or empty means no fault point. */
export function parseFaultPoint(value: string | undefined): ParsedFaultPoint {
  if (value === undefined || value.trim() === "") return { ok: true, faultPoint: undefined };
  const [name = "", nthText, ...rest] = value.trim().split(":");
  const point = FAULT_POINTS.find((p) => p === name);
  if (point === undefined) return { ok: false, error: `EXHAUST_FAULT_POINT: unknown point "${name}" (one of ${FAULT_POINTS.join(", ")})` };
  if (rest.length > 0) return { ok: false, error: `EXHAUST_FAULT_POINT: "${value}" is not <point>[:<nth>]` };
  if (nthText === undefined) return { ok: true, faultPoint: { point, nth: 1 } };
  const nth = /^[1-9]\d{0,5}$/.test(nthText) ? Number(nthText) : undefined;
  if (nth === undefined) return { ok: false, error: `EXHAUST_FAULT_POINT: nth "${nthText}" is not a whole number from 1` };
  return { ok: true, faultPoint: { point, nth } };
}

/** Called by the reconciler at each point it passes. */
export type FaultHook = (point: FaultPointName) => void;

export const noFaultHook: FaultHook = () => undefined;

/** A hook that calls `fire` on the nth hit of the chosen point and ignores every other hit and point. */
export function faultHook(faultPoint: FaultPoint | undefined, fire: () => void): FaultHook {
  if (faultPoint === undefined) return noFaultHook;
  let hits = 0;
  return (point) => {
    if (point !== faultPoint.point) return;
    hits += 1;
    if (hits === faultPoint.nth) fire();
  };
}
