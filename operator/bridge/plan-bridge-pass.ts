import type { ExhaustRequest, ExhaustRequestInput, Report } from "../../crds/exhaust-request.ts";
import { isRequestFinished } from "../requests/plan/request-status.ts";
import { reportOfJobId, type BridgeConfig } from "../config/bridge-config.ts";
import { PARTS_ANNOTATION, ROWS_ANNOTATION, SUBMISSION_LABEL, WRITE_BACK_FINALIZER, WRITTEN_BACK_LABEL } from "./bridge-names.ts";
import { ROW_STATUS, rowKeyOf, submissionKey, submissionOf, submittedMs, type JobRequestRow, type RowKey, type Submission } from "./job-request-row.ts";
import { parseRequestData } from "./parse-request-data.ts";
import { finishedOutcome, outcomeOfParts, type PartsOutcome } from "./request-to-row.ts";
import { mapRowToRequests, type BatchCollections, type SecretManifest } from "./row-to-request.ts";
import { allowsChannel, channelRefusal, type ChannelPolicy } from "../../crds/export-policy.ts";
import { adoptionWrite, failedWrite, processingWrite, successWrite, type RowWrite } from "./row-writes.ts";

/** A Secret carrying the bridge's label, as the shell listed it. */
export interface ObservedSecret {
  name: string;
  ownerUids: readonly string[];
}

export interface BridgePassInput {
  /**
   * selectSubmittedRows, plus selectRowsByKeys(trackedRowKeys(requests)), plus selectAdoptionCandidates when the
   * cutover switch is on. A tracked key missing here means its row was deleted.
   */
  rows: readonly JobRequestRow[];
  /** ExhaustRequests carrying the bridge label, in the bridge's namespace. */
  requests: readonly ExhaustRequest[];
  secrets: readonly ObservedSecret[];
  /** Collections of the batches a previous plan listed in batchesToResolve. */
  lookups: BatchCollections;
  /** platformDecryptor(key, salt) when the deployment configured the platform key (D8); keys pass as stored otherwise. */
  decrypt?: (value: string) => string;
  /** The bridge namespace's export policy (docs/security.md); undefined when the policy is off. */
  channelPolicy?: ChannelPolicy;
}

export interface BridgePassConfig {
  bridge: Pick<BridgeConfig, "namespace" | "jobIds" | "rowsPerPass" | "requestTtlSeconds" | "adoptSparkRows">;
  /** requests.maxBatchesPerRequest (D13). */
  maxBatchesPerRequest: number;
}

/**
 * Steps for the shell, grouped by submission (`group`): within a group it runs them in order and stops at the first
 * failure or at a writeRow that changed no row; groups are independent. createSecret/createRequest that find the
 * object already there (AlreadyExists) count as done: names are deterministic.
 */
export type BridgeAction =
  | { kind: "createSecret"; group: string; secret: SecretManifest }
  /** lagMs: dt_job_submitted to now, for the lag metric. */
  | { kind: "createRequest"; group: string; request: ExhaustRequestInput; lagMs?: number }
  /** Make the request the Secret's owner (garbage collection takes the Secret with it). */
  | { kind: "ownSecret"; group: string; secretName: string; requestName: string }
  | { kind: "deleteSecret"; group: string; name: string }
  | { kind: "writeRow"; group: string; write: RowWrite }
  /** Label the requests WRITTEN_BACK_LABEL: the row holds their result, the shell stops reading it for them. */
  | { kind: "markWrittenBack"; group: string; requestNames: string[] }
  | { kind: "removeFinalizer"; group: string; requestName: string };

export interface BridgePlan {
  actions: BridgeAction[];
  /** Batch ids to look up in course_batch before planning again; the actions of this plan wait for them. */
  batchesToResolve: string[];
  /** Rows of the bridge's job ids in the input (the rows-seen metric). */
  rowsSeen: number;
}

/** The row's err_message when its ExhaustRequest is deleted by hand (or its finalizer removed) before it finished. */
export const deletedByHandMessage = (names: readonly string[]): string =>
  names.length === 0 ? "An ExhaustRequest of this job was deleted before it finished" : `ExhaustRequest ${names.join(", ")} was deleted before it finished`;

