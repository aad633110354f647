import { defineConfig } from "vitest/config";

// Two projects: unit tests need no servers; integration and e2e tests share one real stack started once per run
// by the global setup (test/env/global-setup.ts). On 2 cores, two integration files at a time is the ceiling.
export default defineConfig({
  test: {
    reporters: ["default", "./test/env/summary-reporter.ts"],
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      {
        test: {
          name: "integration",
          // Of the fault suite (test/faults/vitest.config.ts), the scenarios that are already short: 4 (apiserver
          // restarted, on a private cluster), 5 (bad input) and 8 (export policy). The others run here in short
          // variants under test/e2e and test/integration.
          include: ["test/integration/**/*.test.ts", "test/e2e/**/*.test.ts", "test/faults/bad-input.test.ts", "test/faults/export-policy.test.ts", "test/faults/apiserver-restarted.test.ts"],
          globalSetup: ["test/env/global-setup.ts"],
          maxWorkers: 2,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
