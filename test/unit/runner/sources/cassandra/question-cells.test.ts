import { types } from "cassandra-driver";
import { describe, expect, it } from "vitest";
import type { Attempt } from "../../../../../runner/reports/model.ts";
import { responseRows, writeResponseRows } from "../../../../../runner/reports/response.ts";
import { csvBytes, csvWriter } from "../../../../../runner/format/csv.ts";
import { questionsOf } from "../../../../../runner/sources/cassandra/assessment-attempts.ts";
import { questionLayout, writeQuestionRows } from "../../../../../runner/sources/cassandra/question-cells.ts";
import { RawUdtList } from "../../../../../runner/sources/cassandra/raw-udt-lists.ts";
import type { ColumnType } from "../../../../../runner/sources/cassandra/raw-udt-lists.ts";
import { ctx, enrolment } from "../../reports/fixtures.ts";
import { QUESTION_FIELDS, questionListType } from "../../../../data/question-column-type.ts";
import { collection, driverEncoder, textMap, utf8 } from "./cql-bytes.ts";

const encoder = driverEncoder();
const TYPE = questionListType();
const raw = (bytes: Buffer, type: ColumnType = TYPE) => new RawUdtList(bytes, type, encoder, (b, t) => encoder.decode(b, t));
const attempt = (questions: Pick<Attempt, "questions" | "questionRows">): Attempt => ({ contentId: "do_qs", attemptId: "att-1", lastAttemptedOn: null, totalScore: null, totalMaxScore: null, grandTotal: null, ...questions });
/** The CSV text of an attempt's Response rows. */
const rows = (questions: Pick<Attempt, "questions" | "questionRows">) => {
  const writer = csvWriter();
  writeResponseRows(writer, ctx, enrolment(), attempt(questions), () => "Quiz 1");
  // One character a byte: invalid UTF-8 must not hide behind decoding.
  return writer.take().toString("latin1");
};
/** The Response rows of a column value read from its bytes, and as the driver decodes it (the former path). */
const bothWays = (bytes: Buffer, type: ColumnType = TYPE) => ({ ofBytes: rows(questionsOf(raw(bytes, type))), viaDriver: rows(questionsOf(encoder.decode(bytes, type))) });
/** The rows written from the bytes (after one leading field), or null when the driver's decoding must decide. */
const rendered = (bytes: Buffer, type: ColumnType = TYPE) => {
  const layout = questionLayout(type);
  if (layout === null) return null;
  const writer = csvWriter();
  writer.cell("lead");
  return writeQuestionRows(writer, 0, writer.position(), bytes, layout);
};
// The driver encodes an empty list as null; Cassandra may still send a frozen value of no items.
const encode = (questions: Record<string, unknown>[]) => (encoder.encode(questions, TYPE) as Buffer | null) ?? collection(0, []);
const decimal = (text: string) => types.BigDecimal.fromString(text);
const full = (overrides: Record<string, unknown> = {}) => ({
  id: " q1 ", assess_ts: new Date(0), max_score: 1, score: 0.5, type: "mcq", title: "Area, of a \"circle\"?", description: "\n Line 1\nLine 2 ",
  duration: decimal("12.5"), params: [{ "1": '{"text":"A=pi r^2"}', "10": "x" }], resvalues: [{ "1": '{"text":"A=pi r^2"}' }], ...overrides,
});

