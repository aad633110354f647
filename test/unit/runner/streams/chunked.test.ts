import { describe, expect, it } from "vitest";
import { chunked } from "../../../../runner/streams/chunked.ts";

async function* from<T>(pages: T[][]): AsyncGenerator<T[]> {
  yield* pages;
}

describe("chunked", () => {
  const cases = [
    { name: "exact multiple -> full chunks", pages: [[1, 2, 3, 4]], size: 2, expect: [[1, 2], [3, 4]] },
    { name: "remainder -> short last chunk", pages: [[1, 2, 3, 4, 5]], size: 2, expect: [[1, 2], [3, 4], [5]] },
    { name: "small pages are joined", pages: [[1], [2], [3, 4], [5]], size: 3, expect: [[1, 2, 3], [4, 5]] },
    { name: "a page spanning several chunks is split", pages: [[1, 2], [3, 4, 5, 6, 7], []], size: 3, expect: [[1, 2, 3], [4, 5, 6], [7]] },
    { name: "empty source -> no chunks", pages: [], size: 3, expect: [] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const out: number[][] = [];
      for await (const chunk of chunked(from(c.pages), c.size)) out.push(chunk);
      expect(out).toEqual(c.expect);
    });
  }
});
