import type { KubeConfig, V1Pod } from "@kubernetes/client-node";
import type { Logger } from "pino";
import type { KubeApi } from "./kube-api.ts";
import { isSchedulable, podsToBind, unfitReason, type NodeFacts } from "./pod-fit.ts";
import { anyContainerStarted } from "./pod-model.ts";
import { isTerminalPhase, unschedulableStatus } from "./pod-status.ts";
import { watchPods } from "./pod-watch.ts";
import { startPodWorker, type PodWorker, type WorkerEnv } from "./pod-worker.ts";

// The node's control loop: one pod watch feeds the binder (kube-scheduler's part) and one worker per pod bound
// here (the kubelet's part). Capacity is a pod count: running workers plus bindings not yet seen back.

export interface StandInNode {
  stop(): Promise<void>;
}

export function runStandInNode(opts: { kc: KubeConfig; api: KubeApi; log: Logger; node: NodeFacts; maxPods: number; workerEnv: WorkerEnv }): StandInNode {
  const { api, log, node, maxPods } = opts;
  const pods = new Map<string, V1Pod>();
  const workers = new Map<string, PodWorker>();
  const finished = new Set<string>(); // pods whose worker is done: never run again, even if a stale event arrives
  const binding = new Set<string>();
  const unschedulable = new Map<string, string>();
  let synced = false;
  let scheduling = false;
  let again = false;
  const uidOf = (p: V1Pod): string => p.metadata?.uid ?? "";

  function startWorker(pod: V1Pod, recover: boolean): void {
    const uid = uidOf(pod);
    const worker = startPodWorker(opts.workerEnv, pod, recover);
    workers.set(uid, worker);
    void worker.done.then(() => {
      workers.delete(uid);
      if (pods.has(uid)) finished.add(uid);
      scheduleSoon();
    });
  }

  function handle(pod: V1Pod, recovering: boolean): void {
    const uid = uidOf(pod);
    if (pod.spec?.nodeName !== node.name) {
      if (isSchedulable(pod)) scheduleSoon();
      return;
    }
    binding.delete(uid);
    const worker = workers.get(uid);
    if (worker) return worker.update(pod);
    if (finished.has(uid) || isTerminalPhase(pod.status?.phase)) return;
    startWorker(pod, recovering && (anyContainerStarted(pod) || pod.status?.phase === "Running"));
  }

  async function markUnschedulable(pod: V1Pod, reason: string): Promise<void> {
    const { namespace = "", name = "" } = pod.metadata ?? {};
    unschedulable.set(uidOf(pod), reason);
    try {
      const result = await api.updatePodStatus(namespace, name, uidOf(pod), (p) => (isSchedulable(p) ? unschedulableStatus(p.status, reason, new Date()) : undefined));
      if (result === "written") log.info({ pod: `${namespace}/${name}`, reason }, "pod unschedulable");
    } catch (err) {
      unschedulable.delete(uidOf(pod));
      log.warn({ err }, "could not mark pod unschedulable");
    }
  }

  function bind(pod: V1Pod): void {
    const uid = uidOf(pod);
    const where = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
    binding.add(uid);
    api.bindPod(pod, node.name).then(
      (result) => {
        if (result === "gone") binding.delete(uid);
        log.info({ pod: where, result }, "pod bound");
      },
      (err: unknown) => {
        binding.delete(uid);
        log.warn({ err, pod: where }, "binding failed; retrying");
        setTimeout(scheduleSoon, 1000);
      },
    );
  }

  async function schedulePass(): Promise<void> {
    const candidates = [...pods.values()].filter((p) => isSchedulable(p) && !binding.has(uidOf(p)));
    const fitting: V1Pod[] = [];
    for (const pod of candidates) {
      const reason = unfitReason(pod, node);
      if (!reason) fitting.push(pod);
      else if (unschedulable.get(uidOf(pod)) !== reason) await markUnschedulable(pod, reason);
    }
    for (const pod of podsToBind(fitting, workers.size + binding.size, maxPods)) bind(pod);
  }

  function scheduleSoon(): void {
    if (!synced) return;
    if (scheduling) {
      again = true;
      return;
    }
    scheduling = true;
    setImmediate(async () => {
      do {
        again = false;
        await schedulePass().catch((err: unknown) => log.error({ err }, "scheduling pass failed"));
      } while (again);
      scheduling = false;
    });
  }

  const watch = watchPods(
    opts.kc,
    api,
    {
      upsert(pod) {
        pods.set(uidOf(pod), pod);
        if (synced) handle(pod, false);
      },
      remove(pod) {
        const uid = uidOf(pod);
        pods.delete(uid);
        binding.delete(uid);
        finished.delete(uid);
        unschedulable.delete(uid);
        workers.get(uid)?.gone();
        scheduleSoon();
      },
      listed(first) {
        if (!first) return;
        synced = true;
        for (const pod of pods.values()) handle(pod, true);
        log.info({ pods: pods.size, running: workers.size }, "initial pod list handled");
        scheduleSoon();
      },
    },
    log,
  );

  return {
    async stop() {
      watch.stop();
      for (const w of workers.values()) w.shutdown();
      const all = Promise.all([...workers.values()].map((w) => w.done));
      await Promise.race([all, new Promise((r) => setTimeout(r, 5_000))]);
    },
  };
}
