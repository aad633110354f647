import { describe, expect, it } from "vitest";
import { classifyFailure } from "../../../../runner/outcome/classify-failure.ts";
import { cassandraUnavailable, InvalidConfigurationError, NonRetryableError, redisUnavailable, RetryableError, StoreUnreachableError, uploadFailed } from "../../../../runner/outcome/errors.ts";

const driverError = (name: string, message: string, code?: number) => Object.assign(new Error(message), { name, code });

describe("classifyFailure", () => {
  const cases = [
    { name: "NonRetryableError -> its message, not retryable", err: new NonRetryableError("No data found"), expect: { retryable: false, message: "No data found", config: false } },
    { name: "RetryableError -> its message, retryable, not a store outage", err: new RetryableError("User cache is empty"), expect: { retryable: true, message: "User cache is empty", config: false, storeUnreachable: false } },
    {
      name: "StoreUnreachableError (relation cache down) -> its message, retryable, a store outage",
      err: new StoreUnreachableError(redisUnavailable("relation cache", "10.0.0.7:6379 db 10", "connect ECONNREFUSED")),
      expect: { retryable: true, message: "Redis unavailable (relation cache at 10.0.0.7:6379 db 10): connect ECONNREFUSED", config: false, storeUnreachable: true },
    },
    { name: "InvalidConfigurationError -> config failure", err: new InvalidConfigurationError("PII key must be 16, 24 or 32 bytes, got 3"), expect: { retryable: false, config: true } },
    { name: "driver NoHostAvailableError -> Cassandra unavailable, retryable", err: driverError("NoHostAvailableError", "All host(s) tried"), expect: { retryable: true, message: "Cassandra unavailable: All host(s) tried", storeUnreachable: true } },
    { name: "driver read timeout (0x1200) -> retryable", err: driverError("ResponseError", "Operation timed out", 0x1200), expect: { retryable: true, message: "Cassandra unavailable: Operation timed out", storeUnreachable: true } },
    { name: "driver Invalid (0x2200, unknown keyspace) -> config failure", err: driverError("ResponseError", "Keyspace nope does not exist", 0x2200), expect: { retryable: false, config: true } },
    { name: "anything else -> Internal Server Error, first 250 characters, retryable", err: new Error("x".repeat(300)), expect: { retryable: true, message: `Internal Server Error: ${"x".repeat(250)}`, storeUnreachable: false } },
    { name: "a thrown non-error -> Internal Server Error with its text", err: "boom", expect: { retryable: true, message: "Internal Server Error: boom" } },
    { name: "URL credentials and query strings are scrubbed", err: new Error("fetch https://u:secret@h/k?X-Amz-Signature=sig failed"), expect: { message: "Internal Server Error: fetch https://[redacted]@h/k?[redacted] failed" } },
    { name: "a retryable error's text is scrubbed too", err: new RetryableError("Upload failed: PUT http://key:secret@s3/b"), expect: { retryable: true, message: "Upload failed: PUT http://[redacted]@s3/b" } },
    {
      name: "driver NoHostAvailableError with an inspected inner error -> its first line only, no stack frames",
      err: driverError("NoHostAvailableError", "All host(s) tried for query failed. First host tried, 127.0.0.1:9042: Error: connect ECONNREFUSED 127.0.0.1:9042\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:2021:16) {\n  errno: -111,"),
      expect: { retryable: true, message: "Cassandra unavailable: All host(s) tried for query failed. First host tried, 127.0.0.1:9042: Error: connect ECONNREFUSED 127.0.0.1:9042", storeUnreachable: true },
    },
    { name: "driver unavailable detail is bounded", err: driverError("NoHostAvailableError", "h".repeat(5000)), expect: { message: `Cassandra unavailable: ${"h".repeat(250)}` } },
    { name: "a credential cut by the bound is scrubbed first", err: new Error(`${"x".repeat(230)} http://user:secretpassword@host`), expect: { message: `Internal Server Error: ${`${"x".repeat(230)} http://[redacted]@host`.slice(0, 250)}` } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(classifyFailure(c.err)).toMatchObject(c.expect);
    });
  }
});

describe("failure texts with a store's detail are bounded", () => {
  const cases = [
    { name: "upload failed", text: uploadFailed("u".repeat(1000)), prefix: "Upload failed: " },
    { name: "Cassandra unavailable", text: cassandraUnavailable("c".repeat(1000)), prefix: "Cassandra unavailable: " },
    { name: "Redis unavailable", text: redisUnavailable("user cache", "h:6379 db 12", "r".repeat(1000)), prefix: "Redis unavailable (user cache at h:6379 db 12): " },
  ];
  for (const c of cases) it(c.name, () => expect(c.text.length).toBe(c.prefix.length + 250));
});

describe("redisUnavailable names the Redis that failed", () => {
  const cases = [
    { name: "user cache down -> names the user cache and its endpoint", role: "user cache", endpoint: "redis-users:6379 db 12", expect: "Redis unavailable (user cache at redis-users:6379 db 12): connect ECONNREFUSED" },
    { name: "relation cache down (the user cache too) -> names the relation cache, not a generic text", role: "relation cache", endpoint: "redis-rel:6380 db 10", expect: "Redis unavailable (relation cache at redis-rel:6380 db 10): connect ECONNREFUSED" },
    { name: "same server, other DB -> the DB tells the two apart", role: "relation cache", endpoint: "redis:6379 db 0", expect: "Redis unavailable (relation cache at redis:6379 db 0): connect ECONNREFUSED" },
  ] as const;
  for (const c of cases) it(c.name, () => expect(redisUnavailable(c.role, c.endpoint, "connect ECONNREFUSED")).toBe(c.expect));
});
