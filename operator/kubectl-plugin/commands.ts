import type { PluginCommand } from "./cli/plugin-command.ts";
import { completeCommand } from "./completion/complete-command.ts";
import { completionCommand } from "./completion/completion-command.ts";
import { createCommand } from "./create/create-command.ts";
import { logsCommand } from "./logs/logs-command.ts";
import { watchCommand } from "./watch/watch-command.ts";
import { urlCommand } from "./url/url-command.ts";
import { downloadCommand } from "./download/download-command.ts";

/** Every `kubectl exhaust` command, in the order `--help` lists them. A new command is its file plus one line here. */
export const pluginCommands: readonly PluginCommand[] = [createCommand, watchCommand, logsCommand, urlCommand, downloadCommand, completionCommand, completeCommand];
