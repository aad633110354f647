import { types } from "cassandra-driver";
import { describe, expect, it } from "vitest";
import { roundHalfUpCell } from "../../../../../runner/format/decimal-round.ts";
import { decimalText, decimalValue } from "../../../../../runner/sources/cassandra/decimal-text.ts";

const decimal = (unscaled: number, scale: number) => new types.BigDecimal(unscaled, scale);

describe("decimalText (Question Duration from a Cassandra decimal)", () => {
  const cases = [
    { name: "negative scale: unscaled 12, scale -2 is 1200", value: decimal(12, -2), text: "12E2", cell: "1200" },
    { name: "positive scale: 12.5 rounds half up", value: types.BigDecimal.fromString("12.5"), text: "125E-1", cell: "13" },
    { name: "zero scale", value: decimal(7, 0), text: "7E0", cell: "7" },
    { name: "negative value rounds away from zero", value: types.BigDecimal.fromString("-2.5"), text: "-25E-1", cell: "-3" },
    { name: "below one half", value: types.BigDecimal.fromString("0.49"), text: "49E-2", cell: "0" },
    { name: "beyond double precision stays exact", value: types.BigDecimal.fromString("12345678901234567890.5"), text: "123456789012345678905E-1", cell: "12345678901234567891" },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(decimalText(c.value)).toBe(c.text);
      expect(roundHalfUpCell(decimalText(c.value))).toBe(c.cell);
    });
  }
});

describe("decimalValue (a double only where it rounds exactly as the decimal)", () => {
  const cases = [
    { name: "12.5 -> the double 12.5", value: types.BigDecimal.fromString("12.5"), expected: 12.5 },
    { name: "negative scale -> the whole number", value: decimal(12, -2), expected: 1200 },
    { name: "six decimals -> a double", value: types.BigDecimal.fromString("2.499999"), expected: 2.499999 },
    { name: "seven decimals -> the exact text", value: types.BigDecimal.fromString("2.4999999"), expected: "24999999E-7" },
    { name: "2^32 and above with a fraction -> the exact text", value: types.BigDecimal.fromString("4294967296.5"), expected: "42949672965E-1" },
    { name: "beyond a safe integer -> the exact text", value: types.BigDecimal.fromString("12345678901234567890"), expected: "12345678901234567890E0" },
    { name: "negative -> a negative double", value: types.BigDecimal.fromString("-0.5"), expected: -0.5 },
  ];
  for (const c of cases) it(c.name, () => expect(decimalValue(c.value)).toBe(c.expected));

  it("decimals with up to 6 digits after the point, below 2^32 -> the same cell as their exact text", () => {
    let seed = 3;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const differing: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const scale = next() % 7;
      const unscaled = (next() % 2 === 0 ? 1 : -1) * (next() * 2 ** 20 + next()) % (2 ** 32 * 10 ** scale);
      const value = new types.BigDecimal(unscaled, scale);
      if (roundHalfUpCell(decimalValue(value)) !== roundHalfUpCell(decimalText(value))) differing.push(decimalText(value));
    }
    expect(differing).toEqual([]);
  });
});
