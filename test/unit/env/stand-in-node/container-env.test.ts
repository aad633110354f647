import type { V1Container, V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { envSourceNames, processEnv, resolveContainer, type EnvSources, type ResolvedContainer } from "../../../env/stand-in-node/container-env.ts";

const pod: V1Pod = {
  metadata: {
    name: "job-abc-x1",
    namespace: "t-env",
    uid: "uid-1",
    labels: { "batch.kubernetes.io/job-completion-index": "3", app: "runner" },
    annotations: { "batch.kubernetes.io/job-completion-index": "3" },
  },
  spec: { serviceAccountName: "runner-sa", containers: [{ name: "main", image: "x", resources: { limits: { memory: "1Gi" } } }] },
};

const sources: EnvSources = {
  secrets: new Map<string, Record<string, string> | null>([
    ["creds", { password: "s3cret", user: "admin" }],
    ["missing", null],
  ]),
  configMaps: new Map<string, Record<string, string> | null>([
    ["settings", { LEVEL: "debug", "bad=key": "x", BUCKET: "b1" }],
    ["gone", null],
  ]),
};

const service = { KUBERNETES_SERVICE_HOST: "127.0.0.1", KUBERNETES_SERVICE_PORT: "6443" };
const resolve = (container: Partial<V1Container>): ResolvedContainer =>
  resolveContainer({ pod, container: { name: "main", ...container }, nodeName: "local-node", serviceEnv: service, allocatable: { cpu: "4", memory: "8Gi" }, sources });
const envOf = (container: Partial<V1Container>): Record<string, string> => {
  const r = resolve(container);
  if ("error" in r) throw new Error(r.error);
  return r.env;
};

describe("resolveContainer: env sources", () => {
  // `want` lists the container's own variables; the service variables are expected too unless `exact`.
  const cases: { name: string; container: Partial<V1Container>; want: Record<string, string>; exact?: true }[] = [
    { name: "a literal value", container: { env: [{ name: "A", value: "1" }] }, want: { A: "1" } },
    { name: "an empty value with no source is empty", container: { env: [{ name: "A" }] }, want: { A: "" } },
    { name: "$(VAR) sees earlier entries", container: { env: [{ name: "A", value: "x" }, { name: "B", value: "$(A)-y" }] }, want: { A: "x", B: "x-y" } },
    { name: "$(VAR) of a later entry stays literal", container: { env: [{ name: "B", value: "$(A)" }, { name: "A", value: "x" }] }, want: { B: "$(A)", A: "x" } },
    { name: "$$ escapes", container: { env: [{ name: "A", value: "x" }, { name: "B", value: "$$(A)" }] }, want: { A: "x", B: "$(A)" } },
    { name: "an unresolved reference stays literal", container: { env: [{ name: "B", value: "$(NOPE)/z" }] }, want: { B: "$(NOPE)/z" } },
    { name: "$(VAR) sees the service variables", container: { env: [{ name: "URL", value: "https://$(KUBERNETES_SERVICE_HOST):$(KUBERNETES_SERVICE_PORT)" }] }, want: { URL: "https://127.0.0.1:6443" } },
    { name: "$(VAR) sees envFrom variables", container: { envFrom: [{ configMapRef: { name: "settings" } }], env: [{ name: "L", value: "level=$(LEVEL)" }] }, want: { LEVEL: "debug", BUCKET: "b1", L: "level=debug" } },
    { name: "$(PATH) is not a container variable and stays literal", container: { env: [{ name: "P", value: "$(PATH)" }] }, want: { P: "$(PATH)" } },
    { name: "a later duplicate wins", container: { env: [{ name: "A", value: "1" }, { name: "A", value: "2" }] }, want: { A: "2" } },
    { name: "secretKeyRef decodes the key", container: { env: [{ name: "PW", valueFrom: { secretKeyRef: { name: "creds", key: "password" } } }] }, want: { PW: "s3cret" } },
    { name: "configMapKeyRef reads data", container: { env: [{ name: "LV", valueFrom: { configMapKeyRef: { name: "settings", key: "LEVEL" } } }] }, want: { LV: "debug" } },
    { name: "optional secretKeyRef to a missing secret is skipped", container: { env: [{ name: "PW", valueFrom: { secretKeyRef: { name: "missing", key: "k", optional: true } } }] }, want: {} },
    { name: "optional secretKeyRef to a missing key is skipped", container: { env: [{ name: "PW", valueFrom: { secretKeyRef: { name: "creds", key: "nope", optional: true } } }] }, want: {} },
    { name: "optional configMapKeyRef to a missing map is skipped", container: { env: [{ name: "X", valueFrom: { configMapKeyRef: { name: "gone", key: "k", optional: true } } }] }, want: {} },
    { name: "optional configMapKeyRef to a missing key is skipped", container: { env: [{ name: "X", valueFrom: { configMapKeyRef: { name: "settings", key: "k", optional: true } } }] }, want: {} },
    { name: "fieldRef metadata.name", container: { env: [{ name: "N", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }] }, want: { N: "job-abc-x1" } },
    { name: "fieldRef metadata.namespace and uid", container: { env: [{ name: "NS", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } }, { name: "U", valueFrom: { fieldRef: { fieldPath: "metadata.uid" } } }] }, want: { NS: "t-env", U: "uid-1" } },
    { name: "fieldRef label (JOB_COMPLETION_INDEX)", container: { env: [{ name: "JOB_COMPLETION_INDEX", valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } }] }, want: { JOB_COMPLETION_INDEX: "3" } },
    { name: "fieldRef annotation", container: { env: [{ name: "I", valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } }] }, want: { I: "3" } },
    { name: "fieldRef to a missing label is empty", container: { env: [{ name: "X", valueFrom: { fieldRef: { fieldPath: "metadata.labels['nope']" } } }] }, want: { X: "" } },
    { name: "fieldRef spec.nodeName and serviceAccountName", container: { env: [{ name: "NODE", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }, { name: "SA", valueFrom: { fieldRef: { fieldPath: "spec.serviceAccountName" } } }] }, want: { NODE: "local-node", SA: "runner-sa" } },
    { name: "fieldRef pod and host IPs are loopback", container: { env: [{ name: "IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } }, { name: "H", valueFrom: { fieldRef: { fieldPath: "status.hostIP" } } }] }, want: { IP: "127.0.0.1", H: "127.0.0.1" } },
    { name: "resourceFieldRef of this container", container: { resources: { limits: { memory: "512Mi" } }, env: [{ name: "MEM", valueFrom: { resourceFieldRef: { resource: "limits.memory", divisor: "1Mi" } } }] }, want: { MEM: "512" } },
    { name: "resourceFieldRef of another container by name", container: { env: [{ name: "MEM", valueFrom: { resourceFieldRef: { containerName: "main", resource: "limits.memory", divisor: "1Mi" } } }] }, want: { MEM: "1024" } },
    { name: "envFrom with prefix; keys that cannot be names are skipped", container: { envFrom: [{ prefix: "CFG_", configMapRef: { name: "settings" } }] }, want: { CFG_LEVEL: "debug", CFG_BUCKET: "b1" } },
    { name: "envFrom secretRef", container: { envFrom: [{ secretRef: { name: "creds" } }] }, want: { password: "s3cret", user: "admin" } },
    { name: "optional envFrom of a missing source adds nothing", container: { envFrom: [{ secretRef: { name: "missing", optional: true } }, { configMapRef: { name: "gone", optional: true } }] }, want: {} },
    { name: "env overrides envFrom", container: { envFrom: [{ configMapRef: { name: "settings" } }], env: [{ name: "LEVEL", value: "info" }] }, want: { LEVEL: "info", BUCKET: "b1" } },
    { name: "a later envFrom overrides an earlier one", container: { envFrom: [{ configMapRef: { name: "settings" } }, { secretRef: { name: "creds" }, prefix: "LE" }] }, want: { LEVEL: "debug", BUCKET: "b1", LEpassword: "s3cret", LEuser: "admin" } },
    { name: "the container may override a service variable", container: { env: [{ name: "KUBERNETES_SERVICE_PORT", value: "1" }] }, want: { KUBERNETES_SERVICE_PORT: "1", KUBERNETES_SERVICE_HOST: "127.0.0.1" }, exact: true },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(envOf(c.container)).toEqual(c.exact ? c.want : { ...service, ...c.want });
    });
  }
});

