import { NO_BATCH_SELECTOR_OR_KEY, NonRetryableError } from "../outcome/errors.ts";
import { aesZipStream } from "./aes-zip-stream.ts";
import { OUTPUT_BUFFER_BYTES } from "./output-buffer.ts";
import { singleEntryZip } from "./single-entry-zip.ts";

// reports-spec §4.8.2: one DEFLATE entry `<batchId>_<report>_<yyyyMMdd>.csv`, streamed with a data descriptor and
// Zip64 fields (the size is not known in advance, and archives above 4 GiB must stay valid). PASSWORD_PROTECTED uses
// ZipCrypto (zip4j ZIP_STANDARD, what OS tools open) or WinZip AES-256 (AE-2). Plain and ZipCrypto zips come from
// our own writer (single-entry-zip.ts), AES-256 from zip.js (aes-zip-stream.ts).

export type ZipProtection =
  | { method: "none" }
  | { method: "zipcrypto"; password: string }
  | { method: "aes256"; password: string };

/** zlib's default, Sunbird's zip4j "NORMAL". */
const DEFAULT_LEVEL = 6;

/**
 * Zip `source` (CSV bytes or text) into a single-entry archive, as a byte stream with backpressure: memory stays
 * bounded by the deflate buffers plus OUTPUT_BUFFER_BYTES whatever the size. Cancelling the output cancels the
 * source. A password method without a password throws a NonRetryableError before anything is read. `level` is the
 * deflate level (1-9; config zipLevel).
 */
export function zipStream(
  entryName: string,
  source: AsyncIterable<Uint8Array | string>,
  protection: ZipProtection,
  modifiedAt: Date,
  level = DEFAULT_LEVEL,
): ReadableStream<Uint8Array> {
  if (protection.method === "none") return pulled(singleEntryZip(entryName, source, { modifiedAt, level }));
  if (protection.password === "") throw new NonRetryableError(NO_BATCH_SELECTOR_OR_KEY);
  // UTF-8 bytes, as unzip, 7-Zip and Python read the password (zip.js alone would take ZipCrypto's as Latin-1).
  const password = Buffer.from(protection.password, "utf8");
  return protection.method === "zipcrypto"
    ? pulled(singleEntryZip(entryName, source, { modifiedAt, level, password }))
    : aesZipStream(entryName, source, password, modifiedAt, level);
}

/** A byte stream that reads `chunks` up to OUTPUT_BUFFER_BYTES ahead; cancelling it returns the generator. */
function pulled(chunks: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      cancel() {
        // Not awaited: the generator returns only after its pending step, which waits for the source.
        void chunks.return(undefined);
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: OUTPUT_BUFFER_BYTES }),
  );
}
