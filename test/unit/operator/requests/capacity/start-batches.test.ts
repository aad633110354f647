import type { V1Job } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import type { BatchStatus, ExhaustRequest } from "../../../../../crds/exhaust-request.ts";
import { jobNameFor } from "../../../../../operator/requests/runner-job/job-name.ts";
import { MEMBERS_ANNOTATION, memberBatchIdsOf } from "../../../../../operator/requests/runner-job/runner-job.ts";
import type { ScanCandidate } from "../../../../../operator/requests/capacity/shared-scans.ts";
import { SHARED_JOB_PREFIX, startBatches, type StartInput } from "../../../../../operator/requests/capacity/start-batches.ts";
import { batch, configWith, requestWith } from "../request-fixtures.ts";

const T0 = Date.parse("2026-03-01T10:00:00Z");
const own = requestWith();
const peerRequest = ((): ExhaustRequest => {
  const r = requestWith();
  return { ...r, metadata: { ...r.metadata, name: "progress-0131", uid: "peer-uid" } };
})();
const peer = (batchId: string, acceptedMs = T0): ScanCandidate => ({ request: peerRequest, requestId: "peer-request-id", batch: batch(batchId), acceptedMs });
const gathering = configWith({ scan: { gatherSeconds: 5, maxBatchesPerScan: 3 } });

const input = (batches: BatchStatus[], extra: Partial<StartInput> = {}): StartInput => ({
  request: own,
  batches,
  nowMs: T0 + 6000,
  config: gathering,
  requestId: "own-request-id",
  freeSlots: 10,
  foreignJobNames: new Set(),
  enrolmentEstimates: {},
  activeDeadlineSeconds: 3600,
  acceptedMs: T0,
  ...extra,
});
const envOf = (job: V1Job | undefined, name: string) => job?.spec?.template.spec?.containers[0]?.env?.find((e) => e.name === name)?.value;

describe("startBatches: scan sharing across requests (D18)", () => {
  const cases: { name: string; in: StartInput; jobs: string[]; phases: string[]; wakeAtMs?: number }[] = [
    { name: "inside the window a group that is not full is held", in: input([batch("b1")], { nowMs: T0 + 1000 }), jobs: [], phases: ["Pending"], wakeAtMs: T0 + 5000 },
    { name: "after the window the group starts", in: input([batch("b1")]), jobs: [jobNameFor("progress-0130", ["b1"], 1)], phases: ["Running"] },
    {
      name: "a full group starts at once inside the window",
      in: input([batch("b1"), batch("b2"), batch("b3")], { nowMs: T0 }),
      jobs: [jobNameFor("progress-0130", ["b1", "b2", "b3"], 1)],
      phases: ["Running", "Running", "Running"],
    },
    {
      name: "a peer's batch joins the group under a members-derived name",
      in: input([batch("b1")], { peers: [peer("b2")] }),
      jobs: [jobNameFor(SHARED_JOB_PREFIX, [`${own.metadata.uid ?? ""}/b1`, "peer-uid/b2"], 1)],
      phases: ["Running"],
    },
    { name: "the same batch in a peer request runs in another group", in: input([batch("b1")], { peers: [peer("b1")] }), jobs: [jobNameFor("progress-0130", ["b1"], 1)], phases: ["Running"] },
    {
      name: "a retry runs alone, without peers and without waiting",
      in: input([batch("b1", { phase: "Retrying", attempts: 1, nextRetryTime: "2026-03-01T09:59:00Z" })], { nowMs: T0 + 1000, peers: [peer("b2")] }),
      jobs: [jobNameFor("progress-0130", ["b1"], 2)],
      phases: ["Running"],
    },
    { name: "a group of peers only is theirs to start", in: input([], { peers: [peer("b2")] }), jobs: [], phases: [] },
  ];
  it.each(cases)("$name", (c) => {
    const result = startBatches(c.in);
    expect(result.jobs.map((j) => j.metadata?.name)).toEqual(c.jobs);
    expect(result.batches.map((b) => b.phase)).toEqual(c.phases);
    expect(result.wakeAtMs).toBe(c.wakeAtMs);
  });

  it("a shared Job is controlled by its creator, owned by every member and tells each batch's request id", () => {
    const [job] = startBatches(input([batch("b1")], { peers: [peer("b2")] })).jobs;
    expect(job?.metadata?.ownerReferences?.map((r) => [r.name, r.uid, r.controller, r.blockOwnerDeletion])).toEqual([
      ["progress-0130", own.metadata.uid, true, true],
      ["progress-0131", "peer-uid", false, true],
    ]);
    expect(JSON.parse(job?.metadata?.annotations?.[MEMBERS_ANNOTATION] ?? "{}")).toEqual({ "progress-0130": ["b1"], "progress-0131": ["b2"] });
    expect(job === undefined ? [] : [memberBatchIdsOf(job, "progress-0130"), memberBatchIdsOf(job, "progress-0131")]).toEqual([["b1"], ["b2"]]);
    expect(envOf(job, "EXHAUST_BATCH_IDS")).toBe("b1,b2");
    expect(envOf(job, "EXHAUST_BATCH_REQUEST_IDS")).toBe("b1=own-request-id,b2=peer-request-id");
    expect(envOf(job, "EXHAUST_REQUEST_ID")).toBe("own-request-id");
  });

  it("a Job of one request's batches carries no members and no per-batch request ids", () => {
    const [job] = startBatches(input([batch("b1")])).jobs;
    expect(job?.metadata?.annotations?.[MEMBERS_ANNOTATION]).toBeUndefined();
    expect(envOf(job, "EXHAUST_BATCH_REQUEST_IDS")).toBeUndefined();
    expect(job?.metadata?.ownerReferences).toHaveLength(1);
  });
});
