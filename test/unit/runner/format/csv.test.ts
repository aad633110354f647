import { stringify } from "csv-stringify/sync";
import type { Options } from "csv-stringify";
import { describe, expect, it } from "vitest";
import { csvBytes as csvOf, csvChunkStream, csvWriter } from "../../../../runner/format/csv.ts";

// The RFC 4180 options of the project's CSV package: the runner's own writer must produce exactly its bytes.
const RFC4180_OPTIONS: Options = {
  delimiter: ",", quote: '"', escape: '"', record_delimiter: "\r\n", quote_record_delimiter: true, eof: true, bom: false, header: false,
  quoted: false, quoted_empty: false, quoted_string: false, escape_formulas: false,
};

async function csvBytes(header: string[], groups: string[][][]): Promise<Buffer> {
  const stream = csvChunkStream(header);
  for (const rows of groups) stream.write(rows);
  stream.end();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as string | Buffer));
  return Buffer.concat(chunks);
}

describe("csvChunkStream (RFC 4180, §4.7)", () => {
  const cases: { name: string; field: string; expected: string }[] = [
    { name: "plain text -> unquoted", field: "Karnataka", expected: "Karnataka" },
    { name: "empty -> nothing between commas", field: "", expected: "" },
    { name: "comma -> quoted", field: "a,b", expected: '"a,b"' },
    { name: "quote -> quoted, quote doubled", field: 'say "hi"', expected: '"say ""hi"""' },
    { name: "LF only -> quoted", field: "line1\nline2", expected: '"line1\nline2"' },
    { name: "CR only -> quoted", field: "line1\rline2", expected: '"line1\rline2"' },
    { name: "CRLF -> quoted", field: "line1\r\nline2", expected: '"line1\r\nline2"' },
    { name: "backslash -> unquoted, not escaped", field: "a\\b", expected: "a\\b" },
    { name: "leading = -> no formula escaping", field: "=1+1", expected: "=1+1" },
    { name: "semicolon and tab -> unquoted", field: "a;b\tc", expected: "a;b\tc" },
    { name: "outer spaces -> unquoted, kept", field: " a ", expected: " a " },
  ];
  it.each(cases)("$name", async ({ field, expected }) => {
    const text = (await csvBytes(["h1", "h2"], [[[field, "x"]]])).toString("utf8");
    expect(text).toBe(`h1,h2\r\n${expected},x\r\n`);
  });

  it("no rows -> header line only, ending in CRLF", async () => {
    expect((await csvBytes(["Collection Id", "Batch Id"], [])).toString("utf8")).toBe("Collection Id,Batch Id\r\n");
  });

  it("UTF-8 without BOM -> first bytes are the header's", async () => {
    const bytes = await csvBytes(["Name"], [[["ಕನ್ನಡ"]]]);
    expect([...bytes.subarray(0, 3)]).toEqual([...Buffer.from("Nam")]);
    expect(bytes.toString("utf8")).toBe("Name\r\nಕನ್ನಡ\r\n");
  });

  it("several groups of rows -> each record ends in CRLF, groups simply follow each other", async () => {
    const text = (await csvBytes(["a", "b"], [[["1", ""], ["", "2"]], [], [["3", "4"]]])).toString("utf8");
    expect(text).toBe("a,b\r\n1,\r\n,2\r\n3,4\r\n");
  });
});

