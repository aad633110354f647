import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

// Names and labels follow controller-runtime and client-go (operator-practices.md §2.8), so their dashboards and
// alerts work unchanged. Every metric is created once per registry; controllers tell themselves apart by label.

type QueueLabels = "name" | "controller";

/** What a work queue reports about in-flight items when the registry is scraped. */
export interface UnfinishedWork {
  labels: Record<QueueLabels, string>;
  unfinishedSeconds: number;
  longestRunningSeconds: number;
}

export interface WorkQueueMetrics {
  depth: Gauge<QueueLabels>;
  adds: Counter<QueueLabels>;
  retries: Counter<QueueLabels>;
  queueDuration: Histogram<QueueLabels>;
  workDuration: Histogram<QueueLabels>;
  /** Registers a source for the two in-flight gauges; returns its removal. */
  trackUnfinished(source: () => UnfinishedWork): () => void;
}

export interface ReconcileMetrics {
  total: Counter<"controller" | "result">;
  errors: Counter<"controller">;
  terminalErrors: Counter<"controller">;
  panics: Counter<"controller">;
  timeouts: Counter<"controller">;
  time: Histogram<"controller">;
  maxConcurrent: Gauge<"controller">;
  activeWorkers: Gauge<"controller">;
}

export interface InformerMetrics {
  reconnects: Counter<"resource">;
  relists: Counter<"resource">;
  errors: Counter<"resource">;
  events: Counter<"resource" | "type">;
}

/** The ExhaustSchedule controller's own figures (operator-practices.md §8 item 13), labelled by schedule. */
export interface ScheduleMetrics {
  nextRun: Gauge<"namespace" | "schedule">;
  lastSuccess: Gauge<"namespace" | "schedule">;
  missedRuns: Counter<"namespace" | "schedule">;
  skippedRuns: Counter<"namespace" | "schedule">;
  /** CronJob's job_creation_skew_duration_seconds: from the slot to the request's creation. */
  creationSkew: Histogram;
}

/** The Sunbird bridge's figures (docs/sunbird-bridge.md): what it read, created and wrote back, and how late. */
export interface BridgeMetrics {
  /** job_request rows of the bridge's job ids read, per pass, summed. */
  rowsSeen: Counter;
  requestsCreated: Counter<"report">;
  /** Guarded row writes that changed the row, by the status written. */
  writeBacks: Counter<"status">;
  /** dt_job_submitted to the creation of the submission's ExhaustRequest. */
  submissionLag: Histogram;
}

/** Request and batch outcomes, counted once by the pass that writes each transition. */
export interface RequestMetrics {
  requestsFinished: Counter<"phase" | "reason">;
  requestDuration: Histogram;
  batchesFinished: Counter<"phase" | "retryable">;
  batchRetries: Counter;
  /** pods/log reads of runner progress, by outcome (read, skipped for the rate limit, error), and their time. */
  progressLogReads: Counter<"outcome">;
  progressLogReadSeconds: Histogram;
}

export interface OperatorMetrics {
  registry: Registry;
  schedule: ScheduleMetrics;
  bridge: BridgeMetrics;
  request: RequestMetrics;
  workqueue: WorkQueueMetrics;
  reconcile: ReconcileMetrics;
  informer: InformerMetrics;
  restClientRequests: Counter<"code" | "method" | "host">;
  leaderElectionMasterStatus: Gauge<"name">;
}

// client-go's workqueue buckets: 10 ns to 10 s by powers of ten.
const queueBuckets = Array.from({ length: 10 }, (_, i) => 1e-8 * 10 ** i);
// controller-runtime's reconcile_time_seconds buckets.
const reconcileBuckets = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.25, 1.5, 1.75, 2,
  2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
];

export interface MetricsOptions {
  /** Process metrics (CPU, memory, event loop); off in unit tests to keep them fast. */
  defaultMetrics?: boolean;
}

