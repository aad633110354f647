import { describe, expect, it } from "vitest";
import { csvRowStream } from "../../../../runner/format/csv.ts";

async function csvBytes(header: string[], rows: string[][]): Promise<Buffer> {
  const stream = csvRowStream(header);
  for (const row of rows) stream.write(row);
  stream.end();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as string | Buffer));
  return Buffer.concat(chunks);
}

describe("csvRowStream (RFC 4180, §4.7)", () => {
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
  ];
  it.each(cases)("$name", async ({ field, expected }) => {
    const text = (await csvBytes(["h1", "h2"], [[field, "x"]])).toString("utf8");
    expect(text).toBe(`h1,h2\r\n${expected},x\r\n`);
  });

  it("no rows -> header line only, ending in CRLF", async () => {
    expect((await csvBytes(["Collection Id", "Batch Id"], [])).toString("utf8")).toBe("Collection Id,Batch Id\r\n");
  });

  it("UTF-8 without BOM -> first bytes are the header's", async () => {
    const bytes = await csvBytes(["Name"], [["ಕನ್ನಡ"]]);
    expect([...bytes.subarray(0, 3)]).toEqual([...Buffer.from("Nam")]);
    expect(bytes.toString("utf8")).toBe("Name\r\nಕನ್ನಡ\r\n");
  });

  it("several rows -> each record ends in CRLF", async () => {
    const text = (await csvBytes(["a", "b"], [["1", ""], ["", "2"], ["3", "4"]])).toString("utf8");
    expect(text).toBe("a,b\r\n1,\r\n,2\r\n3,4\r\n");
  });
});
