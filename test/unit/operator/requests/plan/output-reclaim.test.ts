import type { V1Job } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import type { ExhaustRequest, ExhaustRequestSpec, ExhaustRequestStatus } from "../../../../../crds/exhaust-request.ts";
import { MEMBERS_ANNOTATION } from "../../../../../operator/requests/runner-job/runner-job.ts";
import {
  isOwnOutput,
  OUTPUTS_FINALIZER,
  outputTargets,
  reclaimCondition,
  reclaimStep,
  type OutputFolder,
  type ReclaimStep,
} from "../../../../../operator/requests/plan/output-reclaim.ts";
import { batch, configWith, jobFor, requestWith } from "../request-fixtures.ts";

const DELETED_AT = "2026-03-02T08:00:00Z";
const NOW = new Date("2026-03-02T08:00:30Z");
const runner = configWith({ runner: { image: "ghcr.io/sunbird/exhaust:1.0.0", settings: { s3Bucket: "reports", s3KeyPrefix: "exhaust/" } } }).runner;

const succeeded = (id: string, uri: string) => batch(id, { phase: "Succeeded", attempts: 1, objectUri: uri });
const status: ExhaustRequestStatus = { requestId: "R1", batches: [succeeded("b1", "s3://reports/exhaust/progress-exhaust/R1/b1_progress_20260301.zip"), batch("b2", { phase: "Failed", attempts: 3 })] };

function request(o: { policy?: ExhaustRequestSpec["outputReclaimPolicy"]; finalizer?: boolean; deleting?: boolean; spec?: Partial<ExhaustRequestSpec>; status?: ExhaustRequestStatus } = {}): ExhaustRequest {
  const r = requestWith({ outputReclaimPolicy: o.policy ?? "Delete", ...o.spec }, o.status ?? status);
  return {
    ...r,
    metadata: {
      ...r.metadata,
      ...(o.finalizer === false ? {} : { finalizers: ["other.example/keep", OUTPUTS_FINALIZER] }),
      ...(o.deleting === true ? { deletionTimestamp: DELETED_AT } : {}),
    },
  };
}

const running = (name: string, extra: { deleting?: boolean; members?: Record<string, string[]> } = {}): V1Job => {
  const job = jobFor(name, ["b2"], 2, { state: "active" });
  return {
    ...job,
    metadata: {
      ...job.metadata,
      ...(extra.deleting === true ? { deletionTimestamp: DELETED_AT as unknown as Date } : {}),
      ...(extra.members === undefined ? {} : { annotations: { [MEMBERS_ANNOTATION]: JSON.stringify(extra.members) } }),
    },
  };
};
const finished = jobFor("progress-0130-b1-1", ["b1"], 1, { state: "complete", at: "2026-03-01T10:05:00Z" });
const othersJob = jobFor("progress-0130-b2-2", ["b2"], 2, { state: "active" }, "another-uid");
const orphan: V1Job = { ...running("progress-0130-b2-2"), metadata: { ...running("progress-0130-b2-2").metadata, ownerReferences: [] } };
const s3Folder: OutputFolder = { provider: "s3", bucket: "reports", folder: "exhaust/progress-exhaust/R1/", prefix: "exhaust/" };

