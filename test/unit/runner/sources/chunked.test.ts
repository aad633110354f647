import { describe, expect, it } from "vitest";
import { chunked } from "../../../../runner/sources/chunked.ts";

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

describe("chunked", () => {
  const cases = [
    { name: "exact multiple -> full chunks", items: [1, 2, 3, 4], size: 2, expect: [[1, 2], [3, 4]] },
    { name: "remainder -> short last chunk", items: [1, 2, 3, 4, 5], size: 2, expect: [[1, 2], [3, 4], [5]] },
    { name: "empty source -> no chunks", items: [], size: 3, expect: [] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const out: number[][] = [];
      for await (const chunk of chunked(from(c.items), c.size)) out.push(chunk);
      expect(out).toEqual(c.expect);
    });
  }
});
