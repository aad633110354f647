import { parseArgs } from "node:util";
import { DEFAULT_TERMINATION_MESSAGE_PATH, runnerConfigSchema, runnerSettings, type RunnerConfig, type RunnerSettingKey } from "../crds/runner-contract.ts";

export type ConfigResult = { ok: true; config: RunnerConfig } | { ok: false; message: string };

const entries = Object.entries(runnerSettings) as [RunnerSettingKey, (typeof runnerSettings)[RunnerSettingKey]][]; // entries loses the key type

/** Reads the settings table from flags and env (a flag wins over env); an error names the bad setting. */
export function parseConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ConfigResult {
  let flags: Record<string, string | undefined>;
  const options = Object.fromEntries(entries.map(([, s]) => [s.flag, { type: "string" as const }]));
  try {
    flags = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values as Record<string, string | undefined>;
  } catch (err) {
    return { ok: false, message: `invalid command line: ${commandLineProblem(argv, new Set(Object.keys(options)), err)}` };
  }
  const raw: Record<string, string | undefined> = {};
  for (const [key, s] of entries) {
    const flag = flags[s.flag];
    if (flag !== undefined && s.secret) {
      return { ok: false, message: `setting ${key}: --${s.flag} is a secret and is accepted only from env ${s.env}` };
    }
    const value = flag ?? env[s.env];
    // An empty env var means "not set", as a Job template renders optional settings.
    raw[key] = value === "" ? undefined : value;
  }
  const parsed = runnerConfigSchema.safeParse(raw);
  if (parsed.success) return { ok: true, config: parsed.data };
  const problems = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? "");
    const s = runnerSettings[key as RunnerSettingKey];
    const where = s === undefined ? "" : ` (env ${s.env}, flag --${s.flag})`;
    const got = s === undefined || s.secret || raw[key] === undefined ? "" : ` got ${JSON.stringify(raw[key])}`;
    return `setting ${key}${where}: ${issue.message}${got}`;
  });
  return { ok: false, message: problems.join("; ") };
}

// A stray argument may be a secret typed after `--zip-password= ` (or one starting with `-`), so parseArgs' own text,
// which quotes it, is never echoed: the problem is named by the argument's position only.
function commandLineProblem(argv: readonly string[], known: ReadonlySet<string>, err: unknown): string {
  const { tokens } = parseArgs({ args: [...argv], strict: false, allowPositionals: true, tokens: true });
  const stray = tokens.find((t) => t.kind === "positional" || (t.kind === "option" && !known.has(t.name)));
  const where = stray === undefined ? "" : ` at argument ${stray.index + 1}`;
  const code = (err as { code?: unknown }).code;
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") return `unexpected positional argument${where} (value not shown); flags take --name=value or --name value`;
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `unknown option${where} (not shown)`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") return "a flag is missing its value";
  return "cannot be parsed (arguments not shown)";
}

/** Keys of secret settings, for the logger's redaction paths. */
export const secretSettingKeys: readonly string[] = entries.filter(([, s]) => s.secret).map(([key]) => key);

/**
 * Where the termination message goes even when the configuration as a whole is invalid: the flag, else the env var,
 * else the kubelet's default path.
 */
export function terminationMessagePathOf(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): string {
  const s = runnerSettings.terminationMessagePath;
  const at = argv.findIndex((a) => a === `--${s.flag}` || a.startsWith(`--${s.flag}=`));
  const arg = at < 0 ? undefined : argv[at];
  const fromFlag = arg === undefined ? undefined : arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[at + 1];
  return fromFlag || env[s.env] || DEFAULT_TERMINATION_MESSAGE_PATH;
}
