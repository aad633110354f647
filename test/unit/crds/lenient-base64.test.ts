import { describe, expect, it } from "vitest";
import { canonicalBase64Length, decodeBase64Leniently } from "../../../crds/lenient-base64.ts";
import { rngFor } from "../../data/prng.ts";

describe("decodeBase64Leniently (commons-codec decodeBase64)", () => {
  const cases: { name: string; input: string; expected: number[] }[] = [
    { name: "standard alphabet with padding", input: "AQID+/8=", expected: [1, 2, 3, 251, 255] },
    { name: "URL-safe alphabet -> same bytes", input: "AQID-_8=", expected: [1, 2, 3, 251, 255] },
    { name: "line breaks and spaces inside -> ignored", input: "AQ\r\nID +/\n8=", expected: [1, 2, 3, 251, 255] },
    { name: "characters outside the alphabet -> ignored", input: "A@Q.I!D", expected: [1, 2, 3] },
    { name: "first '=' ends decoding", input: "AQ==AQID", expected: [1] },
    { name: "dangling single character -> dropped", input: "AQIDB", expected: [1, 2, 3] },
    { name: "non-ASCII characters -> ignored", input: "AQ\u00e9ID", expected: [1, 2, 3] },
    { name: "nothing decodable -> empty", input: "@@@", expected: [] },
  ];
  it.each(cases)("$name", ({ input, expected }) => expect([...decodeBase64Leniently(input)]).toEqual(expected));
});

describe("canonicalBase64Length", () => {
  const cases: { name: string; input: string; expected: number }[] = [
    { name: "empty -> canonical, 0 bytes", input: "", expected: 0 },
    { name: "whole groups -> 3 bytes a group", input: "AQIDBAUG", expected: 6 },
    { name: "one '=' -> 2 bytes in the last group", input: "AQID+/8=", expected: 5 },
    { name: "two '=' -> 1 byte in the last group", input: "AQ==", expected: 1 },
    { name: "length not a multiple of 4 -> not canonical", input: "AQIDB", expected: -1 },
    { name: "URL-safe alphabet -> not canonical (the lenient loop decodes it)", input: "AQID-_8=", expected: -1 },
    { name: "'=' inside -> not canonical", input: "AQ==AQID", expected: -1 },
    { name: "three '=' -> not canonical", input: "A===", expected: -1 },
    { name: "line break inside -> not canonical", input: "AQ\nIDBAU", expected: -1 },
    { name: "non-ASCII -> not canonical", input: "AQ\u00e9I", expected: -1 },
  ];
  it.each(cases)("$name", ({ input, expected }) => expect(canonicalBase64Length(input)).toBe(expected));

  // The regular expression it replaced, as the oracle, on seeded text near Base64.
  const CANONICAL = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
  const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \n\u00e9".split("");
  it("seeded texts -> canonical exactly when the former regular expression matched, with Node's decoded length", () => {
    for (let i = 0; i < 5000; i++) {
      const rng = rngFor(18, "base64", i);
      const body = Array.from({ length: rng.int(0, 12) * 4 }, () => (rng.chance(0.97) ? rng.pick(chars.slice(0, 64)) : rng.pick(chars)));
      const text = body.join("").slice(0, body.length - rng.int(0, 1)) + "=".repeat(rng.chance(0.3) ? rng.int(1, 2) : 0);
      const length = canonicalBase64Length(text);
      expect(length >= 0, text).toBe(CANONICAL.test(text));
      if (length >= 0) expect(length, text).toBe(Buffer.from(text, "base64").length);
    }
  });
});
