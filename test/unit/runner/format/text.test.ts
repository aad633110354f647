import { describe, expect, it } from "vitest";
import { javaTrim } from "../../../../crds/java-trim.ts";
import { textCell } from "../../../../runner/format/text.ts";

describe("javaTrim (D20: Java String.trim)", () => {
  const cases: { name: string; input: string; expected: string }[] = [
    { name: "trailing space after an empty lastname -> removed", input: "Leela ", expected: "Leela" },
    { name: "leading tab, CR and LF -> removed", input: "\t\r\nvalue", expected: "value" },
    { name: "control characters at the ends -> removed like whitespace", input: "\u0001value\u001f", expected: "value" },
    { name: "inner whitespace and line breaks -> kept", input: " a  b\r\nc ", expected: "a  b\r\nc" },
    { name: "non-breaking space (above U+0020) -> kept", input: "\u00a0value\u00a0", expected: "\u00a0value\u00a0" },
    { name: "only whitespace -> empty", input: " \t\n ", expected: "" },
    { name: "nothing to trim -> same text", input: "value", expected: "value" },
  ];
  it.each(cases)("$name", ({ input, expected }) => expect(javaTrim(input)).toBe(expected));
});

describe("textCell", () => {
  it("null -> empty field", () => expect(textCell(null)).toBe(""));
  it("missing (undefined) -> empty field", () => expect(textCell(undefined)).toBe(""));
  it("text -> trimmed", () => expect(textCell("  Karnataka ")).toBe("Karnataka"));
});
