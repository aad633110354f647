import type { FieldFromBytes } from "./csv.ts";
import { isUtf8Range } from "./utf8-range.ts";

// D11's JSON columns (json-column.ts) written straight from a list<frozen<map<text,text>>> value's CQL bytes (native
// protocol v4: [int32 count], then per item and per key and value [int32 length][bytes], -1 = null) into their CSV
// field (csv.ts: quoted, quotes doubled), without the driver's Buffer slice, string and object per entry and without
// a string of the JSON text. The bytes equal the CSV of jsonListCell of the driver's decoding because:
// - Cassandra sorts a map's keys by their bytes, which for valid UTF-8 is code-point order, jsonListCell's order;
// - a key or value's bytes are copied but for `"`, `\` and control bytes (< 0x20), escaped as JSON.stringify escapes
//   them; it escapes nothing else but lone surrogates, which decoding valid UTF-8 never yields;
// - JSON text has no raw CR or LF, so the field needs quoting exactly when it holds a `"` or a `,`.
// Whatever that reasoning does not cover gives null, and the caller uses the driver's decoding: keys out of byte order,
// a key or value that is not valid UTF-8 (the driver's decoding writes U+FFFD for its bad bytes, and two such keys
// may decode to one), `__proto__` (the driver's plain object drops it),
// null or malformed items.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const HEX = "0123456789abcdef";
/** JSON.stringify's short escapes for control bytes; the others are \u00xx in lowercase hex. */
const SHORT_ESCAPES = new Map<number, number>([[0x08, 0x62], [0x09, 0x74], [0x0a, 0x6e], [0x0c, 0x66], [0x0d, 0x72]]);
const PROTO = Buffer.from("__proto__");

// The field is written into the CSV writer's own buffer (module state while one field is written: the hot helpers
// below then take no buffer arguments).
const EMPTY: Buffer = Buffer.alloc(0);
let out: Buffer = EMPTY;
let pos = 0;
/** Whether the field written so far needs CSV quotes (it holds a `"` or a `,`). */
let quoted = false;

/**
 * Writes the bytes [start, end) of `src` as a JSON string, escaped as JSON.stringify escapes its decoded text, each
 * `"` doubled for the CSV field.
 */
function writeString(src: Buffer, start: number, end: number): void {
  quoted = true;
  // Locals in the byte loop: module variables are read and written through memory on every access.
  const o = out;
  let p = pos;
  o[p++] = QUOTE;
  o[p++] = QUOTE;
  for (let i = start; i < end; i++) {
    const b = src[i] as number;
    if (b >= 0x20 && b !== QUOTE && b !== BACKSLASH) {
      o[p++] = b;
    } else if (b === QUOTE) {
      o[p++] = BACKSLASH;
      o[p++] = QUOTE;
      o[p++] = QUOTE;
    } else if (b === BACKSLASH) {
      o[p++] = BACKSLASH;
      o[p++] = BACKSLASH;
    } else {
      o[p++] = BACKSLASH;
      const short = SHORT_ESCAPES.get(b);
      if (short !== undefined) {
        o[p++] = short;
      } else {
        o[p++] = 0x75; // u
        o[p++] = 0x30;
        o[p++] = 0x30;
        o[p++] = HEX.charCodeAt(b >> 4);
        o[p++] = HEX.charCodeAt(b & 0xf);
      }
    }
  }
  o[p++] = QUOTE;
  o[p++] = QUOTE;
  pos = p;
}

const writeByte = (b: number) => {
  out[pos++] = b;
};

const writeComma = () => {
  quoted = true;
  out[pos++] = 0x2c;
};

/** Byte order of two ranges of `src`, as Cassandra compares text keys (unsigned bytes, then length). */
function compareBytes(src: Buffer, aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  return src.compare(src, bStart, bEnd, aStart, aEnd);
}

function isProto(src: Buffer, start: number, end: number): boolean {
  return end - start === PROTO.length && src.compare(PROTO, 0, PROTO.length, start, end) === 0;
}

/** Writes one map's JSON object from its bytes [start, end); false when the driver's decoding must decide. */
function writeMap(src: Buffer, start: number, end: number): boolean {
  if (end - start < 4) return false;
  const count = src.readInt32BE(start);
  let p = start + 4;
  if (count < 0) return false;
  writeByte(0x7b); // {
  let previousKey = -1;
  let previousKeyEnd = -1;
  for (let i = 0; i < count; i++) {
    if (p + 4 > end) return false;
    const keyLength = src.readInt32BE(p);
    p += 4;
    if (keyLength < 0 || p + keyLength > end) return false;
    const keyStart = p;
    const keyEnd = p + keyLength;
    if (previousKey >= 0 && compareBytes(src, previousKey, previousKeyEnd, keyStart, keyEnd) >= 0) return false;
    if (isProto(src, keyStart, keyEnd)) return false;
    if (!isUtf8Range(src, keyStart, keyEnd)) return false;
    p = keyEnd;
    if (p + 4 > end) return false;
    const valueLength = src.readInt32BE(p);
    p += 4;
    if (i > 0) writeComma();
    writeString(src, keyStart, keyEnd);
    writeByte(0x3a); // :
    if (valueLength < 0) {
      pos += out.write("null", pos, "latin1");
    } else {
      if (p + valueLength > end) return false;
      if (!isUtf8Range(src, p, p + valueLength)) return false;
      writeString(src, p, p + valueLength);
      p += valueLength;
    }
    previousKey = keyStart;
    previousKeyEnd = keyEnd;
  }
  writeByte(0x7d); // }
  return p === end;
}

/** The most bytes the field of the value [start, end) takes: a byte escapes to at most 6 (\u00xx), and each entry's
 * 8 framing bytes cover its quotes, colon and comma; then the field's own quotes and brackets. */
export const jsonListFieldMostBytes = (start: number, end: number): number => 6 * (end - start) + 16;

/**
 * Writes the CSV field of the JSON cell of a list<frozen<map<text,text>>> value from its bytes [start, end) (a
 * non-empty value; the caller handles null and empty) into `target` at `at`, which has jsonListFieldMostBytes free;
 * returns where the field ends, or -1 when the driver's decoding must decide (see the top of this file).
 */
export const writeJsonListField: FieldFromBytes = (src, start, end, target, at) => {
  if (end - start < 4) return -1;
  const count = src.readInt32BE(start);
  if (count < 0) return -1;
  out = target;
  pos = at;
  // The opening quote's place, filled (or skipped) once the field is known to need quotes.
  pos++;
  quoted = false;
  writeByte(0x5b); // [
  let p = start + 4;
  let ok = true;
  for (let i = 0; i < count && ok; i++) {
    ok = p + 4 <= end;
    if (!ok) break;
    const length = src.readInt32BE(p);
    p += 4;
    // A null or empty item: the driver decodes it to null, which jsonListCell rejects; the generic path decides.
    ok = length > 0 && p + length <= end;
    if (!ok) break;
    if (i > 0) writeComma();
    ok = writeMap(src, p, p + length);
    p += length;
  }
  out = EMPTY;
  if (!ok || p !== end) return -1;
  target[pos++] = 0x5d; // ]
  if (!quoted) {
    // No quotes needed: the field moves one byte left, over the opening quote's place.
    target.copyWithin(at, at + 1, pos);
    return pos - 1;
  }
  target[at] = QUOTE;
  target[pos++] = QUOTE;
  return pos;
};
