import type { ExhaustRequest } from "../../../crds/exhaust-request.ts";

// What Flux and Argo CD put on the objects they apply. Argo CD's label tracking key is configurable; its annotation
// tracking (the default since Argo CD 3) and its own label are recognised.
const LABELS: readonly [string, string][] = [
  ["kustomize.toolkit.fluxcd.io/name", "Flux"],
  ["helm.toolkit.fluxcd.io/name", "Flux"],
  ["argocd.argoproj.io/instance", "Argo CD"],
];
const ANNOTATIONS: readonly [string, string][] = [["argocd.argoproj.io/tracking-id", "Argo CD"]];

/** The GitOps tool applying this request and the marker that says so, or undefined for a request applied by hand. */
export function gitOpsManagerOf(request: ExhaustRequest): { tool: string; marker: string } | undefined {
  const { labels = {}, annotations = {} } = request.metadata;
  for (const [key, tool] of LABELS) if (labels[key] !== undefined) return { tool, marker: `label ${key}` };
  for (const [key, tool] of ANNOTATIONS) if (annotations[key] !== undefined) return { tool, marker: `annotation ${key}` };
  return undefined;
}

/**
 * Why ttlSecondsAfterFinished is not applied: the GitOps tool would re-create the deleted request at its next sync
 * and the report would be exported again, over and over.
 */
export const ttlNotAppliedWarning = (m: { tool: string; marker: string }): string =>
  `ttlSecondsAfterFinished is not applied: the request is managed by ${m.tool} (${m.marker}), which would re-create it after deletion and export the report again; prune it from Git instead`;
