import { describe, expect, it } from "vitest";
import { findCycles } from "../../architecture/find-cycles.ts";

const graphOf = (edges: Record<string, string[]>) => new Map(Object.entries(edges).map(([from, to]) => [from, new Set(to)]));

describe("findCycles", () => {
  const cases: { name: string; edges: Record<string, string[]>; expect: string[][] }[] = [
    { name: "no folders -> no cycle", edges: {}, expect: [] },
    { name: "one folder importing nothing -> no cycle", edges: { a: [] }, expect: [] },
    { name: "a chain a -> b -> c -> no cycle", edges: { a: ["b"], b: ["c"] }, expect: [] },
    { name: "a diamond (two paths to one folder) -> no cycle", edges: { a: ["b", "c"], b: ["d"], c: ["d"] }, expect: [] },
    { name: "two folders importing each other -> that pair", edges: { a: ["b"], b: ["a"] }, expect: [["a", "b", "a"]] },
    { name: "a ring of three -> the ring from its first folder", edges: { c: ["a"], a: ["b"], b: ["c"] }, expect: [["a", "b", "c", "a"]] },
    { name: "a folder importing itself -> a one-folder cycle", edges: { a: ["a"] }, expect: [["a", "a"]] },
    { name: "a ring with a shortcut back -> the shortest way round", edges: { a: ["b"], b: ["c", "a"], c: ["a"] }, expect: [["a", "b", "a"]] },
    { name: "a cycle reached only through an acyclic folder -> the cycle alone", edges: { main: ["x"], x: ["y"], y: ["x"] }, expect: [["x", "y", "x"]] },
    { name: "two separate cycles -> both, in folder order", edges: { q: ["r"], r: ["q"], a: ["b"], b: ["a"], z: [] }, expect: [["a", "b", "a"], ["q", "r", "q"]] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(findCycles(graphOf(c.edges))).toEqual(c.expect);
    });
  }
});
