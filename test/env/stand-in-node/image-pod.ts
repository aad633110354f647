import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { V1Container, V1Pod } from "@kubernetes/client-node";
import { buildahRunArgv, imageArgv, mountsServiceAccountToken, POD_DIR_IN_CONTAINER, runAsUser, SERVICE_ACCOUNT_DIR, volumeMounts, type ImageConfig, type Mount } from "./image-run.ts";
import type { KubeApi } from "./kube-api.ts";
import type { PodFiles } from "./pod-files.ts";

// The node side of a pod run inside a built image: volume directories, the service-account token (a TokenRequest,
// as the kubelet's projected volume), a buildah working container per run, removed after it.

export interface ImagePodContext {
  api: KubeApi;
  /** The API server's CA (PEM), the token volume's ca.crt. */
  caCert: string;
  pod: V1Pod;
  container: V1Container;
  resolved: { env: Record<string, string>; command?: string[]; args?: string[] };
  files: PodFiles;
}

const buildah = (args: string[]): string => execFileSync("buildah", args, { encoding: "utf8" }).trim();

// Pod processes run as the image's user, not as the node's root: their directories must be writable for them.
const openDir = (dir: string): string => {
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o777);
  return dir;
};

async function writeVolume(ctx: ImagePodContext, name: string, dir: string): Promise<void> {
  const volume = ctx.pod.spec?.volumes?.find((v) => v.name === name);
  openDir(dir);
  if (volume?.configMap === undefined) return;
  const data = await ctx.api.configMapData(ctx.pod.metadata?.namespace ?? "", volume.configMap.name ?? "");
  if (data === null) throw new Error(`configmap "${volume.configMap.name}" not found`);
  for (const [key, value] of Object.entries(data)) writeFileSync(join(dir, key), value, { mode: 0o644 });
}

async function tokenMount(ctx: ImagePodContext): Promise<Mount[]> {
  if (!mountsServiceAccountToken(ctx.pod, undefined)) return [];
  const namespace = ctx.pod.metadata?.namespace ?? "";
  const dir = openDir(join(ctx.files.dir, "volumes", "kube-api-access"));
  writeFileSync(join(dir, "token"), await ctx.api.serviceAccountToken(namespace, ctx.pod.spec?.serviceAccountName ?? "default"), { mode: 0o644 });
  writeFileSync(join(dir, "ca.crt"), ctx.caCert, { mode: 0o644 });
  writeFileSync(join(dir, "namespace"), namespace);
  return [{ hostPath: dir, containerPath: SERVICE_ACCOUNT_DIR, readOnly: true }];
}

/** Files (not directories: buildah creates mount points) below `dir`, as paths from the container's root. */
function filesUnder(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name), `${prefix}/${entry.name}`) : [`${prefix}/${entry.name}`],
  );
}

/** What a run wrote to the container's root: the files in its overlay's writable layer. */
function rootWrites(name: string): string[] {
  const merged = buildah(["mount", name]);
  try {
    return filesUnder(join(dirname(merged), "diff"));
  } finally {
    buildah(["umount", name]);
  }
}

/**
 * Prepares one run of the container in its image; the argv starts buildah, rootWrites lists what the run wrote to
 * the root, cleanup removes the working container.
 */
export async function prepareImageRun(ctx: ImagePodContext): Promise<{ argv: string[]; rootWrites: () => string[]; cleanup: () => void }> {
  const image = ctx.container.image ?? "";
  const config = (JSON.parse(buildah(["inspect", "--type", "image", image])) as { OCIv1: { config: ImageConfig } }).OCIv1.config;
  const volumeDir = (name: string): string => join(ctx.files.dir, "volumes", name);
  const mounts = volumeMounts(ctx.pod, ctx.container, volumeDir);
  for (const m of ctx.container.volumeMounts ?? []) await writeVolume(ctx, m.name, volumeDir(m.name));
  openDir(ctx.files.dir);
  const terminationLog = `${POD_DIR_IN_CONTAINER}/${basename(ctx.files.terminationLog(ctx.container.name))}`;
  const token = await tokenMount(ctx);
  const user = runAsUser(ctx.pod, ctx.container);
  // Last, so a failure above leaves no working container behind.
  const name = `stand-in-${ctx.container.name}-${randomBytes(4).toString("hex")}`;
  buildah(["from", "--pull=never", "--quiet", "--name", name, image]);
  const argv = buildahRunArgv({
    container: name,
    argv: imageArgv(config, ctx.resolved.command, ctx.resolved.args),
    env: { ...ctx.resolved.env, TERMINATION_MESSAGE_PATH: terminationLog },
    mounts: [...mounts, ...token, { hostPath: ctx.files.dir, containerPath: POD_DIR_IN_CONTAINER, readOnly: false }],
    ...(user === undefined ? {} : { user }),
  });
  return {
    argv,
    rootWrites: () => rootWrites(name),
    cleanup: () => {
      try {
        buildah(["rm", name]);
      } catch {
        // Already removed.
      }
    },
  };
}
