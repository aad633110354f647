// Writes the CRD manifests generated from the zod schemas; with --check, fails when a committed one is stale.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { syncGeneratedFiles } from "./generated-files.ts";
import { crdFiles } from "./to-crd-yaml.ts";

const here = dirname(fileURLToPath(import.meta.url));
const check = process.argv.includes("--check");
const files = crdFiles().map(({ name, yaml }) => ({ path: join(here, name), label: `crds/${name}`, content: yaml }));
process.exitCode = syncGeneratedFiles(files, check) > 0 && check ? 1 : 0;
