import type { ExhaustRequest } from "../../../crds/exhaust-request.ts";
import type { ResourceTier } from "../../config/operator-config.ts";

/**
 * The runner's resource tier for a Job that exports `estimates` (one entry per batch, undefined when unknown).
 * Tiers are chosen by the summed enrolment count: the smallest tier whose maxEnrolments covers it. With no count
 * at all the default tier applies, and a partly known group never goes below the default tier.
 */
export function tierFor(estimates: readonly (number | undefined)[], tiers: readonly ResourceTier[], defaultTierName: string): ResourceTier {
  const ordered = [...tiers].sort((a, b) => (a.maxEnrolments ?? Infinity) - (b.maxEnrolments ?? Infinity));
  const fallback = ordered.find((t) => t.name === defaultTierName) ?? ordered[ordered.length - 1];
  if (fallback === undefined) throw new Error("no resource tiers configured"); // the config schema requires one
  const known = estimates.filter((e): e is number => e !== undefined);
  if (known.length === 0) return fallback;
  const total = known.reduce((sum, e) => sum + e, 0);
  const byCount = ordered.find((t) => t.maxEnrolments === undefined || total <= t.maxEnrolments) ?? fallback;
  if (known.length === estimates.length) return byCount;
  return rank(ordered, byCount) >= rank(ordered, fallback) ? byCount : fallback;
}

const rank = (ordered: readonly ResourceTier[], tier: ResourceTier): number => ordered.indexOf(tier);

/**
 * Enrolment counts per batch id, for sizing: the count the batch resolution gave (course_batch or an
 * index), else the rows of the newest succeeded export of the same batch and report recorded in any request's
 * status. The shell builds this from its caches; unknown batches are simply absent.
 */
export function enrolmentEstimates(
  resolved: readonly { batchId: string; enrolmentEstimate?: number }[],
  report: string,
  otherRequests: readonly ExhaustRequest[],
): Record<string, number> {
  const out: Record<string, number> = {};
  const newest: Record<string, string> = {};
  for (const r of otherRequests) {
    if (r.spec.report !== report) continue;
    for (const b of r.status?.batches ?? []) {
      if (b.phase !== "Succeeded" || b.rows === undefined) continue;
      const at = b.completionTime ?? "";
      if (newest[b.batchId] === undefined || at > (newest[b.batchId] ?? "")) {
        newest[b.batchId] = at;
        out[b.batchId] = b.rows;
      }
    }
  }
  for (const b of resolved) if (b.enrolmentEstimate !== undefined) out[b.batchId] = b.enrolmentEstimate;
  return out;
}
