import type { TestProject } from "vitest/node";
import { stackSetup } from "../env/global-setup.ts";

// The fault suite's stack: the stand-in node takes 12 pods instead of 4, because its files run at the same time
// (test/faults/vitest.config.ts) and six store outages, the load burst and the operator kills would otherwise queue
// for the same four pod slots, and queueing would be measured as their recovery time.
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  return stackSetup(project, { maxPods: 12 });
}
