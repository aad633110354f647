import { pino } from "pino";
import type { Logger } from "pino";

export type { Logger };

// Keys that can carry a credential anywhere in a logged object, one or two levels deep. Errors from HTTP clients
// put request headers under `headers`/`options`, and kubeconfig-shaped objects carry `token`/`password`.
const secretKeys = [
  "password",
  "passwd",
  "secret",
  "secretAccessKey",
  "accessKeyId",
  "sessionToken",
  "token",
  "bearerToken",
  "authorization",
  "Authorization",
  "apiKey",
  "zipPassword",
  "client-key-data",
  "keyData",
  "cookie",
];

/** pino redaction paths: each secret key at the top level and one or two objects down. */
export const redactPaths = secretKeys.flatMap((k) => {
  const key = /^[A-Za-z_$][\w$]*$/.test(k) ? k : `["${k}"]`;
  const dot = key.startsWith("[") ? "" : ".";
  return [key, `*${dot}${key}`, `*.*${dot}${key}`];
});

export interface LoggerOptions {
  level?: string;
  name?: string;
  /** Where JSON lines go; stdout when omitted. Tests pass a stream to read what was logged. */
  destination?: pino.DestinationStream;
}

/** The operator's JSON logger with secret-bearing keys censored. */
export function newLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? "info",
      name: options.name ?? "exhaust-operator",
      redact: { paths: redactPaths, censor: "[REDACTED]" },
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? pino.destination({ sync: false }),
  );
}
