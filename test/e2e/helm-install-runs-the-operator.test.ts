import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { V1Deployment, V1Pod } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runNowRequestName } from "../../operator/schedules/plan/run-names.ts";
import { IMAGE } from "../env/cache-paths.ts";
import { endpoints } from "../env/endpoints.ts";
import { freePort } from "../env/ports.ts";
import { eventually } from "../env/process.ts";
import { chartDir, helm } from "../integration/charts/chart.ts";
import type { TestCluster } from "./support/cluster.ts";
import { operatorConfigFor, PII_SECRET, S3_SECRET, testStores, type TestStores } from "./support/stores.ts";
import { progressRequestSucceeds, progressSpec, runnerNamespace, succeededWithObjects, tearDownSuite } from "./support/suite.ts";

// The chart as a platform team uses it: `helm install` into the real apiserver; the stand-in node runs the
// operator pod from the chart's own Deployment (its args, env and mounted config as rendered) inside the image built
// from the Dockerfile, as the rendered user; a request completes; `helm upgrade` rolls the operator and upgrades the
// CRDs under a request in flight; `helm uninstall` removes the operator and keeps the CRDs.

const RELEASE = "e2e";

describe("helm install of charts/exhaust-operator", () => {
  const e = endpoints();
  let stores: TestStores;
  let cluster: TestCluster;
  let valuesFile: string;
  const kubeEnv = { KUBECONFIG: e.k8s.adminKubeconfig, KUBECACHEDIR: mkdtempSync(join(tmpdir(), "helm-kube-cache-")) };
  const helmIn = (args: string[]) => helm([...args, "--namespace", cluster.namespace], kubeEnv);
  const operatorPods = async () =>
    (await cluster.list<V1Pod>(`/api/v1/namespaces/${cluster.namespace}/pods?labelSelector=app.kubernetes.io/instance=${RELEASE},app.kubernetes.io/component=operator`)).filter(
      (p) => p.metadata?.deletionTimestamp === undefined,
    );
  const runningOperator = (previous?: string) =>
    eventually(
      "the operator pod running from the image",
      async () => (await operatorPods()).find((p) => p.status?.phase === "Running" && p.metadata?.name !== previous),
      180_000,
      1_000,
    );
  const podLog = (pod: V1Pod) => readFileSync(join(e.standIn.podsDir, cluster.namespace, pod.metadata?.name ?? "", "operator.log"), "utf8");

  beforeAll(async () => {
    stores = await testStores(e, { seed: 17, collections: 1, batchesPerCollection: 1, enrolments: 20 });
    cluster = await runnerNamespace(e, "helm", stores);
    const [name, tag] = IMAGE.split(":");
    const values = {
      image: { repository: name, tag, pullPolicy: "Never" },
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
          suspend: true,
          template: { collectionId: stores.data.collections[0]?.id, requestedBy: "helm-e2e", requestedChannel: stores.data.collections[0]?.channel },
        },
      },
    };
    valuesFile = join(kubeEnv.KUBECACHEDIR, "values.json");
    writeFileSync(valuesFile, JSON.stringify(values));
  });
  afterAll(async () => {
    if (cluster !== undefined) helmIn(["uninstall", RELEASE]);
    await tearDownSuite({ cluster, stores });
  });

  it("installs, runs the operator in the image as the rendered user, and completes a request", { timeout: 300_000 }, async () => {
    // The stack applied the CRDs already; the release adopts them (they keep helm.sh/resource-policy: keep).
    const install = helmIn(["install", RELEASE, chartDir, "-f", valuesFile, "--take-ownership"]);
    expect(install.status, install.stderr).toBe(0);
    expect(install.stdout).toContain("kubectl get exhaustrequests");
    const pod = await runningOperator();
    expect(pod.spec?.containers[0]?.image).toBe(IMAGE);
    await eventually("the operator's caches synced", async () => (podLog(pod).includes("Caches synced") ? true : undefined), 120_000, 1_000);
    expect(podLog(pod)).not.toContain("invalid configuration");

    const outcome = await progressRequestSucceeds(cluster, stores, "via-helm", 150);
    expect(outcome.batches).toBeGreaterThan(0);
    expect(outcome.withObject).toBe(outcome.batches);

    const schedules = await cluster.list<{ metadata: { name: string }; spec: { schedules: string[]; timeZone: string } }>(
      `/apis/exhaust.sunbird.org/v1alpha1/namespaces/${cluster.namespace}/exhaustschedules`,
    );
    expect(schedules.map((s) => [s.metadata.name, s.spec.schedules, s.spec.timeZone])).toEqual([["run-progress-exhaust", ["30 3 * * *"], "Etc/UTC"]]);
  });

  it("rolls the operator on helm upgrade with a changed value; the old leader releases its Lease", { timeout: 240_000 }, async () => {
    const before = await runningOperator();
    const upgrade = helmIn(["upgrade", RELEASE, chartDir, "-f", valuesFile, "--set", "logLevel=debug"]);
    expect(upgrade.status, upgrade.stderr).toBe(0);
    const after = await runningOperator(before.metadata?.name);
    expect(after.spec?.containers[0]?.args).toContain("--log-level=debug");
    await eventually("the old operator pod gone", async () => ((await operatorPods()).some((p) => p.metadata?.name === before.metadata?.name) ? undefined : true), 120_000, 1_000);
    // The old leader got SIGTERM inside the image and shut down as under a kubelet, handing the Lease over.
    expect(podLog(before)).toContain("Released the leader Lease");
  });

  it("upgrades the CRDs with the chart while a request is in flight, so a new status field is kept", { timeout: 240_000 }, async () => {
    // A suspended request stays in flight across the upgrade; it resumes under the new CRD.
    await cluster.createRequest("in-flight", { ...progressSpec(stores), suspend: true });
    // The next release's chart: the same one with one more optional status field in the ExhaustRequest CRD.
    const next = join(mkdtempSync(join(tmpdir(), "chart-next-")), "exhaust-operator");
    cpSync(chartDir, next, { recursive: true });
    const crdFile = join(next, "templates/crds/exhaust.sunbird.org_exhaustrequests.yaml");
    const statusProps = "            status:\n              type: object\n              properties:\n";
    const crdText = readFileSync(crdFile, "utf8");
    expect(crdText).toContain(statusProps);
    writeFileSync(crdFile, crdText.replace(statusProps, `${statusProps}                nextReleaseField:\n                  type: string\n`));

    // The stack applied the CRDs with kubectl, which still co-owns spec.versions (an atomic list): as on a cluster
    // whose CRDs were applied by hand before helm adopted them, the first changing upgrade forces the conflict.
    const upgrade = helmIn(["upgrade", RELEASE, next, "-f", valuesFile, "--force-conflicts"]);
    expect(upgrade.status, upgrade.stderr).toBe(0);
    const crd = await cluster.api.request<{ spec: { versions: { schema: { openAPIV3Schema: { properties: { status: { properties: Record<string, unknown> } } } } }[] } }>(
      "GET",
      "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/exhaustrequests.exhaust.sunbird.org",
    );
    expect(crd.spec.versions[0]?.schema.openAPIV3Schema.properties.status.properties.nextReleaseField).toEqual({ type: "string" });
    const statusPath = `/apis/exhaust.sunbird.org/v1alpha1/namespaces/${cluster.namespace}/exhaustrequests/in-flight/status`;
    await cluster.api.request("PATCH", statusPath, { body: { status: { nextReleaseField: "kept" } }, contentType: "application/merge-patch+json" });
    expect(((await cluster.getRequest("in-flight"))?.status as Record<string, unknown> | undefined)?.nextReleaseField).toBe("kept");

    await cluster.api.request("PATCH", `/apis/exhaust.sunbird.org/v1alpha1/namespaces/${cluster.namespace}/exhaustrequests/in-flight`, {
      body: { spec: { suspend: false } },
      contentType: "application/merge-patch+json",
    });
    const outcome = await succeededWithObjects(cluster, stores, "in-flight", 150);
    expect(outcome.batches).toBeGreaterThan(0);
    expect(outcome.withObject).toBe(outcome.batches);
  });

  // Last before uninstall: kubectl patch takes ownership of spec.runNow and spec.suspend, so a later helm upgrade
  // (server-side apply) would report a conflict on them (docs/install.md).
  it("starts a run of the schedule from values when given a runNow token", { timeout: 120_000 }, async () => {
    // Resumed first: a token seen while suspended is recorded as skipped.
    await cluster.kubectl(["patch", "exs/run-progress-exhaust", "--type", "merge", "-p", '{"spec":{"suspend":false,"runNow":"helm-e2e"}}']);
    const run = runNowRequestName("run-progress-exhaust", "helm-e2e");
    const created = await eventually(`run ${run} of the values schedule`, async () => cluster.getRequest(run), 60_000, 1_000);
    expect(created.metadata.ownerReferences?.find((o) => o.controller)).toMatchObject({ kind: "ExhaustSchedule", name: "run-progress-exhaust" });
    expect(created.spec).toMatchObject({ report: "progress", collectionId: stores.data.collections[0]?.id });
  });

  it("leaves no operator Deployment or Pod on helm uninstall and keeps the CRDs", { timeout: 180_000 }, async () => {
    const uninstall = helmIn(["uninstall", RELEASE, "--wait"]);
    expect(uninstall.status, uninstall.stderr).toBe(0);
    const deployments = await cluster.list<V1Deployment>(`/apis/apps/v1/namespaces/${cluster.namespace}/deployments`);
    expect(deployments).toEqual([]);
    await eventually("no operator pod", async () => ((await operatorPods()).length === 0 ? true : undefined), 120_000, 1_000);
    const crds = await cluster.list<{ metadata: { name: string } }>("/apis/apiextensions.k8s.io/v1/customresourcedefinitions");
    expect(crds.map((c) => c.metadata.name).filter((n) => n.endsWith(".exhaust.sunbird.org")).sort()).toEqual(["exhaustdownloads.exhaust.sunbird.org", "exhaustrequests.exhaust.sunbird.org", "exhaustschedules.exhaust.sunbird.org"]);
    expect(await cluster.list(`/apis/exhaust.sunbird.org/v1alpha1/namespaces/${cluster.namespace}/exhaustschedules`)).toEqual([]);
    // Every container of this test (operators and runners) ran with readOnlyRootFilesystem and wrote nothing to it.
    const standInLog = readFileSync(join(e.runDir, "stand-in-node.log"), "utf8").split("\n");
    const started = standInLog.filter((l) => l.includes(`"pod":"${cluster.namespace}/`) && l.includes("container started"));
    expect(started.length).toBeGreaterThanOrEqual(4);
    expect(standInLog.filter((l) => l.includes(`"pod":"${cluster.namespace}/`) && l.includes("read-only root written"))).toEqual([]);
  });
});
