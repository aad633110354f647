import { describe, expect, it } from "vitest";
import type { ExhaustRequest, ExhaustRequestStatus } from "../../../../crds/exhaust-request.ts";
import { WRITE_BACK_FINALIZER, WRITTEN_BACK_LABEL } from "../../../../operator/bridge/bridge-names.ts";
import type { JobRequestRow } from "../../../../operator/bridge/job-request-row.ts";
import { planBridgePass, trackedRowKeys, type BridgeAction, type BridgePassInput, type BridgePlan, type ObservedSecret } from "../../../../operator/bridge/plan-bridge-pass.ts";
import type { BatchCollections } from "../../../../operator/bridge/row-to-request.ts";
import type { ChannelPolicy } from "../../../../crds/export-policy.ts";
import { batch, failedBatch, PASS_AT, passConfig, row, SUBMITTED_AT, succeededBatch, usOf, withStatus } from "./bridge-fixtures.ts";

const LOOKUPS: BatchCollections = { batch1: "do_course1", batch2: "do_course1", batch3: "do_course2" };
const CUTOVER = "2026-03-01T00:00:00Z";
const BEFORE_CUTOVER = usOf("2026-02-27T10:00:00Z");
const AFTER_CUTOVER = usOf("2026-03-01T12:00:00Z");
const T1 = "2026-03-02T04:06:00Z";
const T2 = "2026-03-02T04:08:00Z";
const KEY1 = "progress-exhaust/R/batch1_progress_20260302.zip";

const plan = (rows: JobRequestRow[], requests: ExhaustRequest[] = [], extra: Partial<BridgePassInput> = {}, bridge: Record<string, unknown> = {}): BridgePlan =>
  planBridgePass({ rows, requests, secrets: [], lookups: LOOKUPS, ...extra }, PASS_AT, passConfig(bridge));
const kinds = (p: BridgePlan): string[] => p.actions.map((a) => a.kind);
const created = (p: BridgePlan) => p.actions.flatMap((a) => (a.kind === "createRequest" ? [a.request] : []));
const writes = (p: BridgePlan) => p.actions.flatMap((a) => (a.kind === "writeRow" ? [a.write] : []));
/** The requests a plan created, as the cluster then shows them, with the status given. */
const applied = (p: BridgePlan, status: ExhaustRequestStatus = {}, metadata: Parameters<typeof withStatus>[2] = {}): ExhaustRequest[] => created(p).map((r) => withStatus(r, status, metadata));

const dup = (tag: string, overrides: Partial<JobRequestRow> = {}) => row({ tag, requestId: tag.toUpperCase().replace(/[^A-Z0-9]/g, "").padEnd(32, "0").slice(0, 32), ...overrides });

