import { cassandraUnavailable, internalServerError, InvalidConfigurationError, NonRetryableError, queryRejected, RetryableError, StoreUnreachableError } from "./errors.ts";
import { scrubMessage } from "./scrub-message.ts";

/**
 * A batch failure as the manifest reports it; `config` marks the runner's own settings as the cause (exit 11), and
 * `storeUnreachable` a store that could not be reached (the operator's longer store-outage retry budget).
 */
export interface Failure {
  retryable: boolean;
  message: string;
  config: boolean;
  storeUnreachable: boolean;
}

// cassandra-driver errors, recognised by name and protocol code so this stays free of the client library.
const unavailableNames = new Set(["NoHostAvailableError", "OperationTimedOutError", "BusyConnectionError"]);
// Unavailable, Overloaded, IsBootstrapping, TruncateError, WriteTimeout, ReadTimeout, ReadFailure, Unprepared.
const transientCodes = new Set([0x1000, 0x1001, 0x1002, 0x1003, 0x1100, 0x1200, 0x1300, 0x2500]);
// Syntax, Unauthorized, Invalid (unknown keyspace or table), Config: the runner's settings point at the wrong thing.
const configCodes = new Set([0x2000, 0x2100, 0x2200, 0x2300]);

/**
 * Maps whatever a batch threw to its message and retry class (reports-spec §6, D14). The message is scrubbed of URL
 * credentials and query strings: it ends up in the operator's status, webhooks and logs.
 */
export function classifyFailure(err: unknown): Failure {
  const failure = classify(err);
  return { ...failure, message: scrubMessage(failure.message) };
}

function classify(err: unknown): Failure {
  if (err instanceof InvalidConfigurationError) return { retryable: false, message: err.message, config: true, storeUnreachable: false };
  if (err instanceof NonRetryableError) return { retryable: false, message: err.message, config: false, storeUnreachable: false };
  if (err instanceof StoreUnreachableError) return { retryable: true, message: err.message, config: false, storeUnreachable: true };
  if (err instanceof RetryableError) return { retryable: true, message: err.message, config: false, storeUnreachable: false };
  const e = err as { name?: unknown; code?: unknown; message?: unknown } | null;
  const name = typeof e?.name === "string" ? e.name : "";
  const message = typeof e?.message === "string" ? e.message : String(err);
  // NoHostAvailableError's text goes on with each host's inner error inspected, stack frames included: the first line
  // already names the host and the cause.
  if (unavailableNames.has(name)) return { retryable: true, message: cassandraUnavailable(firstLine(message)), config: false, storeUnreachable: true };
  if (name === "ResponseError" && typeof e?.code === "number") {
    // Unavailable, Overloaded, IsBootstrapping and timeouts are a cluster short of replicas: an outage, not the data.
    if (transientCodes.has(e.code)) return { retryable: true, message: cassandraUnavailable(message), config: false, storeUnreachable: true };
    if (configCodes.has(e.code)) return { retryable: false, message: queryRejected(message), config: true, storeUnreachable: false };
  }
  return { retryable: true, message: internalServerError(message), config: false, storeUnreachable: false };
}

const firstLine = (text: string): string => text.split("\n", 1)[0] ?? text;
