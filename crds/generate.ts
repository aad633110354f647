// Writes the CRD manifests generated from the zod schemas; with --check, fails when a committed one is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { crdFiles } from "./to-crd-yaml.ts";

const here = dirname(fileURLToPath(import.meta.url));
const check = process.argv.includes("--check");

const readOrEmpty = (path: string): string => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
};

let stale = 0;
for (const { name, yaml } of crdFiles()) {
  const path = join(here, name);
  if (readOrEmpty(path) === yaml) continue;
  if (check) {
    stale += 1;
    console.error(`crds/${name} is stale: run npm run crds:generate and commit the result`);
  } else {
    writeFileSync(path, yaml);
    console.log(`wrote crds/${name}`);
  }
}
process.exitCode = stale === 0 ? 0 : 1;