describe("resolveContainer: CreateContainerConfigError", () => {
  const cases: { name: string; container: Partial<V1Container>; want: string }[] = [
    { name: "a missing secret", container: { env: [{ name: "PW", valueFrom: { secretKeyRef: { name: "missing", key: "k" } } }] }, want: 'secret "missing" not found' },
    { name: "a secret never fetched counts as missing", container: { env: [{ name: "PW", valueFrom: { secretKeyRef: { name: "other", key: "k" } } }] }, want: 'secret "other" not found' },
    { name: "a missing secret key", container: { env: [{ name: "PW", valueFrom: { secretKeyRef: { name: "creds", key: "token" } } }] }, want: "couldn't find key token in Secret t-env/creds" },
    { name: "a missing configmap", container: { env: [{ name: "X", valueFrom: { configMapKeyRef: { name: "gone", key: "k" } } }] }, want: 'configmap "gone" not found' },
    { name: "a missing configmap key", container: { env: [{ name: "X", valueFrom: { configMapKeyRef: { name: "settings", key: "k" } } }] }, want: "couldn't find key k in ConfigMap t-env/settings" },
    { name: "a missing envFrom secret", container: { envFrom: [{ secretRef: { name: "missing" } }] }, want: 'secret "missing" not found' },
    { name: "a missing envFrom configmap", container: { envFrom: [{ configMapRef: { name: "gone" } }] }, want: 'configmap "gone" not found' },
    { name: "an unsupported fieldRef", container: { env: [{ name: "X", valueFrom: { fieldRef: { fieldPath: "spec.hostname" } } }] }, want: "unsupported fieldRef path: spec.hostname" },
    { name: "a resourceFieldRef to an unknown container", container: { env: [{ name: "X", valueFrom: { resourceFieldRef: { containerName: "nope", resource: "limits.cpu" } } }] }, want: "container nope not found for resourceFieldRef" },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(resolve(c.container)).toEqual({ error: c.want });
    });
  }
  it("the message never carries a secret value", () => {
    const r = resolve({ env: [{ name: "PW", valueFrom: { secretKeyRef: { name: "creds", key: "pass" } } }] });
    expect(JSON.stringify(r)).not.toContain("s3cret");
  });
});

