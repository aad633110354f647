import { randomFillSync } from "node:crypto";
import { once } from "node:events";
import { crc32, createDeflateRaw } from "node:zlib";
import type { TransformOptions } from "node:stream";
import type { DeflateRaw } from "node:zlib";
import { encryptInPlace, ZIP_CRYPTO_HEADER_BYTES, zipCryptoHeader, zipCryptoKeys } from "./zip-crypto.ts";
import type { ZipCryptoKeys } from "./zip-crypto.ts";
import { centralDirectoryAndEnd, dataDescriptor, localFileHeader, zipCryptoCheckByte, zipEntryHeader } from "./zip-records.ts";

// Our own writer for the plain and ZipCrypto zips (§4.8.2), instead of zip.js: its ZipCrypto allocated arrays per
// byte (see zip-crypto.ts), and its web-stream pipeline cost main-thread time per input chunk. Here the source feeds
// node:zlib directly (deflate on libuv's threadpool), CRC-32 is node:zlib's native crc32, and each compressed chunk
// is encrypted in place on its way out.

export type SingleEntryZipOptions = {
  modifiedAt: Date;
  /** Deflate level 1-9. */
  level: number;
  /** ZipCrypto password bytes; none for a plain entry. */
  password?: Uint8Array;
  /** Sizes and offsets from this value up are written as Zip64 fields (lowered only by tests). */
  zip64From?: number;
};

/** Deflate output chunk: fewer, larger chunks to encrypt and pass on than zlib's 16 KiB default. */
const DEFLATE_CHUNK_BYTES = 64 * 1024;
/** Source bytes buffered ahead of deflate, so the threadpool keeps working while the main thread makes rows. */
const INPUT_BUFFER_BYTES = 1 << 20;

/**
 * The archive of one DEFLATE entry `entryName` holding `source`, as a pull stream of byte chunks. Memory stays
 * bounded whatever the size: the source is read only while deflate's buffers have room, and deflate runs only while
 * its output is being taken. Returning early (the consumer cancelled) stops the deflate and closes the source; a
 * source error ends the archive with that error.
 */
export async function* singleEntryZip(entryName: string, source: AsyncIterable<Uint8Array | string>, options: SingleEntryZipOptions): AsyncGenerator<Uint8Array> {
  const header = zipEntryHeader(entryName, options.modifiedAt, { encrypted: options.password !== undefined, level: options.level });
  const keys = options.password === undefined ? undefined : zipCryptoKeys(options.password);
  // node:zlib passes stream options on to its Transform; @types/node's ZlibOptions does not list them.
  const inputBuffer: Pick<TransformOptions, "writableHighWaterMark"> = { writableHighWaterMark: INPUT_BUFFER_BYTES };
  const deflate = createDeflateRaw({ level: options.level, chunkSize: DEFLATE_CHUNK_BYTES, ...inputBuffer });
  // A source error destroys the deflate stream with it; the loop below rethrows it from the stream, and until that
  // loop runs (the consumer still holds the first chunk) this listener keeps the event from being unhandled.
  deflate.on("error", () => {});
  const uncompressed = { crc: 0, size: 0 };
  const feeding = feed(source, deflate, uncompressed);
  try {
    const local = localFileHeader(header);
    yield local;
    let compressedSize = 0;
    if (keys) {
      yield encryptionHeader(keys, zipCryptoCheckByte(header));
      compressedSize += ZIP_CRYPTO_HEADER_BYTES;
    }
    for await (const chunk of deflate as AsyncIterable<Buffer>) {
      if (keys) encryptInPlace(keys, chunk);
      compressedSize += chunk.length;
      yield chunk;
    }
    await feeding;
    const totals = { crc: uncompressed.crc, compressedSize, uncompressedSize: uncompressed.size };
    const descriptor = dataDescriptor(totals);
    const directoryOffset = local.length + compressedSize + descriptor.length;
    yield Buffer.concat([descriptor, centralDirectoryAndEnd(header, totals, directoryOffset, options.zip64From)]);
  } finally {
    // Stops the feed; it closes the source once its pending read returns (not awaited: that read may never end).
    deflate.destroy();
  }
}

function encryptionHeader(keys: ZipCryptoKeys, checkByte: number): Uint8Array {
  const random = randomFillSync(new Uint8Array(ZIP_CRYPTO_HEADER_BYTES - 1));
  return zipCryptoHeader(keys, random, checkByte);
}

/**
 * Write `source` into `deflate`, waiting whenever its buffer is full, and count the CRC and size of what went in.
 * Never rejects: a source error destroys the deflate stream with it (the reader sees it), and a destroyed deflate
 * (the consumer gone) ends the loop, which closes the source.
 */
async function feed(source: AsyncIterable<Uint8Array | string>, deflate: DeflateRaw, totals: { crc: number; size: number }): Promise<void> {
  try {
    for await (const chunk of source) {
      if (deflate.destroyed) return;
      const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
      if (bytes.length === 0) continue;
      totals.crc = crc32(bytes, totals.crc);
      totals.size += bytes.length;
      if (!deflate.write(bytes)) await drainedOrClosed(deflate);
      if (deflate.destroyed) return;
    }
    if (!deflate.destroyed) deflate.end();
  } catch (err) {
    deflate.destroy(err as Error);
  }
}

async function drainedOrClosed(deflate: DeflateRaw): Promise<void> {
  if (deflate.destroyed) return;
  const stop = new AbortController();
  try {
    await Promise.race([once(deflate, "drain", { signal: stop.signal }), once(deflate, "close", { signal: stop.signal })]);
  } finally {
    stop.abort();
  }
}
