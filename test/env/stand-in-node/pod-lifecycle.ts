import type { V1Pod } from "@kubernetes/client-node";

// Small decisions about a pod's life on the node, kubelet semantics.

/** The test-only annotation that makes the stand-in disrupt a pod (DisruptionTarget=True, then exit 137). */
export const DISRUPT_ANNOTATION = "exhaust.test/disrupt";

export const wantsDisruption = (pod: V1Pod): boolean => pod.metadata?.annotations?.[DISRUPT_ANNOTATION] === "true";

export const isBeingDeleted = (pod: V1Pod): boolean => Boolean(pod.metadata?.deletionTimestamp);

/** Seconds between SIGTERM and SIGKILL when the pod is deleted: min(terminationGracePeriodSeconds, deletion grace). */
export function gracePeriodSeconds(pod: V1Pod): number {
  const spec = pod.spec?.terminationGracePeriodSeconds ?? 30;
  const deletion = pod.metadata?.deletionGracePeriodSeconds;
  return Math.max(0, deletion === undefined ? spec : Math.min(spec, deletion));
}

/** Whether a container that exited with `exitCode` starts again in place. */
export function restartsAfter(restartPolicy: string | undefined, exitCode: number): boolean {
  if (restartPolicy === "Always") return true;
  return restartPolicy === "OnFailure" && exitCode !== 0;
}

/** The kubelet's delay before restart number `restart` (1-based): the first is immediate, then 10 s doubling, at most 5 min. */
export const restartDelayMs = (restart: number): number => (restart <= 1 ? 0 : Math.min(300_000, 10_000 * 2 ** (restart - 2)));

/** Volume kinds the stand-in can provide: emptyDir (backed by the pod's directory), and configMap for pods run in a built image. */
export function unsupportedVolumes(pod: V1Pod, configMapsMountable = false): string[] {
  return (pod.spec?.volumes ?? []).filter((v) => !v.emptyDir && !(configMapsMountable && v.configMap)).map((v) => v.name);
}