/** Keys of the rows the requests serve that the bridge still has to write (see BridgePassInput.rows). */
export function trackedRowKeys(requests: readonly ExhaustRequest[]): RowKey[] {
  const keys = new Map<string, RowKey>();
  for (const r of requests) {
    if (r.metadata.labels?.[WRITTEN_BACK_LABEL] === "true") continue;
    for (const s of servedBy(r)) keys.set(rowKeyOf(s), { tag: s.tag, requestId: s.requestId });
  }
  return [...keys.values()];
}

function servedBy(r: ExhaustRequest): Submission[] {
  try {
    const parsed: unknown = JSON.parse(r.metadata.annotations?.[ROWS_ANNOTATION] ?? "[]");
    return Array.isArray(parsed) ? parsed.filter((s): s is Submission => typeof s?.tag === "string" && typeof s?.requestId === "string" && typeof s?.submittedUs === "string") : [];
  } catch {
    return [];
  }
}

const compareSubmitted = (a: JobRequestRow, b: JobRequestRow): number => {
  const x = BigInt(a.submittedUs ?? "0");
  const y = BigInt(b.submittedUs ?? "0");
  return x < y ? -1 : x > y ? 1 : a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0;
};

/**
 * Sunbird's duplicate rule (§3.5): the same request_data text, key and requester are processed once per run. The job
 * id and requesting channel are added: a run served one job id, and the org filter (D6) depends on the channel.
 */
const duplicateKey = (row: JobRequestRow): string => JSON.stringify([row.jobId, row.requestData, row.encryptionKey ?? "", row.requestedBy, row.requestedChannel]);

interface Group {
  report: Report;
  /** The submission the requests were (or will be) made for, then its duplicates. */
  served: Submission[];
  parts: ExhaustRequest[];
}

/**
 * One pass of the bridge (docs/sunbird-bridge.md): (rows, requests, secrets, lookups, now) → actions. Rows with
 * requests get their status written back; SUBMITTED rows without (at most rowsPerPass submissions) get requests or,
 * when Sunbird would refuse them, FAILED; with the cutover switch, Spark's leftovers are reset to SUBMITTED once.
 */
