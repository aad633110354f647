import { Argument } from "commander";
import { pluginExitCodes } from "../cli/exit-codes.ts";
import type { PluginCommand } from "../cli/plugin-command.ts";
import { completionScript, SHELLS } from "./completion-scripts.ts";
import type { Shell } from "./completion-scripts.ts";

/** The executable the scripts complete; `kubectl exhaust` itself is completed by kubectl through kubectl_complete-exhaust. */
const EXECUTABLE = "kubectl-exhaust";

export const completionCommand: PluginCommand = {
  name: "completion",
  define(command) {
    command
      .summary("print a bash or zsh completion script")
      .description(
        "Prints a script that completes kubectl-exhaust's commands, flags, request names, batch ids, namespaces and contexts. For `kubectl exhaust <TAB>`, kubectl (1.26 or later) asks the kubectl_complete-exhaust executable this package installs next to kubectl-exhaust; nothing needs sourcing.",
      )
      .addArgument(new Argument("<shell>", "the shell").choices(SHELLS))
      .addHelpText(
        "after",
        `\nExamples:\n  source <(${EXECUTABLE} completion bash)        # in ~/.bashrc\n  source <(${EXECUTABLE} completion zsh)         # in ~/.zshrc, after compinit\n`,
      );
  },
  run({ args, context }) {
    // commander has checked the argument against SHELLS.
    context.out.write(completionScript(args[0] as Shell, EXECUTABLE));
    return Promise.resolve(pluginExitCodes.ok);
  },
};