describe("planBridgePass: pick-up (§9 question 7: SUBMITTED only)", () => {
  it("a SUBMITTED row with its batch looked up -> one createRequest, with the lag from dt_job_submitted", () => {
    const p = plan([row()]);
    expect(kinds(p)).toEqual(["createRequest"]);
    expect(p.actions[0]).toMatchObject({ kind: "createRequest", lagMs: PASS_AT.getTime() - Date.parse(SUBMITTED_AT) });
    expect(p.rowsSeen).toBe(1);
  });

  const notPicked: { name: string; r: JobRequestRow }[] = [
    { name: "FAILED with iteration 1 (the operator retried per batch already, D15)", r: row({ status: "FAILED", iteration: 1, completedUs: AFTER_CUTOVER }) },
    { name: "PROCESSING no bridge request serves (Spark's)", r: row({ status: "PROCESSING", submittedUs: BEFORE_CUTOVER }) },
    { name: "SUCCESS", r: row({ status: "SUCCESS" }) },
    { name: "another job id (uci-private-exhaust)", r: row({ jobId: "uci-private-exhaust" }) },
  ];
  it.each(notPicked)("$name -> no action", ({ r }) => expect(plan([r]).actions).toEqual([]));

  it("a job id outside the configured ones -> not seen; configured job ids are honoured", () => {
    expect(plan([row({ jobId: "uci-private-exhaust" })]).rowsSeen).toBe(0);
    expect(kinds(plan([row({ jobId: "custom-progress" })], [], {}, { jobIds: { progress: "custom-progress" } }))).toEqual(["createRequest"]);
  });

  it("a batch not looked up yet -> batchesToResolve lists it and nothing is planned for the row", () => {
    const p = plan([row({ requestData: '{"batchFilter":["batch1","new-batch"]}' })]);
    expect(p).toEqual({ actions: [], batchesToResolve: ["new-batch"], rowsSeen: 1 });
  });

  const channelCases: { name: string; policy: ChannelPolicy | undefined; requestedChannel: string | null; refusal?: string }[] = [
    { name: "policy off -> the row's request is created", policy: undefined, requestedChannel: "org-1" },
    { name: "the namespace lists the row's channel -> created", policy: { kind: "listed", channels: ["org-0", "org-1"] }, requestedChannel: "org-1" },
    { name: "the namespace allows every channel -> created", policy: { kind: "any" }, requestedChannel: "org-1" },
    { name: "the namespace lists other channels -> FAILED naming channel and allowed list, no request", policy: { kind: "listed", channels: ["org-2"] }, requestedChannel: "org-1", refusal: "allowed: org-2;" },
    { name: "the namespace is unannotated -> FAILED, allowed: none", policy: { kind: "none" }, requestedChannel: "org-1", refusal: "allowed: none;" },
    { name: "a row without a channel under a listed policy -> FAILED", policy: { kind: "listed", channels: ["org-1"] }, requestedChannel: null, refusal: "requested_channel: channel  may not" },
  ];
  it.each(channelCases)("export policy: $name", ({ policy, requestedChannel, refusal }) => {
    const p = plan([row({ requestedChannel })], [], policy === undefined ? {} : { channelPolicy: policy });
    if (refusal === undefined) {
      expect(kinds(p)).toEqual(["createRequest"]);
      return;
    }
    expect(kinds(p)).toEqual(["writeRow"]);
    expect(writes(p)[0]?.change).toMatchObject({ status: "FAILED", errMessage: expect.stringContaining(refusal) });
    expect(writes(p)[0]?.change).toMatchObject({ errMessage: expect.stringContaining("may not be exported from namespace exhaust") });
  });

  it("a row Sunbird would refuse -> FAILED with Sunbird's message and iteration + 1, no request", () => {
    const p = plan([row({ requestData: '{"batchFilter":"batch1"}', iteration: 1 })]);
    expect(kinds(p)).toEqual(["writeRow"]);
    expect(writes(p)[0]?.change).toEqual({
      status: "FAILED",
      iteration: 2,
      downloadUrls: null,
      processedBatches: null,
      executionTimeMs: null,
      completedAt: PASS_AT.toISOString(),
      errMessage: "Internal Server Error: batchFilter is not a JSON array",
    });
  });

  it("more fresh submissions than rowsPerPass -> the oldest rowsPerPass get requests", () => {
    const rows = [dup("c", { submittedUs: usOf("2026-03-02T03:00:00Z") }), dup("a", { submittedUs: usOf("2026-03-02T01:00:00Z"), requestData: '{"batchId":"batch2"}' }), dup("b", { submittedUs: usOf("2026-03-02T02:00:00Z"), requestData: '{"batchId":"batch3"}' })];
    const p = plan(rows, [], {}, { rowsPerPass: 2 });
    expect(created(p).map((r) => r.spec.batches.ids)).toEqual([["batch2"], ["batch3"]]);
  });

  it("a batchFilter over two collections -> two requests, one per collection", () => {
    const p = plan([row({ requestData: '{"batchFilter":["batch1","batch3","batch2"]}' })]);
    expect(created(p).map((r) => [r.spec.collectionId, r.spec.batches.ids])).toEqual([
      ["do_course1", ["batch1", "batch2"]],
      ["do_course2", ["batch3"]],
    ]);
  });
});