describe("writeQuestionRows (Response's question cells from the column's bytes)", () => {
  const cases: { name: string; bytes: Buffer; readsBytes: boolean }[] = [
    { name: "full question -> the driver path's cells", bytes: encode([full()]), readsBytes: true },
    { name: "several questions -> one row each", bytes: encode([full({ id: "a" }), full({ id: "b" }), full({ id: "c" })]), readsBytes: true },
    { name: "empty list -> one row of empty question cells", bytes: encode([]), readsBytes: true },
    { name: "null fields -> empty cells", bytes: encode([{ id: null, score: null, duration: null, params: null, resvalues: null }]), readsBytes: true },
    { name: "empty option lists -> []", bytes: encode([full({ params: [], resvalues: [] })]), readsBytes: true },
    { name: "non-ASCII text -> decoded as is", bytes: encode([full({ title: "ವೃತ್ತದ ವಿಸ್ತೀರ್ಣ 😀", params: [{ "ಕ": "ಕನ್ನಡ" }] })]), readsBytes: true },
    { name: "duration with 7 decimals -> the exact text path", bytes: encode([full({ duration: decimal("2.4999999") })]), readsBytes: true },
    { name: "duration beyond 6 bytes -> the exact path", bytes: encode([full({ duration: decimal("12345678901234567890.5") })]), readsBytes: true },
    { name: "negative scale and negative half -> rounded as before", bytes: encode([full({ duration: new types.BigDecimal(12, -2) }), full({ duration: decimal("-2.5") })]), readsBytes: true },
    { name: "score 1e7 and 0.1+0.2 -> Java's doubles", bytes: encode([full({ max_score: 1e7, score: 0.1 + 0.2 })]), readsBytes: true },
    {
      name: "absent trailing fields (an older UDT version) -> empty cells",
      bytes: collection(1, [collection(null, [utf8("q1"), null, Buffer.from([0x3f, 0xf0, 0, 0, 0, 0, 0, 0])])]),
      readsBytes: true,
    },
    {
      name: "invalid UTF-8 in the title -> U+FFFD as Buffer.toString gives",
      bytes: collection(1, [collection(null, [utf8("q1"), null, null, null, utf8("mcq"), Buffer.from([0x20, 0x41, 0xc3, 0x20])])]),
      readsBytes: true,
    },
    {
      name: "options with keys out of byte order -> the driver's decoding",
      bytes: collection(1, [collection(null, [utf8("q1"), null, null, null, null, null, null, collection(1, [textMap([[utf8("b"), utf8("1")], [utf8("a"), utf8("2")]])])])]),
      readsBytes: false,
    },
    {
      name: "a score that is not 8 bytes -> the driver's decoding",
      bytes: collection(1, [collection(null, [utf8("q1"), null, Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9])])]),
      readsBytes: false,
    },
  ];
  it.each(cases)("$name", ({ bytes, readsBytes }) => {
    expect(rendered(bytes) !== null).toBe(readsBytes);
    const { ofBytes, viaDriver } = bothWays(bytes);
    expect(ofBytes).toEqual(viaDriver);
  });

  it("a full question -> these cells", () => {
    const [noQuestion] = responseRows(ctx, enrolment(), attempt({ questions: [] }), () => "Quiz 1");
    expect(rows(questionsOf(raw(encode([full()]))))).toBe(csvBytes([[
      ...(noQuestion ?? []).slice(0, 9),
      "q1", "mcq", 'Area, of a "circle"?', "Line 1\nLine 2", "13", "0.5", "1.0", '[{"1":"{\\"text\\":\\"A=pi r^2\\"}","10":"x"}]', '[{"1":"{\\"text\\":\\"A=pi r^2\\"}"}]',
    ]]).toString("latin1"));
  });

  const layouts: { name: string; type: ColumnType; readsBytes: boolean }[] = [
    { name: "Sunbird's UDT -> read from bytes", type: TYPE, readsBytes: true },
    { name: "fields in another order -> read from bytes", type: questionListType([...QUESTION_FIELDS].reverse()), readsBytes: true },
    { name: "an ascii title (latin1 in the driver) -> the driver's decoding", type: questionListType(QUESTION_FIELDS.map((f) => (f.name === "title" ? { name: "title", type: { code: 0x0001 } } : f))), readsBytes: false },
    { name: "a double duration -> the driver's decoding", type: questionListType(QUESTION_FIELDS.map((f) => (f.name === "duration" ? { name: "duration", type: { code: 0x0007 } } : f))), readsBytes: false },
    { name: "not a list of UDTs -> the driver's decoding", type: { code: 0x0020, info: { code: 0x000d } }, readsBytes: false },
  ];
  it.each(layouts)("$name", ({ type, readsBytes }) => {
    expect(questionLayout(type) !== null).toBe(readsBytes);
  });
  it("fields in another order -> the same cells as the driver path", () => {
    const type = questionListType([...QUESTION_FIELDS].reverse());
    const bytes = encoder.encode([full()], type) as Buffer;
    const { ofBytes, viaDriver } = bothWays(bytes, type);
    expect(ofBytes).toEqual(viaDriver);
  });
});