describe("reclaimStep: the finalizer follows spec.outputReclaimPolicy, and a deleted request waits for its runners", () => {
  const cases: { name: string; request: ExhaustRequest; jobs?: V1Job[]; expected: ReclaimStep["kind"]; names?: string[] }[] = [
    { name: "Delete, no finalizer yet -> add it", request: request({ finalizer: false }), expected: "addFinalizer" },
    { name: "Delete, finalizer held -> nothing", request: request(), expected: "none" },
    { name: "Retain (the default), no finalizer -> nothing", request: request({ policy: "Retain", finalizer: false }), expected: "none" },
    { name: "changed to Retain while the finalizer is held -> remove it", request: request({ policy: "Retain" }), expected: "removeFinalizer" },
    { name: "deleting, Retain with no finalizer -> nothing (the request goes)", request: request({ policy: "Retain", finalizer: false, deleting: true }), expected: "none" },
    { name: "deleting, finalizer removed by hand -> nothing (never added back)", request: request({ finalizer: false, deleting: true }), expected: "none" },
    { name: "deleting, set to Retain to give up -> remove the finalizer, delete nothing", request: request({ policy: "Retain", deleting: true }), jobs: [running("progress-0130-b2-2")], expected: "removeFinalizer" },
    { name: "deleting, a runner Job still active -> stop it first", request: request({ deleting: true }), jobs: [finished, running("progress-0130-b2-2")], expected: "stopJobs", names: ["progress-0130-b2-2"] },
    { name: "deleting, the Job stopping (its pods going) -> wait", request: request({ deleting: true }), jobs: [running("progress-0130-b2-2", { deleting: true })], expected: "waitForJobs", names: ["progress-0130-b2-2"] },
    {
      name: "deleting, a shared scan also serving another request -> wait for it, never stop it",
      request: request({ deleting: true }),
      jobs: [running("scan-1", { members: { "progress-0130": ["b2"], "other-request": ["b9"] } })],
      expected: "waitForJobs",
      names: ["scan-1"],
    },
    { name: "deleting, a shared scan serving only this request -> stop it", request: request({ deleting: true }), jobs: [running("scan-1", { members: { "progress-0130": ["b2"] } })], expected: "stopJobs", names: ["scan-1"] },
    { name: "deleting, only finished Jobs -> delete the objects", request: request({ deleting: true }), jobs: [finished], expected: "deleteObjects" },
    { name: "deleting, an active Job labelled for it that an earlier same-named request owns -> wait, never stop it", request: request({ deleting: true }), jobs: [othersJob], expected: "waitForJobs", names: ["progress-0130-b2-2"] },
    { name: "deleting, an orphaned Job still running (deleted with --cascade=orphan) -> stop it first", request: request({ deleting: true }), jobs: [orphan], expected: "stopJobs", names: ["progress-0130-b2-2"] },
    { name: "deleting, no Job at all -> delete the objects", request: request({ deleting: true }), expected: "deleteObjects" },
  ];
  it.each(cases)("$name", ({ request: r, jobs, expected, names }) => {
    const step = reclaimStep(r, jobs ?? [], runner);
    expect(step.kind).toBe(expected);
    if (names !== undefined) expect(step).toEqual({ kind: expected, names });
  });
});

describe("outputTargets: the folders to list and the batches whose files are the request's own", () => {
  const cases: { name: string; request: ExhaustRequest; jobs?: V1Job[]; others?: ExhaustRequest[]; runnerSettings?: Record<string, string>; folders: OutputFolder[]; batchIds: string[] }[] = [
    { name: "the configured bucket and prefix; batches from status", request: request(), folders: [s3Folder], batchIds: ["b1", "b2"] },
    {
      name: "never ran (no status batches, no Job): no batch, though the spec lists some",
      request: request({ spec: { batches: { ids: ["b1", "b2"] } }, status: { requestId: "R1" } }),
      folders: [s3Folder],
      batchIds: [],
    },
    {
      name: "another live request with the same requestId and report lists b2: only b1",
      request: request(),
      others: [{ ...request({ spec: { batches: { ids: ["b2"] } }, status: { requestId: "R1" } }), metadata: { name: "other", namespace: "team-b", uid: "other-uid" } }],
      folders: [s3Folder],
      batchIds: ["b1"],
    },
    {
      name: "the same requestId for another report, or a request itself being deleted, shares nothing",
      request: request(),
      others: [
        { ...request({ spec: { report: "userinfo", batches: { ids: ["b2"] } } }), metadata: { name: "o1", namespace: "team-b", uid: "u1" } },
        { ...request({ spec: { batches: { ids: ["b1"] } } }), metadata: { name: "o2", namespace: "team-b", uid: "u2", deletionTimestamp: DELETED_AT } },
      ],
      folders: [s3Folder],
      batchIds: ["b1", "b2"],
    },
    {
      name: "spec.output overrides provider, bucket and prefix; the status objectUri adds the folder it names",
      request: request({ spec: { output: { format: "zip", encryption: "zipcrypto", provider: "gcs", bucket: "team-bucket", prefix: "t/" } } }),
      runnerSettings: { gcsBucket: "gcs-reports" },
      folders: [{ provider: "gcs", bucket: "team-bucket", folder: "t/progress-exhaust/R1/", prefix: "t/" }, s3Folder],
      batchIds: ["b1", "b2"],
    },
    {
      name: "an objectUri that is not this request's file (forged) adds no folder",
      request: request({ status: { requestId: "R1", batches: [succeeded("b1", "s3://other-bucket/secret/payroll.csv")] } }),
      folders: [s3Folder],
      batchIds: ["b1"],
    },
    {
      name: "an Azure wasb objectUri names its container and account",
      request: request({ spec: { batches: { all: {} } }, status: { requestId: "R1", batches: [succeeded("b1", "wasb://reports@acct.blob.core.windows.net/exhaust/progress-exhaust/R1/b1_progress_20260301.zip")] } }),
      folders: [s3Folder, { provider: "azure", bucket: "reports", account: "acct", folder: "exhaust/progress-exhaust/R1/", prefix: "exhaust/" }],
      batchIds: ["b1"],
    },
    {
      name: "deleted before its first status write: the batches its Job runs; the request's uid names the folder",
      request: { ...request({ spec: { batches: { all: {} } } }), status: {} },
      jobs: [jobFor("progress-0130-b7-1", ["b7"], 1, { state: "active" })],
      folders: [{ ...s3Folder, folder: "exhaust/progress-exhaust/0b7c1a8e-5d1f-4c53-9d3e-2f6a1f0c9a11/" }],
      batchIds: ["b7"],
    },
    { name: "outputDir instead of a bucket: nothing to list", request: request({ status: { requestId: "R1", batches: [batch("b1", { phase: "Succeeded", attempts: 1 })] } }), runnerSettings: { s3Bucket: "" }, folders: [], batchIds: ["b1"] },
  ];
  it.each(cases)("$name", ({ request: r, jobs, others, runnerSettings, folders, batchIds }) => {
    const settings = runnerSettings === undefined ? runner : { ...runner, settings: { ...runner.settings, ...runnerSettings } };
    const targets = outputTargets(r, jobs ?? [], settings, others ?? []);
    expect({ folders: targets.folders, batchIds: targets.batchIds }).toEqual({ folders, batchIds });
  });
});