describe("planBridgePass: duplicates within one pass (§3.5)", () => {
  it("two rows with the same request_data, key and requester -> one request serving both", () => {
    const p = plan([dup("first:org-1"), dup("second:org-1", { submittedUs: usOf("2026-03-02T04:05:07Z") })]);
    expect(created(p)).toHaveLength(1);
    expect(trackedRowKeys(applied(p)).map((k) => k.tag)).toEqual(["first:org-1", "second:org-1"]);
  });

  const distinct: { name: string; other: Partial<JobRequestRow> }[] = [
    { name: "another key", other: { encryptionKey: "k2" } },
    { name: "another requester", other: { requestedBy: "user-2" } },
    { name: "another request_data text", other: { requestData: '{"batchId": "batch1"}' } },
    { name: "another channel (the org filter differs, D6)", other: { requestedChannel: "org-2" } },
    { name: "another job id", other: { jobId: "response-exhaust" } },
  ];
  it.each(distinct)("$name -> two requests", ({ other }) => expect(created(plan([dup("first:org-1"), dup("second:org-1", other)]))).toHaveLength(2));

  it("one request serving two rows runs -> both rows PROCESSING; finishes -> both SUCCESS with the same keys", () => {
    const rows = [dup("first:org-1"), dup("second:org-1")];
    const requests = applied(plan(rows));
    const running = plan(rows, requests.map((r) => ({ ...r, status: { phase: "Running", startTime: T1 } })));
    expect(writes(running).map((w) => [w.key.tag, w.change.status])).toEqual([
      ["first:org-1", "PROCESSING"],
      ["second:org-1", "PROCESSING"],
    ]);
    const processing = rows.map((r) => ({ ...r, status: "PROCESSING" }));
    const done = plan(processing, requests.map((r) => ({ ...r, status: { phase: "Succeeded", startTime: T1, completionTime: T2, batches: [succeededBatch("batch1", KEY1, T1, T2)] } })));
    expect(writes(done).map((w) => [w.key.tag, w.change.status, "downloadUrls" in w.change ? w.change.downloadUrls : []])).toEqual([
      ["first:org-1", "SUCCESS", [KEY1]],
      ["second:org-1", "SUCCESS", [KEY1]],
    ]);
    expect(kinds(done)).toEqual(["writeRow", "writeRow", "markWrittenBack"]);
  });
});

describe("planBridgePass: restarts and resubmissions (deterministic names)", () => {
  it("the request exists already (killed before PROCESSING) -> no second request, no write while no runner started", () => {
    const first = plan([row()]);
    expect(plan([row()], applied(first, { phase: "Pending", batches: [batch("batch1", { phase: "Queued" })] })).actions).toEqual([]);
  });

  it("the same pass planned twice -> the same names (a second replica collides on AlreadyExists, never duplicates)", () => {
    expect(created(plan([row()])).map((r) => r.metadata.name)).toEqual(created(plan([row()])).map((r) => r.metadata.name));
  });

  it("a pass stopped after one of two parts -> the next creates only the missing part", () => {
    const rows = [row({ requestData: '{"batchFilter":["batch1","batch3"]}' })];
    const [firstPart, secondPart] = applied(plan(rows));
    const next = plan(rows, [firstPart as ExhaustRequest]);
    expect(created(next).map((r) => r.metadata.name)).toEqual([secondPart?.metadata.name]);
  });

  it("a pass stopped after one of two parts, then the namespace stops allowing the channel -> FAILED saying so, no second part", () => {
    const rows = [row({ requestData: '{"batchFilter":["batch1","batch3"]}', requestedChannel: "org-1" })];
    const [firstPart] = applied(plan(rows));
    const next = plan(rows, [firstPart as ExhaustRequest], { channelPolicy: { kind: "listed", channels: ["org-2"] } });
    expect(kinds(next)).toEqual(["writeRow"]);
    expect(writes(next)[0]?.change).toMatchObject({ status: "FAILED", errMessage: expect.stringContaining("may not be exported from namespace") });
  });

  it("resubmitted after FAILED (new dt_job_submitted) -> a new request with a new name; the earlier attempt's request is left alone", () => {
    const before = row({ status: "PROCESSING" });
    const old = applied(plan([row()]), { phase: "Failed", completionTime: T2, batches: [failedBatch("batch1", "m", T1, T2)] }, { labels: { [WRITTEN_BACK_LABEL]: "true" } });
    const resubmitted = { ...before, status: "SUBMITTED", iteration: 1, submittedUs: usOf("2026-03-03T09:00:00Z") };
    const p = plan([resubmitted], old);
    expect(kinds(p)).toEqual(["createRequest"]);
    expect(created(p)[0]?.metadata.name).not.toBe(old[0]?.metadata.name);
  });

  it("names -> DNS labels of at most 40 characters", () => {
    const names = created(plan([row({ jobId: "userinfo-exhaust", encryptionKey: "k", requestData: '{"batchFilter":["batch1","batch3"]}' })])).map((r) => r.metadata.name ?? "");
    for (const name of names) expect(name).toMatch(/^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/);
  });
});

