import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

export const examplesDir = join(import.meta.dirname, "..", "..", "..", "examples");

/** Every document of every examples/*.yaml, with the file it came from. */
export const exampleDocuments = (): { file: string; doc: { kind?: string; [key: string]: unknown } }[] =>
  readdirSync(examplesDir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(examplesDir, file), "utf8")).map((d) => ({ file, doc: d.toJS() as { kind?: string } })),
    );

/** A zod issue path written the way the apiserver writes field paths: spec.batches.ids[0]. */
export const fieldPathOf = (path: readonly PropertyKey[]): string =>
  path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`)).join("");
