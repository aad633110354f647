import { describe, expect, it } from "vitest";
import { NonRetryableError } from "../../../../runner/outcome/errors.ts";
import type { ReportKind } from "../../../../runner/reports/report-kind.ts";
import { effectiveSecurityLevel, outputExtension, secretNeeded } from "../../../../runner/security/level.ts";
import type { PolicyData, SecurityLevel } from "../../../../runner/security/level.ts";

const policy = (level: string, jobs: Record<string, string> = {}) =>
  JSON.stringify({ level, job: Object.fromEntries(Object.entries(jobs).map(([job, l]) => [job, { level: l }])) });

describe("effectiveSecurityLevel (§4.8.1)", () => {
  const cases: {
    name: string;
    report: ReportKind;
    orgPolicy: PolicyData;
    defaultPolicy?: PolicyData;
    requestedLevel?: SecurityLevel;
    expected: SecurityLevel;
  }[] = [
    { name: "org level only -> that level", report: "progress", orgPolicy: policy("TEXT_KEY_ENCRYPTED_DATASET"), expected: "TEXT_KEY_ENCRYPTED_DATASET" },
    {
      name: "job level set -> wins over the org level, even if weaker",
      report: "progress", orgPolicy: policy("PASSWORD_PROTECTED_DATASET", { "progress-exhaust": "PLAIN_DATASET" }), expected: "PLAIN_DATASET",
    },
    {
      name: "job level for another report -> org level applies",
      report: "response", orgPolicy: policy("PASSWORD_PROTECTED_DATASET", { "progress-exhaust": "PLAIN_DATASET" }), expected: "PASSWORD_PROTECTED_DATASET",
    },
    { name: "empty job level -> org level applies", report: "response", orgPolicy: policy("PUBLIC_KEY_ENCRYPTED_DATASET", { "response-exhaust": "" }), expected: "PUBLIC_KEY_ENCRYPTED_DATASET" },
    { name: "no org row -> default org's level", report: "progress", orgPolicy: null, defaultPolicy: policy("PASSWORD_PROTECTED_DATASET"), expected: "PASSWORD_PROTECTED_DATASET" },
    { name: "org row present -> default org ignored, even if stricter", report: "progress", orgPolicy: policy("PLAIN_DATASET"), defaultPolicy: policy("PUBLIC_KEY_ENCRYPTED_DATASET"), expected: "PLAIN_DATASET" },
    { name: "no org row, no default row -> PLAIN", report: "response", orgPolicy: null, defaultPolicy: null, expected: "PLAIN_DATASET" },
    { name: "empty level (Sunbird: no protection) -> PLAIN", report: "progress", orgPolicy: policy(""), expected: "PLAIN_DATASET" },
    { name: "policy without level fields -> PLAIN", report: "progress", orgPolicy: "{}", expected: "PLAIN_DATASET" },
    { name: "parsed policy object from the API -> read the same way", report: "progress", orgPolicy: { level: "TEXT_KEY_ENCRYPTED_DATASET" }, expected: "TEXT_KEY_ENCRYPTED_DATASET" },
    { name: "userinfo with PLAIN -> raised to PASSWORD_PROTECTED", report: "userinfo", orgPolicy: policy("PLAIN_DATASET"), expected: "PASSWORD_PROTECTED_DATASET" },
    { name: "userinfo with nothing configured -> PASSWORD_PROTECTED", report: "userinfo", orgPolicy: null, defaultPolicy: null, expected: "PASSWORD_PROTECTED_DATASET" },
    { name: "userinfo with PUBLIC_KEY -> kept", report: "userinfo", orgPolicy: policy("PUBLIC_KEY_ENCRYPTED_DATASET"), expected: "PUBLIC_KEY_ENCRYPTED_DATASET" },
    { name: "request asks stricter -> stricter", report: "progress", orgPolicy: policy("PLAIN_DATASET"), requestedLevel: "TEXT_KEY_ENCRYPTED_DATASET", expected: "TEXT_KEY_ENCRYPTED_DATASET" },
    { name: "request asks weaker -> policy kept", report: "progress", orgPolicy: policy("TEXT_KEY_ENCRYPTED_DATASET"), requestedLevel: "PLAIN_DATASET", expected: "TEXT_KEY_ENCRYPTED_DATASET" },
  ];
  it.each(cases)("$name", ({ report, orgPolicy, defaultPolicy = null, requestedLevel, expected }) => {
    expect(effectiveSecurityLevel({ report, requestedOrg: "org-1", orgPolicy, defaultPolicy, requestedLevel })).toBe(expected);
  });

  const failures: { name: string; orgPolicy: PolicyData; defaultPolicy?: PolicyData; message: string }[] = [
    { name: "org policy not JSON -> non-retryable", orgPolicy: "{nope", message: "Invalid dataSecurityPolicy for org org-1" },
    { name: "org policy a JSON array -> non-retryable", orgPolicy: "[]", message: "Invalid dataSecurityPolicy for org org-1" },
    { name: "unknown level name -> non-retryable, never silently plain", orgPolicy: policy("PASSWORD_PROTECTED"), message: "Unknown data security level PASSWORD_PROTECTED for org org-1" },
    { name: "broken default policy used as fallback -> non-retryable", orgPolicy: null, defaultPolicy: "x", message: "Invalid dataSecurityPolicy for org default" },
  ];
  it.each(failures)("$name", ({ orgPolicy, defaultPolicy = null, message }) => {
    const run = () => effectiveSecurityLevel({ report: "progress", requestedOrg: "org-1", orgPolicy, defaultPolicy });
    expect(run).toThrow(NonRetryableError);
    expect(run).toThrow(message);
  });
});

describe("outputExtension", () => {
  it("PLAIN with csv chosen -> csv", () => expect(outputExtension("PLAIN_DATASET", "csv")).toBe("csv"));
  it("PLAIN with zip chosen -> zip", () => expect(outputExtension("PLAIN_DATASET", "zip")).toBe("zip"));
  it("PASSWORD_PROTECTED with csv chosen -> zip anyway", () => expect(outputExtension("PASSWORD_PROTECTED_DATASET", "csv")).toBe("zip"));
  it("TEXT_KEY with csv chosen -> zip anyway", () => expect(outputExtension("TEXT_KEY_ENCRYPTED_DATASET", "csv")).toBe("zip"));
});

describe("secretNeeded", () => {
  it("PASSWORD_PROTECTED -> password", () => expect(secretNeeded("PASSWORD_PROTECTED_DATASET")).toBe("password"));
  it("TEXT_KEY -> text key", () => expect(secretNeeded("TEXT_KEY_ENCRYPTED_DATASET")).toBe("textKey"));
  it("PUBLIC_KEY -> none (org public key)", () => expect(secretNeeded("PUBLIC_KEY_ENCRYPTED_DATASET")).toBeNull());
  it("PLAIN -> none", () => expect(secretNeeded("PLAIN_DATASET")).toBeNull());
});
