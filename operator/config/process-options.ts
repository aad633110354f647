// The operator process's own flags (how to reach the cluster, probes, leader election, logging), kept apart from
// the operator configuration (config.ts), which describes what the operator does. Pure: main.ts hands in argv and
// env and passes the remaining arguments to parseOperatorConfig.
import { defaultTimings, type ElectionTimings } from "../leader/lease-decision.ts";
import { parseFlags } from "./command-line.ts";
import { configFlags } from "./operator-config.ts";

export interface ProcessOptions {
  /** Out of cluster: this kubeconfig; otherwise KUBECONFIG, ~/.kube/config or the in-cluster service account. */
  kubeconfig?: string;
  healthHost: string;
  /** 0 picks a free port. */
  healthPort: number;
  leaderElect: boolean;
  leaseNamespace: string;
  leaseName: string;
  /** Lease duration, renew deadline and retry period (controller-runtime's 15 s / 10 s / 2 s unless set). */
  leaseTimings: ElectionTimings;
  logLevel: string;
  /** What is left for parseOperatorConfig. */
  configArgv: string[];
  help: boolean;
}

const FLAGS = ["kubeconfig", "health-host", "health-port", "leader-elect", "leader-election-namespace", "leader-election-id", "log-level", "leader-election-lease-duration", "leader-election-renew-deadline", "leader-election-retry-period"] as const;
type Flag = (typeof FLAGS)[number];

const LOG_LEVELS = new Set(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

/** Every flag the operator takes: its own and those of its configuration (config.ts). */
export const operatorFlags: readonly string[] = [...FLAGS, ...configFlags];

/**
 * Splits argv into the process flags and the rest; env fills in what flags leave unset. `help` asks for the usage
 * text; the caller prints it.
 */
export function processOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): { ok: true; options: ProcessOptions } | { ok: false; error: string } {
  const parsed = parseFlags(argv, operatorFlags);
  if (!parsed.ok) return parsed;
  const values = parsed.flags.values as Partial<Record<Flag, string>>;
  const configArgv = parsed.flags.raw.filter((r) => !(FLAGS as readonly string[]).includes(r.name)).flatMap((r) => r.args);
  const healthPort = Number(values["health-port"] ?? env.EXHAUST_HEALTH_PORT ?? "8081");
  if (!Number.isInteger(healthPort) || healthPort < 0 || healthPort > 65535) return { ok: false, error: "--health-port must be a port number (0 picks a free one)" };
  const leaderElect = values["leader-elect"] ?? "true";
  if (leaderElect !== "true" && leaderElect !== "false") return { ok: false, error: "--leader-elect must be true or false" };
  const leaseTimings = electionTimings(values);
  if (!leaseTimings.ok) return leaseTimings;
  const logLevel = values["log-level"] ?? env.EXHAUST_LOG_LEVEL ?? "info";
  if (!LOG_LEVELS.has(logLevel)) return { ok: false, error: `--log-level must be one of ${[...LOG_LEVELS].join(", ")}` };
  const kubeconfig = values.kubeconfig;
  return {
    ok: true,
    options: {
      ...(kubeconfig === undefined ? {} : { kubeconfig }),
      healthHost: values["health-host"] ?? env.EXHAUST_HEALTH_HOST ?? "127.0.0.1",
      healthPort,
      leaderElect: leaderElect === "true",
      leaseNamespace: values["leader-election-namespace"] ?? env.POD_NAMESPACE ?? "exhaust-system",
      leaseName: values["leader-election-id"] ?? "exhaust-operator",
      leaseTimings: leaseTimings.timings,
      logLevel,
      configArgv,
      help: parsed.flags.help,
    },
  };
}

const PROCESS_FLAG_HELP: Record<Flag, string> = {
  kubeconfig: "kubeconfig file (default: KUBECONFIG, ~/.kube/config, or the in-cluster service account)",
  "health-host": "address of /healthz, /readyz and /metrics (env EXHAUST_HEALTH_HOST, default 127.0.0.1)",
  "health-port": "port of the health server, 0 picks one (env EXHAUST_HEALTH_PORT, default 8081)",
  "leader-elect": "true or false: campaign for the Lease before reconciling (default true)",
  "leader-election-namespace": "namespace of the Lease (env POD_NAMESPACE, default exhaust-system)",
  "leader-election-id": "name of the Lease (default exhaust-operator)",
  "leader-election-lease-duration": "seconds a standby waits for a silent leader's Lease to run out (whole, default 15)",
  "leader-election-renew-deadline": "seconds the leader may fail to renew before it stops leading (default 10)",
  "leader-election-retry-period": "seconds between Lease attempts (default 2)",
  "log-level": `one of ${[...LOG_LEVELS].join(", ")} (env EXHAUST_LOG_LEVEL, default info)`,
};

/**
 * The Lease timings from their flags (seconds), with client-go's constraints: the lease outlasts the renew
 * deadline, which outlasts 1.2 retry periods (a retry's jitter), so a healthy leader always renews in time.
 */
function electionTimings(values: Partial<Record<Flag, string>>): { ok: true; timings: ElectionTimings } | { ok: false; error: string } {
  const seconds = (flag: Flag, fallbackMs: number) => (values[flag] === undefined ? fallbackMs / 1000 : Number(values[flag]));
  const lease = seconds("leader-election-lease-duration", defaultTimings.leaseDurationMs);
  const renew = seconds("leader-election-renew-deadline", defaultTimings.renewDeadlineMs);
  const retry = seconds("leader-election-retry-period", defaultTimings.retryPeriodMs);
  // The Lease records its duration in whole seconds (spec.leaseDurationSeconds).
  if (!Number.isInteger(lease) || lease < 1) return { ok: false, error: "--leader-election-lease-duration must be a whole number of seconds, at least 1" };
  if (!(renew > 0 && renew < lease)) return { ok: false, error: "--leader-election-renew-deadline must be more than 0 and less than the lease duration" };
  if (!(retry > 0 && retry * 1.2 < renew)) return { ok: false, error: "--leader-election-retry-period must be more than 0 and 1.2 times it less than the renew deadline" };
  return { ok: true, timings: { leaseDurationMs: lease * 1000, renewDeadlineMs: renew * 1000, retryPeriodMs: retry * 1000 } };
}

/** The text `--help` prints: the process flags, then the configuration's file and overrides. */
export function usage(overrides: readonly { flag: string; env: string; path: readonly string[] }[]): string {
  const line = (flag: string, text: string) => `  --${flag.padEnd(38)} ${text}`;
  return [
    "Usage: exhaust-operator [flags]",
    "",
    "Process:",
    ...FLAGS.map((f) => line(f, PROCESS_FLAG_HELP[f])),
    "",
    "Configuration (a file, then env, then flags; a flag wins):",
    line("config", "YAML or JSON configuration file (env EXHAUST_OPERATOR_CONFIG)"),
    ...overrides.map((o) => line(o.flag, `${o.path.join(".")} (env ${o.env})`)),
    "",
  ].join("\n");
}
