import { Transform } from "node:stream";

// D2 / reports-spec §4.7: RFC 4180. Comma separator; a field is quoted only when it holds a comma, a quote, CR or LF;
// quotes are doubled; every record (the last one too) ends with CRLF; UTF-8 without a BOM; one header row; no
// formula escaping. The output is byte-identical to csv-stringify with those options (the unit test compares them);
// this writer exists because it is much faster, and csv-stringify was the runner's largest CPU cost.
//
// Fields are encoded straight into one reused byte buffer and scanned once there: UTF-8 never uses the bytes of `,`,
// `"`, CR or LF inside a multi-byte character, so quoting on bytes is quoting on characters, and a field that needs
// quoting is shifted right in place with its quotes doubled. No string per field, no rope per group.

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;
/** Up to this many UTF-16 units an ASCII field is copied by a JS loop; a native write costs more for short text. */
const SHORT_FIELD = 32;
const INITIAL_BYTES = 64 * 1024;
const KEPT_BYTES = 1024 * 1024;

/** CSV bytes already written for `rows` records (Response writes its records straight into a writer). */
export interface EncodedRows {
  bytes: Buffer;
  rows: number;
}

/**
 * Writes a field of at most `most` bytes (its CSV form: quoted and escaped where it needs) of the value in bytes
 * [start, end) of `src` into `out` at `at`; returns where the field ends, or -1 when it cannot (nothing counts).
 */
export type FieldFromBytes = (src: Buffer, start: number, end: number, out: Buffer, at: number) => number;

/**
 * Appends CSV records to a reused buffer; `take` copies out what was written since the last take. A record is either
 * written whole (`record`) or field by field (`cell`, `utf8Cell`, `bytesCell`, then `endRecord`); a field-by-field
 * record may start with the leading fields of an earlier one (`repeat`), and `truncate` drops a record not finished.
 */
export interface CsvWriter {
  record(cells: readonly string[]): void;
  /** The next field of the current record, a comma before it unless it is the record's first. */
  cell(value: string): void;
  /** The next field from the UTF-8 bytes [start, end) of `src`, which the caller knows are valid UTF-8. */
  utf8Cell(src: Buffer, start: number, end: number): void;
  /** The next field, written by `write` (at most `most` bytes); false when `write` could not (nothing is written). */
  bytesCell(most: number, write: FieldFromBytes, src: Buffer, start: number, end: number): boolean;
  endRecord(): void;
  /** Where the next byte goes, counted from the last take. */
  position(): number;
  /** Starts a record with the bytes [start, end) written earlier: one or more leading fields of an earlier record. */
  repeat(start: number, end: number): void;
  /** Drops what was written from `position` (a record's start) on. */
  truncate(position: number): void;
  take(): Buffer;
}

