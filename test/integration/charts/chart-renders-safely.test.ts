import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { parseOperatorConfig } from "../../../operator/config/operator-config.ts";
import { OWN_CRD_NAMES } from "../../../operator/crd-upgrade/crd-apply-plan.ts";
import { repoRoot } from "../../env/cache-paths.ts";
import { allOnValues, byKind, chartDir, dockerfileEntryPoints, helm, render, type K8sObject } from "./chart.ts";

// The chart as Helm renders it: lint-clean, no secret value outside a Secret, the restricted security context on
// every container, CRDs (the chart's crds/) equal to crds/'s, entry points equal to the Dockerfile's, RBAC equal to
// charts/manifests/rbac.yaml (what the other integration tests run the operator under), the CRD upgrade hook's.

// Sentinels only this test passes, so finding one anywhere proves where a secret value went.
const secretValues = {
  "secrets.cassandra.password": "sentinel-cassandra-pw",
  "secrets.pii.key": "sentinel-pii-key-16",
  "secrets.pii.salt": "sentinel-pii-salt",
  "secrets.s3.accessKeyId": "sentinel-s3-id",
  "secrets.s3.secretAccessKey": "sentinel-s3-secret",
  "secrets.zipPassword.password": "sentinel-zip-pw",
  "secrets.bridgePostgres.password": "sentinel-bridge-pg-pw",
};
const setSecrets = Object.entries(secretValues).flatMap(([k, v]) => ["--set", `${k}=${v}`]);

const cases = [
  { name: "default values", flags: [] as string[] },
  { name: "every option on", flags: ["-f", allOnValues] },
];

interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  securityContext?: Record<string, unknown>;
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}
interface PodSpec {
  securityContext?: Record<string, unknown>;
  containers: Container[];
  volumes?: { name: string; emptyDir?: unknown; configMap?: unknown }[];
  serviceAccountName?: string;
}
const podSpec = (o: K8sObject): PodSpec => (o.spec as { template: { spec: PodSpec } }).template.spec;
const notHook = (o: K8sObject): boolean => o.metadata.annotations?.["helm.sh/hook"] === undefined;
const operatorConfig = (objects: K8sObject[]): unknown => parse((byKind(objects, "ConfigMap")[0]?.data as Record<string, string>)["config.yaml"] ?? "");

