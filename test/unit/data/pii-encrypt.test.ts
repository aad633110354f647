import { createDecipheriv } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encryptPii, SUNBIRD_PII_KEY } from "../../data/pii-encrypt.ts";

// An independent decrypt, written from reports-spec.md §4.9 (not the runner's): lenient Base64, AES-128-ECB with
// PKCS#5, drop the escaped salt, three times; any failure returns the input unchanged.
function decrypt(input: string, key: string, salt: string): string {
  if (input.trim() === "") return input;
  const escaped = escapeSaltIndependently(salt);
  try {
    let v = input.trim();
    for (let i = 0; i < 3; i++) {
      const d = createDecipheriv("aes-128-ecb", Buffer.from(key, "ascii"), null);
      const plain = Buffer.concat([d.update(Buffer.from(v.replace(/[^A-Za-z0-9+/=]/g, ""), "base64")), d.final()]).toString("utf8");
      v = plain.slice(escaped.length);
    }
    return v;
  } catch {
    return input;
  }
}
const escapeSaltIndependently = (salt: string): string => salt.replace(/\r/g, "\\r").replace(/\t/g, "\\t").replace(/\n/g, "\\n");

describe("encryptPii", () => {
  // Expected values computed with JDK 17 javax.crypto ("AES" = AES/ECB/PKCS5Padding) and java.util.Base64, the way
  // Sunbird's encryption service does it; the MIME variant with Base64.getMimeEncoder(76, "\n").
  const javaVectors = [
    {
      name: "email, plain Base64",
      salt: "salt-123",
      value: "priya.iyer042@example.org",
      mimeLines: false,
      expected: "aln+RfMz1ZsRv8Rnsx/jKk0k2gdC01RAWMul9cE/r6QnCK9Yq8s2Qwze43ZgUCsGi9WajsgP6/7o1Vkn8SWd6si+lyPx2sJfSaH8f6L1xy2uPO7zhzNJEng28RJtqI4ctHgQ5uKcrz7GVH0fgVWv0GPvAcMThxvJTK1OhTX7PdI=",
    },
    {
      name: "email, 76-column lines (sun.misc.BASE64Encoder)",
      salt: "salt-123",
      value: "priya.iyer042@example.org",
      mimeLines: true,
      expected: "aln+RfMz1ZsRv8Rnsx/jKk0k2gdC01RAWMul9cE/r6QnCK9Yq8s2Qwze43ZgUCsGi9WajsgP6/7o\n1Vkn8SWd6si+lyPx2sJfSaH8f6L1xy2L5EkGNL/MvbZ3aeYf41FNi3OHyGX1ni9EZbw4Kq1S25G2\n1LmfQafyagw/+n8rMOg=",
    },
    {
      name: "salt with TAB and LF is escaped first",
      salt: "a\tb\nc",
      value: "9876543210",
      mimeLines: false,
      expected: "67Cun/V7EjcS+pob9c8kGUZifSVNinHV6gSh9+RFeSAMFqjjgqOk9lgPfW0XPsFIw2EZvETlVATnb3XJJ/XfCEI7YW42PKBmhUEDE53vkr+9UG26FJhi/HuG4Wat95he",
    },
    {
      name: "non-ASCII value is UTF-8",
      salt: "k3y",
      value: "Lakshmī Nair ✓",
      mimeLines: false,
      expected: "JDz6f/TNgJ0QbR9aXNR8xlc6CbKsf643yzK9hgFLUFz4GcX0DDOHDACl9V3QuPna588EO/hkGQfGM3ADXSt9+YauqPsDiS6rah5lVxsh8vs=",
    },
  ];
  it.each(javaVectors)("matches Java: $name", ({ salt, value, mimeLines, expected }) => {
    expect(encryptPii(value, { key: SUNBIRD_PII_KEY, salt, mimeLines })).toBe(expected);
  });

  const roundTrips = [
    { name: "email", value: "ravi.rao123@example.org", salt: "XKTk6MS86V6coPYa" },
    { name: "phone", value: "9123456789", salt: "XKTk6MS86V6coPYa" },
    { name: "empty salt", value: "x@y.z", salt: "" },
    { name: "salt with CR, TAB, LF", value: "a@b.c", salt: "r\rt\tn\n" },
    { name: "long value spanning many lines", value: "z".repeat(300), salt: "s" },
    { name: "value with line breaks", value: "line1\nline2", salt: "salt" },
  ];
  it.each(roundTrips.flatMap((c) => [false, true].map((mimeLines) => ({ ...c, mimeLines }))))(
    "round-trips through an independent decrypt: $name (mimeLines $mimeLines)",
    ({ value, salt, mimeLines }) => {
      const encrypted = encryptPii(value, { key: SUNBIRD_PII_KEY, salt, mimeLines });
      expect(encrypted).not.toContain(value);
      expect(decrypt(encrypted, SUNBIRD_PII_KEY, salt)).toBe(value);
    },
  );

  it("puts a line break after every full 76-character line and none after a short last line", () => {
    const encrypted = encryptPii("z".repeat(300), { key: SUNBIRD_PII_KEY, salt: "s", mimeLines: true });
    const lines = encrypted.split("\n");
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines.slice(0, -1)) expect(line).toHaveLength(76);
    expect(lines.at(-1)?.length).toBeLessThanOrEqual(76);
  });

  it("prefixes the salt before each round: a different salt gives a different ciphertext", () => {
    const a = encryptPii("same@example.org", { key: SUNBIRD_PII_KEY, salt: "one" });
    expect(encryptPii("same@example.org", { key: SUNBIRD_PII_KEY, salt: "two" })).not.toBe(a);
  });

  it("is undone only with a salt of the same length (decrypt drops length(salt) characters per round)", () => {
    const a = encryptPii("same@example.org", { key: SUNBIRD_PII_KEY, salt: "one" });
    expect(decrypt(a, SUNBIRD_PII_KEY, "six")).toBe("same@example.org");
    expect(decrypt(a, SUNBIRD_PII_KEY, "sixty")).not.toBe("same@example.org");
  });

  it.each([
    { name: "too short", key: "short" },
    { name: "17 characters", key: "ThisAsISerceKtey!" },
    { name: "non-ASCII", key: "ThisAsISerceKte€" },
  ])("rejects a key that is not 16 ASCII characters: $name", ({ key }) => {
    expect(() => encryptPii("v", { key, salt: "s" })).toThrow(/16 ASCII/);
  });
});
