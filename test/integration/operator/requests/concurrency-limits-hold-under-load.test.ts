import type { V1Job } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExhaustRequest } from "../../../../crds/exhaust-request.ts";
import { endpoints } from "../../../env/endpoints.ts";
import { imageFixture, testImage, type ImageFixture } from "./fixture.ts";

// D17 under load: 60 requests applied at once, from 4 channels, all complete; sampled throughout, runner Jobs
// active at once never exceed the global limit, nor the per-channel limit in any channel.

const REQUESTS = 60;
const CHANNELS = ["ch-a", "ch-b", "ch-c", "ch-d"];
const LIMITS = { maxConcurrentBatches: 4, maxConcurrentBatchesPerChannel: 2 };

const isActive = (job: V1Job): boolean => !(job.status?.conditions ?? []).some((c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True");

describe("60 requests applied at once", () => {
  const e = endpoints();
  let fx: ImageFixture;

  beforeAll(async () => {
    fx = await imageFixture(e, "load");
    await fx.operator(testImage("exit-code", "0"), { limits: LIMITS });
  });
  afterAll(async () => fx?.cleanup());

  it("all succeed, and the global and per-channel limits hold at every sample", { timeout: 600_000 }, async () => {
    const { cluster } = fx;
    const channelOf = (requestName: string) => CHANNELS[Number(requestName.split("-")[1]) % CHANNELS.length] ?? "";
    await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) =>
        cluster.createRequest(`r-${i}`, { report: "progress", collectionId: fx.collectionId, batches: { ids: fx.batchIds }, requestedBy: "load", requestedChannel: channelOf(`r-${i}`) }),
      ),
    );
    let maxGlobal = 0;
    const maxPerChannel = new Map<string, number>();
    let samples = 0;
    for (;;) {
      const jobs = await cluster.list<V1Job>(`/apis/batch/v1/namespaces/${cluster.namespace}/jobs`);
      const active = jobs.filter(isActive);
      samples++;
      maxGlobal = Math.max(maxGlobal, active.length);
      for (const channel of CHANNELS) {
        const n = active.filter((j) => channelOf(j.metadata?.labels?.["exhaust.sunbird.org/request"] ?? "") === channel).length;
        maxPerChannel.set(channel, Math.max(maxPerChannel.get(channel) ?? 0, n));
      }
      const requests = await cluster.list<ExhaustRequest>(`/apis/exhaust.sunbird.org/v1alpha1/namespaces/${cluster.namespace}/exhaustrequests`);
      if (requests.length === REQUESTS && requests.every((r) => r.status?.phase === "Succeeded")) break;
      const failed = requests.filter((r) => r.status?.phase === "Failed" || r.status?.phase === "PartiallySucceeded");
      expect(failed.map((r) => r.metadata.name)).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(maxGlobal).toBeLessThanOrEqual(LIMITS.maxConcurrentBatches);
    for (const [channel, max] of maxPerChannel) expect({ channel, max: Math.min(max, LIMITS.maxConcurrentBatchesPerChannel) }).toEqual({ channel, max });
    // The limits were reached, not merely never approached.
    expect(maxGlobal).toBeGreaterThanOrEqual(2);
    expect(samples).toBeGreaterThan(10);
    const jobs = await cluster.list<V1Job>(`/apis/batch/v1/namespaces/${cluster.namespace}/jobs`);
    expect(jobs).toHaveLength(REQUESTS);
  });
});
