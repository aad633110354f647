import { describe, expect, it } from "vitest";
import { classifyFailure } from "../../../../runner/outcome/classify-failure.ts";
import { InvalidConfigurationError, NonRetryableError, RetryableError } from "../../../../runner/reports/errors.ts";

const driverError = (name: string, message: string, code?: number) => Object.assign(new Error(message), { name, code });

describe("classifyFailure", () => {
  const cases = [
    { name: "NonRetryableError -> its message, not retryable", err: new NonRetryableError("No data found"), expect: { retryable: false, message: "No data found", config: false } },
    { name: "RetryableError -> its message, retryable", err: new RetryableError("User cache is empty"), expect: { retryable: true, message: "User cache is empty", config: false } },
    { name: "InvalidConfigurationError -> config failure", err: new InvalidConfigurationError("PII key must be 16, 24 or 32 bytes, got 3"), expect: { retryable: false, config: true } },
    { name: "driver NoHostAvailableError -> Cassandra unavailable, retryable", err: driverError("NoHostAvailableError", "All host(s) tried"), expect: { retryable: true, message: "Cassandra unavailable: All host(s) tried" } },
    { name: "driver read timeout (0x1200) -> retryable", err: driverError("ResponseError", "Operation timed out", 0x1200), expect: { retryable: true, message: "Cassandra unavailable: Operation timed out" } },
    { name: "driver Invalid (0x2200, unknown keyspace) -> config failure", err: driverError("ResponseError", "Keyspace nope does not exist", 0x2200), expect: { retryable: false, config: true } },
    { name: "anything else -> Internal Server Error, first 250 characters, retryable", err: new Error("x".repeat(300)), expect: { retryable: true, message: `Internal Server Error: ${"x".repeat(250)}` } },
    { name: "a thrown non-error -> Internal Server Error with its text", err: "boom", expect: { retryable: true, message: "Internal Server Error: boom" } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(classifyFailure(c.err)).toMatchObject(c.expect);
    });
  }
});
