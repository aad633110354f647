import type { Logger } from "../log/log.ts";

export interface ShutdownSteps {
  /** Stop taking new work: stop informers' event handlers from enqueuing, stop schedulers. */
  stopIntake: () => void | Promise<void>;
  /** Finish reconciles in flight; resolves true when all finished within `timeoutMs`. */
  drain: (timeoutMs: number) => Promise<boolean>;
  /** Release the leader Lease (if held) so a standby takes over without waiting for expiry. */
  release: () => Promise<void>;
  /** Anything else to close last: informers, the health server. */
  close?: () => Promise<void>;
}

/**
 * Returns an idempotent shutdown: stop intake, drain in-flight reconciles (bounded), release the Lease, close.
 * Each step runs even if an earlier one failed. Resolves with the exit code to use (0, or 1 if anything failed).
 */
export function gracefulShutdown(steps: ShutdownSteps, options: { drainTimeoutMs: number; log: Logger }): (reason: string) => Promise<number> {
  let running: Promise<number> | undefined;
  return (reason) => {
    running ??= (async () => {
      const { log } = options;
      log.info({ reason }, "Shutting down");
      let failed = false;
      const step = async (name: string, fn: () => unknown) => {
        try {
          await fn();
        } catch (err) {
          failed = true;
          log.error({ err, step: name }, "Shutdown step failed");
        }
      };
      await step("stopIntake", steps.stopIntake);
      await step("drain", async () => {
        if (!(await steps.drain(options.drainTimeoutMs))) {
          log.warn({ timeoutMs: options.drainTimeoutMs }, "Reconciles were still running when the drain timeout passed");
        }
      });
      await step("release", steps.release);
      if (steps.close) await step("close", steps.close);
      log.info("Shut down");
      return failed ? 1 : 0;
    })();
    return running;
  };
}

/** Runs `shutdown` on SIGTERM/SIGINT, then exits with its code; a second signal exits at once. */
export function exitOnSignals(shutdown: (reason: string) => Promise<number>, exit: (code: number) => void = process.exit): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) return exit(130);
    signalled = true;
    void shutdown(signal).then(exit);
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
