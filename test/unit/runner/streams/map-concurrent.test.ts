import { describe, expect, it } from "vitest";
import { mapConcurrent } from "../../../../runner/streams/map-concurrent.ts";
import { collect, tick } from "./async-helpers.ts";

async function* counting(n: number, pulled: { count: number }): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) {
    pulled.count++;
    yield i;
  }
}

describe("mapConcurrent", () => {
  it("maps every item once, with at most `limit` calls in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await collect(
      mapConcurrent(counting(50, { count: 0 }), 4, async (x) => {
        peak = Math.max(peak, ++inFlight);
        await tick();
        inFlight--;
        return x * 2;
      }),
    );
    expect(out.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i * 2));
    expect(peak).toBe(4);
  });

  it("pulls no more than limit items ahead of a consumer that stops", async () => {
    const pulled = { count: 0 };
    for await (const x of mapConcurrent(counting(1000, pulled), 3, async (v) => v)) {
      if (x >= 0) break;
    }
    expect(pulled.count).toBeLessThanOrEqual(4);
  });

  it("a failing call rejects the iteration", async () => {
    const it = mapConcurrent(counting(10, { count: 0 }), 2, async (x) => {
      if (x === 5) throw new Error("boom");
      return x;
    });
    await expect(collect(it)).rejects.toThrow("boom");
  });
});
