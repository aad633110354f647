import { types } from "cassandra-driver";
import { roundHalfUpCell } from "../../format/decimal-round.ts";
import { doubleCell } from "../../format/java-double.ts";
import type { CsvWriter } from "../../format/csv.ts";
import { jsonListFieldMostBytes, writeJsonListField } from "../../format/json-column-bytes.ts";
import { isUtf8Range } from "../../format/utf8-range.ts";
import { QUESTION_CELLS } from "../../reports/model.ts";
import { decimalValue, nearestExactDouble } from "./decimal-text.ts";
import type { ColumnType } from "./raw-udt-lists.ts";

// Response's question rows (response.ts) written straight from the bytes of the `question` column
// (list<frozen<question>>, CQL native protocol v4: [int32 count] then per question [int32 length][UDT bytes]; a UDT is
// its fields in declared order, each [int32 length][bytes] with -1 for null, trailing fields may be absent) into the
// CSV writer: text fields are trimmed as bytes (the bytes up to 0x20 are whole characters in UTF-8) and copied as they
// are when valid UTF-8, doubles and decimals read from the bytes in place and formatted as short strings, the JSON
// columns written by json-column-bytes.ts. No Buffer slice, object or row array per field, and no string for the
// text and JSON fields. Anything this does not read exactly gives null, and the caller takes the driver's decoding:
// the bytes written are then the same.

const VARCHAR = 0x000d;
const TEXT = 0x000a;
const DECIMAL = 0x0006;
const DOUBLE = 0x0007;
const LIST = 0x0020;
const MAP = 0x0021;
const UDT = 0x0030;

type Kind = "text" | "decimal" | "double" | "json";

/** Per field of the UDT, in declared order: the cell it fills (-1 for none). */
export interface QuestionLayout {
  slots: Int8Array;
}

// The UDT field behind each of the nine cells, in the cells' order, and the field's required type.
const FIELDS: readonly { name: string; kind: Kind }[] = [
  { name: "id", kind: "text" }, { name: "type", kind: "text" }, { name: "title", kind: "text" }, { name: "description", kind: "text" },
  { name: "duration", kind: "decimal" }, { name: "score", kind: "double" }, { name: "max_score", kind: "double" },
  { name: "params", kind: "json" }, { name: "resvalues", kind: "json" },
];
const CELL_KINDS: readonly Kind[] = FIELDS.map((f) => f.kind);

const isText = (t: ColumnType) => t.code === VARCHAR || t.code === TEXT;
const isTextMapList = (t: ColumnType) => {
  if (t.code !== LIST) return false;
  const map = t.info as ColumnType | undefined;
  const kv = map?.info as ColumnType[] | undefined;
  return map?.code === MAP && Array.isArray(kv) && kv.length === 2 && isText(kv[0] as ColumnType) && isText(kv[1] as ColumnType);
};
const fits: Record<Kind, (t: ColumnType) => boolean> = { text: isText, decimal: (t) => t.code === DECIMAL, double: (t) => t.code === DOUBLE, json: isTextMapList };

const layouts = new WeakMap<ColumnType, QuestionLayout | null>();

/**
 * How to read a list<frozen<question>> column of this type, or null when its UDT is not the one this file reads
 * (a field of another type, say ascii, which the driver decodes as latin1): then the driver's decoding is used.
 */
export function questionLayout(type: ColumnType): QuestionLayout | null {
  const cached = layouts.get(type);
  if (cached !== undefined) return cached;
  const layout = layoutOf(type);
  layouts.set(type, layout);
  return layout;
}

function layoutOf(type: ColumnType): QuestionLayout | null {
  const udt = type.code === LIST ? (type.info as ColumnType | undefined) : undefined;
  const fields = (udt?.code === UDT ? (udt.info as { fields?: { name: string; type: ColumnType }[] } | undefined)?.fields : undefined) ?? null;
  if (fields === null) return null;
  const slots = new Int8Array(fields.length).fill(-1);
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as { name: string; type: ColumnType };
    const slot = FIELDS.findIndex((f) => f.name === field.name);
    if (slot < 0) continue;
    if (!fits[(FIELDS[slot] as { kind: Kind }).kind](field.type)) return null;
    slots[i] = slot;
  }
  return { slots };
}

// Per cell of the question being written: the byte range of its field, [start, end), start -1 for an empty cell.
const ranges = new Int32Array(2 * QUESTION_CELLS);