export function planBridgePass(input: BridgePassInput, now: Date, config: BridgePassConfig): BridgePlan {
  const { bridge } = config;
  const rows = dedupeRows(input.rows.filter((r) => reportOfJobId(bridge.jobIds, r.jobId) !== undefined));
  const rowBySubmission = new Map(rows.map((r) => [submissionKey(submissionOf(r)), r]));
  const pass: PassState = { input, config, now, actions: [], batchesToResolve: new Set(), planned: new Set() };
  const { actions } = pass;

  // Requests grouped by the submission they were made for (its label); each lists the submissions it serves.
  const groups = new Map<string, Group>();
  for (const r of input.requests) {
    const label = r.metadata.labels?.[SUBMISSION_LABEL];
    const served = servedBy(r);
    if (label === undefined || served.length === 0) continue;
    const g = groups.get(label) ?? { report: r.spec.report, served, parts: [] };
    g.parts.push(r);
    groups.set(label, g);
  }
  const servedKeys = new Set([...groups.values()].flatMap((g) => g.served.map(submissionKey)));

  for (const [label, g] of groups) {
    const missing = expectedParts(g) > g.parts.length;
    const leaderRow = rowBySubmission.get(submissionKey(g.served[0] as Submission));
    const deleting = g.parts.filter((p) => p.metadata.deletionTimestamp !== undefined);
    const byHand = deleting.filter((p) => !isRequestFinished(p.status?.phase) && p.metadata.labels?.[WRITTEN_BACK_LABEL] !== "true");
    const servedRows = g.served.map((s) => rowBySubmission.get(submissionKey(s))).filter((r) => r !== undefined);
    const open = servedRows.filter((r) => r.status === ROW_STATUS.submitted || r.status === ROW_STATUS.processing);
    if (missing && byHand.length === 0 && leaderRow?.status === ROW_STATUS.submitted) {
      // A pass that stopped between creating one part and the next: create what is missing, same names.
      const refusal = planCreation(leaderRow, g.served, g.report, new Set(g.parts.map((p) => p.metadata.name ?? "")), label, pass);
      // The missing parts cannot be made (the namespace stopped allowing the channel since the first part): the rows
      // fail saying why rather than stay SUBMITTED for ever.
      if (refusal !== undefined) for (const row of open) actions.push({ kind: "writeRow", group: label, write: failedWrite(row, [refusal], { completedAt: now.toISOString() }) });
      continue;
    }
    const outcome = groupOutcome(g, byHand, missing, leaderRow ?? servedRows[0], now);
    for (const row of open) {
      const write = writeFor(row, outcome);
      if (write !== undefined) actions.push({ kind: "writeRow", group: label, write });
    }
    const finalNow = outcome.kind === "succeeded" || outcome.kind === "failed";
    const rowsDone = open.length === 0 && (servedRows.length > 0 || g.parts.every((p) => isRequestFinished(p.status?.phase)));
    if (finalNow || rowsDone) {
      const unmarked = g.parts.filter((p) => p.metadata.labels?.[WRITTEN_BACK_LABEL] !== "true").map((p) => p.metadata.name ?? "");
      if (unmarked.length > 0) actions.push({ kind: "markWrittenBack", group: label, requestNames: unmarked });
      for (const p of deleting) if (p.metadata.finalizers?.includes(WRITE_BACK_FINALIZER)) actions.push({ kind: "removeFinalizer", group: label, requestName: p.metadata.name ?? "" });
    }
  }

  // SUBMITTED rows no request serves: one group per duplicate set, oldest submission first, bounded per pass.
  const fresh = rows.filter((r) => r.status === ROW_STATUS.submitted && !servedKeys.has(submissionKey(submissionOf(r)))).sort(compareSubmitted);
  const duplicates = new Map<string, JobRequestRow[]>();
  for (const r of fresh) duplicates.set(duplicateKey(r), [...(duplicates.get(duplicateKey(r)) ?? []), r]);
  for (const set of [...duplicates.values()].slice(0, bridge.rowsPerPass)) {
    const leader = set[0] as JobRequestRow;
    const report = reportOfJobId(bridge.jobIds, leader.jobId) as Report;
    const served = set.map(submissionOf);
    const group = submissionKey(submissionOf(leader));
    const refusal = planCreation(leader, served, report, new Set(), group, pass);
    if (refusal !== undefined) for (const row of set) actions.push({ kind: "writeRow", group, write: failedWrite(row, [refusal], { completedAt: now.toISOString() }) });
  }

  // Cutover: Spark's leftovers, reset to SUBMITTED once (rows the bridge wrote after cutoverAt never match).
  const cutoverMs = bridge.adoptSparkRows.enabled && bridge.adoptSparkRows.cutoverAt !== undefined ? Date.parse(bridge.adoptSparkRows.cutoverAt) : undefined;
  if (cutoverMs !== undefined) {
    for (const row of rows) {
      if (servedKeys.has(submissionKey(submissionOf(row))) || !isSparkLeftover(row, cutoverMs)) continue;
      actions.push({ kind: "writeRow", group: submissionKey(submissionOf(row)), write: adoptionWrite(row) });
    }
  }

  // Secrets left without an owner by a pass that stopped after creating them.
  const requestNames = new Set(input.requests.map((r) => r.metadata.name ?? ""));
  for (const s of input.secrets) {
    if (s.ownerUids.length > 0 || pass.planned.has(s.name)) continue;
    actions.push(requestNames.has(s.name) ? { kind: "ownSecret", group: `secret:${s.name}`, secretName: s.name, requestName: s.name } : { kind: "deleteSecret", group: `secret:${s.name}`, name: s.name });
  }
  return { actions, batchesToResolve: [...pass.batchesToResolve], rowsSeen: rows.length };
}

/** The same row read twice (SUBMITTED and by key) is one row. */
function dedupeRows(rows: readonly JobRequestRow[]): JobRequestRow[] {
  const seen = new Map<string, JobRequestRow>();
  for (const r of rows) if (!seen.has(rowKeyOf(r))) seen.set(rowKeyOf(r), r);
  return [...seen.values()];
}