describe("planBridgePass: write-back (§3.5, §3.7)", () => {
  const submitted = row();
  const requests = (status: ExhaustRequestStatus, metadata: Parameters<typeof withStatus>[2] = {}) => applied(plan([submitted]), status, metadata);

  const cases: { name: string; r: JobRequestRow; status: ExhaustRequestStatus; expected: string[] }[] = [
    { name: "runner started, row SUBMITTED -> PROCESSING", r: submitted, status: { phase: "Running", startTime: T1 }, expected: ["writeRow:PROCESSING"] },
    { name: "runner started, row PROCESSING already -> nothing", r: { ...submitted, status: "PROCESSING" }, status: { phase: "Running", startTime: T1 }, expected: [] },
    {
      name: "succeeded, row PROCESSING -> SUCCESS then the request marked written back",
      r: { ...submitted, status: "PROCESSING" },
      status: { phase: "Succeeded", startTime: T1, completionTime: T2, batches: [succeededBatch("batch1", KEY1, T1, T2)] },
      expected: ["writeRow:SUCCESS", "markWrittenBack"],
    },
    {
      name: "succeeded before the bridge saw it run, row SUBMITTED -> SUCCESS directly",
      r: submitted,
      status: { phase: "Succeeded", startTime: T1, completionTime: T2, batches: [succeededBatch("batch1", KEY1, T1, T2)] },
      expected: ["writeRow:SUCCESS", "markWrittenBack"],
    },
    {
      name: "failed, row PROCESSING -> FAILED then marked",
      r: { ...submitted, status: "PROCESSING" },
      status: { phase: "Failed", startTime: T1, completionTime: T2, batches: [failedBatch("batch1", "No data found", T1, T2)] },
      expected: ["writeRow:FAILED", "markWrittenBack"],
    },
    {
      name: "finished and the row already says SUCCESS (a pass stopped before marking) -> only marked",
      r: { ...submitted, status: "SUCCESS" },
      status: { phase: "Succeeded", completionTime: T2, batches: [succeededBatch("batch1", KEY1, T1, T2)] },
      expected: ["markWrittenBack"],
    },
  ];
  it.each(cases)("$name", ({ r, status, expected }) => {
    const p = plan([r], requests(status));
    expect(p.actions.map((a) => (a.kind === "writeRow" ? `writeRow:${a.write.change.status}` : a.kind))).toEqual(expected);
  });

  it("FAILED write -> iteration + 1 and the batch's message", () => {
    const p = plan([{ ...submitted, status: "PROCESSING", iteration: 1 }], requests({ phase: "Failed", completionTime: T2, batches: [failedBatch("batch1", "Invalid hierarchy for collection do_course1", T1, T2)] }));
    expect(writes(p)[0]?.change).toMatchObject({ status: "FAILED", iteration: 2, errMessage: "Invalid hierarchy for collection do_course1" });
  });

  it("deleted by hand while running -> FAILED saying so, marked, finalizer removed", () => {
    const deleting = requests({ phase: "Running", startTime: T1, batches: [batch("batch1", { phase: "Running", attempts: 1 })] }, { deletionTimestamp: T2 });
    const p = plan([{ ...submitted, status: "PROCESSING" }], deleting);
    expect(kinds(p)).toEqual(["writeRow", "markWrittenBack", "removeFinalizer"]);
    expect(writes(p)[0]?.change).toMatchObject({ status: "FAILED", iteration: 1, errMessage: `ExhaustRequest exhaust/${deleting[0]?.metadata.name ?? ""} was deleted before it finished` });
    expect(p.actions[2]).toEqual({ kind: "removeFinalizer", group: expect.any(String), requestName: deleting[0]?.metadata.name });
  });

  it("deleted by hand before its runner started (row SUBMITTED) -> FAILED as well, not recreated", () => {
    const p = plan([submitted], requests({ phase: "Pending" }, { deletionTimestamp: T2 }));
    expect(kinds(p)).toEqual(["writeRow", "markWrittenBack", "removeFinalizer"]);
    expect(created(p)).toEqual([]);
  });

  it("its finalizer stripped and the request gone while the row is PROCESSING -> FAILED, the missing part named generically", () => {
    const rows = [{ ...row({ requestData: '{"batchFilter":["batch1","batch3"]}' }), status: "PROCESSING" }];
    const [onePart] = applied(plan([{ ...rows[0], status: "SUBMITTED" } as JobRequestRow]), { phase: "Running", startTime: T1 });
    const p = plan(rows, [onePart as ExhaustRequest]);
    expect(writes(p)[0]?.change).toMatchObject({ status: "FAILED", errMessage: "An ExhaustRequest of this job was deleted before it finished" });
  });

  it("written back, then deleted by its TTL -> only the finalizer removed", () => {
    const p = plan([], requests({ phase: "Succeeded", completionTime: T2 }, { deletionTimestamp: T2, labels: { [WRITTEN_BACK_LABEL]: "true" }, finalizers: [WRITE_BACK_FINALIZER] }));
    expect(kinds(p)).toEqual(["removeFinalizer"]);
  });

  it("the row deleted while its request runs -> nothing; once the request finished -> marked, no write", () => {
    expect(plan([], requests({ phase: "Running", startTime: T1 })).actions).toEqual([]);
    expect(kinds(plan([], requests({ phase: "Succeeded", completionTime: T2 })))).toEqual(["markWrittenBack"]);
  });

  it("trackedRowKeys -> the rows of requests not yet written back", () => {
    expect(trackedRowKeys(requests({}))).toEqual([{ tag: submitted.tag, requestId: submitted.requestId }]);
    expect(trackedRowKeys(requests({}, { labels: { [WRITTEN_BACK_LABEL]: "true" } }))).toEqual([]);
  });
});

