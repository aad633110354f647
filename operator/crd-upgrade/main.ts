// The chart's CRD hook (templates/crd-upgrade.yaml, helm.sh/hook pre-install,pre-upgrade): applies the image's
// crds/*.yaml server-side, so `helm upgrade` brings the CRDs to this release (Helm itself never upgrades a chart's
// crds/ folder), then waits until the apiserver serves them. Exits 1, with the reason, when it cannot.
// Usage: node operator/crd-upgrade/main.ts [<crds directory>, default crds]
import { KubeConfig } from "@kubernetes/client-node";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parse } from "yaml";
import { newKubeApi } from "../kube/client/api-client.ts";
import { isNotFound } from "../kube/client/api-errors.ts";
import { applyObject } from "../kube/client/apply.ts";
import { customResourceDefinitions, objectPath } from "../kube/meta/resource-type.ts";
import { newLogger } from "../log/log.ts";
import { crdServed, OWN_CRD_NAMES, planCrdApply, type LiveCrd } from "./crd-apply-plan.ts";

const FIELD_MANAGER = "exhaust-operator-crd-upgrade";
const SERVED_TIMEOUT_MS = 60_000;

const log = newLogger({ name: "crd-upgrade" });
const dir = process.argv[2] ?? "crds";
const kc = new KubeConfig();
kc.loadFromDefault();
const api = newKubeApi(kc);

const get = async (name: string): Promise<LiveCrd | undefined> => {
  try {
    return await api.request<LiveCrd>("GET", objectPath(customResourceDefinitions, undefined, name));
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
};

const files = readdirSync(dir)
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((file) => ({ file, doc: parse(readFileSync(join(dir, file), "utf8")) as unknown }));
const live = new Map<string, LiveCrd | undefined>();
for (const name of OWN_CRD_NAMES) live.set(name, await get(name));
const plan = planCrdApply(files, live);
if (!plan.ok) {
  log.error({ errors: plan.errors }, "CRDs not applied");
  process.exit(1);
}
for (const { name, action, manifest } of plan.applies) {
  // force: the release's CRDs win over fields another manager (helm's crds/ install, a kubectl apply) last set.
  await applyObject(api, customResourceDefinitions, manifest, { fieldManager: FIELD_MANAGER, force: true });
  log.info({ crd: name, action }, "CRD applied");
}
const deadline = Date.now() + SERVED_TIMEOUT_MS;
for (const { name } of plan.applies) {
  while (!crdServed((await get(name)) ?? {})) {
    if (Date.now() > deadline) {
      log.error({ crd: name }, "CRD not Established within 60 s");
      process.exit(1);
    }
    await sleep(500);
  }
}
log.info({ crds: plan.applies.map((a) => a.name) }, "CRDs served");
