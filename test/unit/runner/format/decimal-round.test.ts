import { describe, expect, it } from "vitest";
import { roundHalfUpCell } from "../../../../runner/format/decimal-round.ts";

describe("roundHalfUpCell (Question Duration)", () => {
  const cases: { name: string; input: number | string | null; expected: string }[] = [
    { name: "decimal text 12 -> 12", input: "12", expected: "12" },
    { name: "decimal text 12.4 -> rounds down", input: "12.4", expected: "12" },
    { name: "decimal text 12.5 -> half rounds up", input: "12.5", expected: "13" },
    { name: "decimal text 2.4999 -> rounds down", input: "2.4999", expected: "2" },
    { name: "decimal text 0.5 -> 1", input: "0.5", expected: "1" },
    { name: "negative half -> away from zero", input: "-2.5", expected: "-3" },
    { name: "small negative -> 0, not -0", input: "-0.2", expected: "0" },
    { name: "exponent form 1.25E+2 -> 125", input: "1.25E+2", expected: "125" },
    { name: "exponent form 4.5E-1 -> 0", input: "4.5E-1", expected: "0" },
    { name: "trailing zeros 7.000 -> 7", input: "7.000", expected: "7" },
    { name: "number 12.5 -> 13", input: 12.5, expected: "13" },
    { name: "number 3 -> 3", input: 3, expected: "3" },
    { name: "huge integral decimal -> exact digits", input: "123456789012345678901.5", expected: "123456789012345678902" },
    { name: "§5.2 negative half below one -> -1 (HALF_UP is away from zero)", input: "-0.5", expected: "-1" },
    { name: "§5.2 negative just below half -> toward zero", input: "-12.49", expected: "-12" },
    { name: "§5.2 explicit plus sign -> no sign written", input: "+2.5", expected: "3" },
    { name: "§5.2 negative zero decimal -> 0", input: "-0.000", expected: "0" },
    { name: "§5.2 half reached only through the exponent -> 1", input: "0.05E1", expected: "1" },
    { name: "§5.2 numeric -0.5 -> -1", input: -0.5, expected: "-1" },
    { name: "§5.2 decimal text with surrounding spaces -> read", input: " 2.5 ", expected: "3" },
    { name: "null -> empty", input: null, expected: "" },
    { name: "not a number -> empty", input: "abc", expected: "" },
    { name: "lone dot -> empty", input: ".", expected: "" },
  ];
  it.each(cases)("$name", ({ input, expected }) => expect(roundHalfUpCell(input)).toBe(expected));
});

describe("roundHalfUpCell of a number equals rounding the number's shortest text", () => {
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const halves = Array.from({ length: 2000 }, (_, i) => i + 0.5).flatMap((h) => [h, -h, h - 2 ** -40, h + 2 ** -40]);
  const generated = Array.from({ length: 20_000 }, (_, i) => (i % 2 === 0 ? 1 : -1) * 10 ** (-4 + next() * 26));
  const edges = [0.49999999999999994, -0.49999999999999994, 0.5, 4503599627370495.5, 2 ** 52, 2 ** 53 + 2, 1e21 - 65536, 123.45, -0, 0];
  it("generated values, values around every half below 2000, and the edges -> the same cell as the text path", () => {
    const differing = [...halves, ...generated, ...edges].filter((v) => roundHalfUpCell(v) !== roundHalfUpCell(String(v)));
    expect(differing).toEqual([]);
  });
});