describe("writeResponseRows falling back after its first question was written", () => {
  // A valid first question, then one the byte reader rejects (a score of 9 bytes): the rows written for the first are
  // dropped and the attempt is written from the driver's decoding, after the records already in the writer.
  const failsLate = collection(2, [encode([full({ id: "first" })]).subarray(8), collection(null, [utf8("q2"), null, Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9])])]);
  const cases: { name: string; values: Buffer[] }[] = [
    { name: "alone -> the driver path's rows", values: [failsLate] },
    { name: "after an attempt read from bytes -> that attempt's rows kept, then the driver path's", values: [encode([full({ id: "a" }), full({ id: "b" })]), failsLate] },
    { name: "between two attempts -> all three in order", values: [encode([full()]), failsLate, encode([])] },
  ];
  it.each(cases)("$name", ({ values }) => {
    expect(rendered(failsLate)).toBeNull();
    const writer = csvWriter();
    const counts = values.map((bytes) => writeResponseRows(writer, ctx, enrolment(), attempt(questionsOf(raw(bytes))), () => "Quiz 1"));
    const viaDriver = values.map((bytes) => responseRows(ctx, enrolment(), attempt(questionsOf(encoder.decode(bytes, TYPE))), () => "Quiz 1"));
    expect(writer.take().toString("latin1")).toBe(csvBytes(viaDriver.flat()).toString("latin1"));
    expect(counts).toEqual(viaDriver.map((r) => r.length));
  });
});

describe("writeResponseRows as the writer's buffer grows", () => {
  // Records already fill the writer's first 64 KiB but for `room` bytes; the next attempt's JSON columns escape to
  // up to six bytes a byte, so the buffer grows while they are written.
  const heavy = (n: number) => "\u0001\"\\".repeat(n);
  const cases: { name: string; room: number; n: number }[] = [
    { name: "100 bytes left, options of 3 KB escaping to 24 KB", room: 100, n: 1000 },
    { name: "2 KB left, options of 30 KB escaping to 240 KB", room: 2048, n: 10_000 },
    { name: "no room, small options", room: 0, n: 3 },
  ];
  it.each(cases)("$name -> the driver path's bytes", ({ room, n }) => {
    const writer = csvWriter();
    const filler = ["f".repeat(64 * 1024 - room - 2)];
    writer.record(filler);
    const bytes = encode([full({ params: [{ a: heavy(n), b: heavy(n) }], resvalues: [{ [heavy(3)]: heavy(n) }] }), full({ id: "second" })]);
    const count = writeResponseRows(writer, ctx, enrolment(), attempt(questionsOf(raw(bytes))), () => "Quiz 1");
    const viaDriver = responseRows(ctx, enrolment(), attempt(questionsOf(encoder.decode(bytes, TYPE))), () => "Quiz 1");
    expect(rendered(bytes)).toBe(2);
    expect(count).toBe(2);
    expect(writer.take().toString("latin1")).toBe(csvBytes([filler, ...viaDriver]).toString("latin1"));
  });
});

describe("writeQuestionRows against the driver path, generated", () => {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const pick = <T,>(values: readonly T[]): T => values[next() % values.length] as T;
  const texts = [null, "", " q ", "mcq", "Area, of a \"circle\"?", "\tline\nbreak\r\n", "ಕನ್ನಡ", "😀 ", "{\"text\":\"<p>12</p>\"}", "\u00a0nbsp\u00a0"];
  const doubles = [null, 0, -0, 1, 0.5, 0.1 + 0.2, 1e7, 1e-4, 123456.789, -3, Number.NaN, Infinity];
  const decimals = [null, "0", "2.5", "-2.5", "12.000", "0.4999995", "2.4999999", "4294967295.5", "1E+3", "-0.5", "99999999999.99", "12345678901234567890.5"];
  const keys = ["0", "1", "10", "2", "answer", "text", "ಕ"];
  const map = () => Object.fromEntries(Array.from({ length: next() % 4 }, () => [pick(keys), pick(texts) ?? "x"]));
  const list = () => (next() % 5 === 0 ? null : Array.from({ length: next() % 4 }, map));
  const question = () => {
    const d = pick(decimals);
    return { id: pick(texts), type: pick(texts), title: pick(texts), description: pick(texts), assess_ts: null, score: pick(doubles), max_score: pick(doubles), duration: d === null ? null : decimal(d), params: list(), resvalues: list() };
  };
  const values = Array.from({ length: 1500 }, () => encode(Array.from({ length: next() % 6 }, question)));
  it("1500 encoded question lists -> every one read from its bytes, the same rows as the driver path", () => {
    expect(values.filter((bytes) => rendered(bytes) === null)).toEqual([]);
    const differing = values.filter((bytes) => {
      const { ofBytes, viaDriver } = bothWays(bytes);
      return ofBytes !== viaDriver;
    });
    expect(differing.map((b) => b.toString("hex"))).toEqual([]);
  });
});
