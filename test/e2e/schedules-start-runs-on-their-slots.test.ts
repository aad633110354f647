import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExhaustRequest } from "../../crds/exhaust-request.ts";
import type { ExhaustSchedule, ExhaustScheduleInput } from "../../crds/exhaust-schedule.ts";
import { slotRequestName, runNowRequestName } from "../../operator/schedules/plan/run-names.ts";
import { endpoints } from "../env/endpoints.ts";
import { startOperator, type OperatorProcess } from "../env/operator-process.ts";
import { waitUntil } from "../env/process.ts";
import { exampleDocuments } from "../unit/crds/examples.ts";
import type { TestCluster } from "./support/cluster.ts";
import { operatorConfigFor, testStores, type TestStores } from "./support/stores.ts";
import { progressSpec, runnerNamespace, tearDownSuite } from "./support/suite.ts";

// ExhaustSchedules on real cron slots: every-minute schedules, the wall clock, the operator killed across a slot.
// All schedules start together so that the two slots the test waits for serve every case at once.

const SCHEDULES_PATH = (ns: string) => `/apis/exhaust.sunbird.org/v1alpha1/namespaces/${ns}/exhaustschedules`;
const MINUTE = 60_000;
/** Polls `check` every half second until it holds (the reconciles it waits for take seconds). */
const until = (check: () => Promise<boolean>, timeoutMs: number, what: string) => waitUntil(what, check, { timeoutMs, intervalMs: 500 });
const sleepUntil = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms - Date.now())));