describe("csvBytes is byte-identical to csv-stringify with the RFC 4180 options", () => {
  // A deterministic generator (no Math.random in tests that must reproduce): fields drawn from the characters that
  // matter to quoting, plus ordinary and multi-byte text, lone surrogates, and pieces long enough (over 32 UTF-16
  // units) to take the native encoder instead of the ASCII copy.
  const alphabet = ["a", "Z", "0", ",", '"', "\r", "\n", " ", "\t", "\\", "=", "'", ";", "ಕ", "😀", "", "\ud800", "\udfff", '{"text":"<p>12, or \\"13\\"</p>"}', "x".repeat(40), "é".repeat(33)];
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const fieldOf = () => Array.from({ length: next() % 6 }, () => alphabet[next() % alphabet.length]).join("");
  const rows = Array.from({ length: 5000 }, () => Array.from({ length: 1 + (next() % 5) }, fieldOf));
  const expected = (input: string[][]) => Buffer.from(stringify(input, RFC4180_OPTIONS), "utf8");
  it("5000 generated rows", () => expect(csvOf(rows).equals(expected(rows))).toBe(true));
  it("the fixed cases above", () => {
    const fixed = [["Karnataka", "", "a,b", 'say "hi"', "line1\nline2", "line1\rline2", "line1\r\nline2", "a\\b", "=1+1", "a;b\tc"], [""], ["", ""]];
    expect(csvOf(fixed).equals(expected(fixed))).toBe(true);
  });
  it("rows sharing leading cells (the same strings, or equal ones) -> the same bytes as rows that share nothing", () => {
    const prefix = ["do_1", 'Course, "one"', "", "BatchId_b1", "ಕನ್ನಡ"];
    const shared = rows.slice(0, 2000).map((row, i) => (i % 7 === 0 ? [...row] : i % 3 === 0 ? prefix.concat(row) : [...prefix.slice(0, i % 5), ...row]));
    const withRepeats = shared.flatMap((row, i) => (i % 4 === 0 ? [row, row.slice(), row.slice(0, 2), [...row, "x"]] : [row]));
    expect(csvOf(withRepeats).equals(expected(withRepeats))).toBe(true);
  });
  it("a field larger than the writer's buffer, all quotes -> the buffer grows, every quote doubled", () => {
    const big = [['"'.repeat(70_000), "ಕ,".repeat(30_000)], ["after"]];
    expect(csvOf(big).equals(expected(big))).toBe(true);
  });
  it("records written field by field (text, UTF-8 bytes, repeated leading fields, dropped records) -> csv-stringify's bytes", () => {
    // Each generated row is written one of several ways; some are started and dropped, and rows sharing their leading
    // fields with the one before repeat that record's bytes. The result must be the CSV of the rows kept.
    const writer = csvWriter();
    const kept: string[][] = [];
    let earlier: { start: number; end: number; fields: number } | null = null;
    for (const [i, row] of rows.entries()) {
      const start = writer.position();
      const way = i % 5;
      let from = 0;
      if (way === 3 && earlier !== null && kept.length > 0) {
        writer.repeat(earlier.start, earlier.end);
        from = earlier.fields;
      }
      const fields: string[] = way === 3 && earlier !== null && kept.length > 0 ? [...(kept[kept.length - 1] as string[]).slice(0, from), ...row] : row;
      for (const field of fields.slice(from)) {
        const bytes = Buffer.from(`junk${field}junk`, "utf8");
        // Lone surrogates are not valid UTF-8 bytes: those fields go in as text.
        if (way === 1 && Buffer.from(field, "utf8").toString("utf8") === field) writer.utf8Cell(bytes, 4, bytes.length - 4);
        else writer.cell(field);
      }
      if (way === 4) {
        writer.truncate(start);
        continue;
      }
      const prefixEnd = writer.position();
      writer.endRecord();
      earlier = { start, end: prefixEnd, fields: fields.length };
      kept.push(fields);
    }
    expect(kept.length).toBeGreaterThan(3000);
    expect(writer.take().equals(expected(kept))).toBe(true);
  });
  /** A FieldFromBytes that copies the bytes as they are. */
  const copy = (src: Buffer, start: number, end: number, out: Buffer, at: number) => at + src.copy(out, at, start, end);
  it("a field written by a function -> its bytes as written; a function that cannot -> nothing, not even the comma", () => {
    const writer = csvWriter();
    const refuse = () => -1;
    expect(writer.bytesCell(10, refuse, Buffer.from("q"), 0, 1)).toBe(false);
    expect(writer.position()).toBe(0);
    writer.cell("a");
    expect(writer.bytesCell(10, copy, Buffer.from('x"y,z"'), 1, 6)).toBe(true);
    const before = writer.position();
    expect(writer.bytesCell(10, refuse, Buffer.from("q"), 0, 1)).toBe(false);
    expect(writer.position()).toBe(before);
    writer.cell("b");
    writer.endRecord();
    expect(writer.bytesCell(10, refuse, Buffer.from("q"), 0, 1)).toBe(false);
    writer.cell("c");
    expect(writer.bytesCell(10, copy, Buffer.from("[]"), 0, 2)).toBe(true);
    writer.endRecord();
    expect(writer.take().toString("utf8")).toBe('a,"y,z",b\r\nc,[]\r\n');
  });
  // The writer starts with 64 KiB; these fields and repeated leading fields arrive with `room` bytes left, so the
  // buffer grows while they are written (a write into the buffer from before the growth would lose them). The filler
  // goes in through bytesCell with its exact size, which grows nothing ahead of time.
  const fillTo = (writer: ReturnType<typeof csvWriter>, position: number): string[] => {
    const filler = Buffer.alloc(position - writer.position() - 2, "f");
    expect(writer.bytesCell(filler.length, copy, filler, 0, filler.length)).toBe(true);
    writer.endRecord();
    expect(writer.position()).toBe(position);
    return [filler.toString("latin1")];
  };
  const growth: { name: string; room: number; field: number }[] = [
    { name: "10 bytes left, a 12 KB field", room: 10, field: 12_000 },
    { name: "1 KB left, a 200 KB field", room: 1024, field: 200_000 },
    { name: "no room left, a 1-byte field", room: 0, field: 1 },
  ];
  it.each(growth)("bytesCell as the buffer grows: $name -> the field's bytes", ({ room, field }) => {
    const writer = csvWriter();
    const first = fillTo(writer, 64 * 1024 - room);
    const text = 'ab"c'.repeat(Math.ceil(field / 4)).slice(0, field);
    const inCsv = csvOf([[text]]).subarray(0, -2);
    expect(writer.bytesCell(inCsv.length, copy, inCsv, 0, inCsv.length)).toBe(true);
    writer.endRecord();
    expect(writer.take().equals(expected([first, [text]]))).toBe(true);
  });
  it.each(growth.filter((g) => g.field < 16_000))("repeat as the buffer grows: $name -> the leading fields' bytes again", ({ room, field }) => {
    const writer = csvWriter();
    const lead = ["p".repeat(field), 'q,"r"'];
    for (const cell of lead) writer.cell(cell);
    const leadEnd = writer.position();
    writer.cell("1");
    writer.endRecord();
    const filler = fillTo(writer, 64 * 1024 - room);
    writer.repeat(0, leadEnd);
    writer.cell("2");
    writer.endRecord();
    expect(writer.take().equals(expected([[...lead, "1"], filler, [...lead, "2"]]))).toBe(true);
  });
  it("rows written in several groups through the stream -> the same bytes as one group", async () => {
    const header = ["h1", "h2", "h3"];
    const groups = [rows.slice(0, 1000), [], rows.slice(1000)];
    expect((await csvBytes(header, groups)).equals(expected([header, ...rows]))).toBe(true);
  });
});