// Which keys are a batch's own is isBatchObjectKey's (test/unit/runner/sinks/object-key.test.ts); isOwnOutput adds
// only which batches (the targets'), which report and request, and which folder's prefix.
describe("isOwnOutput: a key is the request's when it is one of its batches' files under the listed folder's prefix", () => {
  const targets = outputTargets(request(), [], runner);
  const gcsFolder: OutputFolder = { provider: "gcs", bucket: "team-bucket", folder: "t/progress-exhaust/R1/", prefix: "t/" };
  const cases: { name: string; folder: OutputFolder; key: string; own: boolean }[] = [
    { name: "a file of the request's first batch", folder: s3Folder, key: "exhaust/progress-exhaust/R1/b1_progress_20260301.zip", own: true },
    { name: "a file of its second batch", folder: s3Folder, key: "exhaust/progress-exhaust/R1/b2_progress_20260301.csv", own: true },
    { name: "a batch the request does not have", folder: s3Folder, key: "exhaust/progress-exhaust/R1/b9_progress_20260301.zip", own: false },
    { name: "another request's file of the same batch", folder: s3Folder, key: "exhaust/progress-exhaust/R2/b1_progress_20260301.zip", own: false },
    { name: "another report's file of the same batch", folder: s3Folder, key: "exhaust/userinfo-exhaust/R1/b1_userinfo_20260301.zip", own: false },
    { name: "a file under another folder's own prefix", folder: gcsFolder, key: "t/progress-exhaust/R1/b1_progress_20260301.zip", own: true },
    { name: "the configured prefix's file listed in a folder with another prefix", folder: gcsFolder, key: "exhaust/progress-exhaust/R1/b1_progress_20260301.zip", own: false },
  ];
  it.each(cases)("$name -> $own", ({ folder, key, own }) => expect(isOwnOutput(targets, folder, key)).toBe(own));
});

describe("reclaimCondition: what the deleted request waits for, or why deleting failed and how to give up", () => {
  it("waiting for Jobs names them", () => {
    const { conditions } = reclaimCondition(undefined, { kind: "waitForJobs", names: ["j1", "j2"] }, NOW);
    expect(conditions).toEqual([
      { type: "OutputsDeleted", status: "False", reason: "WaitingForJobs", message: "the report objects are deleted once these runner Jobs have ended: j1, j2; to keep the objects instead, set spec.outputReclaimPolicy to Retain (or remove the finalizer exhaust.sunbird.org/outputs)", lastTransitionTime: "2026-03-02T08:00:30Z" },
    ]);
  });
  it("a failure says it retries and how to keep the objects instead", () => {
    const { conditions } = reclaimCondition(undefined, { kind: "failed", message: "s3 bucket reports: InvalidAccessKeyId" }, NOW);
    expect(conditions[0]?.reason).toBe("OutputDeletionFailed");
    expect(conditions[0]?.message).toBe(
      "deleting the report objects failed, retrying with backoff: s3 bucket reports: InvalidAccessKeyId; to keep the objects instead, set spec.outputReclaimPolicy to Retain (or remove the finalizer exhaust.sunbird.org/outputs)",
    );
  });
  it("the same failure again changes nothing (no status write)", () => {
    const first = reclaimCondition(undefined, { kind: "failed", message: "down" }, NOW);
    expect(reclaimCondition(first.conditions, { kind: "failed", message: "down" }, new Date(NOW.getTime() + 60_000)).changed).toBe(false);
  });
});
