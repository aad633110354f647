import type { V1Container, V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { isBuiltImage } from "../../../env/stand-in-node/image-command.ts";
import { buildahRunArgv, imageArgv, mountsServiceAccountToken, readOnlyRootViolation, runAsUser, volumeMounts } from "../../../env/stand-in-node/image-run.ts";

const image = { Entrypoint: ["node"], Cmd: ["operator/main.ts"] };

describe("imageArgv (kubelet's command/args over ENTRYPOINT/CMD)", () => {
  const cases: { name: string; command?: string[]; args?: string[]; want: string[] }[] = [
    { name: "neither: ENTRYPOINT then CMD", want: ["node", "operator/main.ts"] },
    { name: "args only: ENTRYPOINT then args, CMD dropped", args: ["operator/main.ts", "--config=/c.yaml"], want: ["node", "operator/main.ts", "--config=/c.yaml"] },
    { name: "command only: ENTRYPOINT and CMD both dropped", command: ["node", "runner/main.ts"], want: ["node", "runner/main.ts"] },
    { name: "command and args: both, nothing of the image", command: ["sh", "-c"], args: ["exit 3"], want: ["sh", "-c", "exit 3"] },
    { name: "an empty command counts as none", command: [], want: ["node", "operator/main.ts"] },
  ];
  for (const c of cases) it(c.name, () => expect(imageArgv(image, c.command, c.args)).toEqual(c.want));
  it("an image without ENTRYPOINT runs its CMD", () => expect(imageArgv({ Cmd: ["/bin/sh"] }, undefined, undefined)).toEqual(["/bin/sh"]));
});

describe("runAsUser", () => {
  const pod = (sc?: V1Pod["spec"]) => ({ spec: { containers: [], ...sc } }) as V1Pod;
  const container = (sc?: V1Container["securityContext"]) => ({ name: "c", ...(sc ? { securityContext: sc } : {}) }) as V1Container;
  const cases: { name: string; pod: V1Pod; container: V1Container; want: string | undefined }[] = [
    { name: "nothing set keeps the image's USER", pod: pod(), container: container(), want: undefined },
    { name: "the pod's user and group", pod: pod({ containers: [], securityContext: { runAsUser: 1000, runAsGroup: 1000 } }), container: container(), want: "1000:1000" },
    { name: "the container's user wins over the pod's", pod: pod({ containers: [], securityContext: { runAsUser: 1000, runAsGroup: 1000 } }), container: container({ runAsUser: 2000 }), want: "2000:1000" },
    { name: "a user without a group", pod: pod(), container: container({ runAsUser: 3000 }), want: "3000" },
  ];
  for (const c of cases) it(c.name, () => expect(runAsUser(c.pod, c.container)).toBe(c.want));
});

describe("mountsServiceAccountToken", () => {
  const pod = (automount?: boolean) => ({ spec: { containers: [], ...(automount === undefined ? {} : { automountServiceAccountToken: automount }) } }) as V1Pod;
  const cases: { name: string; pod: V1Pod; account?: boolean; want: boolean }[] = [
    { name: "unset everywhere mounts (the kubelet's default)", pod: pod(), want: true },
    { name: "the account's false is followed", pod: pod(), account: false, want: false },
    { name: "the pod's true wins over the account's false", pod: pod(true), account: false, want: true },
    { name: "the pod's false (runner pods) wins", pod: pod(false), account: true, want: false },
  ];
  for (const c of cases) it(c.name, () => expect(mountsServiceAccountToken(c.pod, c.account)).toBe(c.want));
});

describe("volumeMounts", () => {
  const pod = {
    spec: { containers: [], volumes: [{ name: "config", configMap: { name: "cm" } }, { name: "tmp", emptyDir: {} }] },
  } as V1Pod;
  it("binds each mount to its volume's node directory; configMaps read-only even when the mount says otherwise", () => {
    const container = { name: "c", volumeMounts: [{ name: "config", mountPath: "/etc/x" }, { name: "tmp", mountPath: "/tmp" }, { name: "tmp", mountPath: "/cache", readOnly: true }] } as V1Container;
    expect(volumeMounts(pod, container, (n) => `/pods/p/volumes/${n}`)).toEqual([
      { hostPath: "/pods/p/volumes/config", containerPath: "/etc/x", readOnly: true },
      { hostPath: "/pods/p/volumes/tmp", containerPath: "/tmp", readOnly: false },
      { hostPath: "/pods/p/volumes/tmp", containerPath: "/cache", readOnly: true },
    ]);
  });
});

describe("buildahRunArgv", () => {
  it("runs chroot-isolated on the host network with the user, env and mounts, then the argv after --", () => {
    expect(
      buildahRunArgv({ container: "ctr", argv: ["node", "x.ts"], env: { A: "1" }, mounts: [{ hostPath: "/h", containerPath: "/c", readOnly: true }], user: "1000:1000" }),
    ).toEqual(["buildah", "run", "--isolation", "chroot", "--network", "host", "--user", "1000:1000", "--env", "A=1", "--volume", "/h:/c:ro", "ctr", "--", "node", "x.ts"]);
  });
  it("leaves the user to the image when none is given", () => {
    expect(buildahRunArgv({ container: "ctr", argv: ["node"], env: {}, mounts: [] })).toEqual(["buildah", "run", "--isolation", "chroot", "--network", "host", "ctr", "--", "node"]);
  });
});

describe("isBuiltImage", () => {
  const table = { images: { "exhaust-operator": ["node", "operator/main.ts"] }, builtImages: ["exhaust-operator:dev"] };
  const cases: { image: string; want: boolean }[] = [
    { image: "exhaust-operator:dev", want: true },
    { image: "exhaust-operator", want: false },
    { image: "exhaust-operator:0.1.0", want: false },
    { image: "registry.example.org/exhaust-operator:dev", want: false },
  ];
  for (const c of cases) it(`${c.image}: ${c.want ? "runs in the image" : "uses the process table"}`, () => expect(isBuiltImage(table, c.image)).toBe(c.want));
});

describe("readOnlyRootViolation", () => {
  const readOnly = { name: "c", securityContext: { readOnlyRootFilesystem: true } } as V1Container;
  const writable = { name: "c" } as V1Container;
  const cases: { name: string; container: V1Container; writes: string[]; want: string | undefined }[] = [
    { name: "a read-only root left untouched is fine", container: readOnly, writes: [], want: undefined },
    { name: "a writable root may be written", container: writable, writes: ["/tmp/x"], want: undefined },
    {
      name: "a read-only root written fails, naming the files",
      container: readOnly,
      writes: ["/tmp/x", "/app/cache.json"],
      want: "readOnlyRootFilesystem: the container wrote to its root filesystem: /tmp/x, /app/cache.json",
    },
    {
      name: "at most five files are named",
      container: readOnly,
      writes: ["/a", "/b", "/c", "/d", "/e", "/f"],
      want: "readOnlyRootFilesystem: the container wrote to its root filesystem: /a, /b, /c, /d, /e",
    },
  ];
  for (const c of cases) it(c.name, () => expect(readOnlyRootViolation(c.container, c.writes)).toBe(c.want));
});
