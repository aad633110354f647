import { describe, expect, it } from "vitest";
import type { StorageProvider } from "../../../../crds/exhaust-request.ts";
import { InvalidConfigurationError, NonRetryableError, StoreUnreachableError } from "../../../../runner/outcome/errors.ts";
import { classifyStorageError, isStorageUnreachable, storageErrorFacts, storageFailure, type StorageErrorClass, type StorageErrorFacts } from "../../../../runner/sinks/storage-errors.ts";

describe("classifyStorageError", () => {
  const cases: { name: string; provider: StorageProvider; facts: StorageErrorFacts; expect: StorageErrorClass }[] = [
    { name: "S3 SlowDown (503 throttling) -> retryable", provider: "s3", facts: { status: 503, code: "SlowDown" }, expect: "retryable" },
    { name: "S3 InternalError 500 -> retryable", provider: "s3", facts: { status: 500, code: "InternalError" }, expect: "retryable" },
    { name: "S3 NoSuchUpload 404 (upload aborted elsewhere) -> retryable despite the 404", provider: "s3", facts: { status: 404, code: "NoSuchUpload" }, expect: "retryable" },
    { name: "S3 AccessDenied 403 -> config", provider: "s3", facts: { status: 403, code: "AccessDenied" }, expect: "config" },
    { name: "S3 InvalidAccessKeyId -> config", provider: "s3", facts: { status: 403, code: "InvalidAccessKeyId" }, expect: "config" },
    { name: "S3 NoSuchBucket 404 -> config", provider: "s3", facts: { status: 404, code: "NoSuchBucket" }, expect: "config" },
    { name: "S3 EntityTooLarge 400 -> permanent", provider: "s3", facts: { status: 400, code: "EntityTooLarge" }, expect: "permanent" },
    { name: "Azure ServerBusy 503 -> retryable", provider: "azure", facts: { status: 503, code: "ServerBusy" }, expect: "retryable" },
    { name: "Azure OperationTimedOut 500 -> retryable", provider: "azure", facts: { status: 500, code: "OperationTimedOut" }, expect: "retryable" },
    { name: "Azure 429 without a code -> retryable", provider: "azure", facts: { status: 429 }, expect: "retryable" },
    { name: "Azure AuthenticationFailed 403 (wrong key) -> config", provider: "azure", facts: { status: 403, code: "AuthenticationFailed" }, expect: "config" },
    { name: "Azure AuthorizationPermissionMismatch (SAS lacks write) -> config", provider: "azure", facts: { status: 403, code: "AuthorizationPermissionMismatch" }, expect: "config" },
    { name: "Azure ContainerNotFound 404 -> config", provider: "azure", facts: { status: 404, code: "ContainerNotFound" }, expect: "config" },
    { name: "Azure REQUEST_SEND_ERROR (no connection) -> retryable", provider: "azure", facts: { code: "REQUEST_SEND_ERROR" }, expect: "retryable" },
    { name: "Azure InvalidBlockList 400 -> permanent", provider: "azure", facts: { status: 400, code: "InvalidBlockList" }, expect: "permanent" },
    { name: "GCS rateLimitExceeded 429 -> retryable", provider: "gcs", facts: { status: 429, code: "rateLimitExceeded" }, expect: "retryable" },
    { name: "GCS backendError 503 -> retryable", provider: "gcs", facts: { status: 503, code: "backendError" }, expect: "retryable" },
    { name: "GCS 502 without a reason -> retryable", provider: "gcs", facts: { status: 502 }, expect: "retryable" },
    { name: "GCS 401 unauthorized -> config", provider: "gcs", facts: { status: 401, code: "unauthorized" }, expect: "config" },
    { name: "GCS 403 forbidden -> config", provider: "gcs", facts: { status: 403, code: "forbidden" }, expect: "config" },
    { name: "GCS 404 notFound (no bucket) -> config", provider: "gcs", facts: { status: 404, code: "notFound" }, expect: "config" },
    { name: "GCS invalid_grant (revoked key) without status -> config", provider: "gcs", facts: { code: "invalid_grant" }, expect: "config" },
    { name: "GCS 400 invalid -> permanent", provider: "gcs", facts: { status: 400, code: "invalid" }, expect: "permanent" },
    { name: "ECONNRESET on any provider -> retryable", provider: "gcs", facts: { code: "ECONNRESET" }, expect: "retryable" },
    { name: "408 request timeout -> retryable", provider: "s3", facts: { status: 408 }, expect: "retryable" },
    { name: "a code another provider uses means nothing here: Azure's ContainerNotFound on S3 with 500 -> retryable", provider: "s3", facts: { status: 500, code: "ContainerNotFound" }, expect: "retryable" },
    { name: "nothing known (a plain Error) -> retryable", provider: "azure", facts: {}, expect: "retryable" },
  ];
  for (const c of cases) {
    it(c.name, () => expect(classifyStorageError(c.provider, c.facts)).toBe(c.expect));
  }
});

