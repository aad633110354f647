// The records of a zip holding exactly one DEFLATE entry written as a stream (APPNOTE 6.3.x §4.3): local file header,
// [data], data descriptor, central directory header, end records. Field for field what zip.js 2.24 wrote for the
// runner before (checked byte for byte in the tests), so archives open as they did:
// - bit 3 (data descriptor): sizes and CRC are known only after the data, so the local header carries zeros;
// - the size is not known in advance and can pass 4 GiB (a 1M-enrolment Response CSV is ~2.5 GB), so the local
//   header always has a Zip64 extra field (zeroed) and the data descriptor 8-byte sizes: a streaming reader then
//   reads the descriptor right whatever the size. The central directory and the end records hold a value in a
//   Zip64 field only when it does not fit in 32 bits, as APPNOTE §4.5.3 asks;
// - an extended-timestamp extra field (0x5455, UTC modification time) beside the DOS date/time (local wall time);
// - made by Unix, external attributes rw-r--r--, UTF-8 flag (bit 11) only for a name that is not printable ASCII.

const LOCAL_FILE_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;
const ZIP64_END_OF_CENTRAL_DIRECTORY = 0x06064b50;
const ZIP64_END_LOCATOR = 0x07064b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;

/** Zip 4.5: Zip64 (the local header always has its extra field). */
const VERSION_NEEDED = 45;
/** Unix in the high byte; zip.js left the spec version byte 0. */
const VERSION_MADE_BY = 0x0300;
const DEFLATE = 8;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_DATA_DESCRIPTOR = 0x0008;
const FLAG_UTF8_NAME = 0x0800;
const EXTERNAL_ATTRIBUTES_RW_R_R = 0o100644 * 0x10000;
const ZIP64_EXTRA = 0x0001;
const EXTENDED_TIMESTAMP_EXTRA = 0x5455;
const UINT32_MAX = 0xffffffff;

/** 0xFFFFFFFF itself is the "see the Zip64 field" marker, so values from it up go to Zip64 fields. */
const ZIP64_FROM = UINT32_MAX;

const LOCAL_HEADER_FIXED_BYTES = 30;
const DATA_DESCRIPTOR_BYTES = 24;

/** What the entry's headers say before its data is written. */
export type ZipEntryHeader = {
  name: Uint8Array;
  flags: number;
  dosTime: number;
  dosDate: number;
  /** Seconds since the epoch for the extended timestamp; undefined outside its signed 32-bit range. */
  unixTime: number | undefined;
};

/** Known once the data is written: the CRC-32 of the uncompressed data and both sizes (encryption header included). */
type ZipEntryTotals = { crc: number; compressedSize: number; uncompressedSize: number };

export function zipEntryHeader(name: string, modifiedAt: Date, options: { encrypted: boolean; level: number }): ZipEntryHeader {
  const nameBytes = Buffer.from(name, "utf8");
  const flags = FLAG_DATA_DESCRIPTOR | deflateLevelFlags(options.level) | (options.encrypted ? FLAG_ENCRYPTED : 0) | (isPrintableAscii(name) ? 0 : FLAG_UTF8_NAME);
  const seconds = Math.floor(modifiedAt.getTime() / 1000);
  return { name: nameBytes, flags, ...dosDateTime(modifiedAt), unixTime: seconds >= -(2 ** 31) && seconds < 2 ** 31 ? seconds : undefined };
}

/** The ZipCrypto check byte with a data descriptor (APPNOTE §6.1.6 as Info-ZIP reads it): the DOS time's high byte. */
export const zipCryptoCheckByte = (header: ZipEntryHeader): number => header.dosTime >>> 8;

export function localFileHeader(header: ZipEntryHeader): Buffer {
  const zip64 = zip64Extra([0, 0]);
  const timestamp = timestampExtra(header);
  const record = new RecordWriter(LOCAL_HEADER_FIXED_BYTES + header.name.length + zip64.length + timestamp.length);
  record.u32(LOCAL_FILE_HEADER).u16(VERSION_NEEDED).u16(header.flags).u16(DEFLATE).u16(header.dosTime).u16(header.dosDate);
  record.u32(0).u32(UINT32_MAX).u32(UINT32_MAX).u16(header.name.length).u16(zip64.length + timestamp.length);
  return record.bytes(header.name).bytes(zip64).bytes(timestamp).done();
}

export function dataDescriptor(totals: ZipEntryTotals): Buffer {
  return new RecordWriter(DATA_DESCRIPTOR_BYTES).u32(DATA_DESCRIPTOR).u32(totals.crc).u64(totals.compressedSize).u64(totals.uncompressedSize).done();
}

/**
 * Central directory header and end records for the entry written at offset 0, the central directory starting at
 * `directoryOffset`. `zip64From` is the value from which a size or offset goes to a Zip64 field (ZIP64_FROM; lower
 * only in tests, to exercise those fields on a small entry).
 */
