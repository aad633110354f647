import type { ExhaustRequest } from "../../../crds/exhaust-request.ts";
import { parseProgressLines } from "../../../crds/runner-progress.ts";
import type { Clock } from "../../clock/clock.ts";
import type { OperatorConfig } from "../../config/operator-config.ts";
import type { KubeApi } from "../../kube/client/api-client.ts";
import { instantMs } from "../../kube/meta/meta-time.ts";
import { objectPath, pods } from "../../kube/meta/resource-type.ts";
import { fullBucket, takeTokenIfAvailable, type TokenBucket, type TokenBucketLimits } from "../../kube/runtime/rate-limiter.ts";
import type { Logger } from "../../log/log.ts";
import type { RequestMetrics } from "../../metrics/registry.ts";
import type { JobProgressReading } from "../plan/progress-merge.ts";
import { progressReadsDue, progressTailLines, type ProgressCandidate } from "../plan/progress-reads.ts";
import { asV1Pod, BY_JOB, type RequestCaches } from "./caches.ts";

export interface ProgressReaderDeps {
  api: KubeApi;
  caches: RequestCaches;
  clock: Clock;
  config: OperatorConfig["progress"];
  metrics: Pick<RequestMetrics, "progressLogReads" | "progressLogReadSeconds">;
}

/** How long one pods/log read may take before the pass goes on without it. */
const LOG_READ_TIMEOUT_MS = 5_000;

/**
 * Reads the last progress lines of a request's Running batches from their runner pods' logs (pods/log, tailLines):
 * each Job at most once per interval (progressReadsDue), and every read over all requests through one token bucket,
 * so at any number of running batches the API server sees at most logReadsPerSecond reads. A read that finds no token
 * waits for the Job's next interval. The runner pods need no API access for this.
 */
export class ProgressReader {
  readonly #deps: ProgressReaderDeps;
  readonly #limits: TokenBucketLimits;
  readonly #lastRead = new Map<string, number>();
  #bucket: TokenBucket | undefined;

  constructor(deps: ProgressReaderDeps) {
    this.#deps = deps;
    this.#limits = { qps: deps.config.logReadsPerSecond, burst: deps.config.logReadBurst };
  }

  /** The latest reading of each Running batch whose Job was due a read, by batch id. */
  async readFor(request: ExhaustRequest, log: Logger, signal: AbortSignal): Promise<Record<string, JobProgressReading>> {
    const intervalMs = this.#deps.config.intervalSeconds * 1000;
    const running = (request.status?.batches ?? []).filter((b) => b.phase === "Running" && b.jobName !== undefined);
    if (intervalMs <= 0 || running.length === 0) return {};
    const namespace = request.metadata.namespace ?? "";
    const nowMs = this.#deps.clock.now().getTime();
    this.#forgetOlderThan(nowMs - 10 * intervalMs);
    const batchesOf = new Map<string, string[]>();
    for (const b of running) batchesOf.set(b.jobName ?? "", [...(batchesOf.get(b.jobName ?? "") ?? []), b.batchId]);
    const candidates = [...batchesOf.keys()].map((jobName): ProgressCandidate => {
      const job = this.#deps.caches.jobs.get(namespace, jobName);
      const shown = running.filter((b) => b.jobName === jobName).map((b) => instantMs(b.progressTime) ?? -Infinity);
      const lastReadMs = this.#lastRead.get(`${namespace}/${jobName}`);
      return {
        jobName,
        startedMs: instantMs(job?.metadata?.creationTimestamp) ?? nowMs,
        // progressTime is the runner's clock: one a little ahead of the operator's must not postpone the next read.
        ...(shown.length === 0 ? {} : { shownMs: Math.min(Math.max(...shown), nowMs) }),
        ...(lastReadMs === undefined ? {} : { lastReadMs }),
      };
    });
    const reads: { jobName: string; pod: string; batchIds: string[] }[] = [];
    for (const jobName of progressReadsDue(candidates, nowMs, intervalMs)) {
      const pod = this.#runningPodOf(this.#deps.caches.jobs.get(namespace, jobName)?.metadata?.uid);
      if (pod === undefined) continue;
      const taken = takeTokenIfAvailable(this.#bucket ?? fullBucket(this.#limits, nowMs), this.#limits, nowMs);
      this.#bucket = taken.bucket;
      this.#lastRead.set(`${namespace}/${jobName}`, nowMs);
      if (!taken.allowed) {
        this.#deps.metrics.progressLogReads.inc({ outcome: "limited" });
        continue;
      }
      reads.push({ jobName, pod, batchIds: batchesOf.get(jobName) ?? [] });
    }
    // At once, each bounded: a kubelet that does not answer (a NotReady node still shows its pods Running) must cost
    // this pass one short wait, not the whole reconcile timeout that results, deadlines and retries also need.
    const texts = await Promise.all(reads.map(async (r) => this.#readLog(namespace, r.pod, progressTailLines(r.batchIds.length), log, AbortSignal.any([signal, AbortSignal.timeout(LOG_READ_TIMEOUT_MS)]))));
    const out: Record<string, JobProgressReading> = {};
    reads.forEach(({ jobName, batchIds }, i) => {
      for (const [batchId, reading] of parseProgressLines(texts[i] ?? "")) if (batchIds.includes(batchId)) out[batchId] = { ...reading, jobName };
    });
    return out;
  }

  async #readLog(namespace: string, pod: string, tailLines: number, log: Logger, signal: AbortSignal): Promise<string | undefined> {
    const end = this.#deps.metrics.progressLogReadSeconds.startTimer();
    try {
      const text = await this.#deps.api.request<string>("GET", objectPath(pods, namespace, pod, "log"), { query: { tailLines }, signal, responseType: "text" });
      this.#deps.metrics.progressLogReads.inc({ outcome: "read" });
      return text;
    } catch (err) {
      // The pod may have just ended or its node may not serve logs: the result (or the next read) still comes.
      this.#deps.metrics.progressLogReads.inc({ outcome: "error" });
      log.debug({ pod, err }, "runner progress not read");
      return undefined;
    } finally {
      end();
    }
  }

  /** The Job's pod whose container runs now (the newest, if a restart left several). */
  #runningPodOf(jobUid: string | undefined): string | undefined {
    if (jobUid === undefined) return undefined;
    const running = this.#deps.caches.pods
      .byIndex(BY_JOB, jobUid)
      .map(asV1Pod)
      .filter((p) => p.status?.phase === "Running")
      .sort((a, b) => (instantMs(b.metadata?.creationTimestamp) ?? 0) - (instantMs(a.metadata?.creationTimestamp) ?? 0));
    return running[0]?.metadata?.name;
  }

  #forgetOlderThan(ms: number): void {
    for (const [key, at] of this.#lastRead) if (at < ms) this.#lastRead.delete(key);
  }
}
