import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { runnerSettings } from "../crds/runner-contract.ts";
import { closestName } from "./closest-name.ts";

// One string flag per setting (a secret's flag exists only to be rejected with its env name) and --help (-h).
const options: ParseArgsOptionsConfig = {
  help: { type: "boolean", short: "h" },
  ...Object.fromEntries(Object.values(runnerSettings).map((s) => [s.flag, { type: "string" as const }])),
};

export type CommandLine = { ok: true; help: boolean; flags: Readonly<Record<string, string | undefined>> } | { ok: false; problem: string };

/** The flags given on the command line (`--name=value` or `--name value`), or the first problem with it. */
export function readCommandLine(argv: readonly string[]): CommandLine {
  try {
    const { help, ...flags } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
    return { ok: true, help: help === true, flags: flags as Record<string, string | undefined> };
  } catch {
    return { ok: false, problem: commandLineProblem(argv) };
  }
}

/** A flag's value even when the rest of the command line is malformed (undefined when absent or empty). */
export function flagValueOf(argv: readonly string[], flag: string): string | undefined {
  const token = tokensOf(argv).find((t) => t.kind === "option" && t.name === flag && t.value !== undefined && t.value !== "");
  return token?.kind === "option" ? token.value : undefined;
}

const tokensOf = (argv: readonly string[]) => parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true }).tokens;

/**
 * The first argument strict parsing rejects, found in the tokens of the same options table, so a flag's separate
 * value is not mistaken for a stray argument. A stray argument may be a secret typed after `--zip-password= ` (or one
 * starting with `-`), so parseArgs' own text, which quotes it, is never echoed: the problem names the argument's
 * position and, for a known flag, the flag.
 */
function commandLineProblem(argv: readonly string[]): string {
  const tokens = tokensOf(argv);
  for (const [i, token] of tokens.entries()) {
    const at = `at argument ${token.index + 1}`;
    if (token.kind === "positional") return `unexpected positional argument ${at}${after(tokens[i - 1])} (value not shown); flags take --name=value or --name value`;
    if (token.kind !== "option") continue;
    const option = options[token.name];
    if (option === undefined) return `unknown option ${at} (not shown)${suggestion(token.name)}`;
    if (option.type === "boolean" && token.value !== undefined) return `--${token.name} ${at} takes no value`;
    // parseArgs takes the next argument as the value even when it starts with "-", then rejects it as ambiguous.
    const missing = token.value === undefined || (token.inlineValue === false && token.value.startsWith("-"));
    if (option.type === "string" && missing) return `--${token.name} ${at} is missing its value (a value starting with - needs --${token.name}=value)`;
  }
  return "cannot be parsed (arguments not shown)";
}

// The flag a mistyped name most likely meant, named without echoing what was typed; a secret is named by its env var.
function suggestion(typed: string): string {
  const name = closestName(typed, Object.keys(options));
  if (name === undefined) return "; --help lists the flags";
  const secret = Object.values(runnerSettings).find((s) => s.flag === name && s.secret);
  return secret === undefined ? `; did you mean --${name}?` : `; did you mean env ${secret.env}? (secrets are env only)`;
}

function after(previous: ReturnType<typeof tokensOf>[number] | undefined): string {
  if (previous?.kind === "option-terminator") return " after --";
  if (previous?.kind === "option" && options[previous.name] !== undefined) return ` after --${previous.name}`;
  return "";
}
