import { describe, expect, it } from "vitest";
import { compareCodePoints } from "../../../../runner/format/code-point-order.ts";
import { jsonListCell, type TextMap } from "../../../../runner/format/json-column.ts";

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

describe("jsonListCell's fast path writes what sorting every map's entries writes", () => {
  // The former implementation: entries sorted by code point, each key and value through JSON.stringify.
  const reference = (list: readonly TextMap[]): string =>
    `[${list
      .map((map) => {
        const entries = map instanceof Map ? [...map.entries()] : Object.entries(map);
        entries.sort(([a], [b]) => compareCodePoints(a, b));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v ?? null)}`).join(",")}}`;
      })
      .join(",")}]`;
  const keys = ["1", "2", "10", "9", "answer", "a", "B", "ಕ", "😀", "\ud800", "0", "-1", "01"];
  const values = ['{"text":"<p>12, or \\"13\\"</p>"}', "plain", "", "line\nbreak", "\ud83d", "tab\t", "ಕನ್ನಡ"];
  let seed = 5;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const mapOf = (): TextMap => {
    const entries: [string, string][] = Array.from({ length: next() % 6 }, () => [keys[next() % keys.length] ?? "", values[next() % values.length] ?? ""]);
    if (next() % 5 === 0) return new Map(entries);
    const record: Record<string, string> = {};
    for (const [k, v] of entries) record[k] = v;
    if (next() % 7 === 0) (record as Record<string, string | null>).nulled = null;
    return record;
  };
  const lists = Array.from({ length: 3000 }, () => Array.from({ length: next() % 5 }, mapOf));
  it("3000 generated lists (integer-like and other keys, Maps, nulls, lone surrogates) -> the same text", () => {
    expect(lists.filter((list) => jsonListCell(list) !== reference(list))).toEqual([]);
  });
});
