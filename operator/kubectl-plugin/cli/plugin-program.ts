import { Command, CommanderError } from "commander";
import { errorReportOf } from "./error-report.ts";
import { pluginExitCodes } from "./exit-codes.ts";
import type { PluginCommand } from "./plugin-command.ts";
import type { ConnectionFlags, KubeTarget, PluginContext, PluginEnvironment } from "./plugin-context.ts";

/** How kubectl shows the plugin: `kubectl exhaust`; usage lines and examples use this name. */
export const PROGRAM_NAME = "kubectl exhaust";

const USAGE_HINT = "(run the command with --help to see its flags and an example)";

/**
 * The commander program: the global connection flags (accepted before or after the command, as kubectl's are),
 * one subcommand per PluginCommand, help that shows the global flags on every command, and output through the
 * environment's streams. Errors throw instead of exiting, so runPlugin chooses the exit code.
 */
export function newPluginProgram(commands: readonly PluginCommand[], env: PluginEnvironment, onExitCode: (code: number) => void): Command {
  const program = new Command(PROGRAM_NAME)
    .description("ExhaustRequests from the terminal: create them, watch them run, read their runners' logs.")
    .option("--kubeconfig <file>", "path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config)")
    .option("--context <name>", "the kubeconfig context to use (default: the current context)")
    .option("-n, --namespace <namespace>", "the namespace (default: the context's namespace, then \"default\")")
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .configureOutput({ writeOut: (text) => env.out.write(text), writeErr: (text) => env.err.write(text) })
    .showHelpAfterError(USAGE_HINT)
    .exitOverride();
  for (const spec of commands) {
    const command = program.command(spec.name, { hidden: spec.hidden === true });
    spec.define(command);
    command.action(async () => {
      const options = command.optsWithGlobals();
      onExitCode(await spec.run({ args: command.args, options, context: contextFor(env, program, options) }));
    });
  }
  return program;
}

function contextFor(env: PluginEnvironment, program: Command, flags: ConnectionFlags): PluginContext {
  let target: Promise<KubeTarget> | undefined;
  const connection: ConnectionFlags = {
    ...(flags.kubeconfig === undefined ? {} : { kubeconfig: flags.kubeconfig }),
    ...(flags.context === undefined ? {} : { context: flags.context }),
    ...(flags.namespace === undefined ? {} : { namespace: flags.namespace }),
  };
  return { ...env, program, kube: () => (target ??= env.connect(connection)) };
}

/** Runs one command line (without the program name) and returns the exit code; nothing here exits the process. */
export async function runPlugin(argv: readonly string[], commands: readonly PluginCommand[], env: PluginEnvironment): Promise<number> {
  let exitCode: number = pluginExitCodes.ok;
  const program = newPluginProgram(commands, env, (code) => (exitCode = code));
  if (argv.length === 0) {
    env.err.write(program.helpInformation());
    return pluginExitCodes.usage;
  }
  const raw = commands.find((c) => c.raw === true && c.name === argv[0]);
  try {
    if (raw !== undefined) return await raw.run({ args: argv.slice(1), options: {}, context: contextFor(env, program, {}) });
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander has printed the message (and the usage hint); --help and --version end here too.
      return err.code === "commander.helpDisplayed" || err.code === "commander.version" ? pluginExitCodes.ok : pluginExitCodes.usage;
    }
    const report = errorReportOf(err);
    env.err.write(`error: ${report.message}\n${report.hint === undefined ? "" : `  ${report.hint}\n`}`);
    return report.exitCode;
  }
}
