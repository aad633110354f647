import type { CommandSpec, CommandTree, FlagSpec } from "./command-tree.ts";

/** Cobra's completion directives (the `:<n>` last line kubectl and the shell scripts read), as bits. */
export const directives = { default: 0, error: 1, noSpace: 2, noFileComp: 4 } as const;

/** Values only the cluster or the kubeconfig knows; the shell looks them up. */
export type DynamicValues = { kind: "requests" } | { kind: "namespaces" } | { kind: "contexts" } | { kind: "batches"; request: string };

export interface Candidate {
  value: string;
  description?: string;
}

export interface Completion {
  candidates: Candidate[];
  directive: number;
  /** To be looked up and added to `candidates` (filtered by the word being completed). */
  dynamic?: DynamicValues;
}

/** The connection flags found among the words, so dynamic lookups use the cluster the command line names. */
export interface WordsConnection {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
}

const CONNECTION_FLAGS: Readonly<Record<string, keyof WordsConnection>> = { "--kubeconfig": "kubeconfig", "--context": "context", "--namespace": "namespace", "-n": "namespace" };

/** --kubeconfig, --context and -n/--namespace as given among `words` (`--flag value` or `--flag=value`). */
export function connectionIn(words: readonly string[]): WordsConnection {
  const found: WordsConnection = {};
  words.forEach((word, i) => {
    const [flag = "", inline] = word.split(/=(.*)/s, 2);
    const key = CONNECTION_FLAGS[flag];
    const value = inline ?? words[i + 1];
    if (key !== undefined && value !== undefined) found[key] = value;
  });
  return found;
}

const matchesFlag = (flag: FlagSpec, word: string): boolean => flag.long === word || flag.short === word;

/** Values a flag's value completes from: its choices, or what the cluster or kubeconfig knows. */
function flagValues(flag: FlagSpec, positionals: readonly string[]): Completion {
  if (flag.choices !== undefined) return { candidates: flag.choices.map((value) => ({ value })), directive: directives.noFileComp };
  if (flag.long === "--kubeconfig") return { candidates: [], directive: directives.default };
  const dynamic: DynamicValues | undefined =
    flag.long === "--namespace" ? { kind: "namespaces" }
    : flag.long === "--context" ? { kind: "contexts" }
    : flag.long === "--batch" && positionals[0] !== undefined ? { kind: "batches", request: positionals[0] }
    : undefined;
  return { candidates: [], directive: directives.noFileComp, ...(dynamic === undefined ? {} : { dynamic }) };
}

const flagCandidates = (flags: readonly FlagSpec[]): Candidate[] =>
  flags.flatMap((f) => [f.long, f.short].filter((s): s is string => s !== undefined).map((value) => ({ value, description: f.description })));

/**
 * What to offer for the last of `words` (the word being completed, possibly empty), the words before it being the
 * command line after `kubectl exhaust`: command names, a command's flags, a flag's values, or its positional
 * arguments (choices, or request names for an argument called `name`). completionOutput keeps those that start
 * with the word.
 */
export function completionFor(tree: CommandTree, words: readonly string[]): Completion {
  const current = words.at(-1) ?? "";
  const before = words.slice(0, -1);
  let command: CommandSpec | undefined;
  let unknownCommand = false;
  const positionals: string[] = [];
  let pendingFlag: FlagSpec | undefined;
  for (const word of before) {
    const flags = [...tree.globalFlags, ...(command?.flags ?? [])];
    if (pendingFlag !== undefined) {
      pendingFlag = undefined;
      continue;
    }
    if (word.startsWith("-")) {
      const flag = word.includes("=") ? undefined : flags.find((f) => matchesFlag(f, word));
      pendingFlag = flag?.takesValue === true ? flag : undefined;
      continue;
    }
    if (command !== undefined || unknownCommand) positionals.push(word);
    else {
      command = tree.commands.find((c) => c.name === word);
      unknownCommand = command === undefined;
    }
  }
  if (unknownCommand) return { candidates: [], directive: directives.noFileComp };
  if (pendingFlag !== undefined) return flagValues(pendingFlag, positionals);
  const flags = [...tree.globalFlags, ...(command?.flags ?? [])];
  if (current.startsWith("-")) return { candidates: flagCandidates(flags), directive: directives.noFileComp };
  if (command === undefined) return { candidates: tree.commands.map((c) => ({ value: c.name, description: c.description })), directive: directives.noFileComp };
  const arg = command.args[positionals.length];
  if (arg?.choices !== undefined) return { candidates: arg.choices.map((value) => ({ value })), directive: directives.noFileComp };
  if (arg?.name === "name") return { candidates: [], directive: directives.noFileComp, dynamic: { kind: "requests" } };
  return { candidates: [], directive: directives.noFileComp };
}

/** Cobra's `__complete` output: one `value<TAB>description` line per candidate starting with `word`, then `:<directive>`. */
export function completionOutput(candidates: readonly Candidate[], directive: number, word: string): string {
  const lines = candidates.filter((c) => c.value.startsWith(word)).map((c) => (c.description === undefined || c.description === "" ? c.value : `${c.value}\t${c.description.replace(/\s+/g, " ")}`));
  return `${[...lines, `:${directive}`].join("\n")}\n`;
}