export function centralDirectoryAndEnd(header: ZipEntryHeader, totals: ZipEntryTotals, directoryOffset: number, zip64From = ZIP64_FROM): Buffer {
  const big = (n: number) => n >= zip64From;
  const small = (n: number) => (big(n) ? UINT32_MAX : n);
  const localHeaderOffset = 0;
  const zip64 = zip64Extra([totals.uncompressedSize, totals.compressedSize, localHeaderOffset].filter(big));
  const timestamp = timestampExtra(header);
  const directorySize = 46 + header.name.length + zip64.length + timestamp.length;
  const zip64End = zip64.length > 0 || big(directoryOffset) || big(directorySize);
  const record = new RecordWriter(directorySize + (zip64End ? 56 + 20 : 0) + 22);
  record.u32(CENTRAL_DIRECTORY_HEADER).u16(VERSION_MADE_BY).u16(VERSION_NEEDED).u16(header.flags).u16(DEFLATE).u16(header.dosTime).u16(header.dosDate);
  record.u32(totals.crc).u32(small(totals.compressedSize)).u32(small(totals.uncompressedSize)).u16(header.name.length).u16(zip64.length + timestamp.length);
  record.u16(0).u16(0).u16(0).u32(EXTERNAL_ATTRIBUTES_RW_R_R).u32(small(localHeaderOffset));
  record.bytes(header.name).bytes(zip64).bytes(timestamp);
  if (zip64End) {
    const endOffset = directoryOffset + directorySize;
    record.u32(ZIP64_END_OF_CENTRAL_DIRECTORY).u64(44).u16(VERSION_NEEDED).u16(VERSION_NEEDED).u32(0).u32(0).u64(1).u64(1).u64(directorySize).u64(directoryOffset);
    record.u32(ZIP64_END_LOCATOR).u32(0).u64(endOffset).u32(1);
  }
  record.u32(END_OF_CENTRAL_DIRECTORY).u16(0).u16(0).u16(1).u16(1).u32(small(directorySize)).u32(small(directoryOffset)).u16(0);
  return record.done();
}

/** Bits 1-2 of a DEFLATE entry's flags: the compression option readers show (APPNOTE §4.4.4), as zip.js set them. */
function deflateLevelFlags(level: number): number {
  if (level <= 3) return 0b110;
  if (level <= 5) return 0b100;
  return level === 9 ? 0b010 : 0;
}

/**
 * DOS date and time of the local wall time. DOS times hold even seconds: an odd second rounds up (as Info-ZIP and
 * zip.js do); dates outside 1980-2107 are clamped to its ends.
 */
function dosDateTime(at: Date): { dosTime: number; dosDate: number } {
  const evenSecond = new Date(Math.ceil(Math.floor(at.getTime() / 1000) / 2) * 2000);
  const first = new Date(1980, 0, 1);
  const last = new Date(2107, 11, 31, 23, 59, 58);
  const t = evenSecond < first ? first : evenSecond > last ? last : evenSecond;
  return {
    dosTime: (t.getHours() << 11) | (t.getMinutes() << 5) | (t.getSeconds() >> 1),
    dosDate: ((t.getFullYear() - 1980) << 9) | ((t.getMonth() + 1) << 5) | t.getDate(),
  };
}

function zip64Extra(values: number[]): Buffer {
  if (values.length === 0) return Buffer.alloc(0);
  const record = new RecordWriter(4 + 8 * values.length).u16(ZIP64_EXTRA).u16(8 * values.length);
  for (const value of values) record.u64(value);
  return record.done();
}

function timestampExtra(header: ZipEntryHeader): Buffer {
  if (header.unixTime === undefined) return Buffer.alloc(0);
  const modificationTimePresent = 1;
  return new RecordWriter(9).u16(EXTENDED_TIMESTAMP_EXTRA).u16(5).u8(modificationTimePresent).i32(header.unixTime).done();
}

const isPrintableAscii = (text: string): boolean => /^[\x20-\x7e]*$/.test(text);

/** Little-endian fields into a buffer of the record's exact size. */
class RecordWriter {
  private readonly buffer: Buffer;
  private at = 0;
  constructor(size: number) {
    this.buffer = Buffer.alloc(size);
  }
  u8(value: number): this {
    this.at = this.buffer.writeUInt8(value, this.at);
    return this;
  }
  u16(value: number): this {
    this.at = this.buffer.writeUInt16LE(value, this.at);
    return this;
  }
  u32(value: number): this {
    this.at = this.buffer.writeUInt32LE(value >>> 0, this.at);
    return this;
  }
  i32(value: number): this {
    this.at = this.buffer.writeInt32LE(value, this.at);
    return this;
  }
  /** Sizes and offsets are safe integers (below 2^53), written as two 32-bit halves. */
  u64(value: number): this {
    return this.u32(value % 0x100000000).u32(Math.floor(value / 0x100000000));
  }
  bytes(bytes: Uint8Array): this {
    this.buffer.set(bytes, this.at);
    this.at += bytes.length;
    return this;
  }
  done(): Buffer {
    if (this.at !== this.buffer.length) throw new Error(`zip record: wrote ${this.at} of ${this.buffer.length} bytes`);
    return this.buffer;
  }
}
