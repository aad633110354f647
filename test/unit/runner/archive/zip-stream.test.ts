import { randomBytes } from "node:crypto";
import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { zipStream } from "../../../../runner/archive/zip-stream.ts";
import { readBack } from "./zip-read-back.ts";
import { referenceZipCrypto } from "./zip-crypto-reference.ts";
import type { ZipProtection } from "../../../../runner/archive/zip-stream.ts";
import { NonRetryableError } from "../../../../runner/outcome/errors.ts";

const modifiedAt = new Date(2024, 0, 31, 13, 45, 10); // local wall time, as DOS times are
const entry = "b1_progress_20240131.csv";
const csv = 'Collection Id,Name\r\ndo_1,"multi\nline"\r\ndo_2,ಕನ್ನಡ\r\n';

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array | string> {
  for (const part of parts) yield part;
}

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

/** The archive read back by zip.js, the entry's data as text; the password as UTF-8 bytes. */
async function readText(zip: Buffer, password?: string): Promise<{ names: string[]; text: string; encrypted: boolean; zipCrypto: boolean }> {
  const { names, data, encrypted, zipCrypto } = await readBack(zip, password === undefined ? undefined : new TextEncoder().encode(password));
  return { names, text: data.toString("utf8"), encrypted, zipCrypto };
}

/** Decrypt the 12-byte ZipCrypto header of the first local entry (PKWARE APPNOTE 6.1), independently of zip.js. */
function zipCryptoHeader(zip: Buffer, password: string): { flags: number; dosTime: number; header: number[] } {
  const start = 30 + zip.readUInt16LE(26) + zip.readUInt16LE(28);
  const header = [...referenceZipCrypto(Buffer.from(password, "utf8")).decrypt(zip.subarray(start, start + 12))];
  return { flags: zip.readUInt16LE(6), dosTime: zip.readUInt16LE(10), header };
}

describe("zipStream (§4.8.2)", () => {
  const protections: { name: string; protection: ZipProtection; password?: string; encrypted: boolean; zipCrypto: boolean }[] = [
    { name: "no protection -> plain DEFLATE entry", protection: { method: "none" }, encrypted: false, zipCrypto: false },
    { name: "ZipCrypto -> entry readable with the password", protection: { method: "zipcrypto", password: "pä ss" }, password: "pä ss", encrypted: true, zipCrypto: true },
    { name: "AES-256 -> entry readable with the password", protection: { method: "aes256", password: "pä ss" }, password: "pä ss", encrypted: true, zipCrypto: false },
  ];
  it.each(protections)("$name", async ({ protection, password, encrypted, zipCrypto }) => {
    const zip = await bytesOf(zipStream(entry, chunks(csv.slice(0, 10), Buffer.from(csv.slice(10))), protection, modifiedAt));
    const back = await readText(zip, password);
    expect(back).toEqual({ names: [entry], text: csv, encrypted, zipCrypto });
    expect(zip.readUInt16LE(8)).toBe(protection.method === "aes256" ? 99 : 8); // 99 = AES marker, real method DEFLATE inside
  });

  it("ZipCrypto with data descriptor -> header check byte is the high byte of the DOS time", async () => {
    const zip = await bytesOf(zipStream(entry, chunks(csv), { method: "zipcrypto", password: "secret" }, modifiedAt));
    const { flags, dosTime, header } = zipCryptoHeader(zip, "secret");
    expect(flags & 0x0008).toBe(0x0008);
    expect(flags & 0x0001).toBe(0x0001);
    expect(header[11]).toBe(dosTime >> 8);
  });

  it("wrong password -> entry cannot be read", async () => {
    const zip = await bytesOf(zipStream(entry, chunks(csv), { method: "aes256", password: "right" }, modifiedAt));
    await expect(readText(zip, "wrong")).rejects.toThrow();
  });

  // Compressible text whose deflate differs between levels; each protection reads back at each level.
  const longCsv = Array.from({ length: 4000 }, (_, i) => `do_course,User ${i % 97},"${(i * 7919) % 10007}, or ""${i}""",${i}\r\n`).join("");
  const levelCases = [1, 6, 9].flatMap((level) => protections.map((p) => ({ ...p, level, name: `level ${level}, ${p.name}` })));
  it.each(levelCases)("$name", async ({ protection, password, level }) => {
    const zip = await bytesOf(zipStream(entry, chunks(longCsv), protection, modifiedAt, level));
    expect((await readText(zip, password)).text).toBe(longCsv);
  });

  it("plain entry -> its data is node:zlib's raw deflate at the level (1 and 6)", async () => {
    // Precondition: the two levels deflate this text differently, so an ignored level fails the loop below.
    expect(deflateRawSync(longCsv, { level: 1 }).length).toBeGreaterThan(deflateRawSync(longCsv, { level: 6 }).length);
    for (const level of [1, 6]) {
      const zip = await bytesOf(zipStream(entry, chunks(longCsv), { method: "none" }, modifiedAt, level));
      const start = 30 + zip.readUInt16LE(26) + zip.readUInt16LE(28);
      const expected = deflateRawSync(longCsv, { level });
      expect(zip.subarray(start, start + expected.length).equals(expected), `level ${level}`).toBe(true);
    }
  });

  it("empty source -> valid archive with an empty entry", async () => {
    const zip = await bytesOf(zipStream(entry, chunks(), { method: "zipcrypto", password: "p" }, modifiedAt));
    expect((await readText(zip, "p")).text).toBe("");
  });

  const emptyPasswords: { name: string; protection: ZipProtection }[] = [
    { name: "ZipCrypto without a password -> non-retryable before reading", protection: { method: "zipcrypto", password: "" } },
    { name: "AES without a password -> non-retryable before reading", protection: { method: "aes256", password: "" } },
  ];
  it.each(emptyPasswords)("$name", ({ protection }) => {
    expect(() => zipStream(entry, chunks(csv), protection, modifiedAt)).toThrow(NonRetryableError);
    expect(() => zipStream(entry, chunks(csv), protection, modifiedAt)).toThrow("Request should have either of batchId, batchFilter, searchFilter or encrption key");
  });

  it("source fails midway -> output stream errors with the source's error", async () => {
    async function* failing(): AsyncGenerator<string> {
      yield "header\r\n";
      throw new Error("Cassandra unavailable: boom");
    }
    await expect(bytesOf(zipStream(entry, failing(), { method: "none" }, modifiedAt))).rejects.toThrow("Cassandra unavailable: boom");
  });

  it("slow consumer -> source is read only as far as the output buffer allows (constant memory)", async () => {
    let produced = 0;
    async function* big(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 200; i++) {
        produced++;
        yield randomBytes(256 * 1024); // incompressible: output grows with input
      }
    }
    // Unbounded, the writer would deflate ~50 chunks in this second; bounded it stops after about 11.
    const reader = zipStream(entry, big(), { method: "none" }, modifiedAt).getReader();
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(produced).toBeLessThan(24);
    await reader.cancel(new Error("upload aborted"));
  });

  it("consumer cancels -> source is closed", async () => {
    let closed = false;
    async function* endless(): AsyncGenerator<Uint8Array> {
      try {
        for (;;) yield randomBytes(64 * 1024);
      } finally {
        closed = true;
      }
    }
    const reader = zipStream(entry, endless(), { method: "none" }, modifiedAt).getReader();
    await reader.read();
    await reader.cancel(new Error("upload aborted"));
    // The source closes asynchronously; on a busy machine that can take longer than any fixed pause.
    for (let waited = 0; !closed && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(true);
  });
});
