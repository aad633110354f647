import { join } from "node:path";
import { defineConfig } from "vitest/config";

// `npm run test:faults`: the fault suite's long variants (issue 16, docs/reliability.md). Not part of `npm test`,
// which runs the short variants. One file at a time: scenarios stop stores and kill processes.
export default defineConfig({
  // Paths below are the repository's, wherever vitest is started from.
  root: join(import.meta.dirname, "../.."),
  test: {
    name: "faults",
    include: ["test/faults/**/*.test.ts"],
    globalSetup: ["test/env/global-setup.ts"],
    reporters: ["default", "./test/env/summary-reporter.ts"],
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 1_200_000,
    hookTimeout: 600_000,
  },
});
