import { pino, type Logger } from "pino";
import { secretSettingKeys } from "./config.ts";

export type { Logger };

// Secret settings and any generic credential field are censored wherever they appear (top level or one level down,
// e.g. a logged config object). Logs go to stderr so stdout carries only the result manifest line.
const secretFields = [...secretSettingKeys, "password", "secretAccessKey", "accessKeyId", "sessionToken"];

export function newLogger(level: string): Logger {
  return pino(
    {
      level,
      base: { component: "exhaust-runner" },
      redact: { paths: [...secretFields, ...secretFields.map((f) => `*.${f}`)], censor: "[redacted]" },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}
