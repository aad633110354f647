import { describe, expect, it } from "vitest";
import { FAULT_POINTS } from "../../operator/faults/fault-point.ts";
import { endpoints } from "../env/endpoints.ts";
import { expectOperatorKillsHeld } from "../faults/operator-killed-invariants.ts";
import { operatorKilled } from "../faults/operator-killed.ts";
import { recordFaultRow } from "../faults/record-fault-row.ts";

// Scenario 1, short (the long one is test/faults/operator-killed.test.ts): 5 requests x 3 batches, two replicas,
// the leader killed once at each named point (it kills itself there: EXHAUST_FAULT_POINT). Each takeover waits
// for the dead leader's Lease to run out: 11 s with the test operators' Lease timings (operator-killed.ts).

describe("fault scenario 1 (short): the operator leader killed at each named point", () => {
  it("every request Succeeds with exactly one Job per batch attempt, no status moving backwards and no batch running twice", async () => {
    const out = await operatorKilled({ e: endpoints(), requests: 5, batchesPerRequest: 3, namedPoints: FAULT_POINTS, randomKills: 0, seed: 1602, label: "5x3, 3 named", timeoutMs: 120_000 });
    recordFaultRow(out.row);
    expect(out.kills.map((k) => ({ point: k.how.split(":")[0], workLeft: k.workLeft }))).toEqual(FAULT_POINTS.map((point) => ({ point, workLeft: true })));
    expectOperatorKillsHeld(out, 5);
  }, 300_000);
});
