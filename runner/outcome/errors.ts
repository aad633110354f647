import { scrubMessage } from "./scrub-message.ts";

export { invalidHierarchy, NO_DATA_FOUND, RETIRED_COLLECTION } from "../../crds/failure-texts.ts";

// Failure texts and their retry class (reports-spec §6, D14). Sunbird's texts are kept verbatim, typos included,
// because the bridge writes them back to job_request.err_message where the portal shows them.

export const NO_BATCH_SELECTOR_OR_KEY =
  "Request should have either of batchId, batchFilter, searchFilter or encrption key";
export const CONSENT_NOT_REQUESTED =
  "Invalid request. User info exhaust is not applicable for collections which don't request for user consent to share data";
export const USER_CACHE_EMPTY = "User cache is empty";

// A store's or the SDK's error text can be long (a stack of causes, an XML body); the status needs its start only.
// Scrubbed before it is cut, so that a cut cannot leave half a credential the scrubber no longer recognises.
const DETAIL_LENGTH = 250;
const bounded = (detail: string) => scrubMessage(detail).slice(0, DETAIL_LENGTH);

export const internalServerError = (detail: string) => `Internal Server Error: ${bounded(detail)}`;
export const queryRejected = (detail: string) => `Cassandra rejected a query: ${bounded(detail)}`;
export const cassandraUnavailable = (detail: string) => `Cassandra unavailable: ${bounded(detail)}`;
/** Which Redis failed matters when both are down: the user cache and the relation cache may be different servers. */
export type RedisRole = "user cache" | "relation cache";
export const redisUnavailable = (role: RedisRole, endpoint: string, detail: string) => `Redis unavailable (${role} at ${endpoint}): ${bounded(detail)}`;
export const uploadFailed = (detail: string) => `Upload failed: ${bounded(detail)}`;
export const publicKeyNotConfigured = (orgId: string) => `Public key not configured for org ${orgId}`;
export const publicKeyFetchFailed = (detail: string) => `Public key could not be fetched: ${bounded(detail)}`;
export const invalidPublicKey = (orgId: string) => `Invalid public key for org ${orgId}`;
export const invalidSecurityPolicy = (orgId: string) => `Invalid dataSecurityPolicy for org ${orgId}`;
export const unknownSecurityLevel = (orgId: string, level: string) =>
  `Unknown data security level ${level} for org ${orgId}`;

/** Retrying with the same data cannot help: the batch ends at once (runner exit 10). */
export class NonRetryableError extends Error {
  readonly retryable = false;
  override readonly name = "NonRetryableError";
}

/** A transient cause: the operator retries the batch with backoff (runner exit 20). */
export class RetryableError extends Error {
  readonly retryable = true;
  override readonly name: string = "RetryableError";
}

/**
 * A store the runner reads or writes (Cassandra, Redis, the object storage) could not be reached: retryable, and the
 * operator retries it under its longer store-outage budget, because an outage outlasts the ordinary backoff.
 */
export class StoreUnreachableError extends RetryableError {
  readonly storeUnreachable = true;
  override readonly name = "StoreUnreachableError";
}

/** The runner's own settings are wrong (runner exit 11); no request can succeed until they change. */
export class InvalidConfigurationError extends Error {
  readonly retryable = false;
  override readonly name = "InvalidConfigurationError";
}

export const isNonRetryable = (err: unknown): err is NonRetryableError | InvalidConfigurationError =>
  err instanceof NonRetryableError || err instanceof InvalidConfigurationError;
