// The folder-cycle check's other pure part: source texts in, the folder -> folder import graph out.
import { posix } from "node:path";
import ts from "typescript";
import type { Graph } from "./find-cycles.ts";

/** A source file by its repository-relative, slash-separated path. */
export interface SourceText {
  path: string;
  text: string;
}

/** Every module a file imports or re-exports, type-only and dynamic imports included, as written. */
export const importSpecifiers = (text: string): string[] => ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);

/** Folder -> folders it imports from (a folder is a file's directory); imports within a folder and packages are left out. */
export function folderGraph(files: readonly SourceText[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    const from = posix.dirname(file.path);
    for (const specifier of importSpecifiers(file.text)) {
      if (!specifier.startsWith(".")) continue;
      const to = posix.dirname(posix.normalize(posix.join(from, specifier)));
      if (to === from) continue;
      const targets = graph.get(from) ?? new Set<string>();
      targets.add(to);
      graph.set(from, targets);
    }
  }
  return graph;
}

/** The graph without the given edges (an allow-list of known cycles being taken apart). */
export function withoutEdges(graph: Graph, edges: readonly (readonly [string, string])[]): Map<string, Set<string>> {
  const out = new Map([...graph].map(([from, to]) => [from, new Set(to)]));
  for (const [from, to] of edges) out.get(from)?.delete(to);
  return out;
}
