import type { V1Container, V1Pod } from "@kubernetes/client-node";
import type { Logger } from "pino";
import { envSourceNames, processEnv, resolveContainer, type ResolvedContainer } from "./container-env.ts";
import { startContainerProcess, type ContainerProcess } from "./container-process.ts";
import { terminatedFor } from "./exit-outcome.ts";
import { containerArgv, isBuiltImage, type ImageTable, type LocalPaths } from "./image-command.ts";
import { prepareImageRun } from "./image-pod.ts";
import { readOnlyRootViolation } from "./image-run.ts";
import type { KubeApi } from "./kube-api.ts";
import { clearFile, createPodDirs, killRecordedGroup, podFiles, readIfExists, readTail, writePid } from "./pod-files.ts";
import { gracePeriodSeconds, isBeingDeleted, restartDelayMs, restartsAfter, unsupportedVolumes, wantsDisruption, DISRUPT_ANNOTATION } from "./pod-lifecycle.ts";
import { allMainDone, finalModel, initialModel, recoveredModel, restarting, setState, started as startedAt, withContainer, type PodModel } from "./pod-model.ts";
import { podStatusFor } from "./pod-status.ts";
import { serialWriter } from "./serial-writer.ts";
import { MAX_LOG_BYTES, terminationMessage } from "./termination-message.ts";

// Runs one pod bound to the stand-in node, kubelet-style (test-environment.md §9.1, §9.3, §9.4): init containers in
// order, then the main containers in parallel, each a local process; status through the pod's serial writer.

export interface WorkerEnv {
  api: KubeApi;
  log: Logger;
  nodeName: string;
  podsDir: string;
  images: ImageTable;
  paths: LocalPaths;
  /** PATH and (if set) NODE_OPTIONS of the stand-in; HOME and TMPDIR are added per pod. */
  hostEnv: Readonly<Record<string, string>>;
  serviceEnv: Readonly<Record<string, string>>;
  allocatable: Readonly<Record<string, string>>;
  /** The API server's CA (PEM), for the service-account token volume of pods run in a built image. */
  caCert: string;
}

export interface PodWorker {
  update(pod: V1Pod): void;
  /** The pod left the API: kill its processes, write nothing. */
  gone(): void;
  /** The stand-in stops: kill the processes, write nothing (the next start recovers the pod). */
  shutdown(): void;
  readonly done: Promise<void>;
}

type Stop = "delete" | "disrupt" | "gone" | "shutdown";
type Prepared = { argv: string[]; env: Record<string, string>; termInnermostOnly?: boolean; rootWrites?: () => string[]; cleanup?: () => void };

const IMAGE_BACKOFF_MS = 5_000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const LOST: Record<Stop | "none", string> = {
  none: "the container did not run",
  delete: "the pod was deleted before the container finished",
  disrupt: `the pod was disrupted through the ${DISRUPT_ANNOTATION} annotation`,
  gone: "the pod was removed",
  shutdown: "the stand-in node stopped",
};

