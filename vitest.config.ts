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
          include: ["test/integration/**/*.test.ts", "test/e2e/**/*.test.ts", "test/faults/**/*.test.ts"],
          globalSetup: ["test/env/global-setup.ts"],
          maxWorkers: 2,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
