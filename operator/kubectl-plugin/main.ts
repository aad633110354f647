#!/usr/bin/env node
// kubectl exhaust: the kubectl plugin for ExhaustRequests (docs/kubectl-plugin.md). Installed as `kubectl-exhaust`
// (kubectl finds it on PATH) and as `kubectl_complete-exhaust`, kubectl's hook for completing a plugin's arguments.
import { basename } from "node:path";
import type { Output, PluginEnvironment } from "./cli/plugin-context.ts";
import { runPlugin } from "./cli/plugin-program.ts";
import { pluginCommands } from "./commands.ts";

const outputOf = (stream: NodeJS.WriteStream): Output => ({
  write: (text) => void stream.write(text),
  isTTY: stream.isTTY === true,
  columns: stream.isTTY === true ? stream.columns : undefined,
});

const interrupt = new AbortController();
// The first Ctrl-C ends a watch cleanly; after that the default handler applies, so a second one kills.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => interrupt.abort());

const env: PluginEnvironment = {
  out: outputOf(process.stdout),
  err: outputOf(process.stderr),
  now: () => new Date(),
  every: (ms, tick) => {
    const timer = setInterval(tick, ms);
    return () => clearInterval(timer);
  },
  signal: interrupt.signal,
  // client-node takes most of a start-up to load; --help and completion of commands and flags never need it.
  connect: async (flags) => (await import("./cli/kube-target.ts")).kubeTargetFor(flags),
};

// kubectl runs `kubectl_complete-exhaust <args>` to complete `kubectl exhaust <args>`: the same program, asked to complete.
const argv = process.argv.slice(2);
const completing = basename(process.argv[1] ?? "").startsWith("kubectl_complete-");
const code = await runPlugin(completing ? ["__complete", ...argv] : argv, pluginCommands, env);
// Open watch connections and keep-alive sockets would hold the process, so it exits; but only once stdout and stderr
// are flushed: writes to a pipe are asynchronous, and exiting at once cuts `logs … | jq` off after 64 KiB.
const flushed = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => stream.write("", () => resolve()));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
