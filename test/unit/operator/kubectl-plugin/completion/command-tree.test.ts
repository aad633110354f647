import { describe, expect, it } from "vitest";
import type { PluginEnvironment } from "../../../../../operator/kubectl-plugin/cli/plugin-context.ts";
import { newPluginProgram } from "../../../../../operator/kubectl-plugin/cli/plugin-program.ts";
import { pluginCommands } from "../../../../../operator/kubectl-plugin/commands.ts";
import { commandTreeOf } from "../../../../../operator/kubectl-plugin/completion/command-tree.ts";

const noEnvironment: PluginEnvironment = {
  out: { write: () => {}, isTTY: false, columns: undefined },
  err: { write: () => {}, isTTY: false, columns: undefined },
  now: () => new Date(0),
  every: () => () => {},
  signal: new AbortController().signal,
  connect: () => Promise.reject(new Error("no cluster in a unit test")),
};

describe("commandTreeOf the real program", () => {
  const tree = commandTreeOf(newPluginProgram(pluginCommands, noEnvironment, () => {}));

  it("lists the visible commands, not help or the hidden __complete", () => {
    expect(tree.commands.map((c) => c.name)).toEqual(["create", "watch", "logs", "url", "download", "completion"]);
  });

  it("global flags are kubectl's connection flags, with -n short for --namespace", () => {
    expect(tree.globalFlags.filter((f) => f.takesValue).map((f) => [f.long, f.short])).toEqual([
      ["--kubeconfig", undefined],
      ["--context", undefined],
      ["--namespace", "-n"],
    ]);
  });

  it("create's report argument and -o carry their choices; --dry-run's optional value is not completed", () => {
    const create = tree.commands.find((c) => c.name === "create");
    expect(create?.args).toEqual([{ name: "report", choices: ["userinfo", "response", "progress"] }]);
    expect(create?.flags.find((f) => f.long === "--output")).toMatchObject({ short: "-o", takesValue: true, choices: ["yaml", "json", "name"] });
    expect(create?.flags.find((f) => f.long === "--dry-run")?.takesValue).toBe(false);
  });

  it("watch, logs, url and download take the request's name, which completion looks up", () => {
    expect(tree.commands.filter((c) => c.args[0]?.name === "name").map((c) => c.name)).toEqual(["watch", "logs", "url", "download"]);
  });
});