export function csvWriter(): CsvWriter {
  let buf = Buffer.allocUnsafe(INITIAL_BYTES);
  let pos = 0;

  const reserve = (bytes: number) => {
    if (pos + bytes <= buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(buf.length * 2, pos + bytes));
    buf.copy(bigger, 0, 0, pos);
    buf = bigger;
  };

  // The byte loops work on locals: the closure's `buf` and `pos` are read and written through memory on every access.
  /** Copies an ASCII `value` to pos and returns its byte length; -1 when it is not ASCII (then nothing counts). */
  const copyAscii = (value: string): number => {
    const b = buf;
    const at = pos;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c >= 0x80) return -1;
      b[at + i] = c;
    }
    return value.length;
  };

  /** Quotes the field just written at [start, end) if it holds a quote, comma, CR or LF (quotes doubled). */
  const quoteIfNeeded = (start: number, end: number) => {
    const b = buf;
    let quotes = 0;
    let special = false;
    for (let i = start; i < end; i++) {
      const c = b[i];
      if (c === QUOTE) quotes++;
      else if (c === COMMA || c === LF || c === CR) special = true;
    }
    if (quotes === 0 && !special) {
      pos = end;
      return;
    }
    // From the end: the closing quote, each byte moved right (quotes doubled), then the opening quote at start.
    let to = end + quotes;
    b[to + 1] = QUOTE;
    for (let from = end - 1; from >= start; from--) {
      const c = b[from] as number;
      b[to--] = c;
      if (c === QUOTE) b[to--] = QUOTE;
    }
    b[start] = QUOTE;
    pos = end + quotes + 2;
  };

  const field = (value: string) => {
    const length = value.length;
    if (length === 0) return;
    // UTF-8 takes at most 3 bytes per UTF-16 unit; quoting adds 2 and at most one byte per quote.
    reserve(4 * length + 2);
    let bytes = length <= SHORT_FIELD ? copyAscii(value) : -1;
    if (bytes < 0) bytes = buf.write(value, pos);
    quoteIfNeeded(pos, pos + bytes);
  };

  const utf8Field = (src: Buffer, start: number, end: number) => {
    const length = end - start;
    if (length === 0) return;
    reserve(2 * length + 2);
    if (length <= SHORT_FIELD) {
      const b = buf;
      const at = pos;
      for (let i = 0; i < length; i++) b[at + i] = src[start + i] as number;
    } else {
      src.copy(buf, pos, start, end);
    }
    quoteIfNeeded(pos, pos + length);
  };

  // The previous record of this chunk: its cells and where each of its fields ended. Rows of one attempt (Response)
  // or batch share their leading cells, whose bytes are then copied instead of encoded and scanned again.
  let previous: readonly string[] | null = null;
  let previousStart = 0;
  let fieldEnds = new Int32Array(32);
  // Field by field: whether the next field is the record's first (no comma before it).
  let recordStart = true;
  const nextField = () => {
    if (recordStart) {
      previous = null;
      recordStart = false;
      return;
    }
    reserve(1);
    buf[pos++] = COMMA;
  };

  return {
    record(cells) {
      const start = pos;
      if (fieldEnds.length < cells.length) {
        const more = new Int32Array(cells.length);
        more.set(fieldEnds);
        fieldEnds = more;
      }
      let i = 0;
      if (previous !== null) {
        while (i < cells.length && i < previous.length && cells[i] === previous[i]) i++;
        if (i > 0) {
          // The shared fields with the commas between them, not the one after the last shared field.
          const bytes = (fieldEnds[i - 1] as number) - previousStart;
          reserve(bytes);
          buf.copyWithin(pos, previousStart, previousStart + bytes);
          pos += bytes;
          for (let k = 0; k < i; k++) fieldEnds[k] = (fieldEnds[k] as number) - previousStart + start;
        }
      }
      for (; i < cells.length; i++) {
        if (i > 0) {
          reserve(1);
          buf[pos++] = COMMA;
        }
        field(cells[i] as string);
        fieldEnds[i] = pos;
      }
      reserve(2);
      buf[pos++] = CR;
      buf[pos++] = LF;
      previous = cells;
      previousStart = start;
    },
    cell(value) {
      nextField();
      field(value);
    },
    utf8Cell(src, start, end) {
      nextField();
      utf8Field(src, start, end);
    },
    bytesCell(most, write, src, start, end) {
      const posBefore = pos;
      const recordStartBefore = recordStart;
      const previousBefore = previous;
      nextField();
      reserve(most);
      const fieldEnd = write(src, start, end, buf, pos);
      if (fieldEnd < 0) {
        // Nothing counts, not even the comma: the writer is as it was.
        pos = posBefore;
        recordStart = recordStartBefore;
        previous = previousBefore;
        return false;
      }
      pos = fieldEnd;
      return true;
    },
    endRecord() {
      reserve(2);
      buf[pos++] = CR;
      buf[pos++] = LF;
      recordStart = true;
    },
    position: () => pos,
    repeat(start, end) {
      previous = null;
      reserve(end - start);
      buf.copyWithin(pos, start, end);
      pos += end - start;
      recordStart = false;
    },
    truncate(position) {
      previous = null;
      pos = position;
      recordStart = true;
    },
    take() {
      const out = Buffer.allocUnsafe(pos);
      buf.copy(out, 0, 0, pos);
      // A buffer grown for one very large field (a JSON column may reserve six times its length) is not kept.
      if (buf.length > KEPT_BYTES) buf = Buffer.allocUnsafe(INITIAL_BYTES);
      pos = 0;
      previous = null;
      recordStart = true;
      return out;
    },
  };
}

/** The CSV bytes of `rows`, each record ending in CRLF. */
export function csvBytes(rows: readonly (readonly string[])[]): Buffer {
  const writer = csvWriter();
  for (const row of rows) writer.record(row);
  return writer.take();
}

/**
 * A Transform that takes groups of rows (arrays of already-rendered cells, or records a writer already encoded) and
 * emits their CSV bytes, starting with `header`. The header is written even when no row follows, so an empty report
 * is a header-only file.
 */
export function csvChunkStream(header: readonly string[]): Transform {
  const writer = csvWriter();
  const stream = new Transform({
    writableObjectMode: true,
    transform(rows: string[][] | EncodedRows, _encoding, callback) {
      if (!Array.isArray(rows)) return callback(null, rows.bytes);
      for (let i = 0; i < rows.length; i++) writer.record(rows[i] as string[]);
      callback(null, writer.take());
    },
  });
  stream.write([header]);
  return stream;
}
