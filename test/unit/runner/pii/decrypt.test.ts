import { createCipheriv } from "node:crypto";
import { describe, expect, it } from "vitest";
import { piiBatchDecryptor } from "../../../../runner/pii/decrypt.ts";
import { encryptPii } from "../../../data/pii-encrypt.ts";
import { rngFor } from "../../../data/prng.ts";
import { InvalidConfigurationError } from "../../../../runner/outcome/errors.ts";

const key = "0123456789abcdef"; // 16 ASCII bytes, like Sunbird's fixed key
const salt = "pepper";

/** Sunbird's encrypting side written out by hand, independent of test/data/pii-encrypt.ts: `rounds` AES-ECB passes. */
function sunbirdEncrypt(value: string, saltAsUsed: string, rounds = 3): string {
  let text = value;
  for (let i = 0; i < rounds; i++) {
    const cipher = createCipheriv("aes-128-ecb", Buffer.from(key), null);
    text = Buffer.concat([cipher.update(saltAsUsed + text, "utf8"), cipher.final()]).toString("base64");
  }
  return text;
}

/** One value alone, as a batch of one. */
const piiDecryptor = (k: string, s: string) => {
  const many = piiBatchDecryptor(k, s);
  return (value: string): string => many([value])[0] as string;
};
const decrypt = piiDecryptor(key, salt);

describe("piiBatchDecryptor, one value (§4.9, D8)", () => {
  const encryptedEmail = sunbirdEncrypt("leela@example.com", salt);
  const cases: { name: string; input: string; expected: string }[] = [
    { name: "encrypted email -> plaintext", input: encryptedEmail, expected: "leela@example.com" },
    { name: "encrypted phone -> plaintext", input: sunbirdEncrypt("9876543210", salt), expected: "9876543210" },
    { name: "surrounding whitespace -> trimmed before decoding", input: `  ${encryptedEmail}\n`, expected: "leela@example.com" },
    { name: "line breaks inside the ciphertext -> ignored", input: encryptedEmail.replace(/(.{20})/g, "$1\r\n"), expected: "leela@example.com" },
    { name: "plaintext email -> unchanged", input: "leela@example.com", expected: "leela@example.com" },
    { name: "plaintext phone -> unchanged", input: "9876543210", expected: "9876543210" },
    { name: "plaintext name with a space -> unchanged", input: "Leela Kumar", expected: "Leela Kumar" },
    { name: "plaintext with padding spaces -> unchanged, untrimmed", input: " Leela ", expected: " Leela " },
    { name: "empty -> empty", input: "", expected: "" },
    { name: "only whitespace -> unchanged", input: "  ", expected: "  " },
    { name: "one block of the wrong key's bytes -> unchanged (bad padding)", input: "AAAAAAAAAAAAAAAAAAAAAA==", expected: "AAAAAAAAAAAAAAAAAAAAAA==" },
    { name: "encrypted only twice -> unchanged (third round fails)", input: twice("x"), expected: twice("x") },
    { name: "decrypted text shorter than the salt -> unchanged", input: encryptedWithoutSalt("ab"), expected: encryptedWithoutSalt("ab") },
    { name: "plaintext with line breaks inside -> unchanged", input: "line1\nline2", expected: "line1\nline2" },
    { name: "non-ASCII plaintext -> round trip", input: sunbirdEncrypt("ಲೀಲಾ", salt), expected: "ಲೀಲಾ" },
  ];
  it.each(cases)("$name", ({ input, expected }) => expect(decrypt(input)).toBe(expected));

  it("salt with TAB, CR and LF -> escaped to two characters before use, as Sunbird does", () => {
    const rawSalt = "a\tb\rc\nd";
    const encrypted = sunbirdEncrypt("leela@example.com", "a\\tb\\rc\\nd");
    expect(piiDecryptor(key, rawSalt)(encrypted)).toBe("leela@example.com");
  });

  it("encryptor and decryptor -> round trip, including an escaped salt", () => {
    const rawSalt = "s\nalt";
    const roundTrip = piiDecryptor(key, rawSalt)(encryptPii("user@example.org", { key, salt: rawSalt }));
    expect(roundTrip).toBe("user@example.org");
    expect(encryptPii("user@example.org", { key, salt })).toBe(sunbirdEncrypt("user@example.org", salt));
  });

  const emptySalt = piiDecryptor(key, "");
  const emptySaltCases: { name: string; input: string; expected: string }[] = [
    { name: "§4.9 step 1: whitespace with an empty salt -> unchanged, not decrypted to empty", input: " \t\n", expected: " \t\n" },
    { name: "§4.9: empty salt -> encrypted value still decrypts", input: sunbirdEncrypt("9876543210", ""), expected: "9876543210" },
  ];
  it.each(emptySaltCases)("$name", ({ input, expected }) => expect(emptySalt(input)).toBe(expected));

  it("key that is not 16, 24 or 32 bytes -> configuration error", () => {
    expect(() => piiDecryptor("short", salt)).toThrow(InvalidConfigurationError);
  });
});

describe("piiBatchDecryptor, a group", () => {
  // A seeded mixture of what a group of users holds: values that decrypt, fail in the first, second or third round,
  // plaintext, blanks, non-ASCII; deciphered together they must each come out as they do alone.
  const kinds = [
    (n: number) => sunbirdEncrypt(`user${n}@example.org`, salt),
    (n: number) => sunbirdEncrypt(`9${n}`, salt),
    (n: number) => sunbirdEncrypt(`ಲೀಲಾ ${n}`, salt),
    (n: number) => twice(`x${n}`),
    (n: number) => encryptedWithoutSalt(String(n % 100)),
    (n: number) => ` ${sunbirdEncrypt(String(n), salt).replace(/(.{9})/g, "$1\n")} `,
    (n: number) => `Leela Kumar ${n}`,
    () => "",
    () => " \t",
    () => "AAAAAAAAAAAAAAAAAAAAAA==",
  ];
  it("seeded groups -> each value as it decrypts alone, in order", () => {
    const many = piiBatchDecryptor(key, salt);
    for (let g = 0; g < 50; g++) {
      const rng = rngFor(18, "pii-batch", g);
      const values = Array.from({ length: rng.int(0, 40) }, (_, n) => rng.pick(kinds)(n));
      expect(many(values)).toEqual(values.map(decrypt));
    }
  });

  it("key that is not 16, 24 or 32 bytes -> configuration error", () => {
    expect(() => piiBatchDecryptor("short", salt)).toThrow(InvalidConfigurationError);
  });
});

const twice = (value: string): string => sunbirdEncrypt(value, salt, 2);
const encryptedWithoutSalt = (value: string): string => sunbirdEncrypt(value, "", 1);