export function newOperatorMetrics(options: MetricsOptions = {}): OperatorMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const queueLabels: QueueLabels[] = ["name", "controller"];

  const unfinished = new Set<() => UnfinishedWork>();
  const inFlightGauge = (name: string, help: string, pick: (w: UnfinishedWork) => number) =>
    new Gauge({
      name,
      help,
      labelNames: queueLabels,
      registers,
      collect() {
        this.reset();
        for (const source of unfinished) {
          const work = source();
          this.set(work.labels, pick(work));
        }
      },
    });
  inFlightGauge(
    "workqueue_unfinished_work_seconds",
    "Seconds of work in progress not yet observed by work_duration; large values indicate stuck workers.",
    (w) => w.unfinishedSeconds,
  );
  inFlightGauge(
    "workqueue_longest_running_processor_seconds",
    "Seconds the longest running processor for the queue has been running.",
    (w) => w.longestRunningSeconds,
  );

  const controllerCounter = (name: string, help: string) =>
    new Counter({ name, help, labelNames: ["controller"], registers });

  const scheduleLabels = ["namespace", "schedule"] as const;
  return {
    registry,
    request: {
      requestsFinished: new Counter({ name: "exhaust_requests_finished_total", help: "ExhaustRequests that finished, by final phase and the reason of the deciding condition.", labelNames: ["phase", "reason"], registers }),
      requestDuration: new Histogram({
        name: "exhaust_request_duration_seconds",
        help: "Time from an ExhaustRequest's creation to its completion.",
        buckets: [5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400],
        registers,
      }),
      batchesFinished: new Counter({ name: "exhaust_batches_finished_total", help: "Batches that finished, by phase and whether their last error was retryable.", labelNames: ["phase", "retryable"], registers }),
      batchRetries: new Counter({ name: "exhaust_batch_retries_total", help: "Batch attempts that failed and were scheduled for a retry.", registers }),
      progressLogReads: new Counter({
        name: "exhaust_progress_log_reads_total",
        help: "Runner pod log reads for progress: read, limited (no token in the global rate limit) or error.",
        labelNames: ["outcome"],
        registers,
      }),
      progressLogReadSeconds: new Histogram({
        name: "exhaust_progress_log_read_seconds",
        help: "Time of one runner pod log read (tailLines) through the API server.",
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
        registers,
      }),
    },
    schedule: {
      nextRun: new Gauge({ name: "exhaust_schedule_next_run_timestamp_seconds", help: "When the schedule's next slot is due (Unix seconds).", labelNames: scheduleLabels, registers }),
      lastSuccess: new Gauge({
        name: "exhaust_schedule_last_success_timestamp_seconds",
        help: "When the schedule's last successful run finished (Unix seconds).",
        labelNames: scheduleLabels,
        registers,
      }),
      missedRuns: new Counter({ name: "exhaust_schedule_missed_runs_total", help: "Slots given up: past their deadline or superseded by a newer slot.", labelNames: scheduleLabels, registers }),
      skippedRuns: new Counter({ name: "exhaust_schedule_skipped_runs_total", help: "Slots not started because of suspend or concurrencyPolicy Forbid.", labelNames: scheduleLabels, registers }),
      creationSkew: new Histogram({
        name: "exhaust_schedule_creation_skew_seconds",
        help: "Time between a slot and the creation of its ExhaustRequest.",
        buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
        registers,
      }),
    },
    bridge: {
      rowsSeen: new Counter({ name: "exhaust_bridge_rows_seen_total", help: "job_request rows of the bridge's job ids read, summed over passes.", registers }),
      requestsCreated: new Counter({ name: "exhaust_bridge_requests_created_total", help: "ExhaustRequests the bridge created from job_request rows.", labelNames: ["report"], registers }),
      writeBacks: new Counter({ name: "exhaust_bridge_write_backs_total", help: "job_request rows the bridge updated, by the status written.", labelNames: ["status"], registers }),
      submissionLag: new Histogram({
        name: "exhaust_bridge_submission_lag_seconds",
        help: "Time from a row's dt_job_submitted to the creation of its ExhaustRequest.",
        buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
        registers,
      }),
    },
    workqueue: {
      depth: new Gauge({ name: "workqueue_depth", help: "Current depth of the work queue.", labelNames: queueLabels, registers }),
      adds: new Counter({ name: "workqueue_adds_total", help: "Total adds handled by the work queue.", labelNames: queueLabels, registers }),
      retries: new Counter({ name: "workqueue_retries_total", help: "Total retries handled by the work queue.", labelNames: queueLabels, registers }),
      queueDuration: new Histogram({
        name: "workqueue_queue_duration_seconds",
        help: "Seconds an item stays in the work queue before being requested.",
        labelNames: queueLabels,
        buckets: queueBuckets,
        registers,
      }),
      workDuration: new Histogram({
        name: "workqueue_work_duration_seconds",
        help: "Seconds processing an item from the work queue takes.",
        labelNames: queueLabels,
        buckets: queueBuckets,
        registers,
      }),
      trackUnfinished(source) {
        unfinished.add(source);
        return () => unfinished.delete(source);
      },
    },
    reconcile: {
      total: new Counter({
        name: "controller_runtime_reconcile_total",
        help: "Total number of reconciliations per controller.",
        labelNames: ["controller", "result"],
        registers,
      }),
      errors: controllerCounter("controller_runtime_reconcile_errors_total", "Total number of reconciliation errors per controller."),
      terminalErrors: controllerCounter(
        "controller_runtime_terminal_reconcile_errors_total",
        "Total number of terminal reconciliation errors per controller.",
      ),
      panics: controllerCounter("controller_runtime_reconcile_panics_total", "Total number of reconciliation panics per controller."),
      timeouts: controllerCounter("controller_runtime_reconcile_timeouts_total", "Total number of reconciliation timeouts per controller."),
      time: new Histogram({
        name: "controller_runtime_reconcile_time_seconds",
        help: "Length of time per reconciliation per controller.",
        labelNames: ["controller"],
        buckets: reconcileBuckets,
        registers,
      }),
      maxConcurrent: new Gauge({
        name: "controller_runtime_max_concurrent_reconciles",
        help: "Maximum number of concurrent reconciles per controller.",
        labelNames: ["controller"],
        registers,
      }),
      activeWorkers: new Gauge({
        name: "controller_runtime_active_workers",
        help: "Number of currently used workers per controller.",
        labelNames: ["controller"],
        registers,
      }),
    },
    informer: {
      reconnects: new Counter({ name: "exhaust_informer_watch_reconnects_total", help: "Watch connections re-opened after an end or error.", labelNames: ["resource"], registers }),
      relists: new Counter({ name: "exhaust_informer_relists_total", help: "Full lists after the first one (410 Gone, periodic resync).", labelNames: ["resource"], registers }),
      errors: new Counter({ name: "exhaust_informer_errors_total", help: "List or watch failures.", labelNames: ["resource"], registers }),
      events: new Counter({ name: "exhaust_informer_events_total", help: "Watch events received, by type.", labelNames: ["resource", "type"], registers }),
    },
    restClientRequests: new Counter({
      name: "rest_client_requests_total",
      help: "Number of HTTP requests to the Kubernetes API, partitioned by status code, method, and host.",
      labelNames: ["code", "method", "host"],
      registers,
    }),
    leaderElectionMasterStatus: new Gauge({
      name: "leader_election_master_status",
      help: "Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master.",
      labelNames: ["name"],
      registers,
    }),
  };
}
