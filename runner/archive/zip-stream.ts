import { ZipWriter } from "@zip.js/zip.js";
import type { ZipWriterAddDataOptions } from "@zip.js/zip.js";
import { NO_BATCH_SELECTOR_OR_KEY, NonRetryableError } from "../outcome/errors.ts";

// reports-spec §4.8.2: one DEFLATE entry `<batchId>_<report>_<yyyyMMdd>.csv`, streamed with a data descriptor.
// PASSWORD_PROTECTED uses ZipCrypto (zip4j ZIP_STANDARD, what OS tools open) or WinZip AES-256 (AE-2). zip.js writes
// the ZipCrypto check byte from the DOS time, as bit 3 requires, and Zip64 fields because the size is not known in
// advance, so archives above 4 GiB stay valid. It was as fast as node:zlib + node:crypto (deflate dominates).

export type ZipProtection =
  | { method: "none" }
  | { method: "zipcrypto"; password: string }
  | { method: "aes256"; password: string };

const OUTPUT_BUFFER_BYTES = 1 << 20;
const AES_256 = 3;

/**
 * Zip `source` (CSV bytes or text) into a single-entry archive, as a byte stream with backpressure: memory stays
 * bounded by zip.js's chunk plus OUTPUT_BUFFER_BYTES whatever the size. Cancelling the output cancels the source.
 * A password method without a password throws a NonRetryableError before anything is read.
 */
export function zipStream(
  entryName: string,
  source: AsyncIterable<Uint8Array | string>,
  protection: ZipProtection,
  modifiedAt: Date,
): ReadableStream<Uint8Array> {
  const entryOptions = entryOptionsFor(protection, modifiedAt);
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

function entryOptionsFor(protection: ZipProtection, modifiedAt: Date): ZipWriterAddDataOptions {
  const common: ZipWriterAddDataOptions = { lastModDate: modifiedAt, level: 6 };
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
