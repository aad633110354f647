import { describe, expect, it } from "vitest";
import { exhaustRequestSchema } from "../../../../../crds/exhaust-request.ts";
import { runRequestManifest } from "../../../../../operator/schedules/plan/run-manifest.ts";
import { RUN_NOW_TOKEN_ANNOTATION, SCHEDULED_AT_ANNOTATION, SCHEDULE_LABEL } from "../../../../../operator/schedules/plan/run-names.ts";
import { SCHEDULE_NAME, SCHEDULE_UID, scheduleWith } from "./schedule-fixtures.ts";

const slot = Date.parse("2026-03-01T02:00:00Z");

describe("runRequestManifest", () => {
  const schedule = scheduleWith({
    template: {
      metadata: { labels: { team: "lern", [SCHEDULE_LABEL]: "spoofed" }, annotations: { note: "nightly", [SCHEDULED_AT_ANNOTATION]: "spoofed" } },
      spec: { report: "progress", collectionId: "do_course", batches: { ids: ["b1"] }, requestedBy: "user-1", requestedChannel: "org-1" },
    },
  });
  const request = runRequestManifest(schedule, { name: "progress-daily-29538840", requestId: "progress-daily-20260301T0200Z", scheduledMs: slot });

  it("is a valid ExhaustRequest in the schedule's namespace", () => {
    expect(exhaustRequestSchema.safeParse(request).success).toBe(true);
    expect(request.metadata).toMatchObject({ name: "progress-daily-29538840", namespace: "exhaust" });
  });

  it("merges the template's labels and annotations, ours winning", () => {
    expect(request.metadata.labels).toEqual({ team: "lern", [SCHEDULE_LABEL]: SCHEDULE_NAME });
    expect(request.metadata.annotations).toEqual({ note: "nightly", [SCHEDULED_AT_ANNOTATION]: "2026-03-01T02:00:00Z" });
  });

  it("is controlled by the schedule and blocks its foreground deletion", () => {
    expect(request.metadata.ownerReferences).toEqual([
      { apiVersion: "exhaust.sunbird.org/v1alpha1", kind: "ExhaustSchedule", name: SCHEDULE_NAME, uid: SCHEDULE_UID, controller: true, blockOwnerDeletion: true },
    ]);
  });

  it("copies the template's spec with the run's requestId, leaving the template untouched", () => {
    expect(request.spec).toEqual({ ...schedule.spec.template.spec, requestId: "progress-daily-20260301T0200Z" });
    expect(schedule.spec.template.spec.requestId).toBeUndefined();
    expect(request.spec.batches).not.toBe(schedule.spec.template.spec.batches);
  });

  it("a runNow run carries its token", () => {
    const run = runRequestManifest(schedule, { name: "progress-daily-rcb8a864f", requestId: "progress-daily-rcb8a864f", scheduledMs: slot, runNowToken: "t1" });
    expect(run.metadata.annotations?.[RUN_NOW_TOKEN_ANNOTATION]).toBe("t1");
  });
});
