import { describe, expect, it } from "vitest";
import { mergeBounded } from "../../../../runner/streams/merge-bounded.ts";
import { collect, tick } from "./async-helpers.ts";

describe("mergeBounded", () => {
  it("yields every item of every source, opening at most `limit` at once", async () => {
    let open = 0;
    let peak = 0;
    const source = (base: number) => async function* () {
      peak = Math.max(peak, ++open);
      for (let i = 0; i < 5; i++) {
        await tick();
        yield base + i;
      }
      open--;
    };
    const sources = [0, 100, 200, 300, 400].map(source);
    const out = await collect(mergeBounded(sources, 2));
    expect(out.sort((a, b) => a - b)).toEqual([0, 100, 200, 300, 400].flatMap((b) => [b, b + 1, b + 2, b + 3, b + 4]));
    expect(peak).toBe(2);
  });

  it("propagates a source's failure", async () => {
    const bad = async function* (): AsyncGenerator<number> {
      yield 1;
      throw new Error("range failed");
    };
    await expect(collect(mergeBounded([bad], 2))).rejects.toThrow("range failed");
  });
});
