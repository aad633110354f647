import { describe, expect, it } from "vitest";
import { rngFor } from "../../../data/prng.ts";
import { encryptInPlace, ZIP_CRYPTO_HEADER_BYTES, zipCryptoHeader, zipCryptoKeys } from "../../../../runner/archive/zip-crypto.ts";
import { referenceZipCrypto } from "./zip-crypto-reference.ts";

// The cipher against the reference written straight from APPNOTE 6.3.x §6.1 (zip-crypto-reference.ts).

/** Encrypt `plain` with the implementation: header from `random` and `checkByte`, then `plain` split at `cuts`. */
function encrypt(password: Uint8Array, random: Uint8Array, checkByte: number, plain: Uint8Array, cuts: number[]): Uint8Array {
  const keys = zipCryptoKeys(password);
  const header = zipCryptoHeader(keys, random, checkByte);
  const data = Uint8Array.from(plain);
  let from = 0;
  for (const to of [...cuts, data.length]) {
    encryptInPlace(keys, data.subarray(from, to));
    from = to;
  }
  return Buffer.concat([header, data]);
}

/** A seeded stream (test/data/prng.ts), so a failing case can be replayed. */
const seeded = (seed: number): (() => number) => rngFor(seed, "zip-crypto").next;

const utf8 = (text: string) => Buffer.from(text, "utf8");
const bytesOf = (length: number, next: () => number) => Uint8Array.from({ length }, () => Math.floor(next() * 256));
const random11 = Uint8Array.from({ length: ZIP_CRYPTO_HEADER_BYTES - 1 }, (_, i) => (i * 37 + 11) & 0xff);

describe("ZipCrypto (APPNOTE 6.1)", () => {
  const cases: { name: string; password: string; plain: Uint8Array; cuts: number[] }[] = [
    { name: "empty data -> only the header", password: "secret", plain: new Uint8Array(0), cuts: [] },
    { name: "one byte -> header and one byte", password: "secret", plain: Uint8Array.of(0x41), cuts: [] },
    { name: "ASCII text in one chunk", password: "pass word", plain: utf8("Collection Id,Name\r\ndo_1,x\r\n"), cuts: [] },
    { name: "text split at every byte -> same as one chunk", password: "p", plain: utf8("abcdefghij"), cuts: [1, 2, 3, 4, 5, 6, 7, 8, 9] },
    { name: "non-ASCII password (UTF-8 bytes)", password: "Pässwort ಕನ್ನಡ 🔑", plain: utf8("ಲೀಲಾ,multi\nline"), cuts: [3] },
    { name: "empty chunks between chunks -> no effect", password: "k", plain: bytesOf(300, seeded(1)), cuts: [0, 0, 100, 100, 300] },
    { name: "all 256 byte values, 64 KiB chunk boundary", password: "boundary", plain: Uint8Array.from({ length: 65_536 + 256 }, (_, i) => i & 0xff), cuts: [65_535, 65_536] },
    { name: "multi-MB random data in uneven chunks", password: "big", plain: bytesOf(3_000_000, seeded(2)), cuts: [1, 65_536, 1_000_003, 2_999_999] },
  ];
  it.each(cases)("$name", ({ password, plain, cuts }) => {
    const checkByte = 0xa5;
    const expected = referenceZipCrypto(utf8(password)).encrypt(Buffer.concat([random11, Uint8Array.of(checkByte), plain]));
    expect(Buffer.from(encrypt(utf8(password), random11, checkByte, plain, cuts)).equals(expected)).toBe(true);
  });

  it("generated: 200 seeded random inputs, passwords and chunkings -> same bytes as the reference", () => {
    const next = seeded(20261205);
    const alphabet = ["a", "Z", "0", " ", "ä", "ß", "ಕ", "€", "🔑", "\u0000"];
    for (let n = 0; n < 200; n++) {
      const password = Array.from({ length: 1 + Math.floor(next() * 12) }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
      const plain = bytesOf(Math.floor(next() * 5000), next);
      const cuts = Array.from({ length: Math.floor(next() * 5) }, () => Math.floor(next() * (plain.length + 1))).sort((a, b) => a - b);
      const random = bytesOf(ZIP_CRYPTO_HEADER_BYTES - 1, next);
      const checkByte = Math.floor(next() * 256);
      const expected = referenceZipCrypto(utf8(password)).encrypt(Buffer.concat([random, Uint8Array.of(checkByte), plain]));
      expect(Buffer.from(encrypt(utf8(password), random, checkByte, plain, cuts)).equals(expected), `case ${n}: ${JSON.stringify(password)}, ${plain.length} bytes, cuts ${cuts}`).toBe(true);
    }
  });

  it("different passwords -> different ciphertext of the same data", () => {
    const plain = utf8("same data");
    expect(Buffer.from(encrypt(utf8("one"), random11, 0, plain, [])).equals(Buffer.from(encrypt(utf8("two"), random11, 0, plain, [])))).toBe(false);
  });

  it("header without 11 random bytes -> RangeError", () => {
    expect(() => zipCryptoHeader(zipCryptoKeys(utf8("p")), new Uint8Array(12), 0)).toThrow(RangeError);
  });
});