describe("storageErrorFacts", () => {
  const cases: { name: string; err: unknown; expect: StorageErrorFacts }[] = [
    { name: "AWS SDK v3 service error: name is the code, status in $metadata", err: Object.assign(new Error("x"), { name: "NoSuchBucket", $metadata: { httpStatusCode: 404 } }), expect: { status: 404, code: "NoSuchBucket" } },
    { name: "Azure RestError: statusCode and the x-ms-error-code in details", err: Object.assign(new Error("x"), { name: "RestError", statusCode: 404, code: "ContainerNotFound", details: { errorCode: "ContainerNotFound" } }), expect: { status: 404, code: "ContainerNotFound" } },
    { name: "Azure RestError for a dropped socket: code only", err: Object.assign(new Error("x"), { name: "RestError", code: "REQUEST_SEND_ERROR" }), expect: { code: "REQUEST_SEND_ERROR" } },
    { name: "GCS ApiError: numeric code is the status, reason of the first error", err: Object.assign(new Error("x"), { name: "ApiError", code: 403, errors: [{ reason: "forbidden" }] }), expect: { status: 403, code: "forbidden" } },
    { name: "Gaxios error: status on the response, socket code as text", err: Object.assign(new Error("x"), { name: "GaxiosError", code: "ECONNREFUSED", response: { status: 503 } }), expect: { status: 503, code: "ECONNREFUSED" } },
    { name: "Node socket error: code only", err: Object.assign(new Error("x"), { code: "ECONNRESET" }), expect: { code: "ECONNRESET" } },
    { name: "a plain Error: nothing", err: new Error("boom"), expect: {} },
    { name: "not an object: nothing", err: "boom", expect: {} },
  ];
  for (const c of cases) {
    it(c.name, () => expect(storageErrorFacts(c.err)).toEqual(c.expect));
  }
});

describe("isStorageUnreachable", () => {
  const cases: { name: string; facts: StorageErrorFacts; expect: boolean }[] = [
    { name: "connection refused -> unreachable", facts: { code: "ECONNREFUSED" }, expect: true },
    { name: "DNS failure -> unreachable", facts: { code: "ENOTFOUND" }, expect: true },
    { name: "socket timeout -> unreachable", facts: { code: "ETIMEDOUT" }, expect: true },
    { name: "Azure REQUEST_SEND_ERROR -> unreachable", facts: { code: "REQUEST_SEND_ERROR" }, expect: true },
    { name: "503 ServiceUnavailable -> unreachable", facts: { status: 503, code: "ServiceUnavailable" }, expect: true },
    { name: "502 from a gateway -> unreachable", facts: { status: 502 }, expect: true },
    { name: "504 gateway timeout -> unreachable", facts: { status: 504 }, expect: true },
    { name: "500 InternalError -> retryable but not an outage", facts: { status: 500, code: "InternalError" }, expect: false },
    { name: "429 throttling -> not an outage", facts: { status: 429 }, expect: false },
    { name: "NoSuchUpload 404 -> not an outage", facts: { status: 404, code: "NoSuchUpload" }, expect: false },
    { name: "nothing known -> not an outage", facts: {}, expect: false },
  ];
  for (const c of cases) it(c.name, () => expect(isStorageUnreachable(c.facts)).toBe(c.expect));
});

describe("storageFailure", () => {
  it("a retryable error that is no outage is passed on unchanged (the pipeline names it an upload failure)", () => {
    const err = Object.assign(new Error("oops"), { name: "RestError", statusCode: 500, code: "InternalError" });
    expect(storageFailure("azure", err)).toBe(err);
  });
  it("a refused connection becomes a store-unreachable failure naming provider and code", () => {
    const failure = storageFailure("s3", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9000"), { code: "ECONNREFUSED" }));
    expect(failure).toBeInstanceOf(StoreUnreachableError);
    expect((failure as Error).message).toBe("Upload failed: s3 ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9000");
  });
  it("a missing container becomes a configuration error naming provider, status and code", () => {
    const failure = storageFailure("azure", Object.assign(new Error("The specified container does not exist."), { name: "RestError", statusCode: 404, code: "ContainerNotFound" }));
    expect(failure).toBeInstanceOf(InvalidConfigurationError);
    expect((failure as Error).message).toBe("Upload failed: azure 404 ContainerNotFound: The specified container does not exist.");
  });
  it("another refusal becomes a non-retryable error", () => {
    const failure = storageFailure("gcs", Object.assign(new Error("bad"), { name: "ApiError", code: 400, errors: [{ reason: "invalid" }] }));
    expect(failure).toBeInstanceOf(NonRetryableError);
  });
});
