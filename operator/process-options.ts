// The operator process's own flags (how to reach the cluster, probes, leader election, logging), kept apart from
// the operator configuration (config.ts), which describes what the operator does. Pure: main.ts hands in argv and
// env and passes the remaining arguments to parseOperatorConfig.

export interface ProcessOptions {
  /** Out of cluster: this kubeconfig; otherwise KUBECONFIG, ~/.kube/config or the in-cluster service account. */
  kubeconfig?: string;
  healthHost: string;
  /** 0 picks a free port. */
  healthPort: number;
  leaderElect: boolean;
  leaseNamespace: string;
  leaseName: string;
  logLevel: string;
  /** What is left for parseOperatorConfig. */
  configArgv: string[];
}

const FLAGS = ["kubeconfig", "health-host", "health-port", "leader-elect", "leader-election-namespace", "leader-election-id", "log-level"] as const;
type Flag = (typeof FLAGS)[number];

const LOG_LEVELS = new Set(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

/** Splits argv into the process flags and the rest; env fills in what flags leave unset. */
export function processOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): { ok: true; options: ProcessOptions } | { ok: false; error: string } {
  const values: Partial<Record<Flag, string>> = {};
  const configArgv: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const [name, inline] = arg.startsWith("--") ? splitOnce(arg.slice(2)) : ["", undefined];
    if (!(FLAGS as readonly string[]).includes(name)) {
      configArgv.push(arg);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) return { ok: false, error: `--${name} needs a value` };
    values[name as Flag] = value;
  }
  const healthPort = Number(values["health-port"] ?? env.EXHAUST_HEALTH_PORT ?? "8081");
  if (!Number.isInteger(healthPort) || healthPort < 0 || healthPort > 65535) return { ok: false, error: "--health-port must be a port number (0 picks a free one)" };
  const leaderElect = values["leader-elect"] ?? "true";
  if (leaderElect !== "true" && leaderElect !== "false") return { ok: false, error: "--leader-elect must be true or false" };
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
      logLevel,
      configArgv,
    },
  };
}

function splitOnce(flag: string): [string, string | undefined] {
  const eq = flag.indexOf("=");
  return eq < 0 ? [flag, undefined] : [flag.slice(0, eq), flag.slice(eq + 1)];
}
