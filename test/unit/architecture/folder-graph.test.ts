import { describe, expect, it } from "vitest";
import { findCycles } from "../../architecture/find-cycles.ts";
import { folderGraph, importSpecifiers, withoutEdges } from "../../architecture/folder-graph.ts";

const edgesOf = (graph: Map<string, Set<string>>) => Object.fromEntries([...graph].map(([from, to]) => [from, [...to].sort()]));

describe("importSpecifiers", () => {
  const cases = [
    { name: "value and type imports", text: `import { a } from "./a.ts";\nimport type { B } from "../b/b.ts";`, expect: ["./a.ts", "../b/b.ts"] },
    { name: "an import spread over lines", text: `import {\n  a,\n  b,\n} from "./ab.ts";`, expect: ["./ab.ts"] },
    { name: "a re-export", text: `export { x } from "../x/x.ts";`, expect: ["../x/x.ts"] },
    { name: "a dynamic import", text: `const m = await import("./late.ts");`, expect: ["./late.ts"] },
    { name: "a package", text: `import { z } from "zod";`, expect: ["zod"] },
    { name: "an import in a comment or a string -> not an import", text: `// import a from "./a.ts"\nconst s = "from './b.ts'";`, expect: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(importSpecifiers(c.text)).toEqual(c.expect);
    });
  }
});

describe("folderGraph", () => {
  const cases = [
    {
      name: "imports across folders -> one edge per folder pair",
      files: [
        { path: "runner/main.ts", text: `import { a } from "./reports/a.ts";\nimport { b } from "./reports/b.ts";\nimport { c } from "../crds/c.ts";` },
        { path: "runner/reports/a.ts", text: `import { b } from "./b.ts";\nimport { f } from "../format/f.ts";` },
      ],
      expect: { runner: ["crds", "runner/reports"], "runner/reports": ["runner/format"] },
      cycles: [],
    },
    {
      name: "packages and imports within a folder -> no edge",
      files: [{ path: "runner/format/csv.ts", text: `import { Transform } from "node:stream";\nimport { t } from "./text.ts";` }],
      expect: {},
      cycles: [],
    },
    {
      name: "a cycle added on purpose (errors importing its classifier back) -> found",
      files: [
        { path: "runner/outcome/classify.ts", text: `import { E } from "../reports/errors.ts";` },
        { path: "runner/reports/errors.ts", text: `import { scrub } from "../outcome/scrub.ts";` },
      ],
      expect: { "runner/outcome": ["runner/reports"], "runner/reports": ["runner/outcome"] },
      cycles: [["runner/outcome", "runner/reports", "runner/outcome"]],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const graph = folderGraph(c.files);
      expect(edgesOf(graph)).toEqual(c.expect);
      expect(findCycles(graph)).toEqual(c.cycles);
    });
  }

  it("an allow-listed edge of a cycle is left out -> no cycle", () => {
    const graph = folderGraph([
      { path: "a/x.ts", text: `import "../b/y.ts";` },
      { path: "b/y.ts", text: `import "../a/x.ts";` },
    ]);
    expect(findCycles(withoutEdges(graph, [["b", "a"]]))).toEqual([]);
    expect(findCycles(graph)).toEqual([["a", "b", "a"]]);
  });
});
