import { describe, expect, it } from "vitest";
import { exhaustScheduleSchema } from "../../../crds/exhaust-schedule.ts";
import { exampleDocuments, fieldPathOf } from "./examples.ts";
import { invalidCreates, manifestFor, validSchedule } from "./invalid-manifests.ts";

describe("ExhaustSchedule schema", () => {
  const examples = exampleDocuments().filter((e) => e.doc.kind === "ExhaustSchedule");

  it("has one example per Sunbird CronJob it replaces, with the same cron expression", () => {
    const byName = Object.fromEntries(
      examples.map((e) => [(e.doc["metadata"] as { name: string }).name, (e.doc["spec"] as { schedules: string[] }).schedules]),
    );
    expect(byName).toEqual({
      "run-progress-exhaust": ["30 3 * * *"],
      "run-response-exhaust": ["0 9 * * *"],
      "run-userinfo-exhaust": ["0 10 * * *"],
    });
  });

  it.each(examples.map((e) => [e.file, e.doc] as const))("accepts the example %s", (_file, doc) => {
    const result = exhaustScheduleSchema.safeParse(doc);
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it("fills the defaults the CRD declares", () => {
    const spec = exhaustScheduleSchema.parse(validSchedule()).spec;
    expect(spec).toMatchObject({
      concurrencyPolicy: "Allow",
      missedRunPolicy: "RunLatest",
      maxMissedRuns: 10,
      suspend: false,
      successfulRunsHistoryLimit: 3,
      failedRunsHistoryLimit: 1,
    });
    const { timeZone } = exhaustScheduleSchema.parse({ ...validSchedule(), spec: { ...(validSchedule()["spec"] as object), timeZone: undefined } }).spec;
    expect(timeZone).toBe("UTC");
  });

  it.each([["@daily"], ["*/15 3-5 * JAN-MAR MON,FRI"], ["0 0 ? * *"]])("accepts the schedule %s", (cron) => {
    const m = validSchedule();
    (m["spec"] as { schedules: string[] }).schedules = [cron];
    expect(exhaustScheduleSchema.safeParse(m).success).toBe(true);
  });

  const cases = invalidCreates.filter((c) => c.base === validSchedule && !c.admissionOnly);
  it.each(cases.map((c) => [c.name, c] as const))("rejects %s, naming the field", (_name, c) => {
    const result = exhaustScheduleSchema.safeParse(manifestFor(c));
    expect(result.success).toBe(false);
    const paths = (result.error?.issues ?? []).map((i) => fieldPathOf(i.path));
    expect(paths.some((p) => p.startsWith(c.field))).toBe(true);
  });
});
