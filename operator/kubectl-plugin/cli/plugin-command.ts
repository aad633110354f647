import type { Command } from "commander";
import type { PluginContext } from "./plugin-context.ts";

/** What a command's action receives: its positional arguments, its own and the global options, and the context. */
export interface Invocation {
  args: readonly string[];
  /** The command's options merged with the global ones (--kubeconfig, --context, --namespace), as commander parsed them. */
  options: Readonly<Record<string, unknown>>;
  context: PluginContext;
}

/**
 * One `kubectl exhaust <name>` command. `define` declares its arguments, options and help on the commander command
 * the framework created; `run` does the work and returns the process exit code (cli/exit-codes.ts). Errors the
 * user can fix are thrown as PluginError (cli/plugin-error.ts), which carries the hint printed under the message.
 */
export interface PluginCommand {
  name: string;
  /** Left out of --help (the `__complete` protocol command). */
  hidden?: boolean;
  /** Gets the words after its name untouched, global flags included, instead of commander's parse (`__complete`). */
  raw?: boolean;
  define(command: Command): void;
  run(invocation: Invocation): Promise<number>;
}