const expectedParts = (g: Group): number => Math.max(...g.parts.map((p) => Number(p.metadata.annotations?.[PARTS_ANNOTATION] ?? "1") || 1));

function groupOutcome(g: Group, byHand: readonly ExhaustRequest[], missing: boolean, row: JobRequestRow | undefined, now: Date): PartsOutcome {
  const requested = row === undefined ? undefined : parseRequestData(row.requestData);
  const order = requested?.kind === "batches" ? requested.batchIds : [];
  const channel = row?.requestedChannel ?? "";
  if (byHand.length > 0) return finishedOutcome(g.parts, order, channel, now, [deletedByHandMessage(byHand.map((p) => `${p.metadata.namespace ?? ""}/${p.metadata.name ?? ""}`))]);
  // A part gone although its finalizer should have kept it (removed by hand): the row cannot get a whole result.
  if (missing && row?.status === ROW_STATUS.processing) return finishedOutcome(g.parts, order, channel, now, [deletedByHandMessage([])]);
  if (missing) return { kind: "pending" };
  return outcomeOfParts(g.parts, order, channel, now);
}

function writeFor(row: JobRequestRow, outcome: PartsOutcome): RowWrite | undefined {
  switch (outcome.kind) {
    case "pending":
      return undefined;
    case "running":
      return row.status === ROW_STATUS.submitted ? processingWrite(row) : undefined;
    case "succeeded":
      return successWrite(row, outcome);
    case "failed":
      return failedWrite(row, outcome.messages, outcome);
  }
}

function isSparkLeftover(row: JobRequestRow, cutoverMs: number): boolean {
  const usBefore = (us: string | null): boolean => us !== null && BigInt(us) < BigInt(cutoverMs) * 1000n;
  if (row.status === ROW_STATUS.failed) return row.iteration !== null && row.iteration < 3 && usBefore(row.completedUs ?? row.submittedUs);
  return row.status === ROW_STATUS.processing && usBefore(row.submittedUs);
}

/** What one pass accumulates while it plans. */
interface PassState {
  input: BridgePassInput;
  config: BridgePassConfig;
  now: Date;
  actions: BridgeAction[];
  batchesToResolve: Set<string>;
  /** Names of the parts this pass creates (their Secrets are not orphans). */
  planned: Set<string>;
}

/** Plans the parts of a submission not in `existing`; returns Sunbird's refusal instead when there is one. */
function planCreation(leader: JobRequestRow, served: Submission[], report: Report, existing: ReadonlySet<string>, group: string, pass: PassState): string | undefined {
  const { input, config, now } = pass;
  // A request the namespace may not export would be refused at admission and never run: the row fails instead, saying why.
  const policy = input.channelPolicy;
  const channel = leader.requestedChannel ?? "";
  if (policy !== undefined && !allowsChannel(policy, channel)) return channelRefusal("requested_channel", channel, config.bridge.namespace, policy);
  const mapping = mapRowToRequests(leader, {
    report,
    namespace: config.bridge.namespace,
    maxBatchesPerRequest: config.maxBatchesPerRequest,
    ttlSecondsAfterFinished: config.bridge.requestTtlSeconds,
    lookups: input.lookups,
    ...(input.decrypt === undefined ? {} : { decrypt: input.decrypt }),
    served,
  });
  if (mapping.kind === "needsLookup") {
    for (const id of mapping.batchIds) pass.batchesToResolve.add(id);
    return undefined;
  }
  if (mapping.kind === "rejected") return mapping.message;
  const submitted = submittedMs(leader);
  for (const part of mapping.parts) {
    if (existing.has(part.name)) continue;
    pass.planned.add(part.name);
    if (part.secret !== undefined) pass.actions.push({ kind: "createSecret", group, secret: part.secret });
    pass.actions.push({ kind: "createRequest", group, request: part.request, ...(submitted === undefined ? {} : { lagMs: Math.max(0, now.getTime() - submitted) }) });
    if (part.secret !== undefined) pass.actions.push({ kind: "ownSecret", group, secretName: part.name, requestName: part.name });
  }
  return undefined;
}
