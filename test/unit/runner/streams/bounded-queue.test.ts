import { describe, expect, it } from "vitest";
import { newBoundedQueue } from "../../../../runner/streams/bounded-queue.ts";
import { collect, tick } from "./async-helpers.ts";

describe("newBoundedQueue", () => {
  it("push waits while full and resumes when the consumer reads", async () => {
    const q = newBoundedQueue<number>(2);
    await q.push(1);
    await q.push(2);
    let third = false;
    const pushing = q.push(3).then(() => (third = true));
    await tick();
    expect(third).toBe(false);
    const it = q[Symbol.asyncIterator]();
    expect((await it.next()).value).toBe(1);
    await pushing;
    expect(third).toBe(true);
    q.close();
    expect(await collect({ [Symbol.asyncIterator]: () => it })).toEqual([2, 3]);
  });

  it("an abandoned queue drops pushes instead of blocking the producer", async () => {
    const q = newBoundedQueue<number>(1);
    await q.push(1);
    for await (const _ of q) break;
    const settled = await Promise.race([q.push(2).then(() => "pushed"), new Promise((r) => setTimeout(() => r("blocked"), 200))]);
    expect(settled).toBe("pushed");
  });

  it("fail rejects the consumer after the queued items", async () => {
    const q = newBoundedQueue<number>(5);
    await q.push(1);
    q.fail(new Error("scan failed"));
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const x of q) seen.push(x);
      })(),
    ).rejects.toThrow("scan failed");
    expect(seen).toEqual([1]);
  });
});
