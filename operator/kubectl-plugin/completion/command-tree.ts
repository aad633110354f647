import type { Command, Option } from "commander";

/** A flag as completion sees it: its spellings, whether a value follows, and the values it allows. */
export interface FlagSpec {
  long?: string;
  short?: string;
  takesValue: boolean;
  choices?: readonly string[];
  description: string;
}

export interface CommandSpec {
  name: string;
  description: string;
  /** Positional arguments in order; `choices` when the argument allows only those. */
  args: readonly { name: string; choices?: readonly string[] }[];
  flags: readonly FlagSpec[];
}

/** The program as plain data: what completion needs to know about commands, arguments and flags. */
export interface CommandTree {
  globalFlags: readonly FlagSpec[];
  commands: readonly CommandSpec[];
}

const flagOf = (option: Option): FlagSpec => ({
  ...(option.long === undefined ? {} : { long: option.long }),
  ...(option.short === undefined ? {} : { short: option.short }),
  // An optional value (`--dry-run [strategy]`) is not completed: the next word may as well be an argument.
  takesValue: option.required,
  ...(option.argChoices === undefined ? {} : { choices: option.argChoices }),
  description: option.description,
});

/** The visible commands of `program` (the help command and hidden ones left out), with their flags and arguments. */
export function commandTreeOf(program: Command): CommandTree {
  const help = program.createHelp();
  const commands = help
    .visibleCommands(program)
    .filter((c) => c.name() !== "help")
    .map((c) => ({
      name: c.name(),
      description: c.summary() || c.description(),
      args: c.registeredArguments.map((a) => ({ name: a.name(), ...(a.argChoices === undefined ? {} : { choices: a.argChoices }) })),
      flags: help.visibleOptions(c).map(flagOf),
    }));
  return { globalFlags: help.visibleOptions(program).map(flagOf), commands };
}