export function startPodWorker(env: WorkerEnv, pod: V1Pod, recover: boolean): PodWorker {
  const { namespace = "", name = "", uid = "" } = pod.metadata ?? {};
  const log = env.log.child({ pod: `${namespace}/${name}` });
  const files = podFiles(env.podsDir, namespace, name);
  let latest = pod;
  let model: PodModel = recover ? recoveredModel(pod, new Date()) : initialModel(pod, new Date());
  let stop: Stop | undefined;
  let wake: () => void = () => undefined;
  const stopped = new Promise<void>((r) => (wake = r));
  const procs = new Map<string, ContainerProcess>();
  let killTimer: NodeJS.Timeout | undefined;

  const writeOnce = async (): Promise<void> => {
    for (let attempt = 0; stop !== "gone" && stop !== "shutdown"; attempt++) {
      try {
        const result = await env.api.updatePodStatus(namespace, name, uid, (p) => podStatusFor(p.status, model, new Date()));
        if (result === "gone") requestStop("gone");
        return;
      } catch (err) {
        if (attempt >= 8) return log.error({ err }, "giving up writing pod status");
        log.warn({ err }, "pod status write failed; retrying");
        await sleep(Math.min(10_000, 250 * 2 ** attempt));
      }
    }
  };
  const write = serialWriter(writeOnce);
  const waitOrStop = (ms: number): Promise<void> => Promise.race([sleep(ms), stopped]);
  const signalAll = (sig: NodeJS.Signals): void => procs.forEach((p) => p.signal(sig));

  function requestStop(kind: Stop): void {
    if (stop === "gone" || stop === "shutdown") return;
    if (stop && (kind === "delete" || kind === "disrupt")) return;
    stop = kind;
    wake();
    log.info({ reason: kind }, "stopping pod");
    if (kind === "disrupt") {
      model = { ...model, disruption: { reason: "TerminationByKubelet", message: LOST.disrupt } };
      void write();
    }
    const grace = kind === "delete" ? gracePeriodSeconds(latest) : kind === "shutdown" ? 2 : 0;
    if (grace > 0) signalAll("SIGTERM");
    else signalAll("SIGKILL");
    clearTimeout(killTimer);
    killTimer = setTimeout(() => signalAll("SIGKILL"), grace * 1000);
  }

  async function prepare(c: V1Container): Promise<Prepared | undefined> {
    const image = c.image ?? "";
    const built = isBuiltImage(env.images, image);
    if (!built && !containerArgv(env.images, image, undefined, undefined, env.paths)) {
      const why = `image "${image}" is not mapped in test/env/images.json`;
      model = withContainer(model, c.name, setState({ kind: "waiting", reason: "ErrImagePull", message: why }));
      await write();
      await waitOrStop(IMAGE_BACKOFF_MS);
      if (stop) return undefined;
      model = withContainer(model, c.name, setState({ kind: "waiting", reason: "ImagePullBackOff", message: `Back-off pulling image "${image}": ${why}` }));
      await write();
      await stopped;
      return undefined;
    }
    for (let delay = 1000; !stop; delay = Math.min(30_000, delay * 2)) {
      const resolved = await resolveEnv(c);
      if (built && !("error" in resolved)) {
        const run = await prepareImageRun({ api: env.api, caCert: env.caCert, pod: latest, container: c, resolved, files }).catch((err: unknown) => ({ error: (err as Error).message }));
        if (!("error" in run)) return { argv: run.argv, env: { PATH: env.hostEnv.PATH ?? "" }, termInnermostOnly: true, rootWrites: run.rootWrites, cleanup: run.cleanup };
        log.info({ container: c.name, reason: run.error }, "CreateContainerConfigError");
        model = withContainer(model, c.name, setState({ kind: "waiting", reason: "CreateContainerConfigError", message: run.error }));
        await write();
        await waitOrStop(delay);
        continue;
      }
      if (!("error" in resolved)) {
        const argv = containerArgv(env.images, image, resolved.command, resolved.args, env.paths) ?? [];
        const imageEnv = { ...env.hostEnv, HOME: files.home, TMPDIR: files.tmp };
        return { argv, env: processEnv(imageEnv, resolved.env, files.terminationLog(c.name)) };
      }
      log.info({ container: c.name, reason: resolved.error }, "CreateContainerConfigError");
      model = withContainer(model, c.name, setState({ kind: "waiting", reason: "CreateContainerConfigError", message: resolved.error }));
      await write();
      await waitOrStop(delay);
    }
    return undefined;
  }

  async function resolveEnv(c: V1Container): Promise<ResolvedContainer> {
    const names = envSourceNames(c);
    try {
      const read = async (names: string[], get: (ns: string, n: string) => Promise<Record<string, string> | null>) =>
        new Map(await Promise.all(names.map(async (n) => [n, await get(namespace, n)] as const)));
      const [secrets, configMaps] = await Promise.all([read(names.secrets, env.api.secretData), read(names.configMaps, env.api.configMapData)]);
      return resolveContainer({ pod: latest, container: c, nodeName: env.nodeName, serviceEnv: env.serviceEnv, allocatable: env.allocatable, sources: { secrets, configMaps } });
    } catch (err) {
      return { error: `failed to read the container's env sources: ${(err as Error).message}` };
    }
  }

  /** Runs the container once; its exit code, or undefined when it was not started because the pod stops. */
  async function launch(c: V1Container, prepared: Prepared): Promise<number | undefined> {
    if (stop) {
      prepared.cleanup?.();
      return undefined;
    }
    clearFile(files.terminationLog(c.name));
    const started = await startContainerProcess({ argv: prepared.argv, env: prepared.env, cwd: files.dir, logFile: files.log(c.name), termInnermostOnly: prepared.termInnermostOnly === true });
    if ("failed" in started) {
      prepared.cleanup?.();
      const terminated = terminatedFor(started.failed);
      model = withContainer(model, c.name, setState({ kind: "terminated", terminated, finishedAt: new Date() }));
      log.warn({ container: c.name, reason: terminated.message }, "container could not start");
      return terminated.exitCode;
    }
    const proc = started.proc;
    procs.set(c.name, proc);
    writePid(files.pid(c.name), proc.pid);
    if (stop) proc.signal(stop === "delete" ? "SIGTERM" : "SIGKILL");
    model = withContainer(model, c.name, startedAt(proc.startedAt));
    log.info({ container: c.name, pid: proc.pid }, "container started");
    void write();
    const { outcome, finishedAt } = await proc.exited;
    const violation = readOnlyRootViolation(c, prepared.rootWrites?.() ?? []);
    prepared.cleanup?.();
    procs.delete(c.name);
    clearFile(files.pid(c.name));
    if (violation !== undefined) log.warn({ container: c.name, violation }, "read-only root written");
    const exited = terminatedFor(outcome);
    // A real node would have refused the write (EROFS); here the run fails afterwards.
    const t = violation === undefined ? exited : { ...exited, exitCode: exited.exitCode === 0 ? 1 : exited.exitCode, reason: "Error" as const };
    const message = violation ?? terminationMessage({
      policy: c.terminationMessagePolicy,
      file: readIfExists(files.terminationLog(c.name)),
      logTail: t.exitCode === 0 ? undefined : readTail(files.log(c.name), MAX_LOG_BYTES * 8),
      exitCode: t.exitCode,
    });
    const terminated = { ...t, ...(message ? { message } : {}) };
    model = withContainer(model, c.name, setState({ kind: "terminated", terminated, startedAt: proc.startedAt, finishedAt }));
    log.info({ container: c.name, exitCode: t.exitCode, reason: t.reason }, "container exited");
    return t.exitCode;
  }

  async function runToEnd(c: V1Container, init: boolean): Promise<boolean> {
    for (;;) {
      const prepared = await prepare(c);
      const exitCode = prepared && (await launch(c, prepared));
      if (exitCode === undefined) return false;
      const policy = latest.spec?.restartPolicy;
      const again = !stop && (init ? exitCode !== 0 && policy !== "Never" : restartsAfter(policy, exitCode));
      if (!again) {
        // The pod's last exit is written by finish(), with the terminal phase, in one write.
        if (!init && !allMainDone(model)) void write();
        return exitCode === 0;
      }
      const restart = ([...model.init, ...model.main].find((m) => m.name === c.name)?.restartCount ?? 0) + 1;
      const delay = restartDelayMs(restart);
      model = withContainer(model, c.name, restarting(delay > 0 ? "CrashLoopBackOff" : "ContainerCreating"));
      if (delay > 0) {
        void write();
        await waitOrStop(delay);
      }
      if (stop) return false;
    }
  }

  async function finish(): Promise<void> {
    clearTimeout(killTimer);
    if (stop === "gone" || stop === "shutdown") return;
    model = finalModel(model, new Date(), LOST[stop ?? "none"]);
    await write();
    if (stop === "delete" || isBeingDeleted(latest)) await env.api.deletePodNow(namespace, name, uid).catch((err: unknown) => log.warn({ err }, "final pod delete failed"));
    log.info("pod finished");
  }

  async function run(): Promise<void> {
    if (recover) {
      for (const c of [...model.init, ...model.main]) killRecordedGroup(files.pid(c.name));
      return finish();
    }
    createPodDirs(files);
    await write();
    const unsupported = unsupportedVolumes(latest, (latest.spec?.containers ?? []).every((c) => isBuiltImage(env.images, c.image ?? "")));
    if (unsupported.length > 0) {
      const message = `volumes other than emptyDir (and configMap for built images) are not supported on the stand-in node: ${unsupported.join(", ")}`;
      for (const c of [...model.init, ...model.main]) model = withContainer(model, c.name, setState({ kind: "waiting", reason: "CreateContainerConfigError", message }));
      await write();
      await stopped;
      return finish();
    }
    let initOk = true;
    for (const c of latest.spec?.initContainers ?? []) {
      initOk = !stop && (await runToEnd(c, true));
      if (!initOk) break;
    }
    if (initOk) await Promise.all((latest.spec?.containers ?? []).map((c) => runToEnd(c, false)));
    return finish();
  }

  const worker: PodWorker = {
    update(next) {
      latest = next;
      if (isBeingDeleted(next)) requestStop("delete");
      else if (wantsDisruption(next) && !model.final) requestStop("disrupt");
    },
    gone: () => requestStop("gone"),
    shutdown: () => requestStop("shutdown"),
    done: Promise.resolve()
      .then(() => worker.update(pod))
      .then(run)
      .catch(async (err: unknown) => {
        log.error({ err }, "pod worker failed; failing the pod");
        signalAll("SIGKILL");
        await finish();
      }),
  };
  return worker;
}
