import { describe, expect, it } from "vitest";
import { flagOfPath, requestFromFlags } from "../../../../../operator/kubectl-plugin/create/request-from-flags.ts";
import type { CreateFlags } from "../../../../../operator/kubectl-plugin/create/request-from-flags.ts";

const base: CreateFlags = { report: "progress", namespace: "reports", collection: "do_113", channel: "0126", requestedBy: "alice" };

describe("requestFromFlags: flags that make a valid request", () => {
  const cases: { name: string; flags: Partial<CreateFlags>; wantMetadata: object; wantSpec: object }[] = [
    {
      name: "--batches a,b and no --name -> explicit ids, generateName <report>-",
      flags: { batches: "b1, b2" },
      wantMetadata: { generateName: "progress-", namespace: "reports" },
      wantSpec: { report: "progress", collectionId: "do_113", batches: { ids: ["b1", "b2"] }, requestedBy: "alice", requestedChannel: "0126" },
    },
    {
      name: "--all-batches alone -> all: {} (every status)",
      flags: { allBatches: true, name: "p-nov" },
      wantMetadata: { name: "p-nov", namespace: "reports" },
      wantSpec: { batches: { all: {} } },
    },
    {
      name: "--all-batches --status ongoing,ended -> statuses [1, 2]",
      flags: { allBatches: true, status: "ongoing,ended" },
      wantMetadata: { generateName: "progress-" },
      wantSpec: { batches: { all: { statuses: [1, 2] } } },
    },
    {
      name: "--status given as numbers and repeated -> deduplicated numbers",
      flags: { allBatches: true, status: "0,0,2" },
      wantMetadata: {},
      wantSpec: { batches: { all: { statuses: [0, 2] } } },
    },
    {
      name: "userinfo with --password-secret s/key -> password.secretKeyRef {s, key}",
      flags: { report: "userinfo", batches: "b1", passwordSecret: "zip-pass/pw" },
      wantMetadata: { generateName: "userinfo-" },
      wantSpec: { report: "userinfo", password: { secretKeyRef: { name: "zip-pass", key: "pw" } } },
    },
    {
      name: "--password-secret naming only the Secret -> key 'password'",
      flags: { batches: "b1", passwordSecret: "zip-pass" },
      wantMetadata: {},
      wantSpec: { password: { secretKeyRef: { name: "zip-pass", key: "password" } } },
    },
    {
      name: "--request-id -> spec.requestId",
      flags: { batches: "b1", requestId: "REQ-1" },
      wantMetadata: {},
      wantSpec: { requestId: "REQ-1" },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const built = requestFromFlags({ ...base, ...c.flags });
      if (!built.ok) throw new Error(`unexpected problems: ${JSON.stringify(built.problems)}`);
      expect(built.request.apiVersion).toBe("exhaust.sunbird.org/v1alpha1");
      expect(built.request.kind).toBe("ExhaustRequest");
      expect(built.request.metadata).toMatchObject(c.wantMetadata);
      expect(built.request.spec).toMatchObject(c.wantSpec);
    });
  }

  it("schema defaults (suspend, output format) stay out of the printed request", () => {
    const built = requestFromFlags({ ...base, batches: "b1" });
    expect(built.ok && Object.keys(built.request.spec).sort()).toEqual(["batches", "collectionId", "report", "requestedBy", "requestedChannel"]);
  });
});

