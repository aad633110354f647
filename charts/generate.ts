// Writes what the chart derives from the rest of the project: its crds/ folder (from crds/) and
// values.schema.json (from operator/config.ts); checks Chart.yaml's appVersion against package.json.
// With --check (npm run crds:check), fails when any of them is stale.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { syncGeneratedFiles } from "../crds/generated-files.ts";
import { chartCrds } from "./chart-crds.ts";
import { valuesSchema } from "./values-schema.ts";
import { exportPolicyTemplate } from "./export-policy.ts";

const chart = join(import.meta.dirname, "exhaust-operator");
const check = process.argv.includes("--check");

const files = [
  ...chartCrds().map(({ name, yaml }) => ({ path: join(chart, "crds", name), label: `charts/exhaust-operator/crds/${name}`, content: yaml })),
  { path: join(chart, "templates/export-policy.yaml"), label: "charts/exhaust-operator/templates/export-policy.yaml", content: exportPolicyTemplate() },
  { path: join(chart, "values.schema.json"), label: "charts/exhaust-operator/values.schema.json", content: `${JSON.stringify(valuesSchema(), null, 2)}\n` },
];
const stale = syncGeneratedFiles(files, check);

const { version } = JSON.parse(readFileSync(join(import.meta.dirname, "../package.json"), "utf8")) as { version: string };
const appVersion = /^appVersion: "?([^"\n]*)"?$/m.exec(readFileSync(join(chart, "Chart.yaml"), "utf8"))?.[1];
if (appVersion !== version) console.error(`charts/exhaust-operator/Chart.yaml: appVersion ${appVersion ?? "(none)"} must be package.json's version ${version}`);
process.exitCode = (check && stale > 0) || appVersion !== version ? 1 : 0;
