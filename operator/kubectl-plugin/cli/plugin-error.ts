import { pluginExitCodes } from "./exit-codes.ts";

/**
 * An error the user can act on: `message` says what is wrong, `hint` what to do next (printed on the line below),
 * `exitCode` what the process returns. Anything else reaching the top is reported as an unexpected failure.
 */
export class PluginError extends Error {
  override readonly name = "PluginError";
  readonly hint: string | undefined;
  readonly exitCode: number;

  constructor(message: string, options: { hint?: string; exitCode?: number } = {}) {
    super(message);
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? pluginExitCodes.failed;
  }
}

/** A wrong flag or argument: exit code 2, nothing was sent to the cluster. */
export const usageError = (message: string, hint?: string): PluginError =>
  new PluginError(message, { exitCode: pluginExitCodes.usage, ...(hint === undefined ? {} : { hint }) });
