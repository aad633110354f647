// Test helpers: CQL native protocol v4 values built by hand (so a test can hold bytes no string encodes, such as
// invalid UTF-8, unsorted keys or absent trailing UDT fields), and the driver's own Encoder and types to compare with.
import { driverEncoderClass } from "../../../../../runner/sources/cassandra/raw-udt-lists.ts";
import type { DriverEncoder } from "../../../../../runner/sources/cassandra/raw-udt-lists.ts";

/** [int32 length][bytes], or -1 for null. */
export const framed = (bytes: Buffer | null): Buffer => {
  const length = Buffer.alloc(4);
  length.writeInt32BE(bytes === null ? -1 : bytes.length);
  return bytes === null ? length : Buffer.concat([length, bytes]);
};

/** A collection or UDT body: [int32 count] then the framed items (a UDT has no count: pass count null). */
export const collection = (count: number | null, items: (Buffer | null)[]): Buffer => {
  const head = Buffer.alloc(count === null ? 0 : 4);
  if (count !== null) head.writeInt32BE(count);
  return Buffer.concat([head, ...items.map(framed)]);
};

/** A map<text,text> body from byte entries, in the order given. */
export const textMap = (entries: [Buffer, Buffer | null][]): Buffer => collection(entries.length, entries.flatMap(([k, v]) => [k, v]));

export const utf8 = (text: string): Buffer => Buffer.from(text, "utf8");

/** The driver's Encoder as the runner's connections create it (protocol v4, default options). */
export const driverEncoder = (): DriverEncoder => new (driverEncoderClass())(4, {});
