import { DEFAULT_TERMINATION_MESSAGE_PATH, runnerConfigSchema, runnerSettings, type RunnerConfig, type RunnerSettingKey } from "../crds/runner-contract.ts";
import { flagValueOf, readCommandLine } from "./command-line.ts";
import { isMountPoint } from "./outcome/mount-point.ts";

export type ConfigResult = { ok: true; config: RunnerConfig } | { ok: false; message: string };

const entries = Object.entries(runnerSettings) as [RunnerSettingKey, (typeof runnerSettings)[RunnerSettingKey]][]; // entries loses the key type

/** Reads the settings table from flags and env (a flag wins over env); an error names the bad setting. */
export function parseConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ConfigResult {
  const commandLine = readCommandLine(argv);
  if (!commandLine.ok) return { ok: false, message: `invalid command line: ${commandLine.problem}` };
  const flags = commandLine.flags;
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

/** Keys of secret settings, for the logger's redaction paths. */
export const secretSettingKeys: readonly string[] = entries.filter(([, s]) => s.secret).map(([key]) => key);

/**
 * Where the termination message goes, read even when the configuration as a whole is invalid: the flag, else the env
 * var, else the kubelet's default path only when the kubelet mounted a file there (`mountinfo` is
 * /proc/self/mountinfo), else nowhere: run by hand, even as root, the runner never creates a file in /dev.
 */
export function terminationMessagePathOf(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, mountinfo: string): string | undefined {
  const s = runnerSettings.terminationMessagePath;
  const given = flagValueOf(argv, s.flag) || env[s.env];
  if (given) return given;
  return isMountPoint(mountinfo, DEFAULT_TERMINATION_MESSAGE_PATH) ? DEFAULT_TERMINATION_MESSAGE_PATH : undefined;
}
