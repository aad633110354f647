import { types } from "cassandra-driver";
import { roundHalfUpCell } from "../../format/decimal-round.ts";
import { doubleCell } from "../../format/java-double.ts";
import type { CsvCell } from "../../format/csv.ts";
import { jsonListCsvFieldOfBytes } from "../../format/json-column-bytes.ts";
import type { RenderedQuestions } from "../../reports/model.ts";
import { QUESTION_CELLS } from "../../reports/model.ts";
import { decimalValue, nearestExactDouble } from "./decimal-text.ts";
import type { ColumnType } from "./raw-udt-lists.ts";

// Response's nine question cells (response.ts, withQuestionCells) rendered straight from the bytes of the
// `question` column (list<frozen<question>>, CQL native protocol v4: [int32 count] then per question [int32
// length][UDT bytes]; a UDT is its fields in declared order, each [int32 length][bytes] with -1 for null, trailing
// fields may be absent). Strings are decoded from byte ranges (no Buffer slice per field), trimmed as bytes first (the
// bytes up to 0x20 are whole characters in UTF-8), and the JSON columns come from json-column-bytes.ts as CSV fields. Anything this
// does not read exactly gives null, and the caller takes the driver's decoding: the cells are then the same.

const VARCHAR = 0x000d;
const TEXT = 0x000a;
const DECIMAL = 0x0006;
const DOUBLE = 0x0007;
const LIST = 0x0020;
const MAP = 0x0021;
const UDT = 0x0030;

type Kind = "text" | "decimal" | "double" | "json";

/** Per field of the UDT, in declared order: the cell it fills (-1 for none) and how it is read. */
export interface QuestionLayout {
  slots: Int8Array;
  kinds: Kind[];
}

// The UDT field behind each of the nine cells, in the cells' order, and the field's required type.
const FIELDS: readonly { name: string; kind: Kind }[] = [
  { name: "id", kind: "text" }, { name: "type", kind: "text" }, { name: "title", kind: "text" }, { name: "description", kind: "text" },
  { name: "duration", kind: "decimal" }, { name: "score", kind: "double" }, { name: "max_score", kind: "double" },
  { name: "params", kind: "json" }, { name: "resvalues", kind: "json" },
];

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
  const kinds: Kind[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as { name: string; type: ColumnType };
    const slot = FIELDS.findIndex((f) => f.name === field.name);
    kinds.push("text");
    if (slot < 0) continue;
    const kind = (FIELDS[slot] as { kind: Kind }).kind;
    if (!fits[kind](field.type)) return null;
    slots[i] = slot;
    kinds[i] = kind;
  }
  return { slots, kinds };
}

/** The question cells of one column value (its bytes, non-empty); null when the driver's decoding must decide. */
export function questionCellsOfBytes(bytes: Buffer, layout: QuestionLayout): RenderedQuestions | null {
  if (bytes.length < 4) return null;
  const count = bytes.readInt32BE(0);
  // Each question takes at least its 4-byte length: a larger count is malformed.
  if (count < 0 || count > (bytes.length - 4) / 4) return null;
  const cells = new Array<CsvCell>(count * QUESTION_CELLS).fill("");
  let p = 4;
  for (let q = 0; q < count; q++) {
    if (p + 4 > bytes.length) return null;
    const length = bytes.readInt32BE(p);
    p += 4;
    // An empty or null item decodes to null in the driver, which the generic path then handles (or rejects).
    if (length <= 0 || p + length > bytes.length) return null;
    if (!questionInto(cells, q * QUESTION_CELLS, bytes, p, p + length, layout)) return null;
    p += length;
  }
  return p === bytes.length ? { count, cells } : null;
}

function questionInto(cells: CsvCell[], base: number, bytes: Buffer, start: number, end: number, layout: QuestionLayout): boolean {
  const { slots, kinds } = layout;
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
      const cell = cellOf(kinds[f] as Kind, bytes, p, p + length);
      if (cell === null) return false;
      cells[base + slot] = cell;
    }
    p += length;
  }
  return true;
}

function cellOf(kind: Kind, bytes: Buffer, start: number, end: number): CsvCell | null {
  switch (kind) {
    case "text":
      return textOfBytes(bytes, start, end);
    case "double":
      return end - start === 8 ? doubleCell(bytes.readDoubleBE(start)) : null;
    case "decimal":
      return decimalCell(bytes, start, end);
    case "json":
      return jsonListCsvFieldOfBytes(bytes, start, end);
  }
}

/** textCell of the UTF-8 text in [start, end): Java's trim on the bytes, then one decoding. */
function textOfBytes(bytes: Buffer, start: number, end: number): string {
  while (start < end && (bytes[start] as number) <= 0x20) start++;
  while (end > start && (bytes[end - 1] as number) <= 0x20) end--;
  return bytes.toString("utf8", start, end);
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