/**
 * Each question's row: the record's leading fields (bytes [prefixStart, prefixEnd) of the writer, written by the
 * caller for the first question and repeated for the next), then its nine fields. The number of rows, or null when
 * the driver's decoding must decide (the caller then drops what was written).
 */
export function writeQuestionRows(writer: CsvWriter, prefixStart: number, prefixEnd: number, bytes: Buffer, layout: QuestionLayout): number | null {
  if (bytes.length < 4) return null;
  const count = bytes.readInt32BE(0);
  // Each question takes at least its 4-byte length: a larger count is malformed.
  if (count < 0 || count > (bytes.length - 4) / 4) return null;
  let p = 4;
  for (let q = 0; q < count; q++) {
    if (p + 4 > bytes.length) return null;
    const length = bytes.readInt32BE(p);
    p += 4;
    // An empty or null item decodes to null in the driver, which the generic path then handles (or rejects).
    if (length <= 0 || p + length > bytes.length) return null;
    if (!fieldRanges(bytes, p, p + length, layout)) return null;
    if (q > 0) writer.repeat(prefixStart, prefixEnd);
    for (let c = 0; c < QUESTION_CELLS; c++) {
      if (!writeCell(writer, CELL_KINDS[c] as Kind, bytes, ranges[2 * c] as number, ranges[2 * c + 1] as number)) return null;
    }
    writer.endRecord();
    p += length;
  }
  return p === bytes.length ? count : null;
}

/** Fills `ranges` from one question's UDT bytes [start, end); false when they are malformed. */
function fieldRanges(bytes: Buffer, start: number, end: number, layout: QuestionLayout): boolean {
  ranges.fill(-1);
  const { slots } = layout;
  let p = start;
  // As the driver: fields in declared order while bytes remain; absent trailing fields stay null ("").
  for (let f = 0; f < slots.length && p < end; f++) {
    if (p + 4 > end) return false;
    const length = bytes.readInt32BE(p);
    p += 4;
    if (length < 0) continue;
    if (p + length > end) return false;
    const slot = slots[f] as number;
    if (slot >= 0 && length > 0) {
      ranges[2 * slot] = p;
      ranges[2 * slot + 1] = p + length;
    }
    p += length;
  }
  return true;
}

/** One question field (start -1: empty); false when it is not read exactly. */
function writeCell(writer: CsvWriter, kind: Kind, bytes: Buffer, start: number, end: number): boolean {
  if (start < 0) {
    writer.cell("");
    return true;
  }
  switch (kind) {
    case "text":
      writeText(writer, bytes, start, end);
      return true;
    case "double":
      if (end - start !== 8) return false;
      writer.cell(doubleCell(bytes.readDoubleBE(start)));
      return true;
    case "decimal": {
      const cell = decimalCell(bytes, start, end);
      if (cell === null) return false;
      writer.cell(cell);
      return true;
    }
    case "json":
      return writer.bytesCell(jsonListFieldMostBytes(start, end), writeJsonListField, bytes, start, end);
  }
}

/**
 * textCell of the UTF-8 text in [start, end): Java's trim on the bytes (the bytes up to 0x20 are whole characters),
 * then the bytes as they are; text that is not valid UTF-8 is decoded (U+FFFD for bad bytes) as the driver would.
 */
function writeText(writer: CsvWriter, bytes: Buffer, start: number, end: number): void {
  while (start < end && (bytes[start] as number) <= 0x20) start++;
  while (end > start && (bytes[end - 1] as number) <= 0x20) end--;
  if (isUtf8Range(bytes, start, end)) writer.utf8Cell(bytes, start, end);
  else writer.cell(bytes.toString("utf8", start, end));
}

/** Question Duration from a decimal's bytes ([int32 scale][two's-complement unscaled]). */
function decimalCell(bytes: Buffer, start: number, end: number): string | null {
  if (end - start < 4) return null;
  const digits = end - start - 4;
  // Up to 6 bytes the unscaled value is a safe integer, read without an Integer or a BigDecimal.
  const nearest = digits >= 1 && digits <= 6 ? nearestExactDouble(bytes.readIntBE(start + 4, digits), bytes.readInt32BE(start)) : null;
  if (nearest !== null) return roundHalfUpCell(nearest);
  // The exact path, as for the driver's value.
  return roundHalfUpCell(decimalValue(types.BigDecimal.fromBuffer(bytes.subarray(start, end))));
}
