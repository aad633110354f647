import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { V1Job, V1Pod } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REQUESTS_PATH } from "../../../e2e/support/cluster.ts";
import { eventually } from "../../../env/process.ts";
import { endpoints } from "../../../env/endpoints.ts";
import { imageFixture, testImage, type ImageFixture } from "./fixture.ts";

// The request's life around its Jobs: suspend and resume, deletion (Jobs and pods go with it), the TTL after
// finishing, and the completion webhook. Runner Jobs run a 3-second sleep.

describe("an ExhaustRequest's life cycle", () => {
  const e = endpoints();
  let fx: ImageFixture;
  let server: Server;
  const calls: { body: Record<string, unknown> }[] = [];

  const spec = (extra: Record<string, unknown> = {}) => ({
    report: "progress" as const,
    collectionId: fx.collectionId,
    batches: { ids: fx.batchIds },
    requestedBy: "lifecycle",
    requestedChannel: "ch",
    ...extra,
  });
  const jobsOf = (name: string) => fx.cluster.list<V1Job>(`/apis/batch/v1/namespaces/${fx.cluster.namespace}/jobs?labelSelector=exhaust.sunbird.org/request=${name}`);
  const podsOf = (name: string) => fx.cluster.list<V1Pod>(`/api/v1/namespaces/${fx.cluster.namespace}/pods?labelSelector=exhaust.sunbird.org/request=${name}`);

  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = "";
      req.on("data", (c: Buffer) => (text += c.toString()));
      req.on("end", () => {
        calls.push({ body: JSON.parse(text) as Record<string, unknown> });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    fx = await imageFixture(e, "lifecycle");
    await fx.operator(testImage("sleep", "3"));
  });
  afterAll(async () => {
    await fx?.cleanup();
    server?.close();
  });

  it("suspended: no Job starts; resumed: one Job runs and the request succeeds", async () => {
    await fx.cluster.createRequest("suspended", spec({ suspend: true }));
    await eventually("Progressing=False Suspended", async () => {
      const c = (await fx.cluster.getRequest("suspended"))?.status?.conditions?.find((x) => x.type === "Progressing");
      return c?.reason === "Suspended" && c.status === "False" ? true : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await jobsOf("suspended")).toHaveLength(0);

    await fx.cluster.api.request("PATCH", `${REQUESTS_PATH(fx.cluster.namespace)}/suspended`, { body: { spec: { suspend: false } }, contentType: "application/merge-patch+json" });
    await fx.cluster.waitForCondition("suspended", "Succeeded", 60);
    expect(await jobsOf("suspended")).toHaveLength(1);
  });

  it("deleting a running request deletes its Jobs and their pods", async () => {
    await fx.cluster.createRequest("deleted", spec());
    await eventually("a running runner pod", async () => ((await podsOf("deleted")).some((p) => p.status?.phase === "Running") ? true : undefined));
    await fx.cluster.api.request("DELETE", `${REQUESTS_PATH(fx.cluster.namespace)}/deleted`);
    await eventually("no Jobs and no pods left", async () => ((await jobsOf("deleted")).length === 0 && (await podsOf("deleted")).length === 0 ? true : undefined), 60_000);
    expect(await fx.cluster.getRequest("deleted")).toBeUndefined();
  });

  it("ttlSecondsAfterFinished deletes the finished request", async () => {
    await fx.cluster.createRequest("short-lived", spec({ ttlSecondsAfterFinished: 2 }));
    await fx.cluster.waitForCondition("short-lived", "Succeeded", 60);
    await eventually("the request to be deleted", async () => ((await fx.cluster.getRequest("short-lived")) === undefined ? true : undefined), 30_000);
  });

  it("the completion webhook is called once, with the outcome and no secret", async () => {
    const { port } = server.address() as AddressInfo;
    await fx.cluster.createSecret("webhook", { url: `http://127.0.0.1:${port}/done?token=s3cr3t` });
    await fx.cluster.createRequest("notified", spec({ webhook: { urlSecretRef: { name: "webhook", key: "url" } } }));
    await fx.cluster.waitForCondition("notified", "Succeeded", 60);
    await eventually("the webhook call", async () => (calls.length > 0 ? true : undefined), 15_000);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.body).toMatchObject({ name: "notified", namespace: fx.cluster.namespace, phase: "Succeeded", totals: { batches: 1, succeeded: 1 } });
    expect(JSON.stringify(calls[0]?.body)).not.toContain("s3cr3t");
  });
});
