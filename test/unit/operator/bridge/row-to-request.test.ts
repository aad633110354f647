import { createCipheriv } from "node:crypto";
import { describe, expect, it } from "vitest";
import { exhaustRequestSchema } from "../../../../crds/exhaust-request.ts";
import { platformDecryptor } from "../../../../crds/platform-decryption.ts";
import { KEY_SECRET_KEY, PARTS_ANNOTATION, ROWS_ANNOTATION, WRITE_BACK_FINALIZER } from "../../../../operator/bridge/bridge-names.ts";
import { submissionOf } from "../../../../operator/bridge/job-request-row.ts";
import { mapRowToRequests, type BatchCollections, type MappingContext, type RowMapping } from "../../../../operator/bridge/row-to-request.ts";
import { row } from "./bridge-fixtures.ts";

const LOOKUPS: BatchCollections = { batch1: "do_course1", batch2: "do_course1", batch3: "do_course2", gone: null };
const ctx = (overrides: Partial<MappingContext> = {}): MappingContext => ({
  report: "progress",
  namespace: "exhaust",
  maxBatchesPerRequest: 3,
  ttlSecondsAfterFinished: 604800,
  lookups: LOOKUPS,
  served: [],
  ...overrides,
});

const parts = (m: RowMapping) => (m.kind === "parts" ? m.parts : []);
const refusal = (m: RowMapping) => (m.kind === "rejected" ? m.message : m.kind);

describe("mapRowToRequests: what Sunbird refuses (§3.3, §6.1)", () => {
  const NO_SELECTOR = "Request should have either of batchId, batchFilter, searchFilter or encrption key";
  const cases: { name: string; overrides: Parameters<typeof row>[0]; context?: Partial<MappingContext>; expected: string }[] = [
    { name: "no selector -> Sunbird's no-selector text", overrides: { requestData: "{}" }, expected: NO_SELECTOR },
    { name: "userinfo without encryption_key -> the same text", overrides: { jobId: "userinfo-exhaust", encryptionKey: null }, context: { report: "userinfo" }, expected: NO_SELECTOR },
    { name: "userinfo with a blank key -> the same text (a blank password protects nothing)", overrides: { encryptionKey: "  " }, context: { report: "userinfo" }, expected: NO_SELECTOR },
    { name: "userinfo without a selector and without a key -> the no-selector text once", overrides: { requestData: "{}" }, context: { report: "userinfo" }, expected: NO_SELECTOR },
    { name: "searchFilter -> refused with a clear message", overrides: { requestData: '{"searchFilter":{"filters":{}}}' }, expected: "searchFilter is not supported by the exhaust operator: request the batches with batchId or batchFilter" },
    { name: "batchFilter not an array -> internal error", overrides: { requestData: '{"batchFilter":"batch1"}' }, expected: "Internal Server Error: batchFilter is not a JSON array" },
    { name: "4 ids given, limit 3 -> Sunbird's limit text", overrides: { requestData: '{"batchFilter":["batch1","batch2","batch3","gone"]}' }, expected: "Number of batches in request exceeded. It should be within 3" },
    { name: "2 distinct ids given 4 times, limit 3 -> over the limit (counted as given)", overrides: { requestData: '{"batchFilter":["batch1","batch1","batch2","batch2"]}' }, expected: "Number of batches in request exceeded. It should be within 3" },
    { name: "batchId empty string -> No data found", overrides: { requestData: '{"batchId":""}' }, expected: "No data found" },
    { name: "batchFilter empty -> No data found", overrides: { requestData: '{"batchFilter":[]}' }, expected: "No data found" },
    { name: "only batches course_batch lacks -> No data found", overrides: { requestData: '{"batchFilter":["gone"]}' }, expected: "No data found" },
    { name: "an id no batch can have (a space) -> No data found without a lookup", overrides: { requestData: '{"batchId":"a b"}' }, expected: "No data found" },
    { name: "requested_by empty -> internal error naming it", overrides: { requestedBy: "" }, expected: "Internal Server Error: requested_by is empty" },
    { name: "requested_channel NULL -> internal error naming it", overrides: { requestedChannel: null }, expected: "Internal Server Error: requested_channel is empty" },
    { name: "request_id outside the requestId alphabet -> internal error naming spec.requestId", overrides: { requestId: "a/b" }, expected: "Internal Server Error: requestId: Invalid string: must match pattern /^[A-Za-z0-9._-]{1,64}$/" },
  ];
  it.each(cases)("$name", ({ overrides, context, expected }) => expect(refusal(mapRowToRequests(row(overrides), ctx(context)))).toBe(expected));

  it("3 ids given, limit 3 -> accepted (the limit is inclusive)", () => {
    expect(mapRowToRequests(row({ requestData: '{"batchFilter":["batch1","batch2","batch1"]}' }), ctx()).kind).toBe("parts");
  });

  it("a batch not looked up yet -> needsLookup listing only the unknown ids", () => {
    expect(mapRowToRequests(row({ requestData: '{"batchFilter":["batch1","new1","new2"]}' }), ctx())).toEqual({ kind: "needsLookup", batchIds: ["new1", "new2"] });
  });
});

