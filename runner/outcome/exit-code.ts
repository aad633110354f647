import { runnerExitCodes, type BatchResult } from "../../crds/runner-contract.ts";

/**
 * The run's exit code: 0 when every batch succeeded; 20 when any failure is retryable; else 11 when the runner's
 * own configuration caused a failure; else 10 (every failure is non-retryable).
 */
export function exitCodeFor(batches: readonly BatchResult[], configFailure: boolean): number {
  const failed = batches.filter((b) => !b.ok);
  if (failed.length === 0 && !configFailure) return runnerExitCodes.ok;
  if (failed.some((b) => b.retryable === true)) return runnerExitCodes.retryable;
  if (configFailure) return runnerExitCodes.config;
  return runnerExitCodes.nonRetryable;
}
