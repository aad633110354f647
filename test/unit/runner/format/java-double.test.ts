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

describe("javaDoubleString's plain range agrees with the exponent form it replaced there", () => {
  // The former code path for every value: the shortest digits from toExponential(), laid out as Java does.
  const viaExponent = (value: number): string => {
    const [mantissa = "", exponentText = "0"] = Math.abs(value).toExponential().split("e");
    const digits = mantissa.replace(".", "");
    const exponent = Number(exponentText);
    const sign = value < 0 ? "-" : "";
    if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
    if (digits.length <= exponent + 1) return `${sign}${digits}${"0".repeat(exponent + 1 - digits.length)}.0`;
    return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  };
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const generated = Array.from({ length: 20_000 }, (_, i) => {
    const magnitude = 10 ** (-3 + next() * 10);
    const value = i % 4 === 0 ? Math.round(magnitude) : i % 4 === 1 ? Math.round(magnitude * 100) / 100 : magnitude;
    return i % 2 === 0 ? value : -value;
  });
  const edges = [1e-3, 0.0010000000000000002, 9999999, 9999999.999999998, 0.5, 0.33, 1, 2, 1e6, 123456.789];
  it("20,000 generated values in [1e-3, 1e7) and the edges -> the same text", () => {
    const inRange = [...generated, ...edges].filter((v) => Math.abs(v) >= 1e-3 && Math.abs(v) < 1e7);
    expect(inRange.length).toBeGreaterThan(15_000);
    expect(inRange.filter((v) => javaDoubleString(v) !== viaExponent(v))).toEqual([]);
  });
});
