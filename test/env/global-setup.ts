import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { guardPath, repoRoot, startStack } from "./stack.ts";

// One real stack per test run. Every Node process started from here on (test workers, operator, runners through
// the stand-in node) inherits the loopback guard.
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  return stackSetup(project, {});
}

/** The setup with stack options (test/faults/global-setup.ts raises the stand-in node's pod cap). */
export async function stackSetup(project: TestProject, options: Parameters<typeof startStack>[0]): Promise<() => Promise<void>> {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --import=${guardPath}`.trim();
  await import(guardPath);
  const stack = await startStack(options);
  console.log(`test stack up: ${JSON.stringify(stack.timings)} (endpoints: ${stack.endpointsFile})`);
  project.provide("endpoints", stack.endpoints);
  return () => stack.stop({ keepLogsIn: join(repoRoot, "test-results", "stack-logs") });
}
