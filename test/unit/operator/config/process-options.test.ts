import { describe, expect, it } from "vitest";
import { processOptions } from "../../../../operator/config/process-options.ts";

describe("processOptions", () => {
  const cases: { name: string; argv: string[]; env?: Record<string, string>; expected: Record<string, unknown> }[] = [
    {
      name: "nothing given -> in-cluster defaults, every argument left for the config",
      argv: ["--config", "c.yaml"],
      expected: { healthHost: "127.0.0.1", healthPort: 8081, leaderElect: true, leaseNamespace: "exhaust-system", leaseName: "exhaust-operator", logLevel: "info", configArgv: ["--config", "c.yaml"] },
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
    { name: "an unknown log level", argv: ["--log-level", "loud"], error: /--log-level/ },
  ];
  it.each(errors)("$name -> an error naming the flag", ({ argv, error }) => {
    const result = processOptions(argv, {});
    expect(result.ok ? "" : result.error).toMatch(error);
  });
});
