import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { V1Deployment, V1Job, V1Pod } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExhaustRequest } from "../../crds/exhaust-request.ts";
import { OWN_CRD_NAMES } from "../../operator/crd-upgrade/crd-apply-plan.ts";
import { isNotFound } from "../../operator/kube/client/api-errors.ts";
import { runNowRequestName } from "../../operator/schedules/plan/run-names.ts";
import { repoRoot } from "../env/cache-paths.ts";
import { endpoints } from "../env/endpoints.ts";
import { freePort } from "../env/ports.ts";
import { eventually } from "../env/process.ts";
import { chartDir, helm } from "../integration/charts/chart.ts";
import type { TestCluster } from "./support/cluster.ts";
import { freshCluster, type FreshCluster } from "./support/fresh-cluster.ts";
import { operatorConfigFor, PII_SECRET, S3_SECRET, testStores, type TestStores } from "./support/stores.ts";
import { progressRequestSucceeds, progressSpec, runnerNamespace, succeededWithObjects, tearDownSuite } from "./support/suite.ts";

// The chart as a platform team uses it, on a cluster that has never seen the CRDs (a second apiserver beside the
// stack's, which other test files share with its CRDs applied): `helm install` with a schedule enabled in the values
// (Helm creates the chart's crds/ before it maps the ExhaustSchedule); the CRD hook Job and the operator run from the
// chart's own pod specs inside the image built from the Dockerfile, as the rendered user, on the stand-in node; a
// request and the values' schedule's runNow run succeed; `helm upgrade` rolls the operator and, through the hook,
// upgrades the CRDs to the next image's under a request in flight; `helm uninstall` removes the operator and keeps
// the CRDs.

const RELEASE = "e2e";
// The image this test runs, built from this tree's Dockerfile by test/env/setup/image.sh under a tag of its own:
// exhaust-operator:dev is rebuilt by every checkout that runs `npm run setup`, possibly mid-test from another tree.
const IMAGE_NAME = "exhaust-operator";
const TAG = "helm-e2e";
const HOOK = `${RELEASE}-exhaust-operator-crd-upgrade`;
const SCHEDULE = "run-progress-exhaust";
// The next release's image: this one with one more optional status field in the ExhaustRequest CRD. images.json lists
// both tags among the built images, so the stand-in node runs their pods inside them.
const NEXT_TAG = "helm-e2e-next";
const REQUESTS_CRD = "exhaust.sunbird.org_exhaustrequests.yaml";
const crdPath = (name: string) => `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`;

interface Crd {
  metadata: { name: string; managedFields?: { manager: string }[] };
  spec: { versions: { schema: { openAPIV3Schema: { properties: { status: { properties: Record<string, unknown> } } } } }[] };
}

