import type { ExhaustRequest } from "../../../crds/exhaust-request.ts";
import { batchLabelValue } from "../../requests/runner-job/job-name.ts";
import { ATTEMPT_LABEL, BATCH_LABEL, REQUEST_LABEL } from "../../requests/runner-job/runner-job.ts";

/** Where one attempt of one batch ran: its Job's name, and the labels that find its pods if that name is not it. */
export interface LogTarget {
  batchId: string;
  attempt: number;
  /** Undefined when the latest Job's name does not show how an earlier attempt's was formed. */
  jobName?: string;
  /** The runner Job's pod labels for this request, batch and attempt (a scan group's Job of another request aside). */
  fallbackSelector: string;
}

/** Why there is no log to show, and which flag or next step helps. */
export interface LogProblem {
  message: string;
  hint: string;
  /** A flag the user must change (usage error) rather than a state to wait out. */
  usage: boolean;
}

export type LogTargetResult = { ok: true; target: LogTarget } | { ok: false; problem: LogProblem };

const fail = (message: string, hint: string, usage: boolean): LogTargetResult => ({ ok: false, problem: { message, hint, usage } });

/**
 * The Job whose runner log `logs` prints. The batch is --batch, or the only one; the attempt is --attempt, or the
 * latest (status.batches[].attempts, run by status.batches[].jobName). An earlier attempt's Job has the same name
 * with its own attempt number at the end (requests/runner-job/job-name.ts: `<request>-<hash>-<attempt>`).
 */
export function logTargetFor(request: ExhaustRequest, batch: string | undefined, attempt: number | undefined): LogTargetResult {
  const name = request.metadata.name ?? "";
  const batches = request.status?.batches ?? [];
  const ids = batches.map((b) => b.batchId).join(", ");
  if (batches.length === 0) return fail(`exhaustrequest "${name}" has no batches yet`, `wait for it to start: kubectl exhaust watch ${name}`, false);
  if (batch === undefined && batches.length > 1) return fail(`exhaustrequest "${name}" has ${batches.length} batches: say which with --batch`, `its batches: ${ids}`, true);
  const status = batch === undefined ? batches[0] : batches.find((b) => b.batchId === batch);
  if (status === undefined) return fail(`--batch ${batch ?? ""}: exhaustrequest "${name}" has no such batch`, `its batches: ${ids}`, true);
  if (status.attempts === 0 || status.jobName === undefined) {
    return fail(`batch ${status.batchId} has not started yet (${status.phase})`, `see when it starts: kubectl exhaust watch ${name}`, false);
  }
  const wanted = attempt ?? status.attempts;
  if (!Number.isInteger(wanted) || wanted < 1 || wanted > status.attempts) {
    return fail(`--attempt ${attempt ?? ""}: batch ${status.batchId} has had attempts 1 to ${status.attempts}`, `leave --attempt out for the latest (${status.attempts})`, true);
  }
  const latestSuffix = `-${status.attempts}`;
  const jobName =
    wanted === status.attempts ? status.jobName : status.jobName.endsWith(latestSuffix) ? `${status.jobName.slice(0, -latestSuffix.length)}-${wanted}` : undefined;
  const fallbackSelector = `${REQUEST_LABEL}=${name},${BATCH_LABEL}=${batchLabelValue([status.batchId])},${ATTEMPT_LABEL}=${wanted}`;
  return { ok: true, target: { batchId: status.batchId, attempt: wanted, fallbackSelector, ...(jobName === undefined ? {} : { jobName }) } };
}

interface PodLike {
  metadata?: { name?: string; creationTimestamp?: string | Date };
}

/** The pod whose log is shown: the newest (an attempt's pod is replaced only after the first one failed). */
export function newestPod<P extends PodLike>(pods: readonly P[]): P | undefined {
  const created = (p: P) => new Date(p.metadata?.creationTimestamp ?? 0).getTime();
  return [...pods].sort((a, b) => created(b) - created(a) || (a.metadata?.name ?? "").localeCompare(b.metadata?.name ?? ""))[0];
}
