import { describe, expect, it } from "vitest";
import { piiBatchDecryptor } from "../../../../runner/pii/decrypt.ts";
import { encryptPii } from "../../../data/pii-encrypt.ts";
import type { CachedUser, Consent } from "../../../../runner/reports/model.ts";
import { USERINFO_HEADER, userInfoRows } from "../../../../runner/reports/userinfo.ts";
import { cachedUser, ctx, enrolment } from "./fixtures.ts";

// A fake decryptor: values prefixed "enc:" decrypt to the rest, anything else passes through (like §4.9).
const decryptAll = (values: readonly string[]) => values.map((v) => (v.startsWith("enc:") ? v.slice(4) : v));
/** The one member's row, or null. */
const userInfoRow = (user: CachedUser, consent: Consent | null, decrypt = decryptAll) => userInfoRows(ctx, [{ enrolment: enrolment(), user, consent }], decrypt)[0] ?? null;
const activeConsent: Consent = { status: "ACTIVE", lastUpdatedOn: new Date("2024-03-05T19:00:00Z") };

describe("USERINFO_HEADER", () => {
  it("19 columns in Sunbird's order", () => {
    expect(USERINFO_HEADER).toEqual([
      "Collection Id", "Collection Name", "Batch Id", "Batch Name", "User UUID", "User Name", "User Type", "User Sub Type",
      "State", "District", "Block", "Cluster", "School Id", "School Name", "Org Name", "Email ID", "Mobile Number",
      "Consent Provided", "Consent Provided Date",
    ]);
  });
});

describe("userInfoRows (§5.1)", () => {
  it("active consent -> full row, empty lastname leaves no trailing space", () => {
    expect(userInfoRow(cachedUser, activeConsent)).toEqual([
      "do_course", "Maths, Part 1", "BatchId_b-001", "January batch", "user-1", "Leela", "teacher", "hm",
      "Karnataka", "Bengaluru Urban", "North", "C1", "29200100101", "GHS North", "Org One",
      "leela@example.com", "9876543210", "true", "06/03/2024",
    ]);
  });

  const exclusions: { name: string; consent: Consent | null }[] = [
    { name: "revoked consent -> excluded", consent: { status: "REVOKED", lastUpdatedOn: new Date() } },
    { name: "no consent row -> excluded", consent: null },
  ];
  it.each(exclusions)("$name", ({ consent }) => expect(userInfoRow(cachedUser, consent)).toBeNull());

  const cell = (user: CachedUser, header: string, consent: Consent = activeConsent) =>
    userInfoRow(user, consent)?.[USERINFO_HEADER.indexOf(header)];

  const cases: { name: string; user: CachedUser; header: string; expected: string; consent?: Consent }[] = [
    { name: "first and last name -> joined with one space", user: { firstname: "Leela", lastname: "Kumar" }, header: "User Name", expected: "Leela Kumar" },
    { name: "only lastname -> no leading space", user: { lastname: "Kumar" }, header: "User Name", expected: "Kumar" },
    { name: "§5.1 empty firstname field -> no leading space", user: { firstname: "", lastname: "Kumar" }, header: "User Name", expected: "Kumar" },
    { name: "§5.1 both name fields empty -> empty", user: { firstname: "", lastname: "" }, header: "User Name", expected: "" },
    { name: "no name fields -> empty", user: { email: "x" }, header: "User Name", expected: "" },
    { name: "encrypted joined name -> decrypted", user: { firstname: "enc:Leela", lastname: "Kumar" }, header: "User Name", expected: "Leela Kumar" },
    { name: "name with padding -> trimmed after decryption", user: { firstname: "  Leela", lastname: "Kumar  " }, header: "User Name", expected: "Leela Kumar" },
    { name: "encrypted email -> decrypted", user: { email: "enc:a@b.org" }, header: "Email ID", expected: "a@b.org" },
    { name: "decrypted email with trailing newline -> trimmed", user: { email: "enc:a@b.org\n" }, header: "Email ID", expected: "a@b.org" },
    { name: "plaintext phone -> passes through", user: { phone: "98765 43210" }, header: "Mobile Number", expected: "98765 43210" },
    { name: "missing phone -> empty", user: {}, header: "Mobile Number", expected: "" },
    { name: "comma-joined orgname -> kept for the CSV layer to quote", user: { orgname: "Org A,Org B" }, header: "Org Name", expected: "Org A,Org B" },
    { name: "state with inner line break -> kept", user: { state: " Kar\nnataka " }, header: "State", expected: "Kar\nnataka" },
    { name: "consent without date -> empty date", user: {}, header: "Consent Provided Date", expected: "", consent: { status: "active", lastUpdatedOn: null } },
    { name: "consent -> Consent Provided true", user: {}, header: "Consent Provided", expected: "true" },
  ];
  it.each(cases)("$name", ({ user, header, expected, consent }) => expect(cell(user, header, consent)).toBe(expected));

  it("§4.9 with the real scheme -> email with line breaks, phone and joined name decrypted, plaintext kept", () => {
    const key = "0123456789abcdef";
    const salt = "pepper";
    const encrypt = (value: string): string => encryptPii(value, { key, salt });
    const user: CachedUser = {
      firstname: encrypt("Leela Kumar"),
      email: encrypt("leela@example.com").replace(/(.{16})/g, "$1\n"),
      phone: "9876543210",
    };
    const row = userInfoRow(user, activeConsent, piiBatchDecryptor(key, salt));
    const pick = (header: string) => row?.[USERINFO_HEADER.indexOf(header)];
    expect([pick("User Name"), pick("Email ID"), pick("Mobile Number")]).toEqual(["Leela Kumar", "leela@example.com", "9876543210"]);
  });

  it("a group -> rows of the consenting members only, in order, each with its own decrypted fields", () => {
    const member = (id: string, consent: Consent | null) => ({ enrolment: enrolment({ userId: id }), user: { firstname: `enc:${id}`, email: `enc:${id}@x.org`, phone: id }, consent });
    const rows = userInfoRows(ctx, [member("u1", activeConsent), member("u2", null), member("u3", activeConsent)], decryptAll);
    const pick = (header: string) => rows.map((r) => r[USERINFO_HEADER.indexOf(header)]);
    expect([pick("User UUID"), pick("User Name"), pick("Email ID"), pick("Mobile Number")]).toEqual([["u1", "u3"], ["u1", "u3"], ["u1@x.org", "u3@x.org"], ["u1", "u3"]]);
  });
});
