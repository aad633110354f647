import { createRequire } from "node:module";

// Why a patch: the Response report reads the assessment's `question` column (list<frozen<question>>), and the
// driver's generic decoder turns each of its values into a Buffer slice per field, list item and map entry plus an
// object per question and per map: about a third of the runner's CPU went to that and to collecting it (issue 18).
// The runner renders the column straight from its bytes instead (question-cells.ts). cassandra-driver 4.10.0 has no
// option for a column's raw bytes: its row parser calls `this.encoder.decode(cellBuffer, column.type)` on the
// Encoder its Connection creates (lib/streams.js, lib/connection.js), and Encoder.prototype.decode is its documented
// (experimental) decoding entry point. So that one method is wrapped, once, and the wrapper acts only for a client
// whose `encoding` options carry RAW_UDT_LISTS (the runner's own client, see main.ts) and only for a list of the
// named UDT: every other column, query and client decodes as before. test/unit/runner/sources/cassandra/
// raw-udt-lists.test.ts fails if the driver's internals this relies on change.

/** The `encoding` option that names the UDT whose lists a client gets as RawUdtList (the runner: "question"). */
export const RAW_UDT_LISTS = "exhaustRawUdtLists";

const LIST = 0x0020;
const UDT = 0x0030;

/** The driver's column type as its decoder sees it (`code`, and `info` for collections and UDTs). */
export interface ColumnType {
  code: number;
  info?: unknown;
}

/** The driver's Encoder as far as this file uses it. */
export interface DriverEncoder {
  encodingOptions: Record<string, unknown>;
  decode(buffer: Buffer | null, type: ColumnType): unknown;
  encode(value: unknown, type: ColumnType): Buffer | null;
}

type GenericDecode = (this: DriverEncoder, buffer: Buffer | null, type: ColumnType) => unknown;

/** A list-of-UDT cell as sent: its bytes, its type, and the driver's own decoding of them when that is wanted. */
export class RawUdtList {
  readonly bytes: Buffer;
  readonly type: ColumnType;
  readonly #encoder: DriverEncoder;
  readonly #generic: GenericDecode;

  constructor(bytes: Buffer, type: ColumnType, encoder: DriverEncoder, generic: GenericDecode) {
    this.bytes = bytes;
    this.type = type;
    this.#encoder = encoder;
    this.#generic = generic;
  }

  /** What the driver would have given for this cell. */
  decoded(): unknown {
    return this.#generic.call(this.#encoder, this.bytes, this.type);
  }
}

/** The driver's Encoder class (exported by the package, absent from its type declarations). */
export function driverEncoderClass(): { prototype: DriverEncoder; new (protocolVersion: number, options: object): DriverEncoder } {
  const driver = createRequire(import.meta.url)("cassandra-driver") as { Encoder: { prototype: DriverEncoder; new (protocolVersion: number, options: object): DriverEncoder } };
  return driver.Encoder;
}

const INSTALLED = Symbol.for("exhaust.rawUdtLists.generic");

/** Wraps Encoder.prototype.decode once per process (idempotent). */
export function installRawUdtLists(): void {
  const proto = driverEncoderClass().prototype as DriverEncoder & { [INSTALLED]?: GenericDecode };
  if (proto[INSTALLED] !== undefined) return;
  const generic = proto.decode as GenericDecode;
  proto[INSTALLED] = generic;
  proto.decode = function decode(this: DriverEncoder, buffer: Buffer | null, type: ColumnType): unknown {
    const udtName = this.encodingOptions[RAW_UDT_LISTS];
    if (udtName === undefined || buffer === null || buffer.length === 0 || type.code !== LIST) return generic.call(this, buffer, type);
    const item = type.info as ColumnType | undefined;
    if (item?.code !== UDT || (item.info as { name?: unknown } | undefined)?.name !== udtName) return generic.call(this, buffer, type);
    return new RawUdtList(buffer, type, this, generic);
  };
}
