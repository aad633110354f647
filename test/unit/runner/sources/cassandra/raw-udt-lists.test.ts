import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Client } from "cassandra-driver";
import type { ClientOptions } from "cassandra-driver";
import { describe, expect, it } from "vitest";
import { driverEncoderClass, installRawUdtLists, RAW_UDT_LISTS, RawUdtList } from "../../../../../runner/sources/cassandra/raw-udt-lists.ts";
import { questionListType, TEXT_MAP_LIST } from "../../../../data/question-column-type.ts";

// raw-udt-lists.ts wraps the driver's Encoder.prototype.decode; these fail when the driver's internals it relies on
// change (pinned: cassandra-driver 4.10.0), so a driver upgrade re-checks the wrapper instead of silently bypassing it.
const require = createRequire(import.meta.url);
const driverDir = dirname(require.resolve("cassandra-driver/package.json"));
const driverSource = (file: string) => readFileSync(join(driverDir, file), "utf8");

describe("the cassandra-driver internals raw-udt-lists.ts relies on", () => {
  it("the pinned version, 4.10.0", () => {
    expect((require("cassandra-driver/package.json") as { version: string }).version).toBe("4.10.0");
  });
  const uses: { name: string; file: string; text: string }[] = [
    { name: "the row parser decodes each cell through its encoder's decode", file: "lib/streams.js", text: "row[c.name] = this.encoder.decode(cellBuffer, c.type);" },
    { name: "each connection creates its Encoder with the client's options", file: "lib/connection.js", text: "this.encoder = new Encoder(protocolVersion, options);" },
    { name: "the Encoder keeps the client's encoding options", file: "lib/encoder.js", text: "this.encodingOptions = options.encoding || utils.emptyObject;" },
    { name: "decode is a prototype method", file: "lib/encoder.js", text: "Encoder.prototype.decode = function (buffer, type) {" },
  ];
  it.each(uses)("$name", ({ file, text }) => {
    expect(driverSource(file)).toContain(text);
  });
  it("a Client keeps an unknown encoding option in the options its connections get", async () => {
    const client = new Client({ contactPoints: ["127.0.0.1"], localDataCenter: "dc1", encoding: { [RAW_UDT_LISTS]: "question" } as ClientOptions["encoding"] });
    // `options` is the client's own copy (not in the type declarations).
    const { options } = client as unknown as { options: ClientOptions };
    expect((options.encoding as Record<string, unknown>)[RAW_UDT_LISTS]).toBe("question");
    await client.shutdown();
  });
});

describe("installRawUdtLists", () => {
  installRawUdtLists();
  installRawUdtLists();
  const Encoder = driverEncoderClass();
  const bytes = Buffer.from([0, 0, 0, 0]);

  const cases: { name: string; encoding: object; type: ReturnType<typeof questionListType>; raw: boolean }[] = [
    { name: "a client marked for question lists, a question list -> the raw bytes", encoding: { [RAW_UDT_LISTS]: "question" }, type: questionListType(), raw: true },
    { name: "a client marked for question lists, another UDT's list -> decoded as before", encoding: { [RAW_UDT_LISTS]: "question" }, type: questionListType(undefined, "other"), raw: false },
    { name: "a client marked for question lists, a list of maps -> decoded as before", encoding: { [RAW_UDT_LISTS]: "question" }, type: TEXT_MAP_LIST, raw: false },
    { name: "an unmarked client, a question list -> decoded as before", encoding: {}, type: questionListType(), raw: false },
  ];
  it.each(cases)("$name", ({ encoding, type, raw }) => {
    const value = new Encoder(4, { encoding }).decode(bytes, type);
    expect(value instanceof RawUdtList).toBe(raw);
    if (value instanceof RawUdtList) {
      expect(value.bytes).toBe(bytes);
      expect(value.decoded()).toEqual([]);
    } else {
      expect(value).toEqual(Array.isArray(value) ? [] : {});
    }
  });

  it("a marked client's null cell -> null, as before", () => {
    expect(new Encoder(4, { encoding: { [RAW_UDT_LISTS]: "question" } }).decode(null, questionListType())).toBeNull();
  });
});
