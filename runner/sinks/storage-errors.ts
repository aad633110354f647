import type { StorageProvider } from "../../crds/exhaust-request.ts";
import { InvalidConfigurationError, NonRetryableError, StoreUnreachableError, uploadFailed } from "../outcome/errors.ts";

/** What a provider SDK's error says about itself: the HTTP status and the service's (or the socket's) error code. */
export interface StorageErrorFacts {
  status?: number;
  code?: string;
}

/**
 * retryable: throttling, 5xx, timeouts, dropped connections (the operator retries the batch with backoff).
 * config: credentials refused or the bucket/container missing; the runner's settings must change (exit 11).
 * permanent: any other refusal (4xx); the same upload would be refused again (exit 10).
 */
export type StorageErrorClass = "retryable" | "config" | "permanent";

// The services' own error codes: S3's `Code`, Azure's `x-ms-error-code`, GCS's `errors[].reason`.
const configCodes: Record<StorageProvider, ReadonlySet<string>> = {
  s3: new Set(["AccessDenied", "AllAccessDisabled", "AccountProblem", "AuthorizationHeaderMalformed", "CredentialsProviderError", "ExpiredToken", "InvalidAccessKeyId", "InvalidBucketName", "InvalidToken", "NoSuchBucket", "PermanentRedirect", "SignatureDoesNotMatch"]),
  azure: new Set([
    "AccountIsDisabled",
    "AuthenticationFailed",
    "AuthorizationFailure",
    "AuthorizationPermissionMismatch",
    "AuthorizationProtocolMismatch",
    "AuthorizationResourceTypeMismatch",
    "AuthorizationServiceMismatch",
    "AuthorizationSourceIPMismatch",
    "ContainerBeingDeleted",
    "ContainerDisabled",
    "ContainerNotFound",
    "InsufficientAccountPermissions",
    "InvalidAuthenticationInfo",
    "NoAuthenticationInformation",
  ]),
  gcs: new Set(["accountDisabled", "authError", "forbidden", "invalid_grant", "notFound", "unauthorized", "userProjectAccountProblem"]),
};
const retryableCodes: Record<StorageProvider, ReadonlySet<string>> = {
  // NoSuchUpload: the multipart upload vanished under us (aborted elsewhere); a retry starts a new one.
  s3: new Set(["InternalError", "NoSuchUpload", "RequestLimitExceeded", "RequestTimeout", "RequestTimeTooSkewed", "ServiceUnavailable", "SlowDown", "Throttling", "ThrottlingException", "TooManyRequestsException"]),
  azure: new Set(["InternalError", "OperationTimedOut", "ServerBusy"]),
  gcs: new Set(["backendError", "internalError", "rateLimitExceeded", "userRateLimitExceeded"]),
};
// Sockets and DNS, the same on every provider; REQUEST_SEND_ERROR is Azure's wrapper of them.
const networkCodes: ReadonlySet<string> = new Set(["EAI_AGAIN", "ECONNABORTED", "ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EPIPE", "ESOCKETTIMEDOUT", "ETIMEDOUT", "REQUEST_SEND_ERROR", "TimeoutError", "UND_ERR_SOCKET"]);

/** The retry class of a provider's error (reports-spec §6); unknown errors count as transient, as before. */
export function classifyStorageError(provider: StorageProvider, { status, code }: StorageErrorFacts): StorageErrorClass {
  if (code !== undefined) {
    if (configCodes[provider].has(code)) return "config";
    if (retryableCodes[provider].has(code) || networkCodes.has(code)) return "retryable";
  }
  if (status === undefined) return "retryable";
  if (status === 401 || status === 403 || status === 404) return "config";
  if (status === 408 || status === 429 || status >= 500) return "retryable";
  return status >= 400 ? "permanent" : "retryable";
}

// A gateway or the service itself says it is down; throttling (429) and plain 500s are not an outage.
const outageStatuses: ReadonlySet<number> = new Set([502, 503, 504]);

/** Whether a retryable storage error means the service cannot be reached (the longer store-outage retry budget). */
export const isStorageUnreachable = ({ status, code }: StorageErrorFacts): boolean =>
  (code !== undefined && networkCodes.has(code)) || (status !== undefined && outageStatuses.has(status));

// Names that say only which library threw, not what went wrong.
const genericNames = new Set(["Error", "RestError", "ApiError", "GaxiosError", "TypeError", "S3ServiceException"]);

/** Reads status and code from the shapes the three SDKs (and Node's sockets) give their errors. */
export function storageErrorFacts(err: unknown): StorageErrorFacts {
  const e = (typeof err === "object" && err !== null ? err : {}) as {
    $metadata?: { httpStatusCode?: unknown };
    statusCode?: unknown;
    status?: unknown;
    response?: { status?: unknown };
    code?: unknown;
    Code?: unknown;
    name?: unknown;
    details?: { errorCode?: unknown };
    errors?: { reason?: unknown }[];
  };
  const status = [e.$metadata?.httpStatusCode, e.statusCode, e.status, e.response?.status, e.code].find((v): v is number => typeof v === "number");
  const name = typeof e.name === "string" && !genericNames.has(e.name) ? e.name : undefined;
  const code = [e.details?.errorCode, e.errors?.[0]?.reason, e.Code, e.code, name].find((v): v is string => typeof v === "string" && v !== "");
  return { ...(status === undefined ? {} : { status }), ...(code === undefined ? {} : { code }) };
}

/**
 * What a sink throws for a provider's error: a StoreUnreachableError when the service cannot be reached, the error
 * itself when otherwise retryable, else the class that ends the batch.
 */
export function storageFailure(provider: StorageProvider, err: unknown): unknown {
  const facts = storageErrorFacts(err);
  const verdict = classifyStorageError(provider, facts);
  if (verdict === "retryable" && !isStorageUnreachable(facts)) return err;
  const what = [facts.status, facts.code].filter((v) => v !== undefined).join(" ");
  const message = uploadFailed(`${provider}${what === "" ? "" : ` ${what}`}: ${err instanceof Error ? err.message : String(err)}`);
  if (verdict === "retryable") return new StoreUnreachableError(message);
  return verdict === "config" ? new InvalidConfigurationError(message) : new NonRetryableError(message);
}
