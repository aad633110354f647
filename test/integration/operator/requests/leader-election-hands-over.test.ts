import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../../env/process.ts";
import { endpoints } from "../../../env/endpoints.ts";
import type { OperatorProcess } from "../../../env/operator-process.ts";
import { imageFixture, testImage, type ImageFixture } from "./fixture.ts";

// Two replicas share one Lease: exactly one leads and reconciles; killing it (no Lease release) hands over to the
// other within the lease duration, and requests keep completing.

describe("two operator replicas", () => {
  const e = endpoints();
  let fx: ImageFixture;
  let first: OperatorProcess;
  let second: OperatorProcess;
  const runner = testImage("exit-code", "0");
  const spec = () => ({ report: "progress" as const, collectionId: fx.collectionId, batches: { ids: fx.batchIds }, requestedBy: "ha", requestedChannel: "ch" });

  beforeAll(async () => {
    fx = await imageFixture(e, "leader");
    first = await fx.operator(runner, {}, { name: `first-${Date.now()}` });
    second = await fx.operator(runner, {}, { name: `second-${Date.now()}`, waitForLeadership: false });
  });
  afterAll(async () => fx?.cleanup());

  it("one leads; killing the leader hands over and requests still complete", async () => {
    await fx.cluster.createRequest("before", spec());
    await fx.cluster.waitForCondition("before", "Succeeded", 60);
    expect([await first.isLeader(), await second.isLeader()]).toEqual([true, false]);

    await first.kill();
    const started = Date.now();
    await eventually("the standby to lead", async () => ((await second.isLeader()) ? true : undefined), 45_000, 250);
    expect(Date.now() - started).toBeLessThan(30_000);
    await fx.cluster.createRequest("after", spec());
    await fx.cluster.waitForCondition("after", "Succeeded", 60);
  });
});
