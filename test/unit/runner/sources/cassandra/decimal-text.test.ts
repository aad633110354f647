import { types } from "cassandra-driver";
import { describe, expect, it } from "vitest";
import { roundHalfUpCell } from "../../../../../runner/format/decimal-round.ts";
import { decimalText } from "../../../../../runner/sources/cassandra/decimal-text.ts";

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
