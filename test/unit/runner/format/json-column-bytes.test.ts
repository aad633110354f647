import { describe, expect, it } from "vitest";
import { jsonListCell, type TextMap } from "../../../../runner/format/json-column.ts";
import { csvBytes } from "../../../../runner/format/csv.ts";
import { jsonListFieldMostBytes, writeJsonListField } from "../../../../runner/format/json-column-bytes.ts";
import { TEXT_MAP_LIST } from "../../../data/question-column-type.ts";
import { collection, driverEncoder, textMap, utf8 } from "../sources/cassandra/cql-bytes.ts";

const encoder = driverEncoder();
/** What the runner wrote before: the driver's decoding, then jsonListCell. */
// Fields are compared as bytes (latin1 maps each byte to one character), so bad UTF-8 cannot hide behind decoding.
/** A text as the CSV writer writes it as a field (quoted where needed), without the record's CRLF. */
const csvField = (text: string) => csvBytes([[text]]).subarray(0, -2).toString("latin1");
const viaDriver = (bytes: Buffer) => csvField(jsonListCell(encoder.decode(bytes, TEXT_MAP_LIST) as TextMap[] | null));
/** The field's bytes, one character a byte. */
const ofBytes = (bytes: Buffer) => {
  // Written after other bytes, as into a writer's buffer that already holds records.
  const at = 3;
  const out = Buffer.alloc(at + jsonListFieldMostBytes(0, bytes.length), 0xff);
  const end = writeJsonListField(bytes, 0, bytes.length, out, at);
  return end < 0 ? null : out.toString("latin1", at, end);
};
const list = (...maps: Buffer[]) => collection(maps.length, maps);
const entry = (k: string, v: string | null): [Buffer, Buffer | null] => [utf8(k), v === null ? null : utf8(v)];

describe("writeJsonListField (D11 JSON columns from the CQL bytes, as CSV fields)", () => {
  const cases: { name: string; bytes: Buffer; expected: string | null }[] = [
    { name: "empty list -> [] unquoted", bytes: list(), expected: "[]" },
    { name: "one empty map -> [{}] unquoted", bytes: list(textMap([])), expected: "[{}]" },
    { name: "two empty maps -> quoted for the comma", bytes: list(textMap([]), textMap([])), expected: "[{},{}]" },
    { name: "one map of JSON text -> the driver's JSON", bytes: list(textMap([entry("1", '{"text":"A=pi r^2"}')])), expected: '[{"1":"{\\"text\\":\\"A=pi r^2\\"}"}]' },
    { name: "integer-like keys in byte order -> kept in that order", bytes: list(textMap([entry("10", "a"), entry("2", "b"), entry("answer", "c")])), expected: '[{"10":"a","2":"b","answer":"c"}]' },
    { name: "empty map and null value -> {} and null", bytes: list(textMap([]), textMap([entry("a", null)])), expected: '[{},{"a":null}]' },
    { name: "quote, backslash, controls -> JSON.stringify's escapes", bytes: list(textMap([entry("k", 'say "hi"\\\n\t\r\b\f\u0001\u001f\u007f')])), expected: JSON.stringify([{ k: 'say "hi"\\\n\t\r\b\f\u0001\u001f\u007f' }]) },
    { name: "non-ASCII keys and values -> as is", bytes: list(textMap([entry("ಕ", "ಕನ್ನಡ"), entry("😀", "\u2028")])), expected: JSON.stringify([{ "ಕ": "ಕನ್ನಡ", "😀": "\u2028" }]) },
    { name: "invalid UTF-8 value (the driver writes U+FFFD for it) -> null", bytes: list(textMap([[utf8("a"), Buffer.from([0x61, 0xe2, 0x82])]])), expected: null },
    { name: "a lone surrogate encoded in UTF-8 as a value -> null", bytes: list(textMap([[utf8("a"), Buffer.from([0xed, 0xa0, 0x80])]])), expected: null },
    { name: "keys out of byte order -> null (the driver decides)", bytes: list(textMap([entry("b", "1"), entry("a", "2")])), expected: null },
    { name: "duplicate keys -> null", bytes: list(textMap([entry("a", "1"), entry("a", "2")])), expected: null },
    { name: "__proto__ key (the driver's object drops it) -> null", bytes: list(textMap([entry("__proto__", "x")])), expected: null },
    { name: "invalid UTF-8 key -> null", bytes: list(textMap([[Buffer.from([0xff]), utf8("x")]])), expected: null },
    { name: "null item -> null", bytes: collection(1, [null]), expected: null },
    { name: "truncated bytes -> null", bytes: list(textMap([entry("a", "1")])).subarray(0, 12), expected: null },
    { name: "trailing bytes -> null", bytes: Buffer.concat([list(textMap([entry("a", "1")])), Buffer.from([0])]), expected: null },
  ];
  it.each(cases)("$name", ({ bytes, expected }) => {
    expect(ofBytes(bytes)).toBe(expected === null ? null : csvField(expected));
    // Where it answers, it answers what the driver's decoding gives.
    if (expected !== null) expect(ofBytes(bytes)).toBe(viaDriver(bytes));
  });

  it("a list the driver's Encoder encodes -> the same text as its decoding", () => {
    const value = [{ "0": "x", "1": '{"text":"<p>12, or \\"13\\"</p>"}' }, { answer: "ಕ" }];
    const bytes = encoder.encode(value, TEXT_MAP_LIST) as Buffer;
    expect(ofBytes(bytes)).toBe(viaDriver(bytes));
    expect(ofBytes(bytes)).toBe(csvField('[{"0":"x","1":"{\\"text\\":\\"<p>12, or \\\\\\"13\\\\\\"</p>\\"}"},{"answer":"ಕ"}]'));
  });
});

describe("writeJsonListField against the driver's decoding, generated", () => {
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const texts = ["1", "2", "10", "9", "answer", "a", "B", "ಕ", "😀", "0", "-1", "01", "", '{"text":"<p>12, or \\"13\\"</p>"}', "line\nbreak", "tab\t", "ಕನ್ನಡ", "\\", '"'];
  const randomBytes = () => Buffer.from(Array.from({ length: next() % 5 }, () => next() % 256));
  const textBytes = () => (next() % 8 === 0 ? randomBytes() : utf8(texts[next() % texts.length] ?? ""));
  const mapBytes = () => {
    const keys = [...new Map(Array.from({ length: next() % 6 }, () => textBytes()).map((k) => [k.toString("hex"), k])).values()];
    // Cassandra sends keys sorted by their bytes; now and then not, which must fall back.
    if (next() % 6 !== 0) keys.sort(Buffer.compare);
    return textMap(keys.map((k) => [k, next() % 9 === 0 ? null : textBytes()]));
  };
  const lists = Array.from({ length: 4000 }, () => {
    const maps = Array.from({ length: next() % 5 }, mapBytes);
    return collection(maps.length, maps);
  });
  it("4000 lists (random bytes, unsorted keys, nulls) -> null or exactly the driver's text", () => {
    const answered = lists.filter((bytes) => ofBytes(bytes) !== null);
    expect(answered.filter((bytes) => ofBytes(bytes) !== viaDriver(bytes)).map((b) => b.toString("hex"))).toEqual([]);
    // The fast path answers most of them (the rest have unsorted or invalid keys).
    expect(answered.length).toBeGreaterThan(lists.length / 2);
  });
});
