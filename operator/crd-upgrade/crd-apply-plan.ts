import { EXHAUST_GROUP } from "../../crds/common.ts";
import { EXHAUST_DOWNLOAD_PLURAL } from "../../crds/exhaust-download.ts";
import { EXHAUST_REQUEST_PLURAL } from "../../crds/exhaust-request.ts";
import { EXHAUST_SCHEDULE_PLURAL } from "../../crds/exhaust-schedule.ts";

// What the chart's CRD hook Job (operator/crd-upgrade/main.ts) applies: the image's crds/*.yaml, checked before
// anything is sent. The hook's ClusterRole names exactly these CRDs, so a manifest for any other name, a missing
// one, or one that drops a version objects are still stored in is refused here with a message, not half-applied.

/** The CRDs this project defines, by name: the hook's ClusterRole lists the same (templates/crd-upgrade.yaml). */
export const OWN_CRD_NAMES: readonly string[] = [EXHAUST_REQUEST_PLURAL, EXHAUST_SCHEDULE_PLURAL, EXHAUST_DOWNLOAD_PLURAL].map((plural) => `${plural}.${EXHAUST_GROUP}`);

const CRD_API_VERSION = "apiextensions.k8s.io/v1";

export interface CrdManifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: { versions: { name: string }[] };
}

/** The live CRD as far as the plan needs it; undefined when the cluster has none of that name. */
export interface LiveCrd {
  status?: { storedVersions?: string[]; conditions?: { type: string; status: string }[] };
}

export interface CrdApply {
  name: string;
  /** Server-side apply creates a missing CRD (RBAC: create) and patches an existing one (RBAC: patch). */
  action: "create" | "update";
  manifest: CrdManifest;
}

export type CrdApplyPlan = { ok: true; applies: CrdApply[] } | { ok: false; errors: string[] };

const isCrd = (doc: unknown): doc is CrdManifest => {
  const d = doc as Partial<CrdManifest> | null;
  return (
    typeof d === "object" && d !== null && d.apiVersion === CRD_API_VERSION && d.kind === "CustomResourceDefinition" &&
    typeof d.metadata?.name === "string" && Array.isArray(d.spec?.versions)
  );
};

/**
 * One apply per CRD of OWN_CRD_NAMES, in that order, from the parsed manifest files (`file` names them in errors)
 * and the live CRDs by name.
 */
export function planCrdApply(files: readonly { file: string; doc: unknown }[], live: ReadonlyMap<string, LiveCrd | undefined>): CrdApplyPlan {
  const errors: string[] = [];
  const byName = new Map<string, CrdManifest>();
  for (const { file, doc } of files) {
    if (!isCrd(doc)) errors.push(`${file}: not an ${CRD_API_VERSION} CustomResourceDefinition`);
    else if (!OWN_CRD_NAMES.includes(doc.metadata.name)) errors.push(`${file}: ${doc.metadata.name} is not one of this operator's CRDs (${OWN_CRD_NAMES.join(", ")})`);
    else if (byName.has(doc.metadata.name)) errors.push(`${file}: ${doc.metadata.name} is defined twice`);
    else byName.set(doc.metadata.name, doc);
  }
  const applies: CrdApply[] = [];
  for (const name of OWN_CRD_NAMES) {
    const manifest = byName.get(name);
    if (manifest === undefined) {
      errors.push(`no manifest for ${name}`);
      continue;
    }
    const current = live.get(name);
    const versions = new Set(manifest.spec.versions.map((v) => v.name));
    const dropped = (current?.status?.storedVersions ?? []).filter((v) => !versions.has(v));
    if (dropped.length > 0) errors.push(`${name}: the new CRD drops ${dropped.join(", ")}, which objects are still stored in (status.storedVersions); migrate them first`);
    applies.push({ name, action: current === undefined ? "create" : "update", manifest });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, applies };
}

/** Whether the apiserver serves the CRD: Established and NamesAccepted both True. */
export function crdServed(crd: LiveCrd): boolean {
  const holds = (type: string) => crd.status?.conditions?.some((c) => c.type === type && c.status === "True") === true;
  return holds("Established") && holds("NamesAccepted");
}
