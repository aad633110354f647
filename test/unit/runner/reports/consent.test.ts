import { describe, expect, it } from "vitest";
import { hasActiveConsent, isCustodianRequest } from "../../../../runner/reports/consent.ts";
import type { Consent } from "../../../../runner/reports/model.ts";

describe("hasActiveConsent (§5.1)", () => {
  const at = new Date("2024-01-01T00:00:00Z");
  const cases: { name: string; consent: Consent | null; expected: boolean }[] = [
    { name: "ACTIVE -> included", consent: { status: "ACTIVE", lastUpdatedOn: at }, expected: true },
    { name: "active in lower case -> included", consent: { status: "active", lastUpdatedOn: null }, expected: true },
    { name: "REVOKED -> excluded", consent: { status: "REVOKED", lastUpdatedOn: at }, expected: false },
    { name: "no row -> excluded", consent: null, expected: false },
    { name: "null status -> excluded", consent: { status: null, lastUpdatedOn: at }, expected: false },
    { name: "status with spaces -> excluded (no trimming)", consent: { status: " ACTIVE", lastUpdatedOn: at }, expected: false },
  ];
  it.each(cases)("$name", ({ consent, expected }) => expect(hasActiveConsent(consent)).toBe(expected));
});

describe("isCustodianRequest (D7)", () => {
  it("requesting org is the custodian org -> header-only file", () => expect(isCustodianRequest("cust", "cust")).toBe(true));
  it("another org -> normal consent rules", () => expect(isCustodianRequest("org-1", "cust")).toBe(false));
  it("no custodian configured -> normal consent rules", () => expect(isCustodianRequest("org-1", null)).toBe(false));
  it("empty custodian id -> normal consent rules", () => expect(isCustodianRequest("", "")).toBe(false));
});