describe("the Helm chart", () => {
  for (const c of cases) {
    it(`passes helm lint --strict with ${c.name}`, () => {
      const out = helm(["lint", "--strict", chartDir, ...c.flags]);
      expect(out.status, out.stdout + out.stderr).toBe(0);
    });

    it(`keeps secret values in Secret objects only, with ${c.name}`, () => {
      const objects = render([...c.flags, ...setSecrets]);
      const secrets = byKind(objects, "Secret");
      expect(secrets.length).toBeGreaterThan(0);
      const outside = JSON.stringify(objects.filter((o) => o.kind !== "Secret"));
      const leaked = Object.values(secretValues).filter((v) => outside.includes(v) || outside.includes(Buffer.from(v).toString("base64")));
      expect(leaked).toEqual([]);
      const inSecrets = secrets.flatMap((s) => Object.values((s.data as Record<string, string>) ?? {})).map((v) => Buffer.from(v, "base64").toString());
      // Every value lands in a Secret unless the values name an existing Secret for that store instead.
      const expected = c.flags.length === 0 ? Object.values(secretValues) : ["sentinel-cassandra-pw", "sentinel-pii-key-16", "sentinel-pii-salt"];
      expect(new Set(inSecrets)).toEqual(new Set(expected));
      // The operator's own Cassandra password is env from a secretKeyRef, never a literal.
      const env = podSpec(byKind(objects, "Deployment")[0] as K8sObject).containers[0]?.env ?? [];
      expect(env.find((e) => e.name === "EXHAUST_CASSANDRA_PASSWORD")).toMatchObject({ valueFrom: { secretKeyRef: { key: expect.any(String) } } });
      expect(env.filter((e) => e.value !== undefined)).toEqual([]);
    });

    it(`gives every container the restricted security context and only emptyDirs to write, with ${c.name}`, () => {
      const objects = render(c.flags);
      const workloads = objects.filter((o) => ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"].includes(o.kind));
      // The operator, and the CRD upgrade hook with the same pod and container security context.
      expect(workloads.map((w) => w.kind)).toEqual(["Deployment", "Job"]);
      for (const w of workloads) {
        const pod = podSpec(w);
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
        for (const container of pod.containers) {
          expect(container.securityContext, container.name).toMatchObject({
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
          });
          const volumes = new Map((pod.volumes ?? []).map((v) => [v.name, v]));
          for (const mount of container.volumeMounts ?? []) {
            if (mount.readOnly !== true) expect(volumes.get(mount.name)?.emptyDir, `${mount.mountPath} is writable`).toBeDefined();
          }
        }
      }
    });

    it(`ships the CRDs of crds/ unchanged in the chart's crds/ folder, not as templates, with ${c.name}`, () => {
      const source = readdirSync(join(repoRoot, "crds"))
        .filter((f) => f.endsWith(".yaml"))
        .map((f) => parse(readFileSync(join(repoRoot, "crds", f), "utf8")) as K8sObject);
      // Helm's crds/ folder: installed before the templates on `helm install`, outside the release's manifest.
      expect(byKind(render(c.flags), "CustomResourceDefinition")).toEqual([]);
      expect(byKind(render([...c.flags, "--include-crds"]), "CustomResourceDefinition")).toEqual(source);
    });

    it(`runs the CRD upgrade hook before install and upgrade, from the image, allowed only this operator's CRDs, with ${c.name}`, () => {
      const objects = render(c.flags);
      const hooks = objects.filter((o) => !notHook(o));
      expect(hooks.map((h) => [h.kind, h.metadata.annotations?.["helm.sh/hook"], h.metadata.annotations?.["helm.sh/hook-delete-policy"]])).toEqual(
        ["ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Job"].map((kind) => [kind, "pre-install,pre-upgrade", "before-hook-creation,hook-succeeded"]),
      );
      // The account and its rights exist before the Job (lower weight runs first).
      expect(hooks.map((h) => Number(h.metadata.annotations?.["helm.sh/hook-weight"]))).toEqual([-5, -5, -5, 0]);
      const role = byKind(hooks, "ClusterRole")[0] as K8sObject & { rules: { resources: string[]; resourceNames?: string[]; verbs: string[] }[] };
      expect(role.rules.map((r) => [r.resources, r.resourceNames, r.verbs])).toEqual([
        [["customresourcedefinitions"], [...OWN_CRD_NAMES], ["get", "patch"]],
        [["customresourcedefinitions"], undefined, ["create"]],
      ]);
      const job = byKind(hooks, "Job")[0] as K8sObject;
      const pod = podSpec(job);
      expect(pod.serviceAccountName).toBe(byKind(hooks, "ServiceAccount")[0]?.metadata.name);
      const deployment = podSpec(byKind(objects, "Deployment")[0] as K8sObject);
      expect(pod.securityContext).toEqual(deployment.securityContext);
      expect(pod.containers[0]?.securityContext).toEqual(deployment.containers[0]?.securityContext);
      expect(pod.containers[0]?.image).toBe(deployment.containers[0]?.image);
      // The image's ENTRYPOINT runs the hook's script, which the Dockerfile copies, on the CRDs the image holds.
      const docker = dockerfileEntryPoints();
      expect(pod.containers[0]?.command).toBeUndefined();
      const [script, dir] = pod.containers[0]?.args ?? [];
      expect(existsSync(join(repoRoot, script ?? ""))).toBe(true);
      expect(docker.copied.some((d) => script?.startsWith(d))).toBe(true);
      expect(docker.copied).toContain(`${dir}/`);
      const off = render([...c.flags, "--set", "crds.upgradeJob.enabled=false"]);
      expect(off.filter((o) => !notHook(o))).toEqual([]);
    });

    it(`runs the Dockerfile's entry points: the operator from the Deployment, the runner from the Job command, with ${c.name}`, () => {
      const objects = render(c.flags);
      const docker = dockerfileEntryPoints();
      const container = podSpec(byKind(objects, "Deployment")[0] as K8sObject).containers[0] as Container;
      // No command: the image's ENTRYPOINT stays; args start with the CMD's script.
      expect(container.command).toBeUndefined();
      expect([...docker.entrypoint, container.args?.[0]]).toEqual([...docker.entrypoint, ...docker.cmd]);
      const config = parseOperatorConfig({ file: operatorConfig(objects), env: {}, argv: [] });
      if (!config.ok) throw new Error(config.errors.join("; "));
      expect(config.config.runner.image).toBe(container.image);
      const [runnerBinary, runnerScript] = config.config.runner.command;
      expect(runnerBinary).toBe(docker.entrypoint[0]);
      expect(docker.copied.some((dir) => runnerScript?.startsWith(dir))).toBe(true);
    });
  }

  it("uses the chart's appVersion as the default image tag, and the runner gets the same image", () => {
    const chart = parse(readFileSync(join(chartDir, "Chart.yaml"), "utf8")) as { appVersion: string };
    const image = podSpec(byKind(render(), "Deployment")[0] as K8sObject).containers[0]?.image;
    expect(image).toBe(`exhaust-operator:${chart.appVersion}`);
  });

  it("renders exactly charts/manifests/rbac.yaml for release exhaust-operator in exhaust-system (npm run chart:rbac)", () => {
    const kinds = ["ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"];
    const rendered = render().filter((o) => kinds.includes(o.kind) && notHook(o));
    const committed = parseAllDocuments(readFileSync(join(repoRoot, "charts/manifests/rbac.yaml"), "utf8"))
      .map((d) => d.toJS() as K8sObject)
      .filter((o) => o.kind !== "Namespace");
    expect(committed).toEqual(rendered);
  });

  it("watches one namespace with a Role there and every namespace with a ClusterRole; schedules may read, runners may not", () => {
    // The CRD upgrade hook's ClusterRole (checked above) is not the operator's. The operator's one cluster-scoped
    // grant: the watched Namespace itself, by name, for the export policy's annotation.
    const namespaced = render(["-f", allOnValues]).filter(notHook);
    expect(byKind(namespaced, "ClusterRole").map((r) => [r.metadata.name, r.rules])).toEqual([
      ["exhaust-all-on-namespaces", [{ apiGroups: [""], resources: ["namespaces"], verbs: ["get", "list", "watch"], resourceNames: ["sunbird"] }]],
    ]);
    const role = byKind(namespaced, "Role").find((r) => r.metadata.name === "exhaust-all-on");
    expect(role?.metadata.namespace).toBe("sunbird");
    expect(parse((byKind(namespaced, "ConfigMap")[0]?.data as Record<string, string>)["config.yaml"] ?? "").controller.namespace).toBe("sunbird");
    const cluster = byKind(render().filter(notHook), "ClusterRole")[0] as K8sObject & { rules: { resources: string[]; verbs: string[] }[] };
    const verbs = (resource: string) => cluster.rules.filter((r) => r.resources.includes(resource)).flatMap((r) => r.verbs).sort();
    expect(verbs("exhaustschedules")).toEqual(["get", "list", "watch"]);
    expect(verbs("exhaustschedules/status")).toEqual(["patch"]);
    expect(verbs("exhaustrequests")).toEqual(["create", "delete", "get", "list", "patch", "watch"]);
    expect(verbs("secrets")).toEqual(["get"]);
    expect(verbs("exhaustdownloads")).toEqual(["delete", "get", "list", "watch"]);
    expect(verbs("exhaustdownloads/status")).toEqual(["patch"]);
    // Those who may fetch reports: ExhaustDownloads and reading requests, nothing else (docs/security.md).
    const downloader = byKind(render(), "ClusterRole").find((r) => r.metadata.name === "exhaust-operator-downloader") as (K8sObject & { rules: { resources: string[]; verbs: string[] }[] }) | undefined;
    expect(downloader?.rules.map((r) => [r.resources, r.verbs])).toEqual([[["exhaustdownloads"], ["create", "get", "list", "watch", "delete"]], [["exhaustrequests"], ["get", "list", "watch"]]]);
    expect(byKind(namespaced, "Role").find((r) => r.metadata.name === "exhaust-all-on-downloader")?.metadata.namespace).toBe("sunbird");
    const runners = byKind(render(["-f", allOnValues]), "ServiceAccount").filter((s) => s.metadata.name === "exhaust-runner");
    expect(runners.map((s) => [s.metadata.namespace, s.automountServiceAccountToken])).toEqual([["exhaust-system", false], ["sunbird", false]]);
    const bindings = [...byKind(namespaced, "RoleBinding"), ...byKind(namespaced, "ClusterRoleBinding")];
    expect(JSON.stringify(bindings)).not.toContain("exhaust-runner");
    // The Sunbird bridge's Secret rules hold in its namespace only: a Role there (namespaced), or a ClusterRole bound
    // by a RoleBinding there and by no ClusterRoleBinding (cluster-wide, rendered unbound while the bridge is off).
    const bridgeRole = byKind(namespaced, "Role").find((r) => r.metadata.name === "exhaust-all-on-sunbird-bridge");
    expect(bridgeRole?.metadata.namespace).toBe("sunbird");
    const bridgeBinding = byKind(namespaced, "RoleBinding").find((r) => r.metadata.name === "exhaust-all-on-sunbird-bridge") as (K8sObject & { roleRef: { kind: string } }) | undefined;
    expect([bridgeBinding?.metadata.namespace, bridgeBinding?.roleRef.kind]).toEqual(["sunbird", "Role"]);
    const clusterWide = render(["--set", "config.bridge.enabled=true", "--set", "config.bridge.namespace=sunbird"]).filter(notHook);
    const bridgeRules = byKind(clusterWide, "ClusterRole").find((r) => r.metadata.name === "exhaust-operator-sunbird-bridge") as (K8sObject & { rules: { resources: string[]; verbs: string[] }[] }) | undefined;
    expect(bridgeRules?.rules.map((r) => [r.resources, r.verbs])).toEqual([[["secrets"], ["create", "list", "patch", "delete"]], [["exhaustrequests"], ["patch"]]]);
    expect(byKind(clusterWide, "RoleBinding").filter((b) => b.metadata.name === "exhaust-operator-sunbird-bridge").map((b) => b.metadata.namespace)).toEqual(["sunbird"]);
    expect(JSON.stringify(byKind(clusterWide, "ClusterRoleBinding"))).not.toContain("sunbird-bridge");
  });

  it("ships the export policy (a ValidatingAdmissionPolicy and binding, the watched namespace only when set) unless config.exportPolicy.enabled is false", () => {
    const policyKinds = ["ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"];
    const bindingOf = (objects: K8sObject[]) => byKind(objects, "ValidatingAdmissionPolicyBinding")[0] as (K8sObject & { spec: Record<string, unknown> }) | undefined;
    const everywhere = render();
    expect(policyKinds.map((k) => byKind(everywhere, k).length)).toEqual([1, 1]);
    expect(bindingOf(everywhere)?.spec).toEqual({ policyName: "exhaust-operator-export-policy", validationActions: ["Deny"] });
    expect(bindingOf(render(["-f", allOnValues]))?.spec["matchResources"]).toEqual({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "sunbird" } } });
    const off = render(["--set", "config.exportPolicy.enabled=false"]);
    expect(policyKinds.map((k) => byKind(off, k).length)).toEqual([0, 0]);
    expect(byKind(off, "ClusterRole").map((r) => r.metadata.name)).not.toContain("exhaust-operator-namespaces");
  });

  it("grants pods/log only while live progress reads logs (config.progress.intervalSeconds not 0)", () => {
    const logRules = (flags: string[]) =>
      byKind(render(flags).filter(notHook), "ClusterRole")
        .flatMap((r) => (r as K8sObject & { rules: { resources: string[] }[] }).rules)
        .filter((rule) => rule.resources.includes("pods/log"));
    expect(logRules([])).toHaveLength(1);
    expect(logRules(["--set", "config.progress.intervalSeconds=30"])).toHaveLength(1);
    expect(logRules(["--set", "config.progress.intervalSeconds=0"])).toEqual([]);
  });

  it("adds a PodDisruptionBudget only with more than one replica, and refuses replicas without leader election", () => {
    expect(byKind(render(["--set", "replicaCount=2"]), "PodDisruptionBudget")).toHaveLength(1);
    expect(byKind(render(["--set", "replicaCount=1"]), "PodDisruptionBudget")).toHaveLength(0);
    const out = helm(["template", "x", chartDir, "--set", "replicaCount=2", "--set", "leaderElection.enabled=false"]);
    expect(out.status).not.toBe(0);
    expect(out.stderr).toContain("leaderElection.enabled");
  });

  it("renders the enabled schedules with Sunbird's cron expressions in UTC and the zip password for UserInfo", () => {
    const schedules = byKind(render(["-f", allOnValues]), "ExhaustSchedule") as (K8sObject & { spec: Record<string, unknown> & { template: { spec: Record<string, unknown> } } })[];
    expect(schedules.map((s) => [s.metadata.name, s.metadata.namespace, s.spec.schedules, s.spec.timeZone, s.spec.template.spec.report, s.spec.suspend])).toEqual([
      ["run-progress-exhaust", "sunbird", ["30 3 * * *"], "Etc/UTC", "progress", false],
      ["run-response-exhaust", "sunbird", ["0 9 * * *"], "Etc/UTC", "response", true],
      ["run-userinfo-exhaust", "sunbird", ["0 10 * * *"], "Etc/UTC", "userinfo", false],
    ]);
    expect(schedules[2]?.spec.template.spec.password).toEqual({ secretKeyRef: { name: "exhaust-zip-password", key: "zip" } });
    expect(byKind(render(), "ExhaustSchedule")).toEqual([]);
  });

  // Each bad configuration is one the operator refuses at start; the schema generated from its zod schema makes
  // helm refuse it first.
  const badConfigs = [
    { name: "an unknown runner setting", set: "config.runner.settings.cassandraHost=x" },
    { name: "a secret runner setting given as a plain setting", set: "config.runner.settings.piiKey=x" },
    { name: "a per-request runner setting", set: "config.runner.settings.report=progress" },
    { name: "zero workers", set: "config.controller.workers=0" },
    { name: "a Job TTL under an hour", set: "config.jobs.ttlSecondsAfterFinished=60" },
    { name: "an unknown pull policy", set: "config.runner.imagePullPolicy=Sometimes" },
  ];
  for (const bad of badConfigs) {
    it(`refuses ${bad.name}, as the operator does`, () => {
      const out = helm(["template", "x", chartDir, "--set", bad.set]);
      expect(out.status, out.stdout).not.toBe(0);
      expect(out.stderr).toContain("values don't meet the specifications of the schema");
      const [path, value] = bad.set.replace(/^config\./, "").split("=") as [string, string];
      const file = path.split(".").reduceRight<unknown>((inner, key) => ({ [key]: inner }), /^\d+$/.test(value) ? Number(value) : value);
      const withImage = { ...(file as Record<string, unknown>), runner: { image: "x", ...((file as { runner?: object }).runner ?? {}) } };
      expect(parseOperatorConfig({ file: withImage, env: {}, argv: [] }).ok).toBe(false);
    });
  }
});
