import { describe, expect, it } from "vitest";
import { runnerSettings } from "../../../../../crds/runner-contract.ts";
import { jobNameFor } from "../../../../../operator/requests/runner-job/job-name.ts";
import { attemptOf, batchIdsOf, runnerJobFor } from "../../../../../operator/requests/runner-job/runner-job.ts";
import { configWith, requestWith } from "../request-fixtures.ts";

const config = configWith({
  runner: {
    image: "ghcr.io/sunbird/exhaust:1.0.0",
    settings: { cassandraContactPoints: ["10.0.0.1:9042"], hierarchyKeyspace: "dev_hierarchy_store", redisUserHost: "redis", s3Bucket: "reports" },
    secrets: { piiKey: { name: "pii", key: "key" }, piiSalt: { name: "pii", key: "salt" }, s3AccessKeyId: { name: "s3", key: "id" }, s3SecretAccessKey: { name: "s3", key: "secret" } },
  },
});
const request = requestWith({
  report: "userinfo",
  password: { secretKeyRef: { name: "zip-pass", key: "password" } },
  output: { format: "zip", encryption: "aes256", prefix: "custom/" },
});
const tier = config.runner.resourceTiers[0];
if (tier === undefined) throw new Error("no tier");
const job = runnerJobFor({ request, name: jobNameFor("progress-0130", ["b1", "b2"], 2), batchIds: ["b1", "b2"], collectionId: "do_course", attempt: 2, requestId: "req-1", tier, activeDeadlineSeconds: 600, config });
const container = job.spec?.template.spec?.containers[0];
const env = Object.fromEntries((container?.env ?? []).map((e) => [e.name, e.value ?? e.valueFrom]));

describe("runnerJobFor", () => {
  const cases: { name: string; check: () => void }[] = [
    { name: "one pod per attempt: backoffLimit 0, restartPolicy Never", check: () => expect([job.spec?.backoffLimit, job.spec?.template.spec?.restartPolicy]).toEqual([0, "Never"]) },
    {
      name: "podFailurePolicy: exit 10 and 11 of the runner fail the Job, disruptions are ignored",
      check: () =>
        expect(job.spec?.podFailurePolicy?.rules).toEqual([
          { action: "FailJob", onExitCodes: { containerName: "runner", operator: "In", values: [10, 11] } },
          { action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] },
        ]),
    },
    { name: "podReplacementPolicy Failed, deadline and TTL set", check: () => expect(job.spec).toMatchObject({ podReplacementPolicy: "Failed", activeDeadlineSeconds: 600, ttlSecondsAfterFinished: 3600 }) },
    {
      name: "controller ownerReference that blocks owner deletion",
      check: () => expect(job.metadata?.ownerReferences).toEqual([{ apiVersion: "exhaust.sunbird.org/v1alpha1", kind: "ExhaustRequest", name: "progress-0130", uid: request.metadata.uid, controller: true, blockOwnerDeletion: true }]),
    },
    {
      name: "labels and batch-ids annotation; the helpers read them back",
      check: () => {
        expect(job.metadata?.labels).toMatchObject({ "exhaust.sunbird.org/request": "progress-0130", "exhaust.sunbird.org/attempt": "2", "app.kubernetes.io/managed-by": "exhaust-operator" });
        expect(job.spec?.template.metadata?.labels).toEqual(job.metadata?.labels);
        expect([batchIdsOf(job), attemptOf(job)]).toEqual([["b1", "b2"], 2]);
      },
    },
    { name: "no Kueue label on the request -> not suspended", check: () => expect(job.spec?.suspend).toBeUndefined() },
    {
      name: "container: image, command, File termination message, tier resources",
      check: () =>
        expect(container).toMatchObject({
          name: "runner",
          image: "ghcr.io/sunbird/exhaust:1.0.0",
          command: ["node", "runner/main.ts"],
          terminationMessagePolicy: "File",
          terminationMessagePath: "/dev/termination-log",
          resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "512Mi" } },
        }),
    },
    {
      name: "env: request values, config settings and the spec's output overrides",
      check: () =>
        expect(env).toMatchObject({
          EXHAUST_REPORT: "userinfo",
          EXHAUST_REQUEST_ID: "req-1",
          EXHAUST_COLLECTION_ID: "do_course",
          EXHAUST_BATCH_IDS: "b1,b2",
          EXHAUST_REQUESTED_CHANNEL: "org-1",
          EXHAUST_CASSANDRA_CONTACT_POINTS: "10.0.0.1:9042",
          EXHAUST_S3_BUCKET: "reports",
          EXHAUST_S3_KEY_PREFIX: "custom/",
          EXHAUST_ZIP_ENCRYPTION: "aes256",
        }),
    },
    {
      name: "env: every secret arrives as secretKeyRef, never as a value",
      check: () => {
        expect(env.EXHAUST_ZIP_PASSWORD).toEqual({ secretKeyRef: { name: "zip-pass", key: "password" } });
        expect(env.EXHAUST_TEXT_KEY).toEqual({ secretKeyRef: { name: "zip-pass", key: "password" } });
        expect(env.EXHAUST_PII_KEY).toEqual({ secretKeyRef: { name: "pii", key: "key" } });
        expect(env.AWS_SECRET_ACCESS_KEY).toEqual({ secretKeyRef: { name: "s3", key: "secret" } });
        const secretEnv = new Set(Object.values(runnerSettings).filter((s) => s.secret).map((s) => s.env));
        for (const e of container?.env ?? []) if (secretEnv.has(e.name)) expect(e.value).toBeUndefined();
      },
    },
    { name: "env: the heap is capped at 40% of the tier's memory limit (512Mi -> 204 MiB)", check: () => expect(env.NODE_OPTIONS).toBe("--max-old-space-size=204 --max-semi-space-size=16") },
    { name: "env: glibc's mmap threshold is fixed at 128 KiB", check: () => expect(env.MALLOC_MMAP_THRESHOLD_).toBe("131072") },
    {
      name: "pod passes Pod Security restricted: non-root, RuntimeDefault seccomp, no privilege escalation, read-only root",
      check: () => {
        expect(job.spec?.template.spec).toMatchObject({
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } },
          volumes: [{ name: "tmp", emptyDir: { sizeLimit: "64Mi" } }],
        });
        expect(container?.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
        expect(container?.volumeMounts).toEqual([{ name: "tmp", mountPath: "/tmp" }]);
      },
    },
    { name: "env is sorted by name (stable manifests)", check: () => expect(Object.keys(env)).toEqual(Object.keys(env).sort()) },
  ];
  for (const c of cases) it(c.name, c.check);

  it("a Kueue queue label on the request -> copied to the Job, which starts suspended", () => {
    const queued = runnerJobFor({
      request: requestWith({}, undefined, { "kueue.x-k8s.io/queue-name": "exports" }),
      name: "n",
      batchIds: ["b1"],
      collectionId: "do_course",
      attempt: 1,
      requestId: "r",
      tier,
      activeDeadlineSeconds: 60,
      config,
    });
    expect(queued.metadata?.labels?.["kueue.x-k8s.io/queue-name"]).toBe("exports");
    expect(queued.spec?.suspend).toBe(true);
  });
});
