import { describe, expect, it } from "vitest";
import { FAULT_POINTS } from "../../operator/faults/fault-point.ts";
import { endpoints } from "../env/endpoints.ts";
import { expectOperatorKillsHeld } from "./operator-killed-invariants.ts";
import { operatorKilled } from "./operator-killed.ts";
import { recordFaultRow } from "./record-fault-row.ts";

// Scenario 1, long (the short one is test/e2e/operator-killed-short.test.ts): 100 requests x 3 batches, two
// replicas, the leader SIGKILLed 10 times: at each named point once (the leader kills itself there) and at 7 seeded
// random instants. FAULTS_SEED replays another seed; the seed is in the printed row.
const seed = Number(process.env.FAULTS_SEED ?? "1601");

describe("fault scenario 1: the operator leader killed at named points and random instants", () => {
  it("every request Succeeds with exactly one Job per batch attempt, no status moving backwards and no batch running twice", async () => {
    const out = await operatorKilled({ e: endpoints(), requests: 100, batchesPerRequest: 3, namedPoints: FAULT_POINTS, randomKills: 7, seed, label: "100x3, 3 named + 7 random", timeoutMs: 900_000 });
    recordFaultRow(out.row);
    process.stdout.write(`seed ${seed}; kills: ${out.kills.map((k) => `${k.how}${k.workLeft ? "" : " (no work left)"}`).join("; ")}\n`);
    expect(out.kills.map((k) => k.how.split(":")[0])).toEqual([...FAULT_POINTS, ...Array.from({ length: 7 }, () => expect.stringMatching(/^random /) as unknown)]);
    expectOperatorKillsHeld(out, 100);
  });
});