describe("mapRowToRequests: the requests (§3.7, D13)", () => {
  it("batchId -> one request: report, collection, the batch, requester, channel, requestId = request_id, bridge metadata", () => {
    const r = row();
    const [part, ...rest] = parts(mapRowToRequests(r, ctx()));
    expect(rest).toEqual([]);
    expect(part?.secret).toBeUndefined();
    expect(part?.request.spec).toEqual({
      report: "progress",
      collectionId: "do_course1",
      batches: { ids: ["batch1"] },
      requestedBy: "user-1",
      requestedChannel: "org-1",
      requestId: r.requestId,
      ttlSecondsAfterFinished: 604800,
    });
    expect(part?.request.metadata.namespace).toBe("exhaust");
    expect(part?.request.metadata.finalizers).toEqual([WRITE_BACK_FINALIZER]);
    expect(JSON.parse(part?.request.metadata.annotations?.[ROWS_ANNOTATION] ?? "")).toEqual([submissionOf(r)]);
    expect(part?.request.metadata.annotations?.[PARTS_ANNOTATION]).toBe("1");
    expect(exhaustRequestSchema.safeParse(part?.request).success).toBe(true);
  });

  it("batchFilter over two collections -> one request per collection, in first-batch order, batches in row order, duplicates dropped and unknown ids left out", () => {
    const m = mapRowToRequests(row({ requestData: '{"batchFilter":["batch3","batch1","gone","batch3","batch2"]}' }), ctx({ maxBatchesPerRequest: 20 }));
    expect(parts(m).map((p) => [p.request.spec.collectionId, p.request.spec.batches.ids])).toEqual([
      ["do_course2", ["batch3"]],
      ["do_course1", ["batch1", "batch2"]],
    ]);
    expect(parts(m).map((p) => p.request.metadata.annotations?.[PARTS_ANNOTATION])).toEqual(["2", "2"]);
    expect(new Set(parts(m).map((p) => p.name)).size).toBe(2);
  });

  it("duplicates served -> the annotation lists them, the mapped row's submission first; names follow that first submission", () => {
    const leader = row();
    const other = row({ tag: "do_course1_batch1:org-1-again", requestId: "11111111111111111111111111111111" });
    const served = [submissionOf(leader), submissionOf(other)];
    const [part] = parts(mapRowToRequests(leader, ctx({ served })));
    expect(JSON.parse(part?.request.metadata.annotations?.[ROWS_ANNOTATION] ?? "")).toEqual(served);
    expect(part?.name).toBe(parts(mapRowToRequests(leader, ctx()))[0]?.name);
  });
});

describe("mapRowToRequests: the key (§4.9, D8, D16)", () => {
  const platformKey = "0123456789abcdef";
  const salt = "pepper";
  // The course service's encryption written out by hand: 3 rounds of Base64(AES-128-ECB(salt + v)).
  const encrypt = (value: string): string => {
    let v = value;
    for (let i = 0; i < 3; i++) {
      const c = createCipheriv("aes-128-ecb", Buffer.from(platformKey), null);
      v = Buffer.concat([c.update(salt + v, "utf8"), c.final()]).toString("base64");
    }
    return v;
  };
  const decrypt = platformDecryptor(platformKey, salt);
  const cases: { name: string; stored: string; decrypt?: (v: string) => string; expected: string }[] = [
    { name: "encrypted by the course service -> decrypted into the Secret", stored: encrypt("zip-pass-1"), decrypt, expected: "zip-pass-1" },
    { name: "plaintext from the direct API path -> used as is (D8)", stored: "zip-pass-2", decrypt, expected: "zip-pass-2" },
    { name: "no platform key configured -> the stored value as is", stored: encrypt("zip-pass-3"), expected: encrypt("zip-pass-3") },
  ];
  it.each(cases)("$name", ({ stored, decrypt: d, expected }) => {
    const [part] = parts(mapRowToRequests(row({ jobId: "userinfo-exhaust", encryptionKey: stored }), ctx({ report: "userinfo", ...(d === undefined ? {} : { decrypt: d }) })));
    expect(part?.secret).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: part?.name, namespace: "exhaust", labels: part?.request.metadata.labels },
      type: "Opaque",
      stringData: { [KEY_SECRET_KEY]: expected },
    });
    expect(part?.request.spec.password).toEqual({ secretKeyRef: { name: part?.name, key: KEY_SECRET_KEY } });
    expect(JSON.stringify(part?.request)).not.toContain(expected);
  });

  it("progress with a key -> the key protects it too (Secret referenced); without one -> no password, no Secret", () => {
    expect(parts(mapRowToRequests(row({ encryptionKey: "k" }), ctx()))[0]?.request.spec.password).toBeDefined();
    expect(parts(mapRowToRequests(row({ encryptionKey: "" }), ctx()))[0]?.secret).toBeUndefined();
  });
});
