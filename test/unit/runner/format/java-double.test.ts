import { describe, expect, it } from "vitest";
import { doubleCell, javaDoubleString } from "../../../../runner/format/java-double.ts";

describe("javaDoubleString (Java Double.toString)", () => {
  const cases: { name: string; input: number; expected: string }[] = [
    { name: "integral value -> .0 suffix", input: 1, expected: "1.0" },
    { name: "ten -> 10.0", input: 10, expected: "10.0" },
    { name: "fraction -> shortest round-trip digits", input: 0.33, expected: "0.33" },
    { name: "binary artefact -> all digits Java prints too", input: 0.1 + 0.2, expected: "0.30000000000000004" },
    { name: "exactly 1e-3 -> still plain", input: 0.001, expected: "0.001" },
    { name: "just below 1e-3 -> scientific", input: 0.000999, expected: "9.99E-4" },
    { name: "1e-4 -> 1.0E-4", input: 0.0001, expected: "1.0E-4" },
    { name: "tiny -> negative exponent", input: 1.5e-10, expected: "1.5E-10" },
    { name: "just below 1e7 -> plain", input: 9999999, expected: "9999999.0" },
    { name: "exactly 1e7 -> scientific 1.0E7", input: 1e7, expected: "1.0E7" },
    { name: "above 1e7 with fraction -> mantissa digits", input: 12345678.9, expected: "1.23456789E7" },
    { name: "huge -> 1.0E21 (no plus sign)", input: 1e21, expected: "1.0E21" },
    { name: "plain with many digits", input: 123456.789, expected: "123456.789" },
    { name: "negative fraction", input: -2.5, expected: "-2.5" },
    { name: "negative scientific", input: -0.00012, expected: "-1.2E-4" },
    { name: "zero -> 0.0", input: 0, expected: "0.0" },
    { name: "negative zero -> -0.0", input: -0, expected: "-0.0" },
    { name: "NaN -> NaN", input: Number.NaN, expected: "NaN" },
    { name: "infinity -> Infinity", input: Infinity, expected: "Infinity" },
    { name: "minus infinity -> -Infinity", input: -Infinity, expected: "-Infinity" },
  ];
  it.each(cases)("$name", ({ input, expected }) => expect(javaDoubleString(input)).toBe(expected));
});

describe("doubleCell", () => {
  it("null score -> empty field", () => expect(doubleCell(null)).toBe(""));
  it("score 1 -> 1.0", () => expect(doubleCell(1)).toBe("1.0"));
});
