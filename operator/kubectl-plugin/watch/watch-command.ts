import type { PluginCommand } from "../cli/plugin-command.ts";
import { PROGRAM_NAME } from "../cli/plugin-program.ts";
import { watchUntilFinished } from "./watch-until-finished.ts";

export const watchCommand: PluginCommand = {
  name: "watch",
  define(command) {
    command
      .summary("show a request's batches live until it ends")
      .description(
        "Shows an ExhaustRequest until it ends: one line per batch with its phase, attempts, rows so far, bytes and elapsed time, under a bar of the batches finished. On a terminal the view is redrawn in place; piped, each change is printed once as a plain line. Exits 0 when the request Succeeded, 3 when it Failed, 4 when it PartiallySucceeded, 1 when it cannot be read, 130 on Ctrl-C (the request keeps running).",
      )
      .argument("<name>", "the ExhaustRequest's name")
      .addHelpText("after", `\nExamples:\n  ${PROGRAM_NAME} watch progress-x7k2p -n reports\n  ${PROGRAM_NAME} watch progress-x7k2p | tee watch.log\n`);
  },
  run: ({ args, context }) => watchUntilFinished(context, args[0] ?? ""),
};
