import { microTime } from "../kube/meta/meta-time.ts";

/** coordination.k8s.io/v1 LeaseSpec as JSON (times are MicroTime strings). */
export interface LeaseSpec {
  holderIdentity?: string | null;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

/** The lease record as this replica last saw it, and when (by our clock) it last saw it change. */
export interface ObservedLease {
  spec: LeaseSpec;
  resourceVersion: string;
  observedAtMs: number;
}

export interface ElectionTimings {
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
}

/** controller-runtime's defaults: 15 s lease, 10 s renew deadline, 2 s retry period. */
export const defaultTimings: ElectionTimings = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };

export type LeaseDecision =
  | { action: "create"; spec: LeaseSpec }
  /** Acquire (taking over a free or expired lease) or renew our own; written with the observed resourceVersion. */
  | { action: "update"; spec: LeaseSpec; acquiring: boolean }
  | { action: "wait"; holder: string };


/** The holder identity: the pod name (or hostname) plus a random suffix, so a restarted pod is a new candidate. */
export const leaderIdentity = (podName: string, suffix: string): string => `${podName}_${suffix}`;

/**
 * Records a fresh read of the lease. The observed time moves only when the record changed, because expiry is
 * judged by how long *we* have seen the same record, never by the holder's clock (as client-go does).
 */
export function observe(previous: ObservedLease | undefined, spec: LeaseSpec, resourceVersion: string, nowMs: number): ObservedLease {
  const unchanged = previous !== undefined && sameRecord(previous.spec, spec);
  return { spec, resourceVersion, observedAtMs: unchanged ? previous.observedAtMs : nowMs };
}

/** Whether the observed holder's lease ran out: no change seen for its leaseDurationSeconds. */
export function isExpired(observed: ObservedLease, nowMs: number, timings: ElectionTimings): boolean {
  const durationMs = (observed.spec.leaseDurationSeconds ?? timings.leaseDurationMs / 1000) * 1000;
  return observed.observedAtMs + durationMs <= nowMs;
}

/** Can `identity` take or keep the lease now, and with what record? */
export function decide(observed: ObservedLease | undefined, identity: string, now: Date, timings: ElectionTimings): LeaseDecision {
  const fresh: LeaseSpec = {
    holderIdentity: identity,
    leaseDurationSeconds: Math.round(timings.leaseDurationMs / 1000),
    acquireTime: microTime(now),
    renewTime: microTime(now),
  };
  if (!observed) return { action: "create", spec: { ...fresh, leaseTransitions: 0 } };
  const holder = observed.spec.holderIdentity ?? "";
  const transitions = observed.spec.leaseTransitions ?? 0;
  if (holder === identity) {
    return { action: "update", acquiring: false, spec: { ...fresh, acquireTime: observed.spec.acquireTime ?? fresh.acquireTime, leaseTransitions: transitions } };
  }
  if (holder !== "" && !isExpired(observed, now.getTime(), timings)) return { action: "wait", holder };
  return { action: "update", acquiring: true, spec: { ...fresh, leaseTransitions: transitions + 1 } };
}

/** The record a leader writes on graceful shutdown: no holder and a 1 s lease, so a standby takes over at once. */
export function releasedSpec(held: LeaseSpec, now: Date): LeaseSpec {
  return { holderIdentity: "", leaseDurationSeconds: 1, acquireTime: microTime(now), renewTime: microTime(now), leaseTransitions: held.leaseTransitions ?? 0 };
}

const sameRecord = (a: LeaseSpec, b: LeaseSpec): boolean =>
  (a.holderIdentity ?? "") === (b.holderIdentity ?? "") &&
  a.renewTime === b.renewTime &&
  a.acquireTime === b.acquireTime &&
  a.leaseDurationSeconds === b.leaseDurationSeconds &&
  (a.leaseTransitions ?? 0) === (b.leaseTransitions ?? 0);
