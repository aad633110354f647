import { Duplex } from "node:stream";
import { createDeflateRaw, createGzip } from "node:zlib";
import { configure, ZipWriter } from "@zip.js/zip.js";
import type { ZipWriterAddDataOptions } from "@zip.js/zip.js";
import { OUTPUT_BUFFER_BYTES } from "./output-buffer.ts";

// The WinZip AES-256 (AE-2) zip of §4.8.2, written by zip.js: one DEFLATE entry streamed with a data descriptor and
// Zip64 fields. The plain and ZipCrypto zips are our own writer (single-entry-zip.ts); AES-256 is the opt-in cipher
// (zipEncryption: aes256), so it stays with zip.js. Deflate runs in node:zlib on libuv's threadpool at the
// configured level (ZlibCompressionStream); zip.js's own codec would run it on the main thread.

const AES_256 = 3;
const ZLIB_DEFAULT_LEVEL = 6;

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
    const level = options?.level ?? ZLIB_DEFAULT_LEVEL;
    if (format !== "gzip" && format !== "deflate-raw") throw new TypeError(`unsupported compression format ${format}`);
    const pair = Duplex.toWeb(format === "gzip" ? createGzip({ level }) : createDeflateRaw({ level }));
    this.readable = pair.readable as ReadableStream<Uint8Array>;
    this.writable = pair.writable as WritableStream<Uint8Array>;
  }
}

/**
 * Zip `source` (CSV bytes or text) into a single-entry AES-256 archive with `password` (its UTF-8 bytes, as unzip,
 * 7-Zip and Python read passwords), as a byte stream with backpressure: memory stays bounded by zip.js's chunk plus
 * OUTPUT_BUFFER_BYTES whatever the size. Cancelling the output cancels the source.
 */
export function aesZipStream(
  entryName: string,
  source: AsyncIterable<Uint8Array | string>,
  password: Uint8Array,
  modifiedAt: Date,
  level: number,
): ReadableStream<Uint8Array> {
  const entryOptions: ZipWriterAddDataOptions = { lastModDate: modifiedAt, level, rawPassword: password, encryptionStrength: AES_256 };
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

async function* asBytes(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  for await (const chunk of source) {
    const bytes = typeof chunk === "string" ? encoder.encode(chunk) : chunk;
    if (bytes.length > 0) yield bytes;
  }
}
