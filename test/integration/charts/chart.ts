import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { helmBinary, repoRoot } from "../../env/cache-paths.ts";

// The chart under test and the helm binary test/env/setup/helm.sh builds; a missing binary is an error, not a skip.

export const chartDir = join(repoRoot, "charts/exhaust-operator");
export const allOnValues = join(import.meta.dirname, "values-all-on.yaml");

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export function helmPath(): string {
  const bin = helmBinary();
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm run setup (test/env/setup/helm.sh)`);
  return bin;
}

/** Runs helm; resolves with its exit status and output instead of throwing, so tests can expect a refusal. */
export function helm(args: readonly string[], env: Record<string, string> = {}): { status: number; stdout: string; stderr: string } {
  const run = spawnSync(helmPath(), args, { encoding: "utf8", env: { ...process.env, HELM_CACHE_HOME: "/tmp/exhaust-helm/cache", HELM_CONFIG_HOME: "/tmp/exhaust-helm/config", HELM_DATA_HOME: "/tmp/exhaust-helm/data", ...env } });
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

/** `helm template` of the chart with these flags, parsed into objects (comments and empty documents dropped). */
export function render(flags: readonly string[] = [], release = "exhaust-operator", namespace = "exhaust-system"): K8sObject[] {
  const out = helm(["template", release, chartDir, "--namespace", namespace, ...flags]);
  if (out.status !== 0) throw new Error(`helm template failed: ${out.stderr}`);
  return parseAllDocuments(out.stdout)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

export const byKind = (objects: readonly K8sObject[], kind: string): K8sObject[] => objects.filter((o) => o.kind === kind);

/** The Dockerfile's exec-form ENTRYPOINT and CMD, and the paths its COPY lines bring into the image. */
export function dockerfileEntryPoints(text = readFileSync(join(repoRoot, "Dockerfile"), "utf8")): { entrypoint: string[]; cmd: string[]; workdir: string; copied: string[] } {
  const instruction = (name: string): string | undefined => new RegExp(`^${name}\\s+(.*)$`, "m").exec(text)?.[1];
  const execForm = (name: string): string[] => JSON.parse(instruction(name) ?? "[]") as string[];
  const copied = [...text.matchAll(/^COPY\s+(.*)$/gm)].flatMap((m) => (m[1] ?? "").split(/\s+/).slice(0, -1));
  return { entrypoint: execForm("ENTRYPOINT"), cmd: execForm("CMD"), workdir: instruction("WORKDIR") ?? "/", copied };
}
