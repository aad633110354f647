// One reader for the operator's command line: node:util parseArgs with every flag a string, and errors that name
// the flag and its position instead of parseArgs' generic text.
import { parseArgs } from "node:util";

export interface ParsedFlags {
  values: Record<string, string | undefined>;
  /** Each flag's arguments exactly as given (`--a`, `1` or `--a=1`), in command-line order. */
  raw: { name: string; args: string[] }[];
  help: boolean;
}

export function parseFlags(argv: readonly string[], names: readonly string[]): { ok: true; flags: ParsedFlags } | { ok: false; error: string } {
  const options = Object.fromEntries([...names.map((n) => [n, { type: "string" as const }]), ["help", { type: "boolean" as const, short: "h" }]]);
  try {
    const { values, tokens } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false, tokens: true });
    const raw = tokens.flatMap((t) =>
      t.kind === "option" && t.name !== "help" ? [{ name: t.name, args: argv.slice(t.index, t.index + (t.inlineValue === false ? 2 : 1)) }] : [],
    );
    const { help, ...rest } = values as Record<string, string | boolean | undefined>;
    return { ok: true, flags: { values: rest as Record<string, string | undefined>, raw, help: help === true } };
  } catch (err) {
    return { ok: false, error: describeParseError(err as Error & { code?: string }, argv) };
  }
}

function describeParseError(err: Error & { code?: string }, argv: readonly string[]): string {
  const flag = /'(-{1,2}[^' ]+)/.exec(err.message)?.[1];
  const position = flag === undefined ? -1 : argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
  const at = position < 0 ? "" : ` (argument ${position + 1})`;
  if (err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `unknown flag ${flag ?? ""}${at}; --help lists the flags`;
  if (err.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && flag !== undefined) return `${flag} needs a value${at}`;
  if (err.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") return `unexpected argument ${err.message.match(/'([^']*)'/)?.[1] ?? ""}: flags take the form --name value`;
  return err.message;
}