describe("helm install of charts/exhaust-operator on a cluster without the CRDs", () => {
  const shared = endpoints();
  let fresh: FreshCluster;
  let stores: TestStores;
  let cluster: TestCluster;
  let valuesFile: string;
  const kubeEnv = { KUBECACHEDIR: mkdtempSync(join(tmpdir(), "helm-kube-cache-")) };
  const helmIn = (args: string[]) => helm([...args, "--namespace", cluster.namespace], { ...kubeEnv, KUBECONFIG: fresh.endpoints.k8s.adminKubeconfig });
  const podsOf = async (component: string) =>
    (await cluster.list<V1Pod>(`/api/v1/namespaces/${cluster.namespace}/pods?labelSelector=app.kubernetes.io/instance=${RELEASE},app.kubernetes.io/component=${component}`)).filter(
      (p) => p.metadata?.deletionTimestamp === undefined,
    );
  const runningOperator = (previous?: string) =>
    eventually(
      "the operator pod running from the image",
      async () => (await podsOf("operator")).find((p) => p.status?.phase === "Running" && p.metadata?.name !== previous),
      180_000,
      1_000,
    );
  const podLog = (pod: V1Pod) => readFileSync(join(fresh.endpoints.standIn.podsDir, cluster.namespace, pod.metadata?.name ?? "", "operator.log"), "utf8");
  const standInLog = () => readFileSync(join(fresh.endpoints.runDir, "stand-in-node.log"), "utf8").split("\n").filter((l) => l.includes(`"pod":"${cluster.namespace}/`));
  const exhaustCrds = async () => (await cluster.list<Crd>("/apis/apiextensions.k8s.io/v1/customresourcedefinitions")).filter((c) => c.metadata.name.endsWith(".exhaust.sunbird.org"));
  const absent = async (path: string) => cluster.api.request("GET", path).then(() => false, (err: unknown) => (isNotFound(err) ? true : Promise.reject(err)));

  beforeAll(async () => {
    execFileSync("bash", [join(repoRoot, "test/env/setup/image.sh")], { env: { ...process.env, EXHAUST_IMAGE: `${IMAGE_NAME}:${TAG}` }, stdio: "ignore" });
    fresh = await freshCluster(shared, "helm-fresh-cluster");
    const e = fresh.endpoints;
    stores = await testStores(e, { seed: 17, collections: 1, batchesPerCollection: 1, enrolments: 20 });
    cluster = await runnerNamespace(e, "helm", stores);
    const collection = stores.data.collections[0];
    const values = {
      image: { repository: IMAGE_NAME, tag: TAG, pullPolicy: "Never" },
      replicaCount: 1,
      watchNamespace: cluster.namespace,
      // The pod shares the host's network on the stand-in node: loopback and a free port.
      healthHost: "127.0.0.1",
      healthPort: await freePort(),
      secrets: { s3: { existingSecret: S3_SECRET }, pii: { existingSecret: PII_SECRET }, zipPassword: { existingSecret: "zip-password" } },
      config: { runner: { settings: operatorConfigFor(e, stores, cluster.namespace).runner.settings }, requests: { recheckSeconds: 2 } },
      schedules: {
        progress: {
          enabled: true,
          template: {
            collectionId: collection?.id,
            requestedBy: "helm-e2e",
            requestedChannel: collection?.channel,
            // null drops the default `all` (Helm merges values maps).
            batches: { all: null, ids: collection?.batchIds },
          },
        },
      },
    };
    valuesFile = join(kubeEnv.KUBECACHEDIR, "values.json");
    writeFileSync(valuesFile, JSON.stringify(values));
  });
  afterAll(async () => {
    if (cluster !== undefined) helmIn(["uninstall", RELEASE]);
    await tearDownSuite({ cluster, stores });
    await fresh?.stop();
    try {
      execFileSync("buildah", ["rmi", `${IMAGE_NAME}:${NEXT_TAG}`], { stdio: "ignore" });
    } catch {
      // Not built: its test did not get that far.
    }
  });

  it("installs with a schedule from values where no CRD existed; the hook Job and the operator run in the image", { timeout: 300_000 }, async () => {
    expect(await exhaustCrds()).toEqual([]);
    const install = helmIn(["install", RELEASE, chartDir, "-f", valuesFile]);
    expect(install.status, install.stderr).toBe(0);
    expect(install.stdout).toContain(`kubectl patch exhaustschedule ${SCHEDULE}`);

    // The chart's crds/ came first, then the pre-install hook applied the image's CRDs server-side and was removed.
    const crds = await exhaustCrds();
    expect(crds.map((c) => c.metadata.name).sort()).toEqual([...OWN_CRD_NAMES].sort());
    for (const crd of crds) expect(crd.metadata.managedFields?.map((f) => f.manager)).toContain("exhaust-operator-crd-upgrade");
    expect(await cluster.list<V1Job>(`/apis/batch/v1/namespaces/${cluster.namespace}/jobs`)).toEqual([]);
    expect(await absent(`/apis/rbac.authorization.k8s.io/v1/clusterroles/${HOOK}`)).toBe(true);
    expect(await absent(`/api/v1/namespaces/${cluster.namespace}/serviceaccounts/${HOOK}`)).toBe(true);
    expect(standInLog().filter((l) => l.includes(`/${HOOK}-`) && l.includes("container started")).length).toBeGreaterThanOrEqual(1);

    const pod = await runningOperator();
    expect(pod.spec?.containers[0]?.image).toBe(`${IMAGE_NAME}:${TAG}`);
    await eventually("the operator's caches synced", async () => (podLog(pod).includes("Caches synced") ? true : undefined), 120_000, 1_000);
    expect(podLog(pod)).not.toContain("invalid configuration");

    const outcome = await progressRequestSucceeds(cluster, stores, "via-helm", 150);
    expect(outcome.batches).toBeGreaterThan(0);
    expect(outcome.withObject).toBe(outcome.batches);

    const schedules = await cluster.list<{ metadata: { name: string }; spec: { schedules: string[]; timeZone: string; suspend: boolean } }>(
      `/apis/exhaust.sunbird.org/v1alpha1/namespaces/${cluster.namespace}/exhaustschedules`,
    );
    expect(schedules.map((s) => [s.metadata.name, s.spec.schedules, s.spec.timeZone, s.spec.suspend])).toEqual([[SCHEDULE, ["30 3 * * *"], "Etc/UTC", false]]);
  });

  it("runs the values' schedule on a runNow token to success", { timeout: 240_000 }, async () => {
    // What NOTES.txt tells users to run.
    await cluster.kubectl(["patch", `exs/${SCHEDULE}`, "--type", "merge", "-p", '{"spec":{"runNow":"helm-e2e"}}']);
    const run = runNowRequestName(SCHEDULE, "helm-e2e");
    const created = await eventually(`run ${run} of the values schedule`, async () => cluster.getRequest(run), 60_000, 1_000);
    expect(created.metadata.ownerReferences?.find((o) => o.controller)).toMatchObject({ kind: "ExhaustSchedule", name: SCHEDULE });
    expect(created.spec).toMatchObject({ report: "progress", collectionId: stores.data.collections[0]?.id });
    const outcome = await succeededWithObjects(cluster, stores, run, 180);
    expect(outcome.batches).toBe(stores.data.collections[0]?.batchIds.length);
    expect(outcome.withObject).toBe(outcome.batches);
  });

  it("rolls the operator on helm upgrade with a changed value after a runNow, without --force-conflicts", { timeout: 240_000 }, async () => {
    const before = await runningOperator();
    // kubectl's field manager owns spec.runNow, which the chart does not render: server-side apply has no conflict.
    const upgrade = helmIn(["upgrade", RELEASE, chartDir, "-f", valuesFile, "--set", "logLevel=debug"]);
    expect(upgrade.status, upgrade.stderr).toBe(0);
    const schedule = await cluster.api.request<{ spec: { runNow?: string } }>("GET", `/apis/exhaust.sunbird.org/v1alpha1/namespaces/${cluster.namespace}/exhaustschedules/${SCHEDULE}`);
    expect(schedule.spec.runNow).toBe("helm-e2e");
    const after = await runningOperator(before.metadata?.name);
    expect(after.spec?.containers[0]?.args).toContain("--log-level=debug");
    await eventually("the old operator pod gone", async () => ((await podsOf("operator")).some((p) => p.metadata?.name === before.metadata?.name) ? undefined : true), 120_000, 1_000);
    // The old leader got SIGTERM inside the image and shut down as under a kubelet, handing the Lease over. Its last
    // lines reach the log file shortly after the pod is gone (the stand-in node writes container output in order).
    await eventually("the old leader's Lease release in its log", async () => (podLog(before).includes("Released the leader Lease") ? true : undefined), 15_000, 250);
  });

  it("upgrades the CRDs to the next image's through the pre-upgrade hook while a request is in flight", { timeout: 300_000 }, async () => {
    // A suspended request stays in flight across the upgrade; it resumes under the new CRD.
    await cluster.createRequest("in-flight", { ...progressSpec(stores), suspend: true });
    const statusProps = "            status:\n              type: object\n              properties:\n";
    const crdText = readFileSync(join(repoRoot, "crds", REQUESTS_CRD), "utf8");
    expect(crdText).toContain(statusProps);
    const nextCrd = crdText.replace(statusProps, `${statusProps}                nextReleaseField:\n                  type: string\n`);
    // The next release: its image carries the changed crds/ (what the hook applies) and so does its chart (which
    // Helm ignores on upgrade).
    const work = mkdtempSync(join(tmpdir(), "chart-next-"));
    writeFileSync(join(work, REQUESTS_CRD), nextCrd, { mode: 0o644 });
    const ctr = execFileSync("buildah", ["from", "--pull=never", "--quiet", `${IMAGE_NAME}:${TAG}`], { encoding: "utf8" }).trim();
    execFileSync("buildah", ["copy", "--quiet", ctr, join(work, REQUESTS_CRD), `/app/crds/${REQUESTS_CRD}`]);
    execFileSync("buildah", ["commit", "--quiet", "--rm", ctr, `${IMAGE_NAME}:${NEXT_TAG}`]);
    const next = join(work, "exhaust-operator");
    cpSync(chartDir, next, { recursive: true });
    writeFileSync(join(next, "crds", REQUESTS_CRD), nextCrd);

    // No --force-conflicts: the hook's apply forces its own field manager over the crds/ install's.
    const upgrade = helmIn(["upgrade", RELEASE, next, "-f", valuesFile, "--set", `image.tag=${NEXT_TAG}`]);
    expect(upgrade.status, upgrade.stderr).toBe(0);
    const crd = await cluster.api.request<Crd>("GET", crdPath("exhaustrequests.exhaust.sunbird.org"));
    expect(crd.spec.versions[0]?.schema.openAPIV3Schema.properties.status.properties.nextReleaseField).toEqual({ type: "string" });
    const statusPath = `/apis/exhaust.sunbird.org/v1alpha1/namespaces/${cluster.namespace}/exhaustrequests/in-flight/status`;
    // The apiserver serves a changed CRD schema a moment after the CRD object changes; until then it prunes the field.
    const kept = await eventually(
      "the new status field stored",
      async () => {
        await cluster.api.request("PATCH", statusPath, { body: { status: { nextReleaseField: "kept" } }, contentType: "application/merge-patch+json" });
        const field = ((await cluster.getRequest("in-flight"))?.status as Record<string, unknown> | undefined)?.nextReleaseField;
        return field === undefined ? undefined : field;
      },
      30_000,
      500,
    );
    expect(kept).toBe("kept");

    const operator = await eventually("the operator on the next image", async () => (await podsOf("operator")).find((p) => p.status?.phase === "Running" && p.spec?.containers[0]?.image?.endsWith(`:${NEXT_TAG}`)), 180_000, 1_000);
    expect(operator.spec?.containers[0]?.image).toBe(`${IMAGE_NAME}:${NEXT_TAG}`);
    await cluster.api.request("PATCH", `/apis/exhaust.sunbird.org/v1alpha1/namespaces/${cluster.namespace}/exhaustrequests/in-flight`, {
      body: { spec: { suspend: false } },
      contentType: "application/merge-patch+json",
    });
    const outcome = await succeededWithObjects(cluster, stores, "in-flight", 180);
    expect(outcome.batches).toBeGreaterThan(0);
    expect(outcome.withObject).toBe(outcome.batches);
  });

  it("reports a conflict on a field the chart renders that kubectl patched, until upgraded with --force-conflicts", { timeout: 180_000 }, async () => {
    await cluster.kubectl(["patch", `exs/${SCHEDULE}`, "--type", "merge", "-p", '{"spec":{"suspend":true}}']);
    const upgrade = (extra: string[]) => helmIn(["upgrade", RELEASE, chartDir, "-f", valuesFile, "--set", `image.tag=${NEXT_TAG}`, ...extra]);
    const refused = upgrade([]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/conflict.*\.spec\.suspend/s);
    const forced = upgrade(["--force-conflicts"]);
    expect(forced.status, forced.stderr).toBe(0);
    const schedule = await cluster.api.request<{ spec: { suspend: boolean; runNow?: string } }>("GET", `/apis/exhaust.sunbird.org/v1alpha1/namespaces/${cluster.namespace}/exhaustschedules/${SCHEDULE}`);
    // Helm took spec.suspend back (false in the values); kubectl's runNow token, which the chart does not render, stays.
    expect([schedule.spec.suspend, schedule.spec.runNow]).toEqual([false, "helm-e2e"]);
    // Three upgrades and three operator pods later, the token kept in spec started one run only.
    const runs = (await cluster.list<ExhaustRequest>(`/apis/exhaust.sunbird.org/v1alpha1/namespaces/${cluster.namespace}/exhaustrequests`)).filter((r) =>
      r.metadata.ownerReferences?.some((o) => o.kind === "ExhaustSchedule" && o.name === SCHEDULE),
    );
    expect(runs.map((r) => r.metadata.name)).toEqual([runNowRequestName(SCHEDULE, "helm-e2e")]);
  });

  it("leaves no operator Deployment, Job or Pod on helm uninstall and keeps the CRDs", { timeout: 180_000 }, async () => {
    const uninstall = helmIn(["uninstall", RELEASE, "--wait"]);
    expect(uninstall.status, uninstall.stderr).toBe(0);
    const deployments = await cluster.list<V1Deployment>(`/apis/apps/v1/namespaces/${cluster.namespace}/deployments`);
    expect(deployments).toEqual([]);
    await eventually("no operator pod", async () => ((await podsOf("operator")).length === 0 ? true : undefined), 120_000, 1_000);
    expect(await podsOf("crd-upgrade")).toEqual([]);
    expect((await exhaustCrds()).map((c) => c.metadata.name).sort()).toEqual([...OWN_CRD_NAMES].sort());
    expect(await cluster.list(`/apis/exhaust.sunbird.org/v1alpha1/namespaces/${cluster.namespace}/exhaustschedules`)).toEqual([]);
    // Every container of this test (hooks, operators and runners) ran with readOnlyRootFilesystem and wrote nothing to it.
    const log = standInLog();
    expect(log.filter((l) => l.includes("container started")).length).toBeGreaterThanOrEqual(6);
    expect(log.filter((l) => l.includes("read-only root written"))).toEqual([]);
  });
});
