import { describe, expect, it } from "vitest";
import { processOptions } from "../../../../operator/config/process-options.ts";

describe("processOptions", () => {
  const cases: { name: string; argv: string[]; env?: Record<string, string>; expected: Record<string, unknown> }[] = [
    {
      name: "nothing given -> in-cluster defaults, every argument left for the config",
      argv: ["--config", "c.yaml"],
      expected: {
        healthHost: "127.0.0.1",
        healthPort: 8081,
        leaderElect: true,
        leaseNamespace: "exhaust-system",
        leaseName: "exhaust-operator",
        leaseTimings: { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 },
        logLevel: "info",
        configArgv: ["--config", "c.yaml"],
      },
    },
    {
      name: "Lease timings in seconds, fractions allowed below the duration -> milliseconds",
      argv: ["--leader-election-lease-duration", "6", "--leader-election-renew-deadline=4.5", "--leader-election-retry-period", "1.5"],
      expected: { leaseTimings: { leaseDurationMs: 6_000, renewDeadlineMs: 4_500, retryPeriodMs: 1_500 }, configArgv: [] },
    },
    {
      name: "only the lease duration given, above the default renew deadline -> the other defaults kept",
      argv: ["--leader-election-lease-duration", "30"],
      expected: { leaseTimings: { leaseDurationMs: 30_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 } },
    },
    {
      name: "--kubeconfig and --flag=value forms are taken out; config flags stay in order",
      argv: ["--kubeconfig", "/k", "--workers", "3", "--health-port=0", "--leader-elect=false", "--max-concurrent-batches", "5"],
      expected: { kubeconfig: "/k", healthPort: 0, leaderElect: false, configArgv: ["--workers", "3", "--max-concurrent-batches", "5"] },
    },
    {
      name: "env fills what flags leave unset; a flag wins",
      argv: ["--log-level", "debug"],
      env: { POD_NAMESPACE: "ops", EXHAUST_LOG_LEVEL: "warn", EXHAUST_HEALTH_HOST: "0.0.0.0" },
      expected: { leaseNamespace: "ops", logLevel: "debug", healthHost: "0.0.0.0" },
    },
  ];
  it.each(cases)("$name", ({ argv, env, expected }) => {
    const result = processOptions(argv, env ?? {});
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.options).toMatchObject(expected);
  });

  const errors: { name: string; argv: string[]; error: RegExp }[] = [
    { name: "a flag without its value", argv: ["--kubeconfig"], error: /--kubeconfig needs a value/ },
    { name: "a port out of range", argv: ["--health-port", "70000"], error: /--health-port/ },
    { name: "leader-elect not a boolean", argv: ["--leader-elect", "yes"], error: /true or false/ },
    { name: "a fractional lease duration", argv: ["--leader-election-lease-duration", "5.5", "--leader-election-renew-deadline", "4"], error: /--leader-election-lease-duration must be a whole number/ },
    { name: "a lease duration of 0", argv: ["--leader-election-lease-duration", "0"], error: /--leader-election-lease-duration/ },
    { name: "a lease duration not a number", argv: ["--leader-election-lease-duration", "15s"], error: /--leader-election-lease-duration/ },
    { name: "a lease shorter than the default renew deadline", argv: ["--leader-election-lease-duration", "6"], error: /--leader-election-renew-deadline must be .* less than the lease duration/ },
    { name: "a renew deadline equal to the lease", argv: ["--leader-election-lease-duration", "6", "--leader-election-renew-deadline", "6", "--leader-election-retry-period", "1"], error: /--leader-election-renew-deadline/ },
    { name: "a retry period whose jitter reaches the renew deadline", argv: ["--leader-election-lease-duration", "6", "--leader-election-renew-deadline", "3", "--leader-election-retry-period", "2.5"], error: /--leader-election-retry-period/ },
    { name: "a retry period of 0", argv: ["--leader-election-retry-period", "0"], error: /--leader-election-retry-period/ },
    { name: "an unknown log level", argv: ["--log-level", "loud"], error: /--log-level/ },
  ];
  it.each(errors)("$name -> an error naming the flag", ({ argv, error }) => {
    const result = processOptions(argv, {});
    expect(result.ok ? "" : result.error).toMatch(error);
  });
});
