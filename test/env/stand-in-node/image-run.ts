import type { V1Container, V1Pod } from "@kubernetes/client-node";

// Pods whose image is one the project builds (images.json "builtImages", e.g. exhaust-operator:dev) run inside that
// image with `buildah run --isolation chroot` (shared/docs/test-environment.md §0), kubelet-style: the container's
// command replaces the image's ENTRYPOINT (and drops its CMD), args replace CMD; the pod's security context picks
// the user; emptyDir and configMap volumes, the service-account token and the termination-message directory are
// bind mounts. buildah run cannot make the root read-only, so readOnlyRootFilesystem is checked after the run
// instead: a file the process left in the container's writable layer fails the container.

export interface ImageConfig {
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
}

export interface Mount {
  hostPath: string;
  containerPath: string;
  readOnly: boolean;
}

/** Where the container's termination message goes inside the image (its pod directory is mounted there). */
export const POD_DIR_IN_CONTAINER = "/run/stand-in";
/**
 * The kubelet's /var/run/secrets/kubernetes.io/serviceaccount. In Debian-based images /var/run is a symlink to /run,
 * and buildah loses a bind mount made through it, so the mount names the symlink's target.
 */
export const SERVICE_ACCOUNT_DIR = "/run/secrets/kubernetes.io/serviceaccount";

/** The argv the image runs: kubelet's rules for command/args over ENTRYPOINT/CMD. */
export function imageArgv(image: ImageConfig, command: readonly string[] | undefined, args: readonly string[] | undefined): string[] {
  if (command && command.length > 0) return [...command, ...(args ?? [])];
  return [...(image.Entrypoint ?? []), ...(args ?? image.Cmd ?? [])];
}

/** `uid[:gid]` from the container's, else the pod's securityContext; undefined keeps the image's USER. */
export function runAsUser(pod: V1Pod, container: V1Container): string | undefined {
  const uid = container.securityContext?.runAsUser ?? pod.spec?.securityContext?.runAsUser;
  const gid = container.securityContext?.runAsGroup ?? pod.spec?.securityContext?.runAsGroup;
  if (uid === undefined) return undefined;
  return gid === undefined ? String(uid) : `${uid}:${gid}`;
}

/** Whether the kubelet would mount a service-account token into the pod (the pod's setting wins). */
export const mountsServiceAccountToken = (pod: V1Pod, serviceAccountAutomount: boolean | undefined): boolean =>
  pod.spec?.automountServiceAccountToken ?? serviceAccountAutomount ?? true;

/** The container's volume mounts as host bind mounts; volumeDir gives a volume's directory on the node. */
export function volumeMounts(pod: V1Pod, container: V1Container, volumeDir: (name: string) => string): Mount[] {
  const volumes = new Map((pod.spec?.volumes ?? []).map((v) => [v.name, v]));
  return (container.volumeMounts ?? []).map((m) => ({
    hostPath: volumeDir(m.name),
    containerPath: m.mountPath,
    // ConfigMap volumes are read-only on a real node whatever the mount says.
    readOnly: m.readOnly === true || volumes.get(m.name)?.configMap !== undefined,
  }));
}

export interface ImageRun {
  container: string;
  argv: string[];
  env: Readonly<Record<string, string>>;
  mounts: readonly Mount[];
  user?: string;
}

/** The buildah command line for one run. */
export const buildahRunArgv = (run: ImageRun): string[] => [
  "buildah",
  "run",
  "--isolation", "chroot",
  "--network", "host",
  ...(run.user === undefined ? [] : ["--user", run.user]),
  ...Object.entries(run.env).flatMap(([k, v]) => ["--env", `${k}=${v}`]),
  ...run.mounts.flatMap((m) => ["--volume", `${m.hostPath}:${m.containerPath}:${m.readOnly ? "ro" : "rw"}`]),
  run.container,
  "--",
  ...run.argv,
];

/**
 * The termination message for a container that wrote to a root it was told is read-only, given the files its run
 * left in the image's writable layer (bind-mounted volumes are not in it); undefined when that is allowed or none.
 */
export function readOnlyRootViolation(container: V1Container, rootWrites: readonly string[]): string | undefined {
  if (container.securityContext?.readOnlyRootFilesystem !== true || rootWrites.length === 0) return undefined;
  return `readOnlyRootFilesystem: the container wrote to its root filesystem: ${rootWrites.slice(0, 5).join(", ")}`;
}
