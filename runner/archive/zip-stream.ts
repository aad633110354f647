import { Duplex } from "node:stream";
import { createDeflateRaw, createGzip } from "node:zlib";
import { configure, ZipWriter } from "@zip.js/zip.js";
import type { ZipWriterAddDataOptions } from "@zip.js/zip.js";
import { NO_BATCH_SELECTOR_OR_KEY, NonRetryableError } from "../outcome/errors.ts";

// reports-spec §4.8.2: one DEFLATE entry `<batchId>_<report>_<yyyyMMdd>.csv`, streamed with a data descriptor.
// PASSWORD_PROTECTED uses ZipCrypto (zip4j ZIP_STANDARD, what OS tools open) or WinZip AES-256 (AE-2). zip.js writes
// the ZipCrypto check byte from the DOS time, as bit 3 requires, and Zip64 fields because the size is not known in
// advance, so archives above 4 GiB stay valid. It was as fast as node:zlib + node:crypto (deflate dominates).
// Deflate runs in node:zlib on libuv's threadpool at the configured level (ZlibCompressionStream); zip.js's own codec
// would run it on the main thread.

export type ZipProtection =
  | { method: "none" }
  | { method: "zipcrypto"; password: string }
  | { method: "aes256"; password: string };

const OUTPUT_BUFFER_BYTES = 1 << 20;
const AES_256 = 3;
/** zlib's default, Sunbird's zip4j "NORMAL". */
const DEFAULT_LEVEL = 6;

/**
 * node:zlib as a CompressionStream that takes zip.js's `level` option. Node's own CompressionStream is the same zlib
 * stream at level 6 (byte for byte), without a level; for any other level zip.js would switch to its WebAssembly
 * codec on the main thread. Configured as both zip.js codecs; `requiresModule` keeps zip.js on its gzip path, whose
 * trailer gives the CRC-32 instead of a JS pass over the data.
 */
class ZlibCompressionStream {
  static readonly requiresModule = true;
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
  constructor(format: string, options?: { level?: number }) {
    const level = options?.level ?? DEFAULT_LEVEL;
    if (format !== "gzip" && format !== "deflate-raw") throw new TypeError(`unsupported compression format ${format}`);
    const pair = Duplex.toWeb(format === "gzip" ? createGzip({ level }) : createDeflateRaw({ level }));
    this.readable = pair.readable as ReadableStream<Uint8Array>;
    this.writable = pair.writable as WritableStream<Uint8Array>;
  }
}

/**
 * Zip `source` (CSV bytes or text) into a single-entry archive, as a byte stream with backpressure: memory stays
 * bounded by zip.js's chunk plus OUTPUT_BUFFER_BYTES whatever the size. Cancelling the output cancels the source.
 * A password method without a password throws a NonRetryableError before anything is read. `level` is the deflate
 * level (1-9; config zipLevel).
 */
export function zipStream(
  entryName: string,
  source: AsyncIterable<Uint8Array | string>,
  protection: ZipProtection,
  modifiedAt: Date,
  level = DEFAULT_LEVEL,
): ReadableStream<Uint8Array> {
  const entryOptions = entryOptionsFor(protection, modifiedAt, level);
  let output!: ReadableStreamDefaultController<Uint8Array>;
  let resumeWriter: (() => void) | undefined;
  let cancelReason: { reason: unknown } | undefined;
  const throwIfCancelled = () => {
    if (cancelReason) throw cancelReason.reason;
  };
  const resume = () => {
    resumeWriter?.();
    resumeWriter = undefined;
  };
  const bytes = new ReadableStream<Uint8Array>(
    {
      start: (controller) => void (output = controller),
      pull: resume,
      cancel: (reason) => {
        cancelReason = { reason };
        resume();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: OUTPUT_BUFFER_BYTES }),
  );
  const sink = new WritableStream<Uint8Array>({
    async write(chunk) {
      throwIfCancelled();
      output.enqueue(chunk);
      if ((output.desiredSize ?? 0) <= 0) await new Promise<void>((r) => (resumeWriter = r));
      throwIfCancelled();
    },
  });
  void (async () => {
    try {
      const codec = ZlibCompressionStream as unknown as typeof CompressionStream;
      configure({ CompressionStream: codec, CompressionStreamFallback: codec });
      const writer = new ZipWriter(sink, { useWebWorkers: false });
      await writer.add(entryName, ReadableStream.from(asBytes(source)), entryOptions);
      await writer.close();
      output.close();
    } catch (err) {
      if (!cancelReason) output.error(err);
    }
  })();
  return bytes;
}

function entryOptionsFor(protection: ZipProtection, modifiedAt: Date, level: number): ZipWriterAddDataOptions {
  const common: ZipWriterAddDataOptions = { lastModDate: modifiedAt, level };
  if (protection.method === "none") return common;
  if (protection.password === "") throw new NonRetryableError(NO_BATCH_SELECTOR_OR_KEY);
  // UTF-8 bytes, as unzip, 7-Zip and Python read the password; zip.js would take ZipCrypto passwords as Latin-1.
  const rawPassword = new TextEncoder().encode(protection.password);
  return protection.method === "zipcrypto"
    ? { ...common, rawPassword, zipCrypto: true }
    : { ...common, rawPassword, encryptionStrength: AES_256 };
}

async function* asBytes(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  for await (const chunk of source) {
    const bytes = typeof chunk === "string" ? encoder.encode(chunk) : chunk;
    if (bytes.length > 0) yield bytes;
  }
}