describe("requestFromFlags: every problem names the flag to change", () => {
  const cases: { name: string; flags: Partial<CreateFlags>; want: { flag: string; message: unknown }[] }[] = [
    { name: "neither --batches nor --all-batches -> both named", flags: {}, want: [{ flag: "--batches/--all-batches", message: expect.stringContaining("say which batches") }] },
    { name: "both --batches and --all-batches -> both named", flags: { batches: "b1", allBatches: true }, want: [{ flag: "--batches/--all-batches", message: expect.stringContaining("not both") }] },
    { name: "--status with --batches -> --status", flags: { batches: "b1", status: "1" }, want: [{ flag: "--status", message: expect.stringContaining("filters --all-batches") }] },
    { name: "unknown status word -> --status, the word quoted", flags: { allBatches: true, status: "ongoing,done" }, want: [{ flag: "--status", message: expect.stringContaining('"done"') }] },
    { name: "empty --status -> --status", flags: { allBatches: true, status: " , " }, want: [{ flag: "--status", message: expect.stringContaining("no status") }] },
    { name: "--password-secret a/b/c -> --password-secret", flags: { batches: "b1", passwordSecret: "a/b/c" }, want: [{ flag: "--password-secret", message: expect.stringContaining("SECRET/KEY") }] },
    { name: "--password-secret with an empty key -> --password-secret", flags: { batches: "b1", passwordSecret: "a/" }, want: [{ flag: "--password-secret", message: expect.stringContaining("SECRET/KEY") }] },
    { name: "no --collection -> --collection", flags: { batches: "b1", collection: undefined }, want: [{ flag: "--collection", message: expect.stringContaining("required") }] },
    { name: "no --channel -> --channel", flags: { batches: "b1", channel: undefined }, want: [{ flag: "--channel", message: expect.stringContaining("required") }] },
    { name: "no requested-by and no kubeconfig user -> --requested-by", flags: { batches: "b1", requestedBy: undefined }, want: [{ flag: "--requested-by", message: expect.stringContaining("required") }] },
  ];
  for (const c of cases) it(c.name, () => expect(requestFromFlags({ ...base, ...c.flags })).toEqual({ ok: false, problems: c.want }));

  const schemaCases: { name: string; flags: Partial<CreateFlags>; flag: string; says: string }[] = [
    { name: "userinfo without --password-secret -> the CRD's rule, on --password-secret", flags: { report: "userinfo", batches: "b1" }, flag: "--password-secret", says: "password is required" },
    { name: "--name longer than 40 -> the CRD's length rule, on --name", flags: { batches: "b1", name: "n".repeat(41) }, flag: "--name", says: "at most 40" },
    { name: "--name with capitals -> --name", flags: { batches: "b1", name: "Nov" }, flag: "--name", says: "" },
    { name: "--collection with a space -> --collection", flags: { batches: "b1", collection: "do 1" }, flag: "--collection", says: "" },
    { name: "--batches with a repeated id -> --batches", flags: { batches: "b1,b1" }, flag: "--batches", says: "unique" },
    { name: "--batches with 101 ids -> --batches", flags: { batches: Array.from({ length: 101 }, (_, i) => `b${i}`).join(",") }, flag: "--batches", says: "" },
    { name: "--batches of only commas -> --batches", flags: { batches: "," }, flag: "--batches", says: "" },
    { name: "unknown report -> <report>", flags: { report: "grades", batches: "b1" }, flag: "<report>", says: "" },
    { name: "--request-id with a slash -> --request-id", flags: { batches: "b1", requestId: "a/b" }, flag: "--request-id", says: "" },
  ];
  for (const c of schemaCases) {
    it(c.name, () => {
      const built = requestFromFlags({ ...base, ...c.flags });
      expect(built.ok).toBe(false);
      const problems = built.ok ? [] : built.problems;
      expect(problems.map((p) => p.flag)).toContain(c.flag);
      expect(problems.find((p) => p.flag === c.flag)?.message).toContain(c.says);
    });
  }
});

describe("flagOfPath", () => {
  const cases = [
    { name: "a batch id inside the list -> --batches", path: ["spec", "batches", "ids", 3], want: "--batches" },
    { name: "the statuses -> --status", path: ["spec", "batches", "all", "statuses"], want: "--status" },
    { name: "the selection itself -> both selection flags", path: ["spec", "batches"], want: "--batches/--all-batches" },
    { name: "the password key -> --password-secret", path: ["spec", "password", "secretKeyRef", "key"], want: "--password-secret" },
    { name: "a prefix that only looks alike is not a match -> the path", path: ["spec", "reportX"], want: "spec.reportX" },
    { name: "the root -> (the request)", path: [], want: "(the request)" },
  ];
  for (const c of cases) it(c.name, () => expect(flagOfPath(c.path)).toBe(c.want));
});
