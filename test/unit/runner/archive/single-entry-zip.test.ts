import { BlobWriter, ZipWriter } from "@zip.js/zip.js";
import { describe, expect, it } from "vitest";
import { rngFor } from "../../../data/prng.ts";
import { singleEntryZip } from "../../../../runner/archive/single-entry-zip.ts";
import { readBack } from "./zip-read-back.ts";
import type { SingleEntryZipOptions } from "../../../../runner/archive/single-entry-zip.ts";

// The writer against zip.js: its reader decrypts and inflates what we wrote (sizes around the chunk boundaries, and
// seeded random inputs and passwords), and for a plain entry its writer produced the same bytes before.

const entry = "b1_response_20240131.csv";
const lateAfternoon = new Date(2024, 0, 31, 13, 45, 10); // local wall time, as DOS times are
const oddSecond = new Date(2026, 11, 5, 23, 59, 59); // DOS times hold even seconds: 00:00:00 the next day
const before1980 = new Date(1979, 5, 1, 8, 0, 0); // DOS dates start in 1980

async function zipped(data: Uint8Array, options: SingleEntryZipOptions, chunkBytes = 100_000, name = entry): Promise<Buffer> {
  async function* source(): AsyncGenerator<Uint8Array> {
    for (let at = 0; at < data.length; at += chunkBytes) yield data.subarray(at, at + chunkBytes);
  }
  const parts: Uint8Array[] = [];
  for await (const part of singleEntryZip(name, source(), options)) parts.push(part);
  return Buffer.concat(parts);
}

/** zip.js's own archive of `data` streamed, as the runner gave it (its default deflate at level 6 is node:zlib's). */
async function zipJsArchive(name: string, data: Uint8Array, modifiedAt: Date, level: number): Promise<Buffer> {
  const writer = new ZipWriter(new BlobWriter(), { useWebWorkers: false });
  await writer.add(name, new Blob([data]).stream(), { lastModDate: modifiedAt, level });
  return Buffer.from(await (await writer.close()).arrayBuffer());
}

/** A seeded stream (test/data/prng.ts), so a failing case can be replayed. */
const seeded = (seed: number): (() => number) => rngFor(seed, "single-entry-zip").next;

/** CSV-like text with some repetition, so deflate's output is neither trivial nor incompressible. */
function csvBytes(length: number, next: () => number): Buffer {
  const words = ["do_course", "User", "ಲೀಲಾ", '"quoted, ""x"""', "0.5", "\r\n", ",", "multi\nline", "mcq"];
  const parts: string[] = [];
  let size = 0;
  while (size < length) {
    const word = words[Math.floor(next() * words.length)] as string;
    parts.push(word, String(Math.floor(next() * 1000)));
    size += word.length + 3;
  }
  return Buffer.from(parts.join(""), "utf8").subarray(0, length);
}

const utf8 = (text: string) => Buffer.from(text, "utf8");
const password = utf8("Pässwort ಕನ್ನಡ & $");