describe("resolveContainer: command and args", () => {
  it("expand $(VAR) from the final env, keep $$ and unknown references", () => {
    const r = resolve({ env: [{ name: "CODE", value: "42" }], command: ["run", "$(CODE)"], args: ["--port=$(KUBERNETES_SERVICE_PORT)", "$$(CODE)", "$(NOPE)"] });
    expect(r).toMatchObject({ command: ["run", "42"], args: ["--port=6443", "$(CODE)", "$(NOPE)"] });
  });
  it("leave command and args absent when the container has none", () => {
    const r = resolve({});
    expect(r).not.toHaveProperty("command");
    expect(r).not.toHaveProperty("args");
  });
});

describe("envSourceNames", () => {
  it("lists every Secret and ConfigMap once", () => {
    expect(
      envSourceNames({
        name: "c",
        envFrom: [{ secretRef: { name: "s1" } }, { configMapRef: { name: "c1" } }],
        env: [
          { name: "A", valueFrom: { secretKeyRef: { name: "s1", key: "k" } } },
          { name: "B", valueFrom: { secretKeyRef: { name: "s2", key: "k" } } },
          { name: "C", valueFrom: { configMapKeyRef: { name: "c2", key: "k" } } },
          { name: "D", value: "x" },
        ],
      }),
    ).toEqual({ secrets: ["s1", "s2"], configMaps: ["c1", "c2"] });
  });
});

describe("processEnv", () => {
  const image = { PATH: "/usr/bin", HOME: "/pods/p/home", TMPDIR: "/pods/p/tmp", NODE_OPTIONS: "--import=/guard.ts" };
  const cases: { name: string; container: Record<string, string>; want: Record<string, string> }[] = [
    { name: "image variables plus the termination message path", container: {}, want: { ...image, TERMINATION_MESSAGE_PATH: "/pods/p/main.termination-log" } },
    { name: "the container overrides PATH and HOME", container: { PATH: "/bin", HOME: "/h" }, want: { ...image, PATH: "/bin", HOME: "/h", TERMINATION_MESSAGE_PATH: "/pods/p/main.termination-log" } },
    { name: "a container NODE_OPTIONS is appended to the guard", container: { NODE_OPTIONS: "--max-old-space-size=512" }, want: { ...image, NODE_OPTIONS: "--import=/guard.ts --max-old-space-size=512", TERMINATION_MESSAGE_PATH: "/pods/p/main.termination-log" } },
    { name: "the container cannot move the termination message path", container: { TERMINATION_MESSAGE_PATH: "/dev/termination-log" }, want: { ...image, TERMINATION_MESSAGE_PATH: "/pods/p/main.termination-log" } },
  ];
  for (const c of cases) it(c.name, () => expect(processEnv(image, c.container, "/pods/p/main.termination-log")).toEqual(c.want));
  it("without a stand-in NODE_OPTIONS the container's is used as is", () => {
    expect(processEnv({ PATH: "/usr/bin" }, { NODE_OPTIONS: "--x" }, "/t").NODE_OPTIONS).toBe("--x");
  });
});
