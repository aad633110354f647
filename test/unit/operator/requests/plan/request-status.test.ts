import { describe, expect, it } from "vitest";
import type { BatchPhase, ExhaustRequestStatus, RequestPhase } from "../../../../../crds/exhaust-request.ts";
import { transitionEvents } from "../../../../../operator/requests/plan/request-events.ts";
import { phaseOf, progressOf, totalsOf } from "../../../../../operator/requests/plan/request-status.ts";
import { batch } from "../request-fixtures.ts";

const of = (...phases: [BatchPhase, number][]) => phases.map(([phase, attempts], i) => batch(`b${i}`, { phase, attempts }));

describe("phaseOf", () => {
  const cases: { name: string; batches: ReturnType<typeof of>; acceptance?: "accepted" | "rejected" | "waiting"; want: RequestPhase }[] = [
    { name: "rejected -> Failed", batches: [], acceptance: "rejected", want: "Failed" },
    { name: "waiting for resolution -> Pending", batches: [], acceptance: "waiting", want: "Pending" },
    { name: "nothing started -> Pending", batches: of(["Queued", 0], ["Pending", 0]), want: "Pending" },
    { name: "one attempt made -> Running", batches: of(["Running", 1], ["Queued", 0]), want: "Running" },
    { name: "all succeeded -> Succeeded", batches: of(["Succeeded", 1], ["Succeeded", 2]), want: "Succeeded" },
    { name: "none succeeded -> Failed", batches: of(["Failed", 3], ["Failed", 0]), want: "Failed" },
    { name: "some of each -> PartiallySucceeded", batches: of(["Succeeded", 1], ["Failed", 1]), want: "PartiallySucceeded" },
    { name: "finished and retrying mixed -> Running", batches: of(["Succeeded", 1], ["Retrying", 1]), want: "Running" },
  ];
  for (const c of cases) it(c.name, () => expect(phaseOf(c.batches, c.acceptance ?? "accepted")).toBe(c.want));
});

describe("totalsOf / progressOf", () => {
  it("counts phases, sums rows and bytes of succeeded batches and the counts so far of running ones", () => {
    const batches = [
      batch("a", { phase: "Succeeded", rows: 10, bytes: 100 }),
      batch("b", { phase: "Failed", rows: 99 }),
      batch("c", { phase: "Running", rows: 5, bytes: 50 }),
      batch("d", { phase: "Retrying" }),
      batch("e", { phase: "Queued" }),
    ];
    const totals = totalsOf(batches);
    expect(totals).toEqual({ batches: 5, succeeded: 1, failed: 1, running: 1, queued: 2, rows: 15, bytes: 150 });
    expect(progressOf(totals)).toBe("2/5");
  });
});

describe("transitionEvents", () => {
  const t = "2026-03-01T10:00:00Z";
  const cond = (type: string, status: "True" | "False", reason: string) => ({ type, status, reason, message: reason, lastTransitionTime: t });
  const cases: { name: string; before?: ExhaustRequestStatus; after: ExhaustRequestStatus; want: string[] }[] = [
    { name: "nothing changed -> no events", before: { batches: of(["Running", 1]) }, after: { batches: of(["Running", 1]) }, want: [] },
    { name: "batch retried (same phase, new attempt) -> BatchStarted", before: { batches: of(["Running", 1]) }, after: { batches: of(["Running", 2]) }, want: ["BatchStarted"] },
    { name: "Pending -> Queued -> no event", before: { batches: of(["Pending", 0]) }, after: { batches: of(["Queued", 0]) }, want: [] },
    { name: "accepted -> Normal event once", before: {}, after: { conditions: [cond("Accepted", "True", "SpecAccepted")] }, want: ["SpecAccepted"] },
    {
      name: "rejected -> Warning with the reason, no separate finish event",
      after: { conditions: [cond("Accepted", "False", "NoDataFound"), cond("Failed", "True", "NoDataFound")] },
      want: ["NoDataFound"],
    },
    {
      name: "stalled reason changes -> new Warning",
      before: { conditions: [cond("Stalled", "True", "ImagePullBackOff")] },
      after: { conditions: [cond("Stalled", "True", "Unschedulable")] },
      want: ["Unschedulable"],
    },
    { name: "stall persists -> nothing", before: { conditions: [cond("Stalled", "True", "SecretNotFound")] }, after: { conditions: [cond("Stalled", "True", "SecretNotFound")] }, want: [] },
  ];
  for (const c of cases) it(c.name, () => expect(transitionEvents(c.before, c.after).map((e) => e.reason)).toEqual(c.want));
});