describe("singleEntryZip (plain and ZipCrypto zips)", () => {
  const sizes = [0, 1, 65_535, 65_536, 65_537, 1 << 20, 5_000_000];
  const roundTrips = sizes.flatMap((size) => [
    { name: `${size} bytes, plain -> zip.js reads the same bytes`, size, password: undefined },
    { name: `${size} bytes, ZipCrypto -> zip.js decrypts the same bytes`, size, password },
  ]);
  it.each(roundTrips)("$name", async ({ size, password }) => {
    const data = csvBytes(size, seeded(size + 1));
    const zip = await zipped(data, { modifiedAt: lateAfternoon, level: 6, password }, 65_536);
    const back = await readBack(zip, password);
    expect(back.names).toEqual([entry]);
    expect(back.encrypted).toBe(password !== undefined);
    expect(back.size).toBe(size);
    expect(back.data.equals(data)).toBe(true);
  });

  it("generated: 40 seeded random inputs, chunkings, levels and passwords (non-ASCII) -> zip.js decrypts each", async () => {
    const next = seeded(4242);
    const alphabet = ["a", "Z", "7", " ", "ä", "ß", "ಕ", "€", "🔑", "'"];
    for (let n = 0; n < 40; n++) {
      const secret = utf8(Array.from({ length: 1 + Math.floor(next() * 16) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(""));
      const data = next() < 0.3 ? Uint8Array.from({ length: Math.floor(next() * 20_000) }, () => Math.floor(next() * 256)) : csvBytes(Math.floor(next() * 300_000), next);
      const level = 1 + Math.floor(next() * 9);
      const zip = await zipped(data, { modifiedAt: lateAfternoon, level, password: secret }, 1 + Math.floor(next() * 70_000));
      expect((await readBack(zip, secret)).data.equals(data), `case ${n}: level ${level}, ${data.length} bytes`).toBe(true);
    }
  });

  const sameAsZipJs = [
    { name: "ASCII name, afternoon -> byte for byte zip.js's archive", entryName: entry, modifiedAt: lateAfternoon },
    { name: "odd second at midnight -> zip.js's archive (DOS time rounds up into the next day)", entryName: entry, modifiedAt: oddSecond },
    { name: "before 1980 -> zip.js's archive (DOS date clamped, UTC time kept)", entryName: entry, modifiedAt: before1980 },
    { name: "non-ASCII name -> zip.js's archive (UTF-8 flag)", entryName: "ಬ್ಯಾಚ್-1_response_20240131.csv", modifiedAt: lateAfternoon },
  ];
  it.each(sameAsZipJs)("$name", async ({ entryName, modifiedAt }) => {
    const data = csvBytes(200_000, seeded(7));
    const ours = await zipped(data, { modifiedAt, level: 6 }, 65_536, entryName);
    expect(ours.equals(await zipJsArchive(entryName, data, modifiedAt, 6))).toBe(true);
  });

  const levelFlags = [
    { level: 1, flags: 0x000e },
    { level: 3, flags: 0x000e },
    { level: 4, flags: 0x000c },
    { level: 6, flags: 0x0008 },
    { level: 8, flags: 0x0008 },
    { level: 9, flags: 0x000a },
  ].map((c) => ({ ...c, name: `level ${c.level} -> flags 0x${c.flags.toString(16).padStart(4, "0")}, local header as zip.js writes it` }));
  it.each(levelFlags)("$name", async ({ level, flags }) => {
    const data = utf8("a,b\r\n");
    const ours = await zipped(data, { modifiedAt: lateAfternoon, level });
    const localHeaderBytes = 30 + ours.readUInt16LE(26) + ours.readUInt16LE(28);
    expect(ours.readUInt16LE(6)).toBe(flags);
    expect(ours.subarray(0, localHeaderBytes).equals((await zipJsArchive(entry, data, lateAfternoon, level)).subarray(0, localHeaderBytes))).toBe(true);
  });

  const zip64Cases = [
    { name: "no value from 4 GiB -> 32-bit central directory, no Zip64 end record", zip64From: undefined, uncompressed: false, compressed: false, offsets: false },
    { name: "only the uncompressed size counts as large -> it alone in the Zip64 extra, Zip64 end record", zip64From: 50_000, uncompressed: true, compressed: false, offsets: false },
    { name: "every value counts as large -> all sizes and offsets in Zip64 fields", zip64From: 0, uncompressed: true, compressed: true, offsets: true },
  ];
  it.each(zip64Cases)("$name", async ({ zip64From, uncompressed, compressed, offsets }) => {
    const data = csvBytes(100_000, seeded(64));
    const zip = await zipped(data, { modifiedAt: lateAfternoon, level: 6, password, zip64From });
    expect((await readBack(zip, password)).data.equals(data)).toBe(true);
    const end = zip.length - 22;
    expect(zip.readUInt32LE(end)).toBe(0x06054b50);
    const directory = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const marker = (at: number) => zip.readUInt32LE(at) === 0xffffffff;
    expect([marker(directory + 20), marker(directory + 24), marker(directory + 42), marker(end + 16)]).toEqual([compressed, uncompressed, offsets, offsets]);
    const zip64Values = [uncompressed, compressed, offsets].filter(Boolean).length;
    const extra = directory + 46 + zip.readUInt16LE(directory + 28);
    expect(zip64Values === 0 ? zip.readUInt16LE(extra) : [zip.readUInt16LE(extra), zip.readUInt16LE(extra + 2)]).toEqual(zip64Values === 0 ? 0x5455 : [0x0001, 8 * zip64Values]);
    if (uncompressed) expect(Number(zip.readBigUInt64LE(extra + 4))).toBe(data.length);
    expect(zip.readUInt32LE(end - 20) === 0x07064b50).toBe(zip64Values > 0);
  });

  it("consumer stops early -> deflate stops and the source is closed", async () => {
    let closed = false;
    async function* endless(): AsyncGenerator<Uint8Array> {
      try {
        for (;;) yield csvBytes(64 * 1024, seeded(1));
      } finally {
        closed = true;
      }
    }
    const chunks = singleEntryZip(entry, endless(), { modifiedAt: lateAfternoon, level: 6, password });
    for (let i = 0; i < 3; i++) await chunks.next();
    await chunks.return(undefined);
    for (let waited = 0; !closed && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(true);
  });

  it("source fails before the first chunk is taken -> the archive ends with the source's error", async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      throw new Error("Cassandra unavailable: early");
    }
    const chunks = singleEntryZip(entry, failing(), { modifiedAt: lateAfternoon, level: 6, password });
    await chunks.next(); // the local header
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(async () => {
      for (;;) if ((await chunks.next()).done) return;
    }).rejects.toThrow("Cassandra unavailable: early");
  });
});
