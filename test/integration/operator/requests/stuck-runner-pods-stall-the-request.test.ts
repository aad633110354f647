import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../../env/process.ts";
import { endpoints } from "../../../env/endpoints.ts";
import { imageFixture, type ImageFixture } from "./fixture.ts";

// A runner pod that cannot start (its image does not exist, so the stand-in node reports ErrImagePull) makes the
// request Stalled once it has waited stall.pendingSeconds, naming the pod and the reason.

describe("a runner pod stuck pending", () => {
  const e = endpoints();
  let fx: ImageFixture;

  beforeAll(async () => {
    fx = await imageFixture(e, "stall");
    await fx.operator({ image: "exhaust-test/no-such-image:1", command: ["node", "runner/main.ts"] }, { stall: { pendingSeconds: 10 } });
  });
  afterAll(async () => fx?.cleanup());

  it("sets Stalled=True with the image-pull reason after stall.pendingSeconds", async () => {
    await fx.cluster.createRequest("stuck", { report: "progress", collectionId: fx.collectionId, batches: { ids: fx.batchIds }, requestedBy: "stall", requestedChannel: "ch" });
    const stalled = await eventually(
      "Stalled=True",
      async () => {
        const c = (await fx.cluster.getRequest("stuck"))?.status?.conditions?.find((x) => x.type === "Stalled");
        return c?.status === "True" ? c : undefined;
      },
      60_000,
    );
    expect(stalled.reason).toMatch(/^(ErrImagePull|ImagePullBackOff)$/);
    expect(stalled.message).toContain(`of batch ${fx.batchIds[0]} has waited`);
    const request = await fx.cluster.getRequest("stuck");
    expect(request?.status?.batches?.[0]?.phase).toBe("Running");
  });
});
