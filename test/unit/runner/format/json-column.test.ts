import { describe, expect, it } from "vitest";
import { jsonListCell } from "../../../../runner/format/json-column.ts";

describe("jsonListCell (D11 Question Options / Response)", () => {
  const cases: { name: string; input: Parameters<typeof jsonListCell>[0]; expected: string }[] = [
    { name: "null list -> empty field", input: null, expected: "" },
    { name: "empty list -> []", input: [], expected: "[]" },
    {
      name: "map values that are JSON text stay strings",
      input: [{ "1": '{"text":"A=pi r^2"}' }],
      expected: '[{"1":"{\\"text\\":\\"A=pi r^2\\"}"}]',
    },
    {
      name: "integer-like keys -> code-point order as Cassandra stores them, not numeric",
      input: [{ "2": "b", "10": "a", answer: "c" }],
      expected: '[{"10":"a","2":"b","answer":"c"}]',
    },
    {
      name: "a Map from the driver -> same JSON",
      input: [new Map([["b", "2"], ["a", "1"]])],
      expected: '[{"a":"1","b":"2"}]',
    },
    {
      name: "line breaks and quotes in values -> JSON escapes",
      input: [{ text: 'say "hi"\nnow' }, {}],
      expected: '[{"text":"say \\"hi\\"\\nnow"},{}]',
    },
  ];
  it.each(cases)("$name", ({ input, expected }) => {
    expect(jsonListCell(input)).toBe(expected);
    if (expected !== "") expect(() => JSON.parse(jsonListCell(input))).not.toThrow();
  });
});