describe("planBridgePass: the cutover switch (adopt Spark's rows once)", () => {
  const on = { adoptSparkRows: { enabled: true, cutoverAt: CUTOVER } };
  const cases: { name: string; r: JobRequestRow; adopted: boolean }[] = [
    { name: "FAILED, iteration 2, finished before cutover -> reset to SUBMITTED", r: row({ status: "FAILED", iteration: 2, completedUs: BEFORE_CUTOVER }), adopted: true },
    { name: "FAILED, iteration 3 -> left (Spark's retries are used up)", r: row({ status: "FAILED", iteration: 3, completedUs: BEFORE_CUTOVER }), adopted: false },
    { name: "FAILED, iteration NULL -> left (Spark never picks it)", r: row({ status: "FAILED", iteration: null, completedUs: BEFORE_CUTOVER }), adopted: false },
    { name: "FAILED after cutover (the bridge's own) -> left", r: row({ status: "FAILED", iteration: 1, completedUs: AFTER_CUTOVER }), adopted: false },
    { name: "PROCESSING submitted before cutover, no bridge request -> reset to SUBMITTED", r: row({ status: "PROCESSING", submittedUs: BEFORE_CUTOVER }), adopted: true },
    { name: "PROCESSING submitted after cutover -> left", r: row({ status: "PROCESSING", submittedUs: AFTER_CUTOVER }), adopted: false },
  ];
  it.each(cases)("$name", ({ r, adopted }) => {
    const p = plan([r], [], {}, on);
    expect(writes(p)).toEqual(adopted ? [{ key: { tag: r.tag, requestId: r.requestId }, guard: { status: r.status, iteration: r.iteration, submittedUs: r.submittedUs }, change: { status: "SUBMITTED" } }] : []);
  });

  it("PROCESSING before cutover that a bridge request serves -> not adopted", () => {
    const r = row({ submittedUs: BEFORE_CUTOVER });
    const p = plan([{ ...r, status: "PROCESSING" }], applied(plan([r]), { phase: "Running", startTime: T1 }), {}, on);
    expect(writes(p)).toEqual([]);
  });
});

describe("planBridgePass: key Secrets", () => {
  const userinfo = row({ jobId: "userinfo-exhaust", encryptionKey: "zip-pass" });
  const decrypt = (v: string) => `plain-${v}`;

  it("userinfo -> Secret first, then the request referencing it, then the request made its owner", () => {
    const p = plan([userinfo], [], { decrypt });
    expect(kinds(p)).toEqual(["createSecret", "createRequest", "ownSecret"]);
    const secret = p.actions[0] as Extract<BridgeAction, { kind: "createSecret" }>;
    expect(secret.secret.stringData).toEqual({ "encryption-key": "plain-zip-pass" });
  });

  it("Secrets without an owner -> owned by their existing request, deleted when no request is or will be there", () => {
    const requests = applied(plan([userinfo]), { phase: "Running", startTime: T1 });
    const name = requests[0]?.metadata.name ?? "";
    const secrets: ObservedSecret[] = [
      { name, ownerUids: [] },
      { name: "sb-userinfo-000000000000-000000", ownerUids: [] },
      { name: "sb-owned", ownerUids: ["uid-x"] },
    ];
    const p = plan([{ ...userinfo, status: "PROCESSING" }], requests, { secrets });
    expect(p.actions.filter((a) => a.kind === "ownSecret" || a.kind === "deleteSecret")).toEqual([
      { kind: "ownSecret", group: `secret:${name}`, secretName: name, requestName: name },
      { kind: "deleteSecret", group: "secret:sb-userinfo-000000000000-000000", name: "sb-userinfo-000000000000-000000" },
    ]);
  });

  it("a Secret left by a stopped pass whose request is planned now -> not deleted", () => {
    const name = created(plan([userinfo]))[0]?.metadata.name ?? "";
    expect(kinds(plan([userinfo], [], { secrets: [{ name, ownerUids: [] }] }))).toEqual(["createSecret", "createRequest", "ownSecret"]);
  });
});