describe("ExhaustSchedules create their runs on real slots", () => {
  const e = endpoints();
  let cluster: TestCluster;
  let stores: TestStores;
  let operator: OperatorProcess;
  const start = (name: string) => startOperator({ endpoints: e, config: operatorConfigFor(e, stores, cluster.namespace), leaseName: `lease-${cluster.namespace}`, name });

  const createSchedule = (name: string, spec: ExhaustScheduleInput["spec"]) =>
    cluster.api.request<ExhaustSchedule>("POST", SCHEDULES_PATH(cluster.namespace), {
      body: { apiVersion: "exhaust.sunbird.org/v1alpha1", kind: "ExhaustSchedule", metadata: { name }, spec },
    });
  const getSchedule = (name: string) => cluster.api.request<ExhaustSchedule>("GET", `${SCHEDULES_PATH(cluster.namespace)}/${name}`);
  const requestsOf = async (schedule: string) =>
    (await cluster.list<ExhaustRequest>(`/apis/exhaust.sunbird.org/v1alpha1/namespaces/${cluster.namespace}/exhaustrequests`)).filter((r) =>
      r.metadata.ownerReferences?.some((o) => o.kind === "ExhaustSchedule" && o.name === schedule),
    );

  let firstSlot = 0;
  const everyMinute = { schedules: ["* * * * *"], timeZone: "Asia/Kolkata" };

  beforeAll(async () => {
    stores = await testStores(e, { seed: 31, collections: 1, batchesPerCollection: 1, enrolments: 20 });
    cluster = await runnerNamespace(e, "schedules", stores);
    operator = await start("schedules-1");
    const succeeding = progressSpec(stores);
    // A collection that does not exist: the run fails at acceptance within seconds, without a Job.
    const failing = { ...succeeding, collectionId: "do_no_such_collection", batches: { ids: ["no-such-batch"] } };
    // Suspended runs never finish: they stay active across the next slot.
    const hanging = { ...succeeding, suspend: true, deadlines: { requestSeconds: 3600 } };
    firstSlot = Math.ceil((Date.now() + 1_000) / MINUTE) * MINUTE;
    await createSchedule("allow", { ...everyMinute, template: { spec: succeeding }, successfulRunsHistoryLimit: 1 });
    await createSchedule("forbid", { ...everyMinute, concurrencyPolicy: "Forbid", template: { spec: hanging } });
    await createSchedule("replace", { ...everyMinute, concurrencyPolicy: "Replace", template: { spec: hanging } });
    await createSchedule("prune", { ...everyMinute, failedRunsHistoryLimit: 1, template: { spec: failing } });
  });

  afterAll(async () => {
    await tearDownSuite({ operator, cluster, stores });
  });

  it("a schedule with an unknown time zone says so, and recovers when the zone is fixed", async () => {
    await createSchedule("zone", { schedules: ["0 * * * *"], timeZone: "Mars/Olympus_Mons", template: { spec: { report: "progress", collectionId: "c", batches: { ids: ["b"] }, requestedBy: "u", requestedChannel: "ch" } } });
    await until(async () => (await getSchedule("zone")).status?.conditions?.some((c) => c.type === "ScheduleValid" && c.status === "False" && c.reason === "UnknownTimeZone") ?? false, 30_000, "UnknownTimeZone");
    const invalid = await getSchedule("zone");
    expect(invalid.status?.conditions?.find((c) => c.type === "ScheduleValid")?.message).toContain("Mars/Olympus_Mons");
    expect(invalid.status?.nextScheduleTime).toBeUndefined();
    await cluster.kubectl(["patch", "exs/zone", "--type", "merge", "-p", '{"spec":{"timeZone":"Europe/Berlin"}}']);
    await until(async () => (await getSchedule("zone")).status?.conditions?.some((c) => c.type === "ScheduleValid" && c.status === "True") ?? false, 30_000, "ScheduleValid again");
    const next = (await getSchedule("zone")).status?.nextScheduleTime;
    expect(next).toBeDefined();
    // "0 * * * *" in Berlin: the next slot is a whole hour.
    expect(new Date(next ?? "").getUTCMinutes()).toBe(0);
  });

  it("each example schedule starts one run when given a runNow token", async () => {
    const schedules = exampleDocuments().filter((d) => d.doc.kind === "ExhaustSchedule");
    expect(schedules).toHaveLength(3);
    for (const { doc } of schedules) {
      const { metadata, spec } = doc as { metadata?: { name?: string }; spec?: object };
      const name = metadata?.name ?? "";
      await cluster.api.request("POST", SCHEDULES_PATH(cluster.namespace), { body: { ...doc, spec: { ...spec, runNow: "e2e-1" } } });
      await until(async () => (await getSchedule(name)).status?.lastRunNowToken === "e2e-1", 30_000, `${name} acts on its token`);
      const runs = await requestsOf(name);
      expect(runs.map((r) => r.metadata.name)).toEqual([runNowRequestName(name, "e2e-1")]);
    }
  });

  it("slots start runs; Forbid skips, Replace replaces, history is pruned, a kill across a slot neither misses nor doubles it", { timeout: 240_000 }, async () => {
    const secondSlot = firstSlot + MINUTE;
    const nameAt = (schedule: string, slot: number) => slotRequestName(schedule, slot);
    await sleepUntil(firstSlot + 15_000);
    for (const s of ["allow", "forbid", "replace", "prune"]) {
      await until(async () => (await requestsOf(s)).some((r) => r.metadata.name === nameAt(s, firstSlot)), 30_000, `${s} starts its first slot`);
    }

    // Killed 8 s before the second slot, back 5 s after it: the slot falls in the downtime.
    await sleepUntil(secondSlot - 8_000);
    await operator.kill();
    await sleepUntil(secondSlot + 5_000);
    operator = await start("schedules-2");

    const handled = async (s: string) => Date.parse((await getSchedule(s)).status?.lastScheduleTime ?? "") >= secondSlot;
    for (const s of ["allow", "forbid", "replace", "prune"]) await until(() => handled(s), 60_000, `${s} handles the second slot`);
    // Suspended from here on, so a slow machine that reaches a third slot changes nothing the checks below read.
    for (const s of ["allow", "forbid", "replace", "prune"]) await cluster.kubectl(["patch", `exs/${s}`, "--type", "merge", "-p", '{"spec":{"suspend":true}}']);

    // Allow: the slot in the downtime has its run, once (names come from the slot, so a second create is refused).
    const allowRuns = (await requestsOf("allow")).map((r) => r.metadata.name);
    expect(allowRuns.filter((n) => n === nameAt("allow", secondSlot))).toHaveLength(1);
    expect(new Set(allowRuns).size).toBe(allowRuns.length);

    // Forbid: the first run is still active, so the second slot is skipped and the schedule says why.
    const forbid = await getSchedule("forbid");
    expect((await requestsOf("forbid")).map((r) => r.metadata.name)).toEqual([nameAt("forbid", firstSlot)]);
    expect(forbid.status?.active).toEqual([{ name: nameAt("forbid", firstSlot) }]);
    expect(forbid.status?.history?.find((h) => h.name === nameAt("forbid", secondSlot))).toMatchObject({ result: "Skipped" });
    expect(forbid.status?.history?.find((h) => h.name === nameAt("forbid", secondSlot))?.reason).toMatch(/JobAlreadyActive/);
    expect(forbid.status?.conditions?.find((c) => c.type === "Blocked")).toMatchObject({ status: "True", reason: "JobAlreadyActive" });

    // Replace: the first run is deleted and recorded as Replaced; the newest runs alone.
    await until(async () => (await requestsOf("replace")).length === 1, 30_000, "replace keeps only the new run");
    const replace = await getSchedule("replace");
    const [current] = (await requestsOf("replace")).map((r) => r.metadata.name ?? "");
    expect(current).not.toBe(nameAt("replace", firstSlot));
    expect(replace.status?.active).toEqual([{ name: current }]);
    expect(replace.status?.history?.find((h) => h.name === nameAt("replace", firstSlot))).toMatchObject({ result: "Replaced" });

    // History limits: the failing runs finish; only the newest failed request is kept, and history holds just it.
    await until(async () => (await getSchedule("prune")).status?.history?.filter((h) => h.result === "Failed").length === 1 && (await requestsOf("prune")).length === 1, 60_000, "prune keeps one failed run").catch(
      async (err: Error) => {
        const runs = (await requestsOf("prune")).map((r) => ({ name: r.metadata.name, phase: r.status?.phase, deleting: r.metadata.deletionTimestamp }));
        throw new Error(`${err.message}; history ${JSON.stringify((await getSchedule("prune")).status?.history)}; requests ${JSON.stringify(runs)}`);
      },
    );
    const [kept] = (await requestsOf("prune")).map((r) => r.metadata.name ?? "");
    const prune = await getSchedule("prune");
    expect((kept ?? "") >= nameAt("prune", secondSlot)).toBe(true);
    expect(prune.status?.history?.find((h) => h.result === "Failed")?.name).toBe(kept);
    expect(prune.status?.conditions?.find((c) => c.type === "LastRunSucceeded")).toMatchObject({ status: "False", reason: "Failed" });

    // Allow's runs succeed: history and the last success come from the finished requests.
    await until(async () => (await getSchedule("allow")).status?.lastSuccessfulTime !== undefined, 90_000, "allow records a success");
    const allow = await getSchedule("allow");
    const succeeded = allow.status?.history?.find((h) => h.result === "Succeeded");
    expect(succeeded?.rows).toBeGreaterThan(0);
    expect(succeeded?.bytes).toBeGreaterThan(0);
    const described = await cluster.kubectl(["describe", "exs", "allow"]);
    expect(described).toMatch(/History:/);
    expect(described).toMatch(/SuccessfulCreate/);
    const table = await cluster.kubectl(["get", "exs", "allow"]);
    expect(table).toMatch(/LAST RUN\s+NEXT RUN\s+LAST RESULT/);
    expect(table).toMatch(/Succeeded/);
  });
});
