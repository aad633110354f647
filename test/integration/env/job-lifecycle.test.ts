import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BatchV1Api, CoreV1Api, KubeConfig, type V1Container, type V1Job, type V1JobSpec, type V1Pod } from "@kubernetes/client-node";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { endpoints } from "../../env/endpoints.ts";
import { eventually } from "../../env/process.ts";

// batch/v1 Jobs run through the real Job controller (KCM) and the stand-in node, which binds their pods, runs the
// containers as local processes and writes kubelet-shaped pod status (test-environment.md §9).

const EXIT = "exhaust-test/exit-code:1";
const SLEEP = "exhaust-test/sleep:1";


describe("Job pods on the stand-in node", () => {
  const kc = new KubeConfig();
  let core: CoreV1Api;
  let batch: BatchV1Api;
  let ns: string;

  beforeAll(() => {
    kc.loadFromFile(endpoints().k8s.adminKubeconfig);
    core = kc.makeApiClient(CoreV1Api);
    batch = kc.makeApiClient(BatchV1Api);
  });
  beforeEach(async () => {
    ns = `t-standin-${randomBytes(4).toString("hex")}`;
    await core.createNamespace({ body: { metadata: { name: ns } } });
  });
  afterEach(async () => {
    await core.deleteNamespace({ name: ns });
  });

  const createJob = (name: string, container: Partial<V1Container>, spec: Partial<V1JobSpec> = {}): Promise<V1Job> =>
    batch.createNamespacedJob({
      namespace: ns,
      body: {
        metadata: { name },
        spec: {
          backoffLimit: 0,
          ...spec,
          template: { spec: { restartPolicy: "Never", terminationGracePeriodSeconds: 5, containers: [{ name: "main", image: EXIT, ...container }] } },
        },
      },
    });
  const podsOf = async (job: string): Promise<V1Pod[]> => (await core.listNamespacedPod({ namespace: ns, labelSelector: `job-name=${job}` })).items;
  const finished = (job: string, type: "Complete" | "Failed") =>
    eventually(`Job ${job} ${type}`, async () => {
      const j = await batch.readNamespacedJob({ name: job, namespace: ns });
      return j.status?.conditions?.find((c) => c.type === type && c.status === "True") ? j : undefined;
    });

  it("runs a Job's pod to Complete and keeps its log in the pod's directory", async () => {
    await createJob("ok", { args: ["0"] });
    const job = await finished("ok", "Complete");
    expect(job.status?.succeeded).toBe(1);
    const [pod] = await podsOf("ok");
    expect(pod?.spec?.nodeName).toBe(endpoints().standIn.nodeName);
    expect(pod?.status?.phase).toBe("Succeeded");
    expect(pod?.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
    const log = join(endpoints().standIn.podsDir, ns, pod?.metadata?.name ?? "", "main.log");
    expect(readFileSync(log, "utf8")).toContain("exiting with 0");
  });

  it("fails the Job when the container exits non-zero", async () => {
    await createJob("bad", { args: ["3"] });
    const job = await finished("bad", "Failed");
    expect(job.status?.conditions?.find((c) => c.type === "Failed")?.reason).toBe("BackoffLimitExceeded");
    const [pod] = await podsOf("bad");
    expect(pod?.status?.phase).toBe("Failed");
    expect(pod?.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 3, reason: "Error" });
  });

  it("restarts an OnFailure container in place until the Job's backoffLimit counts the restart", async () => {
    await batch.createNamespacedJob({
      namespace: ns,
      body: {
        metadata: { name: "onfailure" },
        spec: { backoffLimit: 1, template: { spec: { restartPolicy: "OnFailure", containers: [{ name: "main", image: EXIT, args: ["5"] }] } } },
      },
    });
    const job = await finished("onfailure", "Failed");
    expect(job.status?.conditions?.find((c) => c.type === "Failed")?.reason).toBe("BackoffLimitExceeded");
    const podDirs = readdirSync(join(endpoints().standIn.podsDir, ns)).filter((d) => d.startsWith("onfailure-"));
    expect(podDirs).toHaveLength(1);
    const runs = readFileSync(join(endpoints().standIn.podsDir, ns, podDirs[0] ?? "", "main.log"), "utf8").match(/exiting with 5/g);
    expect(runs?.length).toBeGreaterThanOrEqual(2);
  });

  it("ends the Job at once through a podFailurePolicy FailJob rule on the exit code", async () => {
    const started = Date.now();
    await createJob("pfp", { args: ["42"] }, {
      backoffLimit: 6,
      podReplacementPolicy: "Failed",
      podFailurePolicy: { rules: [{ action: "FailJob", onExitCodes: { containerName: "main", operator: "In", values: [42] } }] },
    });
    const job = await finished("pfp", "Failed");
    expect(job.status?.conditions?.find((c) => c.type === "Failed")?.reason).toBe("PodFailurePolicy");
    // With six retries allowed, only the rule can end the Job before the first 10 s backoff is over.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await podsOf("pfp")).toHaveLength(1);
  });

  it("does not count a disrupted pod when the policy ignores DisruptionTarget", async () => {
    await createJob("disrupted", { image: SLEEP, args: ["4"] }, {
      backoffLimit: 0,
      podReplacementPolicy: "Failed",
      podFailurePolicy: { rules: [{ action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] }] },
    });
    const first = await eventually("a running pod", async () => (await podsOf("disrupted")).find((p) => p.status?.phase === "Running"));
    const annotate = first.metadata?.annotations
      ? { op: "add", path: "/metadata/annotations/exhaust.test~1disrupt", value: "true" }
      : { op: "add", path: "/metadata/annotations", value: { "exhaust.test/disrupt": "true" } };
    await core.patchNamespacedPod({ name: first.metadata?.name ?? "", namespace: ns, body: [annotate] });
    const job = await finished("disrupted", "Complete");
    expect(job.status?.failed ?? 0).toBe(0);
    const disrupted = (await podsOf("disrupted")).find((p) => p.metadata?.uid === first.metadata?.uid);
    expect(disrupted?.status?.phase).toBe("Failed");
    expect(disrupted?.status?.conditions?.find((c) => c.type === "DisruptionTarget")).toMatchObject({ status: "True" });
    expect(disrupted?.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).toBe(137);
  });

  it("puts the termination message file, or the log tail on error, into the pod status", async () => {
    await createJob("msg", { args: ["0", '{"result":"ok"}'] });
    await createJob("fallback", { args: ["7"], terminationMessagePolicy: "FallbackToLogsOnError" });
    await finished("msg", "Complete");
    await finished("fallback", "Failed");
    const [msg] = await podsOf("msg");
    expect(msg?.status?.containerStatuses?.[0]?.state?.terminated?.message).toBe('{"result":"ok"}');
    const [fallback] = await podsOf("fallback");
    expect(fallback?.status?.containerStatuses?.[0]?.state?.terminated?.message).toBe("exit-code: exiting with 7");
  });

  it("gives the process exactly the resolved env, with $(VAR) expansion and Secret/ConfigMap/fieldRef sources", async () => {
    await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: "creds" }, stringData: { password: "s3cret" } } });
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "cfg" }, data: { LEVEL: "debug" } } });
    await createJob("env", {
      command: ["/usr/bin/env"],
      envFrom: [{ prefix: "CFG_", configMapRef: { name: "cfg" } }],
      env: [
        { name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
        { name: "PW", valueFrom: { secretKeyRef: { name: "creds", key: "password" } } },
        { name: "MIXED", value: "$(CFG_LEVEL)/$$(POD)/$(NOPE)" },
      ],
    });
    await finished("env", "Complete");
    const [pod] = await podsOf("env");
    const dir = join(endpoints().standIn.podsDir, ns, pod?.metadata?.name ?? "");
    const vars = Object.fromEntries(readFileSync(join(dir, "main.log"), "utf8").trim().split("\n").map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
    expect(Object.keys(vars).sort()).toEqual(
      ["CFG_LEVEL", "HOME", "KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT", "MIXED", "PATH", "POD", "PW", "TERMINATION_MESSAGE_PATH", "TMPDIR", ...(vars.NODE_OPTIONS ? ["NODE_OPTIONS"] : [])].sort(),
    );
    expect(vars).toMatchObject({
      POD: pod?.metadata?.name,
      PW: "s3cret",
      MIXED: "debug/$(POD)/$(NOPE)",
      HOME: join(dir, "home"),
      TMPDIR: join(dir, "tmp"),
      KUBERNETES_SERVICE_HOST: "127.0.0.1",
      KUBERNETES_SERVICE_PORT: new URL(endpoints().k8s.server).port,
    });
  });

  it("removes a running Job's pods when the Job is deleted with propagationPolicy Background", async () => {
    await createJob("bg", { image: SLEEP, args: ["300"] });
    const running = await eventually("a running pod", async () => (await podsOf("bg")).find((p) => p.status?.phase === "Running"));
    const pidFile = join(endpoints().standIn.podsDir, ns, running.metadata?.name ?? "", "main.pid");
    expect(existsSync(pidFile)).toBe(true);
    await batch.deleteNamespacedJob({ name: "bg", namespace: ns, propagationPolicy: "Background" });
    await eventually("no pods left", async () => ((await podsOf("bg")).length === 0 ? true : undefined));
    expect(existsSync(pidFile)).toBe(false); // the process ended (SIGTERM, 143) before the pod was removed
  });

  it("keeps a pod with an unmapped image Pending with ErrImagePull", async () => {
    await createJob("noimage", { image: "registry.invalid/not-mapped:1" });
    const pod = await eventually("ErrImagePull", async () =>
      (await podsOf("noimage")).find((p) => ["ErrImagePull", "ImagePullBackOff"].includes(p.status?.containerStatuses?.[0]?.state?.waiting?.reason ?? "")),
    );
    expect(pod.status?.phase).toBe("Pending");
    expect(pod.spec?.nodeName).toBe(endpoints().standIn.nodeName);
    expect(pod.status?.containerStatuses?.[0]?.state?.waiting?.message).toContain("not mapped");
  });

  it("holds a container whose Secret key is missing in CreateContainerConfigError until the key exists", async () => {
    await createJob("nokey", { env: [{ name: "PW", valueFrom: { secretKeyRef: { name: "later", key: "password" } } }] });
    const waiting = await eventually("CreateContainerConfigError", async () =>
      (await podsOf("nokey")).find((p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === "CreateContainerConfigError"),
    );
    expect(waiting.status?.phase).toBe("Pending");
    expect(waiting.status?.containerStatuses?.[0]?.state?.waiting?.message).toBe('secret "later" not found');
    await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: "later" }, stringData: { password: "x" } } });
    await finished("nokey", "Complete");
  });

  it("marks a pod the node can never take PodScheduled=False Unschedulable and leaves it unbound", async () => {
    await core.createNamespacedPod({
      namespace: ns,
      body: { metadata: { name: "nofit" }, spec: { restartPolicy: "Never", nodeSelector: { pool: "gpu" }, containers: [{ name: "main", image: EXIT }] } },
    });
    const pod = await eventually("PodScheduled=False", async () => {
      const p = await core.readNamespacedPod({ name: "nofit", namespace: ns });
      return p.status?.conditions?.find((c) => c.type === "PodScheduled" && c.status === "False") ? p : undefined;
    });
    expect(pod.spec?.nodeName).toBeUndefined();
    expect(pod.status?.conditions?.find((c) => c.type === "PodScheduled")).toMatchObject({
      reason: "Unschedulable",
      message: "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.",
    });
  });
});
